import type { Node, Pod } from '../api/core.types.js';
import { Resource, resourceFromList } from './resource.js';

/** What a pod adds to its node, computed once when the pod enters the cache. */
export interface PodResources {
  readonly pod: Pod;
  readonly requested: Resource;
  readonly nonZeroRequested: Resource;
}

/** A node with the sum of the pods assigned (or assumed) to it, as upstream's framework.NodeInfo. */
export class NodeInfo {
  node: Node;
  allocatable: Resource;
  readonly requested = new Resource();
  /** Requests with the scoring defaults for unset cpu/memory (upstream NonZeroRequested). */
  readonly nonZeroRequested = new Resource();
  readonly pods = new Map<string, PodResources>();

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
  }

  removePod(key: string): void {
    const p = this.pods.get(key);
    if (!p) return;
    this.pods.delete(key);
    this.requested.sub(p.requested);
    this.nonZeroRequested.sub(p.nonZeroRequested);
  }
}
