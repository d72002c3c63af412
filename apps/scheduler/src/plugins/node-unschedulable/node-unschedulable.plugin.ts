import type { Pod, Taint } from '../../api/core.types.js';
import type { NodeInfo } from '../../cache/node.info.js';
import type { CycleState } from '../../framework/cycle.state.js';
import type { FilterPlugin } from '../../framework/plugin.types.js';
import { Code, status, type Result } from '../../framework/status.js';
import { toleratedByAny } from '../taint-toleration/toleration.helper.js';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

// A cordoned node behaves as if it had this taint, so DaemonSet-style tolerations still get through.
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** Rejects cordoned nodes (spec.unschedulable) unless the pod tolerates the unschedulable taint. */
export class NodeUnschedulable implements FilterPlugin {
  readonly name = NODE_UNSCHEDULABLE;

  filter(_state: CycleState, pod: Pod, node: NodeInfo): Result {
    if (!node.node.spec?.unschedulable) return null;
    if (toleratedByAny(pod.spec.tolerations ?? [], UNSCHEDULABLE_TAINT)) return null;
    return status(Code.UnschedulableAndUnresolvable, ERR_REASON_UNSCHEDULABLE);
  }
}
