export type { Node, NodeCondition, Pod, Taint, Toleration } from '../../../../libs/api/src/model/core.types.js';
export type { Lease } from '../../../../libs/api/src/model/coordination.types.js';

export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const NOT_READY = 'node.kubernetes.io/not-ready';
