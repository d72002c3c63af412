import { ApiError } from '../../../../libs/apimachinery/src/status.errors.js';

/** What a request under /api or /apis addresses (after k8s.io/apiserver/pkg/endpoints/request.RequestInfo). */
export interface RequestInfo {
  readonly group: string;
  readonly version: string;
  readonly namespace?: string;
  readonly resource?: string;
  readonly name?: string;
  readonly subresource?: string;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw ApiError.badRequest(`invalid URL escape in ${JSON.stringify(segment)}`);
  }
}

/**
 * Parses `/api/v1/namespaces/ns/pods/name/status` and `/apis/apps/v1/...`. Returns undefined
 * for discovery paths (`/api`, `/apis`, `/apis/group`, `/apis/group/version` with no resource).
 */
export function parseResourcePath(path: string): RequestInfo & { discovery?: 'group' | 'groupVersion' | 'root' } {
  const parts = path
    .split('?')[0]!
    .split('/')
    .filter((p) => p !== '')
    .map(decodeSegment);
  let i = 0;
  let group = '';
  const prefix = parts[i++];
  if (prefix === 'apis') {
    group = parts[i++] ?? '';
    if (!group) return { group: '', version: '', discovery: 'root' };
  } else if (prefix !== 'api') {
    throw ApiError.pathNotFound();
  }
  const version = parts[i++];
  if (!version) return { group, version: '', discovery: prefix === 'api' ? 'root' : 'group' };
  const rest = parts.slice(i);
  if (rest.length === 0) return { group, version, discovery: 'groupVersion' };
  // /namespaces/{ns}/{resource}/... ; but /namespaces and /namespaces/{name}[/status|finalize] address namespaces themselves.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) {
    const [, namespace, resource, name, subresource, ...extra] = rest;
    if (extra.length > 0) throw ApiError.pathNotFound();
    return { group, version, namespace, resource, name, subresource };
  }
  const [resource, name, subresource, ...extra] = rest;
  if (extra.length > 0) throw ApiError.pathNotFound();
  return { group, version, resource, name, subresource };
}
