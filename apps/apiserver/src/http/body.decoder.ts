import { parseDocument } from 'yaml';
import { decodeKubeProtobuf } from '../../../../libs/api/src/protobuf/kube-protobuf.decoder.js';
import { ApiError } from '../../../../libs/apimachinery/src/status.errors.js';

/** Upstream's limit on request bodies. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;
const MAX_DEPTH = 10_000;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export type BodyFormat = 'json' | 'yaml' | 'protobuf' | 'json-patch' | 'merge-patch' | 'strategic-merge-patch' | 'apply-patch';

/** Maps a Content-Type to the format the body is in; protobuf and unknown types are 415. */
export function bodyFormat(contentType: string | undefined): BodyFormat {
  const mt = (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  switch (mt) {
    case '':
    case 'application/json':
      return 'json';
    case 'application/yaml':
    case 'application/x-yaml':
    case 'text/yaml':
      return 'yaml';
    case 'application/vnd.kubernetes.protobuf':
      return 'protobuf';
    case 'application/json-patch+json':
      return 'json-patch';
    case 'application/merge-patch+json':
      return 'merge-patch';
    case 'application/strategic-merge-patch+json':
      return 'strategic-merge-patch';
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+cbor':
      return 'apply-patch';
    default:
      throw ApiError.unsupportedMediaType(mt);
  }
}

/** Decodes a request body: strict UTF-8, bounded nesting, YAML without alias bombs. */
export function decodeBody(raw: Buffer, format: BodyFormat): unknown {
  if (raw.length > MAX_BODY_BYTES) throw ApiError.tooLarge();
  // kubectl's typed clients (create configmap|deployment|…) send Kubernetes protobuf.
  if (format === 'protobuf') return decodeKubeProtobuf(raw).object;
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw ApiError.badRequest('the request body is not valid UTF-8');
  }
  let value: unknown;
  if (format === 'yaml' || format === 'apply-patch') {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length > 0) {
      throw ApiError.badRequest(`error converting YAML to JSON: ${doc.errors[0]!.message.split('\n')[0]}`);
    }
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw ApiError.badRequest(`error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}`);
    }
  } else {
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw ApiError.badRequest(`json: ${(e as Error).message}`);
    }
  }
  checkDepth(value);
  return value;
}

function checkDepth(root: unknown): void {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (d > MAX_DEPTH) throw ApiError.badRequest(`the request body exceeds the maximum nesting depth of ${MAX_DEPTH}`);
    if (Array.isArray(v)) for (const x of v) stack.push([x, d + 1]);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) stack.push([x, d + 1]);
  }
}
