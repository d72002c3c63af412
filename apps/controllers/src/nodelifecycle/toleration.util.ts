import { NOT_READY, UNREACHABLE, type Taint, type Toleration } from './node.types.js';

/** Upstream's Toleration.ToleratesTaint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/**
 * When a pod on a node with these NoExecute taints must go (ms since epoch), or undefined if never,
 * as upstream's taint eviction: a taint nothing tolerates evicts at once, otherwise the shortest
 * tolerationSeconds among the tolerations used counts from the taint's timeAdded. A pod with no
 * toleration at all for not-ready/unreachable gets `defaultSeconds` (what the DefaultTolerationSeconds
 * admission plugin would have given it, --pod-eviction-timeout).
 */
export function evictionTime(taints: Taint[], tolerations: Toleration[], defaultSeconds: number, nowMs: number): number | undefined {
  let at: number | undefined;
  for (const taint of taints) {
    if (taint.effect !== 'NoExecute') continue;
    const since = taint.timeAdded ? Date.parse(taint.timeAdded) : nowMs;
    const used = tolerations.filter((t) => tolerates(t, taint));
    let seconds: number | undefined;
    if (used.length === 0) seconds = taint.key === NOT_READY || taint.key === UNREACHABLE ? defaultSeconds : 0;
    else {
      const finite = used.map((t) => t.tolerationSeconds).filter((s): s is number => s !== undefined);
      // As upstream's getMinTolerationTime: the shortest bounded one wins; only unbounded ones tolerate forever.
      if (finite.length === 0) continue;
      seconds = Math.max(0, Math.min(...finite));
    }
    const when = since + seconds * 1000;
    at = at === undefined ? when : Math.min(at, when);
  }
  return at;
}
