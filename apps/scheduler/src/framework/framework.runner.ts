import type { Pod } from '../api/core.types.js';
import type { NodeInfo } from '../cache/node.info.js';
import type { PluginFactory, ProfilePlugin } from '../plugins/registry.js';
import { CycleState } from './cycle.state.js';
import { FitError } from './fit.error.js';
import { isFilter, isPreFilter, isScore, type FilterPlugin, type PreFilterPlugin, type ScorePlugin } from './plugin.types.js';
import { Code, isRejection, type Status } from './status.js';

export type ScheduleResult =
  | { kind: 'scheduled'; node: NodeInfo; evaluated: number; feasible: number }
  | { kind: 'unschedulable'; error: FitError }
  | { kind: 'error'; message: string };

/**
 * How many feasible nodes are enough before scoring stops looking, as upstream's adaptive
 * percentageOfNodesToScore: all of a small cluster, down to 5% (at least 100) of a large one.
 */
export function numFeasibleNodesToFind(all: number): number {
  if (all < 100) return all;
  const pct = Math.max(5, 50 - Math.trunc(all / 125));
  return Math.max(100, Math.trunc((all * pct) / 100));
}

/** Runs one profile's plugins for a pod: PreFilter, Filter over the nodes, PreScore/Score/NormalizeScore, then picks a node. */
export class Framework {
  private readonly preFilters: PreFilterPlugin[] = [];
  private readonly filters: FilterPlugin[] = [];
  private readonly scorers: Array<{ plugin: ScorePlugin; weight: number }> = [];
  private nextStart = 0;
  // Reused between pods so the per-node loops allocate nothing.
  private feasible: NodeInfo[] = [];
  private pluginScores = new Float64Array(0);
  private totals = new Float64Array(0);

  constructor(profile: readonly ProfilePlugin[], registry: Readonly<Record<string, PluginFactory>>) {
    for (const entry of profile) {
      const factory = registry[entry.name];
      if (!factory) throw new Error(`plugin ${entry.name} is not in the registry`);
      const p = factory();
      if (isPreFilter(p)) this.preFilters.push(p);
      if (isFilter(p)) this.filters.push(p);
      if (isScore(p) && entry.weight > 0) this.scorers.push({ plugin: p, weight: entry.weight });
    }
  }

  schedule(pod: Pod, nodes: readonly NodeInfo[]): ScheduleResult {
    const n = nodes.length;
    if (n === 0) return { kind: 'error', message: 'no nodes available to schedule pods' };
    const state = new CycleState();
    for (const p of this.preFilters) {
      const s = p.preFilter(state, pod);
      if (s === null) continue;
      if (s.code === Code.Error) return { kind: 'error', message: `running PreFilter plugin "${p.name}": ${s.reasons.join(', ')}` };
      s.plugin = p.name;
      return { kind: 'unschedulable', error: new FitError(pod, n, nodes.map((node) => ({ node, status: s }))) };
    }

    const want = numFeasibleNodesToFind(n);
    if (this.feasible.length < n) this.feasible = new Array<NodeInfo>(n);
    let found = 0;
    let evaluated = 0;
    let failed: Array<{ node: NodeInfo; status: Status }> | undefined;
    for (; evaluated < n && found < want; evaluated++) {
      const node = nodes[(this.nextStart + evaluated) % n]!;
      let rejected: Status | null = null;
      for (const f of this.filters) {
        const s = f.filter(state, pod, node);
        if (s === null) continue;
        if (s.code === Code.Error) return { kind: 'error', message: `running "${f.name}" filter plugin: ${s.reasons.join(', ')}` };
        if (isRejection(s)) {
          s.plugin = f.name;
          rejected = s;
          break;
        }
      }
      if (rejected) (failed ??= []).push({ node, status: rejected });
      else this.feasible[found++] = node;
    }
    this.nextStart = (this.nextStart + evaluated) % n;
    if (found === 0) return { kind: 'unschedulable', error: new FitError(pod, n, failed ?? []) };
    if (found === 1) return { kind: 'scheduled', node: this.feasible[0]!, evaluated, feasible: 1 };
    return { kind: 'scheduled', node: this.pickBest(state, pod, found), evaluated, feasible: found };
  }

  private pickBest(state: CycleState, pod: Pod, count: number): NodeInfo {
    if (this.totals.length < count) {
      this.totals = new Float64Array(count * 2);
      this.pluginScores = new Float64Array(count * 2);
    }
    const totals = this.totals;
    const scores = this.pluginScores;
    totals.fill(0, 0, count);
    for (const { plugin, weight } of this.scorers) {
      if (plugin.preScore) {
        const s = plugin.preScore(state, pod, this.feasible);
        if (s !== null && s.code === Code.Skip) continue;
      }
      for (let i = 0; i < count; i++) scores[i] = plugin.score(state, pod, this.feasible[i]!);
      plugin.normalizeScore?.(state, pod, scores, count);
      for (let i = 0; i < count; i++) totals[i]! += scores[i]! * weight;
    }
    // Highest total wins; ties are broken uniformly at random (reservoir sampling, as upstream).
    let best = 0;
    let ties = 1;
    for (let i = 1; i < count; i++) {
      if (totals[i]! > totals[best]!) {
        best = i;
        ties = 1;
      } else if (totals[i] === totals[best]) {
        ties++;
        if (Math.random() * ties < 1) best = i;
      }
    }
    return this.feasible[best]!;
  }
}
