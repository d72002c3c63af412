import type { Labels } from '../../../../../libs/apimachinery/src/labels/label-selector.model.js';
import type { Node, Pod } from '../../api/core.types.js';
import type { NodeInfo } from '../../cache/node.info.js';
import { affinityTermsOf, type AffinityTerm, type PodAffinityTerms, type WeightedAffinityTerm } from '../../framework/affinity.terms.js';
import { CycleState, StateKey } from '../../framework/cycle.state.js';
import {
  MAX_NODE_SCORE,
  type FilterPlugin,
  type FrameworkHandle,
  type PreFilterPlugin,
  type ScorePlugin,
} from '../../framework/plugin.types.js';
import { Code, status, type Result } from '../../framework/status.js';

export const INTER_POD_AFFINITY = 'InterPodAffinity';
const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
/** Upstream InterPodAffinityArgs.hardPodAffinityWeight default. */
const HARD_POD_AFFINITY_WEIGHT = 1;

/** Counts per "<topologyKey>\0<value>" pair. */
type PairCounts = Map<string, number>;
const pair = (key: string, value: string): string => `${key}\u0000${value}`;

function bump(m: PairCounts, node: Node, key: string, by: number): void {
  const v = node.metadata.labels?.[key];
  if (v === undefined) return;
  const p = pair(key, v);
  const n = (m.get(p) ?? 0) + by;
  if (n === 0) m.delete(p);
  else m.set(p, n);
}

function matchesAll(terms: readonly AffinityTerm[], pod: Pod, nsLabels: Labels | undefined): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!t.matches(pod, nsLabels)) return false;
  return true;
}

interface FilterState {
  terms: PodAffinityTerms;
  /** Pairs where an existing pod's required anti-affinity term matches the incoming pod. */
  existingAnti: PairCounts;
  /** Pairs holding pods that match all of the incoming pod's required affinity terms. */
  affinity: PairCounts;
  /** Pairs holding pods that match one of its required anti-affinity terms. */
  anti: PairCounts;
}
const FILTER_KEY = new StateKey<FilterState>(`${INTER_POD_AFFINITY}/filter`);

/** topologyKey → value → score. */
type TopologyScore = Map<string, Map<string, number>>;
const SCORE_KEY = new StateKey<TopologyScore>(`${INTER_POD_AFFINITY}/score`);

/**
 * Required and preferred pod affinity / anti-affinity by topology domain, as upstream's
 * InterPodAffinity: the incoming pod's terms against the pods already placed, and the placed pods'
 * anti-affinity (required) and affinity/anti-affinity (preferred, plus required affinity at
 * hardPodAffinityWeight) against the incoming pod.
 */
