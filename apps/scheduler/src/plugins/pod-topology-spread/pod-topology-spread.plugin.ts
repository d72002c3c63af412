import type { Pod } from '../../api/core.types.js';
import type { NodeInfo } from '../../cache/node.info.js';
import { CycleState, StateKey } from '../../framework/cycle.state.js';
import {
  MAX_NODE_SCORE,
  type FilterPlugin,
  type FrameworkHandle,
  type PreFilterPlugin,
  type ScorePlugin,
} from '../../framework/plugin.types.js';
import { Code, status, type Result } from '../../framework/status.js';
import {
  constraintsOf,
  countMatching,
  hasAllTopologyKeys,
  includesNode,
  LABEL_HOSTNAME,
  pairKey,
  SYSTEM_DEFAULT_CONSTRAINTS,
  type Action,
  type SpreadConstraint,
} from './spread.constraint.js';

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

interface FilterState {
  constraints: SpreadConstraint[];
  /** Matching pods per topology pair (every eligible domain present, zeros included). */
  matchNum: Map<string, number>;
  /** Per topology key: number of domains and the smallest match count among them. */
  domains: Map<string, { count: number; min: number }>;
}
const FILTER_KEY = new StateKey<FilterState>(`${POD_TOPOLOGY_SPREAD}/filter`);

interface ScoreState {
  constraints: SpreadConstraint[];
  ignored: Set<string>;
  /** Matching pods per non-hostname pair that some feasible node is in. */
  pairCounts: Map<string, number>;
  weights: number[];
}
const SCORE_KEY = new StateKey<ScoreState>(`${POD_TOPOLOGY_SPREAD}/score`);

/**
 * Spreads matching pods evenly over topology domains, as upstream's PodTopologySpread:
 * DoNotSchedule constraints filter (skew = matching pods in the domain + self − global minimum must
 * stay ≤ maxSkew; the minimum is 0 while there are fewer than minDomains domains), ScheduleAnyway
 * constraints score. A pod without constraints gets the system defaults (hostname maxSkew 3,
 * zone maxSkew 5, ScheduleAnyway) with the selector of its Services and controller; with neither
 * it is not spread.
 */
