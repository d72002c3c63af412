import type { Pod, Toleration } from '../../api/core.types.js';
import type { NodeInfo } from '../../cache/node.info.js';
import { CycleState, StateKey } from '../../framework/cycle.state.js';
import { defaultNormalizeScore, type FilterPlugin, type ScorePlugin } from '../../framework/plugin.types.js';
import { Code, status, type Result } from '../../framework/status.js';
import { toleratedByAny } from './toleration.helper.js';

export const TAINT_TOLERATION = 'TaintToleration';

const PREFER_KEY = new StateKey<Toleration[]>(`${TAINT_TOLERATION}/prefer`);

/** NoSchedule/NoExecute taints must be tolerated; untolerated PreferNoSchedule taints lower the score. */
export class TaintToleration implements FilterPlugin, ScorePlugin {
  readonly name = TAINT_TOLERATION;

  filter(_state: CycleState, pod: Pod, node: NodeInfo): Result {
    const taints = node.node.spec?.taints;
    if (!taints || taints.length === 0) return null;
    const tolerations = pod.spec.tolerations ?? [];
    for (const taint of taints) {
      if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
      if (!toleratedByAny(tolerations, taint)) {
        return status(Code.UnschedulableAndUnresolvable, `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
      }
    }
    return null;
  }

  preScore(state: CycleState, pod: Pod): Result {
    // Only tolerations that can apply to PreferNoSchedule count when scoring (upstream getAllTolerationPreferNoSchedule).
    state.write(
      PREFER_KEY,
      (pod.spec.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule'),
    );
    return null;
  }

  score(state: CycleState, _pod: Pod, node: NodeInfo): number {
    const taints = node.node.spec?.taints;
    if (!taints) return 0;
    const tolerations = state.read(PREFER_KEY) ?? [];
    let count = 0;
    for (const taint of taints) if (taint.effect === 'PreferNoSchedule' && !toleratedByAny(tolerations, taint)) count++;
    return count;
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: Float64Array, count: number): void {
    defaultNormalizeScore(scores, count, true);
  }
}
