import type { KubeClient } from '../../../../libs/client/src/index.js';

export interface DiscoveredResource {
  groupVersion: string;
  /** Plural name, e.g. 'pods'. */
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

interface ResourceList {
  groupVersion?: string;
  resources: Array<{ name: string; kind: string; namespaced: boolean; verbs?: string[] }>;
}

interface GroupList {
  groups: Array<{ name: string; preferredVersion?: { groupVersion: string }; versions: Array<{ groupVersion: string }> }>;
}

export interface DiscoveryResult {
  resources: DiscoveredResource[];
  /** Group versions whose discovery failed, with the error. */
  failed: Map<string, string>;
}

/** The preferred version of every group, as `kubectl api-resources` lists them; subresources skipped. */
export async function discoverResources(client: KubeClient): Promise<DiscoveryResult> {
  const failed = new Map<string, string>();
  const gvs = ['v1'];
  const groups = await client.get<GroupList>('/apis');
  for (const g of groups.groups) {
    const gv = g.preferredVersion?.groupVersion ?? g.versions[0]?.groupVersion;
    if (gv) gvs.push(gv);
  }
  const lists = await Promise.all(
    gvs.map(async (gv) => {
      try {
        return { gv, list: await client.get<ResourceList>(gv === 'v1' ? '/api/v1' : `/apis/${gv}`) };
      } catch (e) {
        failed.set(gv, (e as Error).message);
        return { gv, list: { resources: [] } as ResourceList };
      }
    }),
  );
  const resources: DiscoveredResource[] = [];
  for (const { gv, list } of lists) {
    for (const r of list.resources) {
      if (r.name.includes('/')) continue;
      resources.push({ groupVersion: gv, resource: r.name, kind: r.kind, namespaced: r.namespaced, verbs: r.verbs ?? [] });
    }
  }
  return { resources, failed };
}

export function collectionPath(r: DiscoveredResource, namespace?: string): string {
  const base = r.groupVersion === 'v1' ? '/api/v1' : `/apis/${r.groupVersion}`;
  return namespace && r.namespaced ? `${base}/namespaces/${namespace}/${r.resource}` : `${base}/${r.resource}`;
}
