/** coordination.k8s.io/v1 Lease (see meta.types.ts for the conventions). */
import type { TypedObject } from './meta.types.js';

export interface Lease extends TypedObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}
