import type { Taint, Toleration } from '../../api/core.types.js';

/** Upstream's Toleration.ToleratesTaint. */
function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  // An empty key with Equal is invalid (validation rejects it); it tolerates nothing.
  if (!t.key) return false;
  return (t.value ?? '') === (taint.value ?? '');
}

export function toleratedByAny(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (tolerates(t, taint)) return true;
  return false;
}
