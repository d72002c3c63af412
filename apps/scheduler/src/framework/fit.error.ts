import type { Pod } from '../api/core.types.js';
import type { NodeInfo } from '../cache/node.info.js';
import { Code, type Status } from './status.js';

export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

function histogram(reasons: Iterable<string>): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  // Upstream sorts the "<count> <reason>" strings themselves, so the count leads the order.
  return [...counts].map(([r, c]) => `${c} ${r}`).sort().join(', ');
}

/**
 * Why no node fits, worded as upstream's FitError.Error() followed by the DefaultPreemption
 * PostFilter message. This scheduler does not preempt, so every node ends in one of upstream's two
 * "no preemption" answers: resolvable failures with no lower-priority pod to evict say "No
 * preemption victims found", unresolvable ones "Preemption is not helpful".
 */
export class FitError {
  constructor(
    readonly pod: Pod,
    readonly numAllNodes: number,
    readonly failed: ReadonlyArray<{ node: NodeInfo; status: Status }>,
  ) {}

  message(): string {
    const n = this.numAllNodes;
    const reasons: string[] = [];
    for (const f of this.failed) reasons.push(...f.status.reasons);
    let msg = `0/${n} nodes are available:`;
    const filterMsg = histogram(reasons);
    if (filterMsg) msg += ` ${filterMsg}.`;
    return `${msg} ${this.preemptionMessage()}`;
  }

  private preemptionMessage(): string {
    if (this.pod.spec['preemptionPolicy'] === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
    const priority = this.pod.spec.priority ?? 0;
    const outcomes: string[] = [];
    for (const f of this.failed) {
      if (f.status.code === Code.UnschedulableAndUnresolvable) {
        outcomes.push('Preemption is not helpful for scheduling');
        continue;
      }
      let lower = false;
      for (const p of f.node.pods.values()) if ((p.pod.spec.priority ?? 0) < priority) lower = true;
      // With lower-priority pods present upstream would try to evict; we only report the filter's reasons.
      if (lower) outcomes.push(...f.status.reasons);
      else outcomes.push('No preemption victims found for incoming pod');
    }
    return `preemption: 0/${this.numAllNodes} nodes are available: ${histogram(outcomes)}.`;
  }
}
