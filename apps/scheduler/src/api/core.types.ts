/** The core/v1 types the scheduler reads: one declaration for every app, in libs/api/src/model. */
export type {
  Container,
  NodeSelectorTerm,
  PodAffinityTerm,
  PodCondition,
  ResourceList,
  Taint,
  Toleration,
  TopologySpreadConstraint,
} from '../../../../libs/api/src/model/core.types.js';
/** Pods and nodes as the informers deliver them (name, namespace and spec always set). */
export type { ServedNode as Node, ServedPod as Pod } from '../../../../libs/api/src/model/core.types.js';
export type { LabelSelector, OwnerReference } from '../../../../libs/api/src/model/meta.types.js';
