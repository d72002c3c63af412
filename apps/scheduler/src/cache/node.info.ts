import type { Node, Pod } from '../api/core.types.js';
import type { PodAffinityTerms } from '../framework/affinity.terms.js';
import { Resource, resourceFromList } from './resource.js';

/** What a pod adds to its node, computed once when the pod enters the cache. */
export interface PodResources {
  readonly pod: Pod;
  readonly requested: Resource;
  readonly nonZeroRequested: Resource;
  /** Parsed inter-pod terms; undefined for the (usual) pod without pod affinity. */
  readonly affinity: PodAffinityTerms | undefined;
}

/** A node with the sum of the pods assigned (or assumed) to it, as upstream's framework.NodeInfo. */
export class NodeInfo {
  node: Node;
  allocatable: Resource;
  readonly requested = new Resource();
  /** Requests with the scoring defaults for unset cpu/memory (upstream NonZeroRequested). */
  readonly nonZeroRequested = new Resource();
  readonly pods = new Map<string, PodResources>();
  /** Pods here with any pod (anti-)affinity, and those with required anti-affinity (upstream PodsWithAffinity/PodsWithRequiredAntiAffinity). */
  podsWithAffinity = 0;
  podsWithRequiredAntiAffinity = 0;

  constructor(node: Node) {
    this.node = node;
    this.allocatable = resourceFromList(node.status?.allocatable);
  }

  get name(): string {
    return this.node.metadata.name;
  }

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = resourceFromList(node.status?.allocatable);
  }

  addPod(key: string, p: PodResources): void {
    if (this.pods.has(key)) this.removePod(key);
    this.pods.set(key, p);
    this.requested.add(p.requested);
    this.nonZeroRequested.add(p.nonZeroRequested);
    if (p.affinity) {
      this.podsWithAffinity++;
      if (p.affinity.requiredAntiAffinity.length > 0) this.podsWithRequiredAntiAffinity++;
    }
  }

  removePod(key: string): PodResources | undefined {
    const p = this.pods.get(key);
    if (!p) return undefined;
    this.pods.delete(key);
    this.requested.sub(p.requested);
    this.nonZeroRequested.sub(p.nonZeroRequested);
    if (p.affinity) {
      this.podsWithAffinity--;
      if (p.affinity.requiredAntiAffinity.length > 0) this.podsWithRequiredAntiAffinity--;
    }
    return p;
  }

  /** A copy whose pod set can be changed without touching the cache (preemption dry runs, nominated pods). */
  clone(): NodeInfo {
    const c = new NodeInfo(this.node);
    c.allocatable = this.allocatable;
    for (const [k, p] of this.pods) c.addPod(k, p);
    return c;
  }
}
