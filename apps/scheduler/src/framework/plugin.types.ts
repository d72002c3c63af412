import type { Pod } from '../api/core.types.js';
import type { NodeInfo } from '../cache/node.info.js';
import type { CycleState } from './cycle.state.js';
import type { Result } from './status.js';

export const MAX_NODE_SCORE = 100;

/** Extension points, after upstream's framework interfaces; a plugin implements only those it uses. */
export interface Plugin {
  readonly name: string;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod): Result;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, node: NodeInfo): Result;
}

export interface ScorePlugin extends Plugin {
  /** Once per pod before scoring; returning Skip leaves this plugin's scores at 0 for every node. */
  preScore?(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Result;
  score(state: CycleState, pod: Pod, node: NodeInfo): number;
  /** Rewrites `scores` (indexed like the feasible nodes) into 0..MAX_NODE_SCORE in place. */
  normalizeScore?(state: CycleState, pod: Pod, scores: Float64Array, count: number): void;
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
