import type { Plugin } from '../framework/plugin.types.js';
import { NodeAffinity, NODE_AFFINITY } from './node-affinity/node-affinity.plugin.js';
import { NodeName, NODE_NAME } from './node-name/node-name.plugin.js';
import { NodeResourcesBalancedAllocation, NODE_RESOURCES_BALANCED_ALLOCATION } from './node-resources-balanced-allocation/balanced-allocation.plugin.js';
import { NodeResourcesFit, NODE_RESOURCES_FIT } from './node-resources-fit/node-resources-fit.plugin.js';
import { NodeUnschedulable, NODE_UNSCHEDULABLE } from './node-unschedulable/node-unschedulable.plugin.js';
import { TaintToleration, TAINT_TOLERATION } from './taint-toleration/taint-toleration.plugin.js';

export type PluginFactory = () => Plugin;

/** Every in-tree plugin by name: the one place a new plugin is added (upstream plugins/registry.go). */
export const inTreeRegistry: Readonly<Record<string, PluginFactory>> = {
  [NODE_UNSCHEDULABLE]: () => new NodeUnschedulable(),
  [NODE_NAME]: () => new NodeName(),
  [TAINT_TOLERATION]: () => new TaintToleration(),
  [NODE_AFFINITY]: () => new NodeAffinity(),
  [NODE_RESOURCES_FIT]: () => new NodeResourcesFit(),
  [NODE_RESOURCES_BALANCED_ALLOCATION]: () => new NodeResourcesBalancedAllocation(),
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
  { name: NODE_RESOURCES_BALANCED_ALLOCATION, weight: 1 },
];
