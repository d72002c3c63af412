import type { Condition, ObjectMeta, Pod } from '../shared/types.js';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface NodeCondition extends Condition {
  lastHeartbeatTime?: string;
}

export interface Node {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: { unschedulable?: boolean; taints?: Taint[]; [k: string]: unknown };
  status?: { conditions?: NodeCondition[]; [k: string]: unknown };
  [k: string]: unknown;
}

export interface Lease {
  metadata: ObjectMeta;
  spec?: { holderIdentity?: string; renewTime?: string; leaseDurationSeconds?: number };
  [k: string]: unknown;
}

export interface TaintedPod extends Pod {
  spec?: Pod['spec'] & { tolerations?: Toleration[] };
}

export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const NOT_READY = 'node.kubernetes.io/not-ready';