export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = INTER_POD_AFFINITY;

  constructor(private readonly handle: FrameworkHandle) {}

  /** The incoming pod's terms are matched against pods in other namespaces through those namespaces' labels. */
  private nsLabelsOf = (pod: Pod): Labels | undefined => this.handle.lister.namespaceLabels(pod.metadata.namespace);

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Result {
    const terms = affinityTermsOf(pod);
    const noOwnTerms = terms.requiredAffinity.length === 0 && terms.requiredAntiAffinity.length === 0;
    if (noOwnTerms && this.handle.lister.podsWithRequiredAntiAffinity() === 0) return status(Code.Skip);
    const podNsLabels = this.handle.lister.namespaceLabels(pod.metadata.namespace);
    const s: FilterState = { terms, existingAnti: new Map(), affinity: new Map(), anti: new Map() };
    for (const info of nodes) {
      const node = info.node;
      if (info.podsWithRequiredAntiAffinity > 0) {
        for (const p of info.pods.values()) {
          for (const t of p.affinity?.requiredAntiAffinity ?? [])
            if (t.matches(pod, podNsLabels)) bump(s.existingAnti, node, t.topologyKey, 1);
        }
      }
      if (noOwnTerms) continue;
      for (const p of info.pods.values()) {
        const existing = p.pod;
        const nsLabels = this.nsLabelsOf(existing);
        if (matchesAll(terms.requiredAffinity, existing, nsLabels))
          for (const t of terms.requiredAffinity) bump(s.affinity, node, t.topologyKey, 1);
        for (const t of terms.requiredAntiAffinity) if (t.matches(existing, nsLabels)) bump(s.anti, node, t.topologyKey, 1);
      }
    }
    if (s.existingAnti.size === 0 && noOwnTerms) return status(Code.Skip);
    state.write(FILTER_KEY, s);
    return null;
  }

  filter(state: CycleState, pod: Pod, info: NodeInfo): Result {
    const s = state.read(FILTER_KEY);
    if (!s) return status(Code.Error, 'InterPodAffinity PreFilter did not run');
    const labels = info.node.metadata.labels ?? {};
    if (!this.satisfiesAffinity(s, pod, labels)) return status(Code.UnschedulableAndUnresolvable, ERR_REASON_AFFINITY);
    if (s.anti.size > 0) {
      for (const t of s.terms.requiredAntiAffinity) {
        const v = labels[t.topologyKey];
        if (v !== undefined && (s.anti.get(pair(t.topologyKey, v)) ?? 0) > 0) return status(Code.Unschedulable, ERR_REASON_ANTI_AFFINITY);
      }
    }
    if (s.existingAnti.size > 0) {
      for (const [k, v] of Object.entries(labels))
        if ((s.existingAnti.get(pair(k, v)) ?? 0) > 0) return status(Code.Unschedulable, ERR_REASON_EXISTING_ANTI_AFFINITY);
    }
    return null;
  }

  private satisfiesAffinity(s: FilterState, pod: Pod, labels: Labels): boolean {
    let podsExist = true;
    for (const t of s.terms.requiredAffinity) {
      const v = labels[t.topologyKey];
      // Every topology key must be on the node.
      if (v === undefined) return false;
      if ((s.affinity.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
    }
    if (podsExist) return true;
    // The first pod of a group with affinity to itself: allowed when no pod anywhere matches yet.
    return s.affinity.size === 0 && matchesAll(s.terms.requiredAffinity, pod, this.nsLabelsOf(pod));
  }

  preScore(state: CycleState, pod: Pod): Result {
    const terms = affinityTermsOf(pod);
    const hasConstraints = terms.preferredAffinity.length > 0 || terms.preferredAntiAffinity.length > 0;
    const podNsLabels = this.handle.lister.namespaceLabels(pod.metadata.namespace);
    const topo: TopologyScore = new Map();
    const add = (term: AffinityTerm, weight: number, node: Node): void => {
      const v = node.metadata.labels?.[term.topologyKey];
      if (v === undefined) return;
      let m = topo.get(term.topologyKey);
      if (!m) topo.set(term.topologyKey, (m = new Map()));
      m.set(v, (m.get(v) ?? 0) + weight);
    };
    const weighted = (list: readonly WeightedAffinityTerm[], target: Pod, nsLabels: Labels | undefined, node: Node, sign: number): void => {
      for (const w of list) if (w.term.matches(target, nsLabels)) add(w.term, w.weight * sign, node);
    };
    // Scoring looks at every node of the cluster, not only the feasible ones: a domain's pods count wherever they run.
    for (const info of this.handle.lister.nodes()) {
      if (!hasConstraints && info.podsWithAffinity === 0) continue;
      const node = info.node;
      if (!node.metadata.labels || Object.keys(node.metadata.labels).length === 0) continue;
      for (const p of info.pods.values()) {
        if (!hasConstraints && !p.affinity) continue;
        const existing = p.pod;
        if (hasConstraints) {
          const nsLabels = this.nsLabelsOf(existing);
          weighted(terms.preferredAffinity, existing, nsLabels, node, 1);
          weighted(terms.preferredAntiAffinity, existing, nsLabels, node, -1);
        }
        const theirs = p.affinity;
        if (!theirs) continue;
        for (const t of theirs.requiredAffinity) if (t.matches(pod, podNsLabels)) add(t, HARD_POD_AFFINITY_WEIGHT, node);
        weighted(theirs.preferredAffinity, pod, podNsLabels, node, 1);
        weighted(theirs.preferredAntiAffinity, pod, podNsLabels, node, -1);
      }
    }
    if (topo.size === 0) return status(Code.Skip);
    state.write(SCORE_KEY, topo);
    return null;
  }

  score(state: CycleState, _pod: Pod, info: NodeInfo): number {
    const topo = state.read(SCORE_KEY);
    if (!topo) return 0;
    const labels = info.node.metadata.labels ?? {};
    let score = 0;
    for (const [key, values] of topo) {
      const v = labels[key];
      if (v !== undefined) score += values.get(v) ?? 0;
    }
    return score;
  }

  /** Min–max scaling onto 0..100 (negative totals from anti-affinity included). */
  normalizeScore(state: CycleState, _pod: Pod, scores: Float64Array, count: number): void {
    if (!state.read(SCORE_KEY)) return;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < count; i++) {
      min = Math.min(min, scores[i]!);
      max = Math.max(max, scores[i]!);
    }
    const diff = max - min;
    for (let i = 0; i < count; i++) scores[i] = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (scores[i]! - min)) / diff) : 0;
  }
}
