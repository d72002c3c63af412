import type { EventRecorder } from '../../../../libs/client/src/index.js';
import type { PodIpAllocator } from '../pod/pod-ip.allocator.js';
import type { NodeIdentity } from './node.identity.js';
import type { NodeCondition } from './node.template.js';

/** One simulated node's live state inside the agent. */
export interface SimNode {
  id: NodeIdentity;
  uid: string;
  conditions: NodeCondition[];
  /** Images "present on the machine", for the Pulled-vs-already-present event. */
  images: Set<string>;
  ips: PodIpAllocator;
  recorder: EventRecorder;
  /** Last written Lease resourceVersion, so renewals are a single PUT. */
  leaseResourceVersion?: string;
}
