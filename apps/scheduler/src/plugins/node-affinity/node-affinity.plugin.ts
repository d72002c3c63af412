import type { Node, NodeSelectorTerm, Pod } from '../../api/core.types.js';
import type { NodeInfo } from '../../cache/node.info.js';
import { CycleState, StateKey } from '../../framework/cycle.state.js';
import { defaultNormalizeScore, type FilterPlugin, type PreFilterPlugin, type ScorePlugin } from '../../framework/plugin.types.js';
import { Code, status, type Result } from '../../framework/status.js';
import {
  matchAnyNodeSelectorTerm as matchAnyTerm,
  matchNodeSelectorTerm as matchTerm,
} from '../../../../../libs/apimachinery/src/labels/node-selector.matcher.js';

export const NODE_AFFINITY = 'NodeAffinity';
const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

interface AffinityState {
  selector: Array<[string, string]>;
  required: readonly NodeSelectorTerm[] | undefined;
  preferred: ReadonlyArray<{ weight: number; preference: NodeSelectorTerm }>;
}
const KEY = new StateKey<AffinityState>(NODE_AFFINITY);

/** spec.nodeSelector and required node affinity as a filter; preferred terms (summed weights) as a score. */
export class NodeAffinity implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = NODE_AFFINITY;

  preFilter(state: CycleState, pod: Pod): Result {
    const na = pod.spec.affinity?.nodeAffinity;
    state.write(KEY, {
      selector: Object.entries(pod.spec.nodeSelector ?? {}),
      required: na?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
      preferred: na?.preferredDuringSchedulingIgnoredDuringExecution ?? [],
    });
    return null;
  }

  filter(state: CycleState, _pod: Pod, node: NodeInfo): Result {
    const s = state.read(KEY);
    if (!s) return status(Code.Error, 'NodeAffinity PreFilter did not run');
    return this.matches(s, node.node) ? null : status(Code.UnschedulableAndUnresolvable, ERR_REASON_POD);
  }

  private matches(s: AffinityState, node: Node): boolean {
    const labels = node.metadata.labels ?? {};
    for (const [k, v] of s.selector) if (labels[k] !== v) return false;
    return s.required === undefined || matchAnyTerm(s.required, node);
  }

  preScore(state: CycleState): Result {
    return (state.read(KEY)?.preferred.length ?? 0) === 0 ? status(Code.Skip) : null;
  }

  score(state: CycleState, _pod: Pod, node: NodeInfo): number {
    let total = 0;
    for (const t of state.read(KEY)?.preferred ?? []) if (t.weight !== 0 && matchTerm(t.preference, node.node)) total += t.weight;
    return total;
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: Float64Array, count: number): void {
    defaultNormalizeScore(scores, count, false);
  }
}
