import type { Pod } from '../../api/core.types.js';
import type { NodeInfo } from '../../cache/node.info.js';
import type { CycleState } from '../../framework/cycle.state.js';
import type { FilterPlugin } from '../../framework/plugin.types.js';
import { Code, status, type Result } from '../../framework/status.js';

export const NODE_NAME = 'NodeName';
const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

/** A pod that names its node fits only there (pods reaching the queue normally have none). */
export class NodeName implements FilterPlugin {
  readonly name = NODE_NAME;

  filter(_state: CycleState, pod: Pod, node: NodeInfo): Result {
    const want = pod.spec.nodeName;
    return !want || want === node.name ? null : status(Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_NAME);
  }
}
