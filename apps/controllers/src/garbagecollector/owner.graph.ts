import type { Informer, KObject } from '../../../../libs/client/src/index.js';
import type { ObjectMeta } from '../shared/types.js';

export type GraphObject = KObject & { metadata: ObjectMeta };

export interface WatchedResource {
  apiVersion: string;
  kind: string;
  /** Cluster-wide collection path, e.g. /apis/apps/v1/replicasets. */
  path: string;
  informer?: Informer<GraphObject>;
}

export interface GraphNode {
  uid: string;
  res: WatchedResource;
  namespace: string;
  name: string;
  /** Owner uids, from metadata.ownerReferences. */
  owners: string[];
}

/**
 * The ownership graph of watched objects (upstream garbagecollector's GraphBuilder, by uid): who
 * owns whom, so a deleted owner finds its dependents and a deleted dependent its owners without
 * listing anything.
 */
export class OwnerGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly dependents = new Map<string, Set<string>>();

  upsert(res: WatchedResource, o: { metadata: ObjectMeta }): GraphNode | undefined {
    const uid = o.metadata.uid;
    if (!uid) return undefined;
    const prev = this.nodes.get(uid);
    if (prev) for (const ow of prev.owners) this.dependents.get(ow)?.delete(uid);
    const node: GraphNode = {
      uid,
      res,
      namespace: o.metadata.namespace ?? '',
      name: o.metadata.name ?? '',
      owners: (o.metadata.ownerReferences ?? []).map((r) => r.uid),
    };
    this.nodes.set(uid, node);
    for (const ow of node.owners) {
      let s = this.dependents.get(ow);
      if (!s) this.dependents.set(ow, (s = new Set()));
      s.add(uid);
    }
    return node;
  }

  remove(uid: string | undefined): GraphNode | undefined {
    if (!uid) return undefined;
    const node = this.nodes.get(uid);
    if (!node) return undefined;
    this.nodes.delete(uid);
    for (const ow of node.owners) {
      const s = this.dependents.get(ow);
      s?.delete(uid);
      if (s?.size === 0) this.dependents.delete(ow);
    }
    return node;
  }

  /** Drops every object of a kind no longer followed, without treating them as deleted. */
  removeKind(res: WatchedResource): void {
    for (const node of [...this.nodes.values()]) if (node.res === res) this.remove(node.uid);
  }

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  dependentsOf(uid: string): GraphNode[] {
    return [...(this.dependents.get(uid) ?? [])].map((d) => this.nodes.get(d)).filter((n): n is GraphNode => !!n);
  }

  /** The live cached object of a node, if the cache still holds that very object (same uid). */
  objectOf(node: GraphNode): GraphObject | undefined {
    const o = node.res.informer?.get(node.namespace ? `${node.namespace}/${node.name}` : node.name);
    return o?.metadata.uid === node.uid ? o : undefined;
  }
}
