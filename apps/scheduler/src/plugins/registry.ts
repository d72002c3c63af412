import type { FrameworkHandle, Plugin } from '../framework/plugin.types.js';
import { DefaultPreemption, DEFAULT_PREEMPTION } from './default-preemption/default-preemption.plugin.js';
import { InterPodAffinity, INTER_POD_AFFINITY } from './inter-pod-affinity/inter-pod-affinity.plugin.js';
import { NodeAffinity, NODE_AFFINITY } from './node-affinity/node-affinity.plugin.js';
import { NodeName, NODE_NAME } from './node-name/node-name.plugin.js';
import {
  NodeResourcesBalancedAllocation,
  NODE_RESOURCES_BALANCED_ALLOCATION,
} from './node-resources-balanced-allocation/balanced-allocation.plugin.js';
import { NodeResourcesFit, NODE_RESOURCES_FIT } from './node-resources-fit/node-resources-fit.plugin.js';
import { NodeUnschedulable, NODE_UNSCHEDULABLE } from './node-unschedulable/node-unschedulable.plugin.js';
import { PodTopologySpread, POD_TOPOLOGY_SPREAD } from './pod-topology-spread/pod-topology-spread.plugin.js';
import { TaintToleration, TAINT_TOLERATION } from './taint-toleration/taint-toleration.plugin.js';

export type PluginFactory = (handle: FrameworkHandle) => Plugin;

/** Every in-tree plugin by name: the one place a new plugin is added (upstream plugins/registry.go). */
export const inTreeRegistry: Readonly<Record<string, PluginFactory>> = {
  [NODE_UNSCHEDULABLE]: () => new NodeUnschedulable(),
  [NODE_NAME]: () => new NodeName(),
  [TAINT_TOLERATION]: () => new TaintToleration(),
  [NODE_AFFINITY]: () => new NodeAffinity(),
  [NODE_RESOURCES_FIT]: () => new NodeResourcesFit(),
  [NODE_RESOURCES_BALANCED_ALLOCATION]: () => new NodeResourcesBalancedAllocation(),
  [POD_TOPOLOGY_SPREAD]: (h) => new PodTopologySpread(h),
  [INTER_POD_AFFINITY]: (h) => new InterPodAffinity(h),
  [DEFAULT_PREEMPTION]: (h) => new DefaultPreemption(h),
};

export interface ProfilePlugin {
  readonly name: string;
  /** Score weight; ignored for plugins without a Score extension. */
  readonly weight: number;
}

/** The default-scheduler profile: upstream's plugin order (filters run in it) and score weights. */
export const DEFAULT_PROFILE: readonly ProfilePlugin[] = [
  { name: NODE_UNSCHEDULABLE, weight: 0 },
  { name: NODE_NAME, weight: 0 },
  { name: TAINT_TOLERATION, weight: 3 },
  { name: NODE_AFFINITY, weight: 2 },
  { name: NODE_RESOURCES_FIT, weight: 1 },
  { name: POD_TOPOLOGY_SPREAD, weight: 2 },
  { name: INTER_POD_AFFINITY, weight: 2 },
  { name: NODE_RESOURCES_BALANCED_ALLOCATION, weight: 1 },
  { name: DEFAULT_PREEMPTION, weight: 0 },
];
