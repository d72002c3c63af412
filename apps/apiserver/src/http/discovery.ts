import { groupVersion, verbsOf } from '../../../../libs/api/src/resource.types.js';
import type { ResourceDefinition } from '../registry/generic/resource.definition.js';
import type { ResourceRegistry } from '../registry/resource.registry.js';

/** Subresources declared without a handler (served as 404, listed as upstream does). */
const UNHANDLED_SUBRESOURCE_VERBS: Readonly<Record<string, readonly string[]>> = {
  ephemeralcontainers: ['get', 'patch', 'update'],
};

function subresourceVerbs(t: ResourceDefinition, sub: string): readonly string[] {
  return t.subresourceHandlers[sub]?.discoveryVerbs ?? UNHANDLED_SUBRESOURCE_VERBS[sub] ?? ['get'];
}

/** Legacy discovery: the APIResourceList of one group/version. */
export function apiResourceList(registry: ResourceRegistry, group: string, version: string): object {
  const resources: object[] = [];
  for (const t of registry.inGroupVersion(group, version)) {
    resources.push({
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: [...verbsOf(t)],
      ...(t.shortNames?.length ? { shortNames: t.shortNames } : {}),
      ...(t.categories?.length ? { categories: t.categories } : {}),
    });
    for (const sub of t.subresources ?? []) {
      const k = t.subresourceHandlers[sub]?.responseKind;
      resources.push({
        name: `${t.resource}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
        ...(k ? { group: k.group, version: k.version } : {}),
        kind: k?.kind ?? t.kind,
        verbs: subresourceVerbs(t, sub),
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version }), resources };
}

export function apiVersions(address: string): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }] };
}

function apiGroup(registry: ResourceRegistry, group: string): object {
  const versions = registry.versions(group).map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  const pref = registry.preferredVersion(group) ?? versions[0]?.version ?? 'v1';
  return { name: group, versions, preferredVersion: { groupVersion: `${group}/${pref}`, version: pref } };
}

export function apiGroupList(registry: ResourceRegistry): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groups()
      .filter((g) => g !== '')
      .map((g) => apiGroup(registry, g)),
  };
}

export function apiGroupDoc(registry: ResourceRegistry, group: string): object | undefined {
  if (!registry.groups().includes(group) || group === '') return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(registry, group) };
}

/** Aggregated discovery (apidiscovery.k8s.io/v2 or v2beta1): one document for /api or for /apis. */
export function aggregatedDiscovery(registry: ResourceRegistry, legacy: boolean, apiVersion: string): object {
  const groups = registry.groups().filter((g) => (legacy ? g === '' : g !== ''));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion,
    metadata: {},
    items: groups.map((g) => ({
      metadata: { name: g, creationTimestamp: null },
      versions: registry.versions(g).map((v) => ({
        version: v,
        resources: registry.inGroupVersion(g, v).map((t) => ({
          resource: t.resource,
          responseKind: { group: t.group, version: t.version, kind: t.kind },
          scope: t.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: t.singular,
          verbs: [...verbsOf(t)],
          ...(t.shortNames?.length ? { shortNames: t.shortNames } : {}),
          ...(t.categories?.length ? { categories: t.categories } : {}),
          ...(t.subresources?.length
            ? {
                subresources: t.subresources.map((s) => ({
                  subresource: s,
                  responseKind: t.subresourceHandlers[s]?.responseKind ?? { group: t.group, version: t.version, kind: t.kind },
                  verbs: subresourceVerbs(t, s),
                })),
              }
            : {}),
        })),
        freshness: 'Current',
      })),
    })),
  };
}

/** Which aggregated discovery form the Accept header asks for, if any. */
export function wantsAggregated(accept: string | undefined): string | undefined {
  if (!accept) return undefined;
  for (const clause of accept.split(',')) {
    const params = clause.split(';').map((s) => s.trim());
    if (!params.includes('as=APIGroupDiscoveryList') || !params.includes('g=apidiscovery.k8s.io')) continue;
    if (params.includes('v=v2')) return 'apidiscovery.k8s.io/v2';
    if (params.includes('v=v2beta1')) return 'apidiscovery.k8s.io/v2beta1';
  }
  return undefined;
}