export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = POD_TOPOLOGY_SPREAD;

  constructor(private readonly handle: FrameworkHandle) {}

  private constraints(pod: Pod, action: Action): SpreadConstraint[] {
    const own = pod.spec.topologySpreadConstraints;
    if (own && own.length > 0) return constraintsOf(own, pod, action);
    const defaults = constraintsOf(SYSTEM_DEFAULT_CONSTRAINTS, pod, action);
    if (defaults.length === 0) return defaults;
    const selector = this.handle.lister.defaultSelector(pod);
    if (selector.empty) return [];
    return constraintsOf(SYSTEM_DEFAULT_CONSTRAINTS, pod, action, selector);
  }

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Result {
    const constraints = this.constraints(pod, 'DoNotSchedule');
    if (constraints.length === 0) return status(Code.Skip);
    const matchNum = new Map<string, number>();
    for (const info of nodes) {
      const node = info.node;
      if (!hasAllTopologyKeys(node, constraints)) continue;
      for (const c of constraints) {
        if (!includesNode(c, pod, node)) continue;
        const p = pairKey(c.topologyKey, node.metadata.labels![c.topologyKey]!);
        matchNum.set(p, (matchNum.get(p) ?? 0) + countMatching(info.pods.values(), c.selector, pod.metadata.namespace));
      }
    }
    const domains = new Map<string, { count: number; min: number }>();
    for (const [p, n] of matchNum) {
      const key = p.slice(0, p.indexOf('\u0000'));
      const d = domains.get(key);
      if (d) {
        d.count++;
        d.min = Math.min(d.min, n);
      } else domains.set(key, { count: 1, min: n });
    }
    state.write(FILTER_KEY, { constraints, matchNum, domains });
    return null;
  }

  filter(state: CycleState, pod: Pod, info: NodeInfo): Result {
    const s = state.read(FILTER_KEY);
    if (!s) return status(Code.Error, 'PodTopologySpread PreFilter did not run');
    const labels = info.node.metadata.labels ?? {};
    for (const c of s.constraints) {
      const value = labels[c.topologyKey];
      if (value === undefined) return status(Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_LABEL_NOT_MATCH);
      const d = s.domains.get(c.topologyKey);
      const min = !d || d.count < c.minDomains ? 0 : d.min;
      const self = c.selector.matches(pod.metadata.labels) ? 1 : 0;
      const skew = (s.matchNum.get(pairKey(c.topologyKey, value)) ?? 0) + self - min;
      if (skew > c.maxSkew) return status(Code.Unschedulable, ERR_REASON_CONSTRAINTS_NOT_MATCH);
    }
    return null;
  }

  preScore(state: CycleState, pod: Pod, feasible: readonly NodeInfo[]): Result {
    const all = this.handle.lister.nodes();
    if (feasible.length === 0 || all.length === 0) return status(Code.Skip);
    const constraints = this.constraints(pod, 'ScheduleAnyway');
    if (constraints.length === 0) return status(Code.Skip);
    // System defaults do not require every key, so nodes without a zone label still spread by hostname.
    const requireAll = (pod.spec.topologySpreadConstraints?.length ?? 0) > 0;
    const ignored = new Set<string>();
    const pairCounts = new Map<string, number>();
    const sizes = constraints.map(() => 0);
    for (const info of feasible) {
      if (requireAll && !hasAllTopologyKeys(info.node, constraints)) {
        ignored.add(info.name);
        continue;
      }
      constraints.forEach((c, i) => {
        const v = info.node.metadata.labels?.[c.topologyKey];
        if (c.topologyKey === LABEL_HOSTNAME || v === undefined) return;
        const p = pairKey(c.topologyKey, v);
        if (!pairCounts.has(p)) {
          pairCounts.set(p, 0);
          sizes[i]!++;
        }
      });
    }
    const weights = constraints.map((c, i) =>
      Math.log((c.topologyKey === LABEL_HOSTNAME ? feasible.length - ignored.size : sizes[i]!) + 2),
    );
    if (pairCounts.size > 0) {
      for (const info of all) {
        const node = info.node;
        if (requireAll && !hasAllTopologyKeys(node, constraints)) continue;
        for (const c of constraints) {
          const v = node.metadata.labels?.[c.topologyKey];
          if (v === undefined || c.topologyKey === LABEL_HOSTNAME || !includesNode(c, pod, node)) continue;
          const p = pairKey(c.topologyKey, v);
          const n = pairCounts.get(p);
          if (n !== undefined) pairCounts.set(p, n + countMatching(info.pods.values(), c.selector, pod.metadata.namespace));
        }
      }
    }
    state.write(SCORE_KEY, { constraints, ignored, pairCounts, weights });
    return null;
  }

  /** Matching pods in the node's domains, each weighted by log(number of domains + 2); lower is better. */
  score(state: CycleState, pod: Pod, info: NodeInfo): number {
    const s = state.read(SCORE_KEY);
    if (!s || s.ignored.has(info.name)) return 0;
    const labels = info.node.metadata.labels ?? {};
    let score = 0;
    s.constraints.forEach((c, i) => {
      const v = labels[c.topologyKey];
      if (v === undefined) return;
      const cnt =
        c.topologyKey === LABEL_HOSTNAME
          ? countMatching(info.pods.values(), c.selector, pod.metadata.namespace)
          : (s.pairCounts.get(pairKey(c.topologyKey, v)) ?? 0);
      score += cnt * s.weights[i]! + (c.maxSkew - 1);
    });
    return Math.round(score);
  }

  normalizeScore(state: CycleState, _pod: Pod, scores: Float64Array, count: number, nodes: readonly NodeInfo[]): void {
    const s = state.read(SCORE_KEY);
    if (!s) return;
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    for (let i = 0; i < count; i++) {
      if (s.ignored.has(nodes[i]!.name)) continue;
      min = Math.min(min, scores[i]!);
      max = Math.max(max, scores[i]!);
    }
    for (let i = 0; i < count; i++) {
      if (s.ignored.has(nodes[i]!.name)) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
    }
  }
}
