import { groupVersion, verbsOf, type ResourceType } from '../../../../libs/api/src/resource.types.js';
import type { ResourceRegistry } from '../registry/resource.registry.js';

const SUBRESOURCE_VERBS: Record<string, string[]> = {
  status: ['get', 'patch', 'update'],
  scale: ['get', 'patch', 'update'],
  binding: ['create'],
  eviction: ['create'],
  log: ['get'],
  finalize: ['update'],
  approval: ['get', 'patch', 'update'],
  ephemeralcontainers: ['get', 'patch', 'update'],
};

const SUBRESOURCE_KIND: Record<string, { group: string; version: string; kind: string }> = {
  scale: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  binding: { group: '', version: 'v1', kind: 'Binding' },
  eviction: { group: 'policy', version: 'v1', kind: 'Eviction' },
};

function verbs(t: ResourceType): string[] {
  return [...verbsOf(t)];
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
      verbs: verbs(t),
      ...(t.shortNames?.length ? { shortNames: t.shortNames } : {}),
      ...(t.categories?.length ? { categories: t.categories } : {}),
    });
    for (const sub of t.subresources ?? []) {
      const k = SUBRESOURCE_KIND[sub];
      resources.push({
        name: `${t.resource}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
        ...(k ? { group: k.group, version: k.version } : {}),
        kind: k?.kind ?? t.kind,
        verbs: SUBRESOURCE_VERBS[sub] ?? ['get'],
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
    groups: registry.groups().filter((g) => g !== '').map((g) => apiGroup(registry, g)),
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
          verbs: verbs(t),
          ...(t.shortNames?.length ? { shortNames: t.shortNames } : {}),
          ...(t.categories?.length ? { categories: t.categories } : {}),
          ...(t.subresources?.length
            ? {
                subresources: t.subresources.map((s) => ({
                  subresource: s,
                  responseKind: SUBRESOURCE_KIND[s] ?? { group: t.group, version: t.version, kind: t.kind },
                  verbs: SUBRESOURCE_VERBS[s] ?? ['get'],
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
