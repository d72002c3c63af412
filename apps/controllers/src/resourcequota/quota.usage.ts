import { addQuantities, canonicalQuantity, parseQuantity, type Quantity } from '../../../../libs/apimachinery/src/quantity/quantity.js';
import type { Pod } from '../shared/types.js';

export type ResourceList = Map<string, Quantity>;

function add(into: ResourceList, key: string, q: Quantity): void {
  const prev = into.get(key);
  // The first contribution's format wins, as upstream's quota.Add (so memory stays `Mi`, cpu `m`).
  into.set(key, prev ? addQuantities(prev, q) : q);
}

const parse = (v: string | number): Quantity | undefined => {
  try {
    return parseQuantity(v);
  } catch {
    return undefined;
  }
};

function parsed(list: Record<string, string | number> | undefined): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, v] of Object.entries(list ?? {})) {
    const q = parse(v);
    if (q) out.set(k, q);
  }
  return out;
}

/** Upstream's resourcehelper.PodRequests/PodLimits: max(sum of containers (+ sidecars), each init container) + overhead. */
function podResources(pod: Pod, which: 'requests' | 'limits'): ResourceList {
  const sum: ResourceList = new Map();
  for (const c of pod.spec?.containers ?? []) for (const [k, q] of parsed(c.resources?.[which])) add(sum, k, q);
  // Restartable init containers (sidecars) run alongside the app containers and the later init containers.
  const sidecars: ResourceList = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const own = parsed(c.resources?.[which]);
    if (c.restartPolicy === 'Always') {
      for (const [k, q] of own) {
        add(sum, k, q);
        add(sidecars, k, q);
      }
      continue;
    }
    for (const [k, q] of own) {
      const side = sidecars.get(k);
      const withSidecars = side ? addQuantities(q, side) : q;
      const cur = sum.get(k);
      if (!cur || withSidecars.nanos > cur.nanos) sum.set(k, withSidecars);
    }
  }
  for (const [k, q] of parsed(pod.spec?.overhead)) if (sum.has(k)) add(sum, k, q);
  return sum;
}

/** Upstream's QuotaV1Pod: finished pods, and deleted ones past their grace period, use no quota. */
export function podCountsForQuota(pod: Pod, nowMs = Date.now()): boolean {
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return false;
  const del = pod.metadata.deletionTimestamp;
  const grace = Number(pod.metadata['deletionGracePeriodSeconds'] ?? 0);
  return !(del && Date.parse(del) + grace * 1000 < nowMs);
}

const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** Upstream's PodUsageFunc: pods, count/pods, requests.* (and the bare names), limits.*. */
export function podUsage(pod: Pod): ResourceList {
  const out: ResourceList = new Map([
    ['pods', parseQuantity('1')],
    ['count/pods', parseQuantity('1')],
  ]);
  for (const [k, q] of podResources(pod, 'requests')) {
    out.set(`requests.${k}`, q);
    if (STANDARD.has(k)) out.set(k, q);
  }
  for (const [k, q] of podResources(pod, 'limits')) out.set(`limits.${k}`, q);
  return out;
}

export function isBestEffort(pod: Pod): boolean {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  return all.every((c) => Object.keys(c.resources?.requests ?? {}).length === 0 && Object.keys(c.resources?.limits ?? {}).length === 0);
}

export function sumUsage(items: ResourceList[]): ResourceList {
  const total: ResourceList = new Map();
  for (const u of items) for (const [k, q] of u) add(total, k, q);
  return total;
}

export function formatQuantity(q: Quantity | undefined): string {
  return q ? canonicalQuantity(q) : '0';
}
