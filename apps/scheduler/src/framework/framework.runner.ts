import type { Pod } from '../api/core.types.js';
import { podKey } from '../cache/cluster.cache.js';
import type { NodeInfo } from '../cache/node.info.js';
import { podResources } from '../cache/pod.resources.js';
import type { PluginFactory, ProfilePlugin } from '../plugins/registry.js';
import { CycleState } from './cycle.state.js';
import { FitError } from './fit.error.js';
import {
  isFilter,
  isPostFilter,
  isPreFilter,
  isScore,
  type ClusterLister,
  type FilterPlugin,
  type FrameworkHandle,
  type NodeFailure,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreFilterPlugin,
  type ScorePlugin,
} from './plugin.types.js';
import { Code, isRejection, type Result, type Status } from './status.js';

type ScheduleResult =
  | { kind: 'scheduled'; node: NodeInfo; evaluated: number; feasible: number }
  | { kind: 'unschedulable'; error: FitError; state: CycleState }
  | { kind: 'error'; message: string };

/**
 * How many feasible nodes are enough before scoring stops looking, as upstream's adaptive
 * percentageOfNodesToScore: all of a small cluster, down to 5% (at least 100) of a large one.
 */
function numFeasibleNodesToFind(all: number): number {
  if (all < 100) return all;
  const pct = Math.max(5, 50 - Math.trunc(all / 125));
  return Math.max(100, Math.trunc((all * pct) / 100));
}

type PreFilterOutcome = { filters: FilterPlugin[] } | { error: string } | { rejected: Status };

/** Runs one profile's plugins for a pod: PreFilter, Filter over the nodes, PreScore/Score/NormalizeScore, then picks a node; PostFilter when none fits. */
export class Framework implements FrameworkHandle {
  private readonly preFilters: PreFilterPlugin[] = [];
  private readonly filters: FilterPlugin[] = [];
  private readonly postFilters: PostFilterPlugin[] = [];
  private readonly scorers: Array<{ plugin: ScorePlugin; weight: number }> = [];
  private nextStart = 0;
  // Reused between pods so the per-node loops allocate nothing.
  private feasible: NodeInfo[] = [];
  private pluginScores = new Float64Array(0);
  private totals = new Float64Array(0);

  constructor(
    profile: readonly ProfilePlugin[],
    registry: Readonly<Record<string, PluginFactory>>,
    readonly lister: ClusterLister,
  ) {
    for (const entry of profile) {
      const factory = registry[entry.name];
      if (!factory) throw new Error(`plugin ${entry.name} is not in the registry`);
      const p = factory(this);
      if (isPreFilter(p)) this.preFilters.push(p);
      if (isFilter(p)) this.filters.push(p);
      if (isPostFilter(p)) this.postFilters.push(p);
      if (isScore(p) && entry.weight > 0) this.scorers.push({ plugin: p, weight: entry.weight });
    }
  }

  schedule(pod: Pod): ScheduleResult {
    const nodes = this.lister.nodes();
    const n = nodes.length;
    if (n === 0) return { kind: 'error', message: 'no nodes available to schedule pods' };
    const state = new CycleState();
    const pre = this.runPreFilters(state, pod, nodes);
    if ('error' in pre) return { kind: 'error', message: pre.error };
    if ('rejected' in pre)
      return {
        kind: 'unschedulable',
        state,
        error: new FitError(
          pod,
          n,
          nodes.map((node) => ({ node, status: pre.rejected })),
        ),
      };
    const filters = pre.filters;

    // A pod that preemption made room for tries its nominated node first (upstream evaluateNominatedNode).
    const nominated = pod.status?.nominatedNodeName;
    if (nominated) {
      const node = nodes.find((x) => x.name === nominated);
      if (node) {
        const s = this.runFilters(state, pod, node, filters);
        if (s === null) return { kind: 'scheduled', node, evaluated: 1, feasible: 1 };
        if (s.code === Code.Error) return { kind: 'error', message: `running filter plugin "${s.plugin ?? ''}": ${s.reasons.join(', ')}` };
      }
    }

    const want = numFeasibleNodesToFind(n);
    if (this.feasible.length < n) this.feasible = new Array<NodeInfo>(n);
    let found = 0;
    let evaluated = 0;
    let failed: NodeFailure[] | undefined;
    for (; evaluated < n && found < want; evaluated++) {
      const node = nodes[(this.nextStart + evaluated) % n]!;
      const s = this.runFilters(state, pod, node, filters);
      if (s === null) this.feasible[found++] = node;
      else if (s.code === Code.Error)
        return { kind: 'error', message: `running "${s.plugin ?? ''}" filter plugin: ${s.reasons.join(', ')}` };
      else (failed ??= []).push({ node, status: s });
    }
    this.nextStart = (this.nextStart + evaluated) % n;
    if (found === 0) return { kind: 'unschedulable', state, error: new FitError(pod, n, failed ?? []) };
    if (found === 1) return { kind: 'scheduled', node: this.feasible[0]!, evaluated, feasible: 1 };
    return { kind: 'scheduled', node: this.pickBest(state, pod, found), evaluated, feasible: found };
  }

