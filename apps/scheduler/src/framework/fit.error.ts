import type { Pod } from '../api/core.types.js';
import type { NodeFailure } from './plugin.types.js';

/** Upstream's sorted "<count> <reason>" list; it sorts the strings themselves, so the count leads the order. */
export function reasonHistogram(reasons: Iterable<string>): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts]
    .map(([r, c]) => `${c} ${r}`)
    .sort()
    .join(', ');
}

/**
 * Why no node fits, worded as upstream's FitError.Error(): the filter reasons, then whatever the
 * PostFilter (preemption) said when it could not help; a successful preemption adds nothing.
 */
export class FitError {
  /** Set once PostFilter has run; already ends with its period. */
  postFilterMsg = '';

  constructor(
    readonly pod: Pod,
    readonly numAllNodes: number,
    readonly failed: readonly NodeFailure[],
  ) {}

  message(): string {
    const reasons: string[] = [];
    for (const f of this.failed) reasons.push(...f.status.reasons);
    let msg = `0/${this.numAllNodes} nodes are available:`;
    const filterMsg = reasonHistogram(reasons);
    if (filterMsg) msg += ` ${filterMsg}.`;
    return this.postFilterMsg ? `${msg} ${this.postFilterMsg}` : msg;
  }
}
