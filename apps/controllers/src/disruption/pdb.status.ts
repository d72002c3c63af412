import type { Condition } from '../shared/types.js';

export type IntOrPercent = number | string;

export interface PdbStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: Array<Condition & { observedGeneration?: number }>;
}

/** Upstream's GetScaledValueFromIntOrPercent with roundUp. */
function scaled(v: IntOrPercent, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number(v) || 0;
  return Math.ceil((Number(m[1]) * total) / 100);
}

/** desiredHealthy from the budget and the expected pod count (getExpectedPodCount's arithmetic). */
export function desiredHealthy(spec: { minAvailable?: IntOrPercent; maxUnavailable?: IntOrPercent }, expected: number): number {
  if (spec.maxUnavailable !== undefined) return Math.max(0, expected - scaled(spec.maxUnavailable, expected));
  if (spec.minAvailable !== undefined) return scaled(spec.minAvailable, expected);
  return 0;
}

/** The DisruptionAllowed condition, lastTransitionTime kept while the status stays (meta.SetStatusCondition). */
export function disruptionCondition(
  prev: PdbStatus['conditions'],
  allowed: boolean,
  generation: number,
  now: string,
  failure?: string,
): NonNullable<PdbStatus['conditions']> {
  const status = failure === undefined && allowed ? 'True' : 'False';
  const reason = failure !== undefined ? 'SyncFailed' : allowed ? 'SufficientPods' : 'InsufficientPods';
  const old = (prev ?? []).find((c) => c.type === 'DisruptionAllowed');
  const cond = {
    type: 'DisruptionAllowed',
    status,
    reason,
    message: failure ?? '',
    observedGeneration: generation,
    lastTransitionTime: old && old.status === status ? (old.lastTransitionTime ?? now) : now,
  } as const;
  return [...(prev ?? []).filter((c) => c.type !== 'DisruptionAllowed'), cond];
}
