import type { Pod } from '../../api/core.types.js';
import type { NodeInfo } from '../../cache/node.info.js';
import { podRequests, type Resource } from '../../cache/resource.js';
import { CycleState, StateKey } from '../../framework/cycle.state.js';
import { MAX_NODE_SCORE, type ScorePlugin } from '../../framework/plugin.types.js';
import { Code, status, type Result } from '../../framework/status.js';

export const NODE_RESOURCES_BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';

const KEY = new StateKey<Resource>(NODE_RESOURCES_BALANCED_ALLOCATION);

/**
 * Favors nodes whose cpu and memory utilisation stay close to each other after placing the pod:
 * score = (1 - |cpuFraction - memFraction| / 2) * 100, on actual requests (no non-zero defaults).
 */
export class NodeResourcesBalancedAllocation implements ScorePlugin {
  readonly name = NODE_RESOURCES_BALANCED_ALLOCATION;

  preScore(state: CycleState, pod: Pod): Result {
    const req = podRequests(pod);
    // A best-effort pod changes no fraction: upstream skips the plugin for it.
    if (req.milliCPU === 0 && req.memory === 0) return status(Code.Skip);
    state.write(KEY, req);
    return null;
  }

  score(state: CycleState, _pod: Pod, node: NodeInfo): number {
    const req = state.read(KEY);
    if (!req) return 0;
    const a = node.allocatable;
    let n = 0;
    let f0 = 0;
    let f1 = 0;
    if (a.milliCPU > 0) {
      f0 = Math.min(1, (node.requested.milliCPU + req.milliCPU) / a.milliCPU);
      n++;
    }
    if (a.memory > 0) {
      const f = Math.min(1, (node.requested.memory + req.memory) / a.memory);
      if (n === 0) f0 = f;
      else f1 = f;
      n++;
    }
    const std = n === 2 ? Math.abs((f0 - f1) / 2) : 0;
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  }
}
