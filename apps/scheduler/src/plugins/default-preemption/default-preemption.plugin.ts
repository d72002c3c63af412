import type { Pod } from '../../api/core.types.js';
import type { NodeInfo, PodResources } from '../../cache/node.info.js';
import { reasonHistogram } from '../../framework/fit.error.js';
import type { CycleState } from '../../framework/cycle.state.js';
import type { FrameworkHandle, NodeFailure, PostFilterPlugin, PostFilterResult } from '../../framework/plugin.types.js';
import { Code, status, type Status } from '../../framework/status.js';

export const DEFAULT_PREEMPTION = 'DefaultPreemption';
const NO_VICTIMS = 'No preemption victims found for incoming pod';
const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
/** Upstream DefaultPreemptionArgs defaults: dry-run at least this share / this many candidate nodes. */
const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

const priorityOf = (p: Pod): number => p.spec.priority ?? 0;
const startOf = (p: Pod): number => Date.parse(p.status?.startTime ?? p.metadata.creationTimestamp ?? '') || 0;

interface Candidate {
  node: NodeInfo;
  /** Most important first. */
  victims: PodResources[];
}

/**
 * Upstream's DefaultPreemption PostFilter without PodDisruptionBudgets: on nodes that failed only
 * for reasons eviction can fix, remove every lower-priority pod, check the pod then fits, give back
 * as many of them as still allows it (most important first), and pick the node whose victims
 * matter least: lowest highest priority, then lowest priority sum, then fewest, then the most
 * recently started. The scheduler then evicts them and nominates the pod to that node.
 */
export class DefaultPreemption implements PostFilterPlugin {
  readonly name = DEFAULT_PREEMPTION;

  constructor(private readonly handle: FrameworkHandle) {}

  postFilter(_state: CycleState, pod: Pod, failed: readonly NodeFailure[]): PostFilterResult {
    const notEligible = this.notEligible(pod, failed);
    if (notEligible) return { victims: [], status: status(Code.Unschedulable, `preemption: not eligible due to ${notEligible}.`) };

    const nodes = this.handle.lister.nodes();
    const potential = failed.filter((f) => f.status.code === Code.Unschedulable);
    const statuses = new Map<string, Status>();
    const candidates: Candidate[] = [];
    if (potential.length > 0) {
      const want = Math.min(
        potential.length,
        Math.max(Math.trunc((potential.length * MIN_CANDIDATE_NODES_PERCENTAGE) / 100), MIN_CANDIDATE_NODES_ABSOLUTE),
      );
      const offset = Math.floor(Math.random() * potential.length);
      for (let i = 0; i < potential.length && candidates.length < want; i++) {
        const node = potential[(offset + i) % potential.length]!.node;
        const r = this.selectVictims(pod, node, nodes);
        if ('victims' in r) candidates.push({ node, victims: r.victims });
        else statuses.set(node.name, r.status);
      }
    }
    if (candidates.length === 0) {
      const reasons: string[] = [];
      for (const n of nodes) reasons.push(...(statuses.get(n.name)?.reasons ?? [NOT_HELPFUL]));
      // Clear a nomination the pod may carry from an earlier preemption.
      return {
        nominatedNodeName: '',
        victims: [],
        status: status(Code.Unschedulable, `preemption: 0/${nodes.length} nodes are available: ${reasonHistogram(reasons)}.`),
      };
    }
    const best = pickCandidate(candidates);
    return { nominatedNodeName: best.node.name, victims: best.victims.map((v) => v.pod), status: null };
  }

  /** upstream PodEligibleToPreemptOthers; returns why not, or undefined. */
  private notEligible(pod: Pod, failed: readonly NodeFailure[]): string | undefined {
    if (pod.spec.preemptionPolicy === 'Never') return 'preemptionPolicy=Never';
    const nominated = pod.status?.nominatedNodeName;
    if (!nominated) return undefined;
    // A pod whose earlier victims are still terminating waits for them instead of evicting more.
    if (failed.find((f) => f.node.name === nominated)?.status.code === Code.UnschedulableAndUnresolvable) return undefined;
    const info = this.handle.lister.nodes().find((n) => n.name === nominated);
    for (const p of info?.pods.values() ?? []) {
      if (p.pod.metadata.deletionTimestamp && priorityOf(p.pod) < priorityOf(pod)) return 'a terminating pod on the nominated node';
    }
    return undefined;
  }

  private selectVictims(pod: Pod, node: NodeInfo, nodes: readonly NodeInfo[]): { victims: PodResources[] } | { status: Status } {
    const priority = priorityOf(pod);
    const sim = node.clone();
    const lower: Array<[string, PodResources]> = [];
    for (const [k, p] of sim.pods) if (priorityOf(p.pod) < priority) lower.push([k, p]);
    if (lower.length === 0) return { status: status(Code.UnschedulableAndUnresolvable, NO_VICTIMS) };
    for (const [k] of lower) sim.removePod(k);
    const view = nodes.map((n) => (n.name === sim.name ? sim : n));
    const fits = this.handle.fitsOn(pod, sim, view);
    if (fits !== null) return { status: fits };
    // Most important first: higher priority, then longer running.
    lower.sort(([, a], [, b]) => priorityOf(b.pod) - priorityOf(a.pod) || startOf(a.pod) - startOf(b.pod));
    const victims: PodResources[] = [];
    for (const [k, p] of lower) {
      sim.addPod(k, p);
      if (this.handle.fitsOn(pod, sim, view) !== null) {
        sim.removePod(k);
        victims.push(p);
      }
    }
    return { victims };
  }
}

/** upstream pickOneNodeForPreemption, minus the PDB criterion. */
function pickCandidate(candidates: readonly Candidate[]): Candidate {
  const empty = candidates.find((c) => c.victims.length === 0);
  if (empty) return empty;
  const highest = (c: Candidate): number => priorityOf(c.victims[0]!.pod);
  // Shifted so every priority counts positively, as upstream does with MaxInt32 + 1.
  const sum = (c: Candidate): number => c.victims.reduce((s, v) => s + priorityOf(v.pod) + 2 ** 31, 0);
  const earliestOfHighest = (c: Candidate): number => {
    const top = highest(c);
    let t = Infinity;
    for (const v of c.victims) if (priorityOf(v.pod) === top) t = Math.min(t, startOf(v.pod));
    return t;
  };
  const criteria: Array<(c: Candidate) => number> = [highest, sum, (c) => c.victims.length, (c) => -earliestOfHighest(c)];
  let pool = [...candidates];
  for (const score of criteria) {
    const best = Math.min(...pool.map(score));
    pool = pool.filter((c) => score(c) === best);
    if (pool.length === 1) break;
  }
  return pool[0]!;
}