  /** Runs the PostFilter plugins (preemption) after `error`; the first that does not give up wins. */
  postFilter(state: CycleState, pod: Pod, error: FitError): PostFilterResult | undefined {
    let last: PostFilterResult | undefined;
    for (const p of this.postFilters) {
      const r = p.postFilter(state, pod, error.failed);
      if (r.status === null) {
        error.postFilterMsg = '';
        return r;
      }
      last = r;
      if (r.status.code !== Code.Error) error.postFilterMsg = r.status.reasons.join(', ');
    }
    return last;
  }

  fitsOn(pod: Pod, node: NodeInfo, nodes: readonly NodeInfo[]): Result {
    const state = new CycleState();
    const pre = this.runPreFilters(state, pod, nodes);
    if ('error' in pre) return { code: Code.Error, reasons: [pre.error] };
    if ('rejected' in pre) return pre.rejected;
    return this.runFilters(state, pod, node, pre.filters);
  }

  private runPreFilters(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): PreFilterOutcome {
    let skipped: Set<string> | undefined;
    for (const p of this.preFilters) {
      const s = p.preFilter(state, pod, nodes);
      if (s === null) continue;
      if (s.code === Code.Skip) {
        (skipped ??= new Set()).add(p.name);
        continue;
      }
      if (s.code === Code.Error) return { error: `running PreFilter plugin "${p.name}": ${s.reasons.join(', ')}` };
      s.plugin = p.name;
      return { rejected: s };
    }
    return { filters: skipped ? this.filters.filter((f) => !skipped.has(f.name)) : this.filters };
  }

  /**
   * Filters on one node. When pods of at least this pod's priority are nominated to the node, the
   * filters must pass both with them counted and without (upstream RunFilterPluginsWithNominatedPods;
   * the nominated pods count on the node only, not in other plugins' cluster-wide PreFilter state).
   */
  private runFilters(state: CycleState, pod: Pod, node: NodeInfo, filters: readonly FilterPlugin[]): Result {
    if (this.lister.hasNominatedPods()) {
      const nominated = this.lister.nominatedPods(node.name);
      if (nominated) {
        const key = podKey(pod);
        const priority = pod.spec.priority ?? 0;
        let withNominated: NodeInfo | undefined;
        for (const [k, p] of nominated) {
          if (k === key || (p.spec.priority ?? 0) < priority) continue;
          withNominated ??= node.clone();
          withNominated.addPod(k, podResources(p));
        }
        if (withNominated) {
          const s = this.runFilterPlugins(state, pod, withNominated, filters);
          if (s !== null) return s;
        }
      }
    }
    return this.runFilterPlugins(state, pod, node, filters);
  }

  private runFilterPlugins(state: CycleState, pod: Pod, node: NodeInfo, filters: readonly FilterPlugin[]): Result {
    for (const f of filters) {
      const s = f.filter(state, pod, node);
      if (s === null) continue;
      if (s.code === Code.Error || isRejection(s)) {
        s.plugin = f.name;
        return s;
      }
    }
    return null;
  }

  private pickBest(state: CycleState, pod: Pod, count: number): NodeInfo {
    if (this.totals.length < count) {
      this.totals = new Float64Array(count * 2);
      this.pluginScores = new Float64Array(count * 2);
    }
    const totals = this.totals;
    const scores = this.pluginScores;
    const feasible = this.feasible.length === count ? this.feasible : this.feasible.slice(0, count);
    totals.fill(0, 0, count);
    for (const { plugin, weight } of this.scorers) {
      if (plugin.preScore) {
        const s = plugin.preScore(state, pod, feasible);
        if (s !== null && s.code === Code.Skip) continue;
      }
      for (let i = 0; i < count; i++) scores[i] = plugin.score(state, pod, feasible[i]!);
      plugin.normalizeScore?.(state, pod, scores, count, feasible);
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
    return feasible[best]!;
  }
}
