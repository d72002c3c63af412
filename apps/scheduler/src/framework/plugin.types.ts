import type { LabelSelector, Labels } from '../../../../libs/apimachinery/src/labels/label-selector.model.js';
import type { Pod } from '../api/core.types.js';
import type { NodeInfo } from '../cache/node.info.js';
import type { CycleState } from './cycle.state.js';
import type { Result, Status } from './status.js';

export const MAX_NODE_SCORE = 100;

/** Extension points, after upstream's framework interfaces; a plugin implements only those it uses. */
export interface Plugin {
  readonly name: string;
}

export interface PreFilterPlugin extends Plugin {
  /**
   * Once per pod; `nodes` is the whole cluster as this cycle sees it (a preemption dry run passes
   * a copy with some pods removed). Skip means this plugin's Filter has nothing to check.
   */
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Result;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, node: NodeInfo): Result;
}

export interface ScorePlugin extends Plugin {
  /** Once per pod before scoring; returning Skip leaves this plugin's scores at 0 for every node. */
  preScore?(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Result;
  score(state: CycleState, pod: Pod, node: NodeInfo): number;
  /** Rewrites `scores` (indexed like the feasible nodes) into 0..MAX_NODE_SCORE in place. */
  normalizeScore?(state: CycleState, pod: Pod, scores: Float64Array, count: number, nodes: readonly NodeInfo[]): void;
}

export interface NodeFailure {
  readonly node: NodeInfo;
  readonly status: Status;
}

/** What PostFilter asks the scheduler to do: evict `victims` and nominate the pod to `nominatedNodeName`. */
export interface PostFilterResult {
  /** undefined: leave the pod's nomination as it is; '' clears it. */
  readonly nominatedNodeName?: string;
  readonly victims: readonly Pod[];
  /** null on success; otherwise why it did not help (appended to the FitError message). */
  readonly status: Status | null;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: Pod, failed: readonly NodeFailure[]): PostFilterResult;
}

/** Cluster data beyond nodes and their pods that plugins read (upstream SharedLister + informer listers). */
export interface ClusterLister {
  nodes(): readonly NodeInfo[];
  /** Labels of a namespace, undefined if unknown. */
  namespaceLabels(namespace: string): Labels | undefined;
  /** upstream helper.DefaultSelector: what the pod's Services and controller (RC/RS/StatefulSet) select. */
  defaultSelector(pod: Pod): LabelSelector;
  podsWithRequiredAntiAffinity(): number;
  hasNominatedPods(): boolean;
  nominatedPods(nodeName: string): ReadonlyMap<string, Pod> | undefined;
}

/** What the framework lends its plugins (upstream framework.Handle). */
export interface FrameworkHandle {
  readonly lister: ClusterLister;
  /**
   * Would `pod` pass every PreFilter and Filter on `node` if the cluster were `nodes` (which must
   * contain `node`)? Nominated pods of at least the pod's priority count as present. Used by preemption.
   */
  fitsOn(pod: Pod, node: NodeInfo, nodes: readonly NodeInfo[]): Result;
}

export function isPreFilter(p: Plugin): p is PreFilterPlugin {
  return typeof (p as Partial<PreFilterPlugin>).preFilter === 'function';
}
export function isFilter(p: Plugin): p is FilterPlugin {
  return typeof (p as Partial<FilterPlugin>).filter === 'function';
}
export function isScore(p: Plugin): p is ScorePlugin {
  return typeof (p as Partial<ScorePlugin>).score === 'function';
}
export function isPostFilter(p: Plugin): p is PostFilterPlugin {
  return typeof (p as Partial<PostFilterPlugin>).postFilter === 'function';
}

/**
 * Upstream's helper.DefaultNormalizeScore: scale so the best node gets MAX_NODE_SCORE; `reverse`
 * makes the lowest raw score the best (counts of bad things).
 */
export function defaultNormalizeScore(scores: Float64Array, count: number, reverse: boolean): void {
  let max = 0;
  for (let i = 0; i < count; i++) if (scores[i]! > max) max = scores[i]!;
  if (max === 0) {
    if (reverse) for (let i = 0; i < count; i++) scores[i] = MAX_NODE_SCORE;
    return;
  }
  for (let i = 0; i < count; i++) {
    const s = Math.trunc((MAX_NODE_SCORE * scores[i]!) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - s : s;
  }
}
