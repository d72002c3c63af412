import type { Pod } from '../../api/core.types.js';
import type { NodeInfo } from '../../cache/node.info.js';
import { podRequests, type Resource } from '../../cache/resource.js';
import { CycleState, StateKey } from '../../framework/cycle.state.js';
import { MAX_NODE_SCORE, type FilterPlugin, type PreFilterPlugin, type ScorePlugin } from '../../framework/plugin.types.js';
import { Code, status, type Result } from '../../framework/status.js';

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';

interface FitState {
  requests: Resource;
  nonZero: Resource;
  scalar: Array<[string, number]>;
}
const KEY = new StateKey<FitState>(NODE_RESOURCES_FIT);

/** One remaining-capacity ratio for LeastAllocated: (allocatable - requested) * 100 / allocatable. */
function leastAllocated(requested: number, allocatable: number): number {
  if (allocatable === 0 || requested > allocatable) return 0;
  return Math.trunc(((allocatable - requested) * MAX_NODE_SCORE) / allocatable);
}

/**
 * Filter: the pod's requests fit in allocatable minus what the node's pods (assumed ones included)
 * request, plus the pod-count limit. Score: LeastAllocated over cpu and memory, weight 1 each,
 * with upstream's non-zero defaults for pods that request nothing.
 */
export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = NODE_RESOURCES_FIT;

  preFilter(state: CycleState, pod: Pod): Result {
    const requests = podRequests(pod);
    state.write(KEY, { requests, nonZero: podRequests(pod, true), scalar: [...requests.scalar].filter(([, v]) => v > 0) });
    return null;
  }

  filter(state: CycleState, _pod: Pod, node: NodeInfo): Result {
    const s = state.read(KEY);
    if (!s) return status(Code.Error, 'NodeResourcesFit PreFilter did not run');
    const req = s.requests;
    const alloc = node.allocatable;
    const used = node.requested;
    let reasons: string[] | undefined;
    // Asking for more than the node has in total cannot be fixed by evicting anyone.
    let unresolvable = false;
    if (node.pods.size + 1 > alloc.pods) (reasons ??= []).push('Too many pods');
    if (req.milliCPU > 0 && alloc.milliCPU < req.milliCPU + used.milliCPU) {
      (reasons ??= []).push('Insufficient cpu');
      unresolvable ||= req.milliCPU > alloc.milliCPU;
    }
    if (req.memory > 0 && alloc.memory < req.memory + used.memory) {
      (reasons ??= []).push('Insufficient memory');
      unresolvable ||= req.memory > alloc.memory;
    }
    if (req.ephemeralStorage > 0 && alloc.ephemeralStorage < req.ephemeralStorage + used.ephemeralStorage) {
      (reasons ??= []).push('Insufficient ephemeral-storage');
      unresolvable ||= req.ephemeralStorage > alloc.ephemeralStorage;
    }
    for (const [name, want] of s.scalar) {
      const have = alloc.scalar.get(name) ?? 0;
      if (have < want + (used.scalar.get(name) ?? 0)) {
        (reasons ??= []).push(`Insufficient ${name}`);
        unresolvable ||= want > have;
      }
    }
    if (!reasons) return null;
    return status(unresolvable ? Code.UnschedulableAndUnresolvable : Code.Unschedulable, ...reasons);
  }

  score(state: CycleState, _pod: Pod, node: NodeInfo): number {
    const s = state.read(KEY);
    if (!s) return 0;
    const cpu = leastAllocated(node.nonZeroRequested.milliCPU + s.nonZero.milliCPU, node.allocatable.milliCPU);
    const mem = leastAllocated(node.nonZeroRequested.memory + s.nonZero.memory, node.allocatable.memory);
    return Math.trunc((cpu + mem) / 2);
  }
}
