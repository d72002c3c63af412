import {
  addQuantities,
  compareQuantities,
  parseQuantity,
  type Quantity,
} from '../../../../../../libs/apimachinery/src/quantity/quantity.js';
import { isRecord, records, type Json } from '../../../../../../libs/apimachinery/src/json/json.access.js';

type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'] as const;

function positive(m: unknown): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  if (!isRecord(m)) return out;
  for (const name of QOS_RESOURCES) {
    const v = m[name];
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    try {
      const q = parseQuantity(v);
      if (q.nanos > 0n) out.set(name, q);
    } catch {
      // Invalid amounts are rejected by validation; they do not count here.
    }
  }
  return out;
}

function accumulate(into: Map<string, Quantity>, from: Map<string, Quantity>): void {
  for (const [k, q] of from) {
    const cur = into.get(k);
    into.set(k, cur ? addQuantities(cur, q) : q);
  }
}

/** GetPodQOS over init and app containers (cpu and memory only, as upstream). */
export function podQOSClass(spec: Json): QOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of [...records(spec['initContainers']), ...records(spec['containers'])]) {
    const r = isRecord(c['resources']) ? c['resources'] : {};
    accumulate(requests, positive(r['requests']));
    const lim = positive(r['limits']);
    accumulate(limits, lim);
    if (!QOS_RESOURCES.every((n) => lim.has(n))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantities(lim, req) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
