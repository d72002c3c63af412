import type { Node, Pod } from '../api/core.types.js';
import { NodeInfo } from './node.info.js';
import { podResources } from './pod.resources.js';

export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/**
 * Node accounting fed by the informers, plus "assumed" pods: a pod this scheduler has chosen a
 * node for counts against that node at once, before the bind call returns and long before the
 * watch shows spec.nodeName, so the next pod in the queue cannot be placed into the same room.
 */
export class ClusterCache {
  private readonly infos = new Map<string, NodeInfo>();
  /** Nodes the informer has seen, in a stable order; rebuilt only when a node comes or goes. */
  private nodeList: NodeInfo[] = [];
  private listDirty = false;
  private readonly podNode = new Map<string, string>();
  private readonly assumed = new Set<string>();
  private readonly present = new Set<string>();
  /** Pods waiting for room that preemption made for them: node → pod key → pod (upstream nominator). */
  private readonly nominated = new Map<string, Map<string, Pod>>();
  private readonly nominatedNode = new Map<string, string>();
  private requiredAntiAffinityPods = 0;

  nodes(): readonly NodeInfo[] {
    if (this.listDirty) {
      this.nodeList = [...this.present].sort().map((n) => this.infos.get(n)!);
      this.listDirty = false;
    }
    return this.nodeList;
  }

  nodeCount(): number {
    return this.present.size;
  }

  getNode(name: string): NodeInfo | undefined {
    return this.present.has(name) ? this.infos.get(name) : undefined;
  }

  setNode(node: Node): void {
    const name = node.metadata.name;
    const info = this.infos.get(name);
    if (info) info.setNode(node);
    else this.infos.set(name, new NodeInfo(node));
    if (!this.present.has(name)) {
      this.present.add(name);
      this.listDirty = true;
    }
  }

  deleteNode(name: string): void {
    if (!this.present.delete(name)) return;
    this.listDirty = true;
    // Pods still bound there keep their accounting in case the node comes back (upstream keeps a ghost too).
    const info = this.infos.get(name);
    if (info && info.pods.size === 0) this.infos.delete(name);
  }

  /** How many cached pods carry required pod anti-affinity (0 lets InterPodAffinity skip at once). */
  podsWithRequiredAntiAffinity(): number {
    return this.requiredAntiAffinityPods;
  }

  /** Pods nominated to `nodeName`, i.e. waiting for victims there to go. */
  nominatedPods(nodeName: string): ReadonlyMap<string, Pod> | undefined {
    return this.nominated.get(nodeName);
  }

  hasNominatedPods(): boolean {
    return this.nominatedNode.size > 0;
  }

  nominate(pod: Pod, nodeName: string): void {
    const key = podKey(pod);
    this.clearNomination(key);
    let m = this.nominated.get(nodeName);
    if (!m) this.nominated.set(nodeName, (m = new Map()));
    m.set(key, pod);
    this.nominatedNode.set(key, nodeName);
  }

  clearNomination(key: string): void {
    const node = this.nominatedNode.get(key);
    if (node === undefined) return;
    this.nominatedNode.delete(key);
    const m = this.nominated.get(node);
    m?.delete(key);
    if (m?.size === 0) this.nominated.delete(node);
  }

  /** Informer add/update of any pod. */
  updatePod(pod: Pod): void {
    const key = podKey(pod);
    const nodeName = pod.spec.nodeName;
    const nominated = pod.status?.nominatedNodeName;
    if (nodeName || isTerminal(pod) || pod.metadata.deletionTimestamp) this.clearNomination(key);
    else if (nominated) this.nominate(pod, nominated);
    if (!nodeName || isTerminal(pod)) {
      // An unbound pod that is still assumed is mid-bind: keep the assumption.
      if (!nodeName && this.assumed.has(key)) return;
      this.removePod(key);
      return;
    }
    this.assumed.delete(key);
    if (
      this.podNode.get(key) === nodeName &&
      pod.metadata.resourceVersion === this.infoFor(nodeName).pods.get(key)?.pod.metadata.resourceVersion
    )
      return;
    this.removePod(key);
    this.addPod(key, nodeName, pod);
  }

  deletePod(pod: Pod): void {
    const key = podKey(pod);
    this.assumed.delete(key);
    this.clearNomination(key);
    this.removePod(key);
  }

  assume(pod: Pod, nodeName: string): void {
    const key = podKey(pod);
    this.clearNomination(key);
    this.removePod(key);
    this.addPod(key, nodeName, pod);
    this.assumed.add(key);
  }

  /**
   * Preemption has just asked for this pod's deletion: show it as terminating at once, so the next
   * attempt of its preemptor waits for it instead of choosing victims again before the watch catches up.
   */
  markDeleting(pod: Pod): void {
    const key = podKey(pod);
    const nodeName = this.podNode.get(key);
    const info = nodeName === undefined ? undefined : this.infos.get(nodeName);
    const p = info?.pods.get(key);
    if (!info || !p || p.pod.metadata.deletionTimestamp) return;
    info.pods.set(key, { ...p, pod: { ...p.pod, metadata: { ...p.pod.metadata, deletionTimestamp: new Date().toISOString() } } });
  }

  /** The bind failed: give the room back. */
  forget(pod: Pod): void {
    const key = podKey(pod);
    if (!this.assumed.delete(key)) return;
    this.removePod(key);
  }

  isAssumed(key: string): boolean {
    return this.assumed.has(key);
  }

  private infoFor(nodeName: string): NodeInfo {
    let info = this.infos.get(nodeName);
    if (!info) {
      info = new NodeInfo({ metadata: { name: nodeName } });
      this.infos.set(nodeName, info);
    }
    return info;
  }

  private addPod(key: string, nodeName: string, pod: Pod): void {
    const p = podResources(pod);
    this.infoFor(nodeName).addPod(key, p);
    if (p.affinity && p.affinity.requiredAntiAffinity.length > 0) this.requiredAntiAffinityPods++;
    this.podNode.set(key, nodeName);
  }

  private removePod(key: string): void {
    const nodeName = this.podNode.get(key);
    if (nodeName === undefined) return;
    this.podNode.delete(key);
    const info = this.infos.get(nodeName);
    if (!info) return;
    const p = info.removePod(key);
    if (p?.affinity && p.affinity.requiredAntiAffinity.length > 0) this.requiredAntiAffinityPods--;
    if (!this.present.has(nodeName) && info.pods.size === 0) this.infos.delete(nodeName);
  }
}
