import { parseQuantity, quantityMilliValue, quantityValue } from '../../../../libs/apimachinery/src/quantity/quantity.js';
import type { Container, Pod, ResourceList } from '../api/core.types.js';

/** Upstream's non-zero defaults: a container without requests still counts this much when scoring. */
const DEFAULT_MILLI_CPU_REQUEST = 100;
const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** cpu in millicores, memory and ephemeral-storage in bytes, every other resource in whole units. */
export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  /** Allowed pod count (nodes only). */
  pods = 0;
  /** Extended resources, hugepages, …; absent means zero. */
  readonly scalar = new Map<string, number>();

  add(o: Resource): void {
    this.milliCPU += o.milliCPU;
    this.memory += o.memory;
    this.ephemeralStorage += o.ephemeralStorage;
    for (const [k, v] of o.scalar) this.scalar.set(k, (this.scalar.get(k) ?? 0) + v);
  }

  sub(o: Resource): void {
    this.milliCPU -= o.milliCPU;
    this.memory -= o.memory;
    this.ephemeralStorage -= o.ephemeralStorage;
    for (const [k, v] of o.scalar) this.scalar.set(k, (this.scalar.get(k) ?? 0) - v);
  }

  setMax(o: Resource): void {
    this.milliCPU = Math.max(this.milliCPU, o.milliCPU);
    this.memory = Math.max(this.memory, o.memory);
    this.ephemeralStorage = Math.max(this.ephemeralStorage, o.ephemeralStorage);
    for (const [k, v] of o.scalar) this.scalar.set(k, Math.max(this.scalar.get(k) ?? 0, v));
  }

  clone(): Resource {
    const r = new Resource();
    r.add(this);
    r.pods = this.pods;
    return r;
  }

  get isZero(): boolean {
    if (this.milliCPU !== 0 || this.memory !== 0 || this.ephemeralStorage !== 0) return false;
    for (const v of this.scalar.values()) if (v !== 0) return false;
    return true;
  }
}

// Quantity strings repeat endlessly across pods ("100m", "1Gi"): parse each spelling once.
const parsed = new Map<string, { milli: number; value: number }>();
function quantity(q: string | number): { milli: number; value: number } {
  const text = String(q);
  let hit = parsed.get(text);
  if (!hit) {
    try {
      const p = parseQuantity(text);
      hit = { milli: Number(quantityMilliValue(p)), value: Number(quantityValue(p)) };
    } catch {
      hit = { milli: 0, value: 0 };
    }
    if (parsed.size < 100_000) parsed.set(text, hit);
  }
  return hit;
}

export function resourceFromList(list: ResourceList | undefined): Resource {
  const r = new Resource();
  for (const [name, q] of Object.entries(list ?? {})) {
    const v = quantity(q);
    switch (name) {
      case 'cpu':
        r.milliCPU = v.milli;
        break;
      case 'memory':
        r.memory = v.value;
        break;
      case 'ephemeral-storage':
        r.ephemeralStorage = v.value;
        break;
      case 'pods':
        r.pods = v.value;
        break;
      default:
        r.scalar.set(name, v.value);
    }
  }
  return r;
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  // Requests default to limits in the apiserver; fall back here too so a limits-only pod is counted.
  const r = resourceFromList({ ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) });
  r.pods = 0;
  if (nonZero) {
    const req = { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
    if (req['cpu'] === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (req['memory'] === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * What a pod occupies on a node, as upstream's resourcehelper.PodRequests: the sum of app
 * containers plus restartable (sidecar) init containers, or the largest init step (an init
 * container plus the sidecars started before it) if that is more, plus the pod overhead.
 * `nonZero` substitutes the scoring defaults for unset cpu/memory requests.
 */
export function podRequests(pod: Pod, nonZero = false): Resource {
  const total = new Resource();
  for (const c of pod.spec.containers ?? []) total.add(containerRequests(c, nonZero));
  const sidecars = new Resource();
  const initMax = new Resource();
  for (const c of pod.spec.initContainers ?? []) {
    const req = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      sidecars.add(req);
      total.add(req);
      initMax.setMax(sidecars);
    } else {
      const step = req.clone();
      step.add(sidecars);
      initMax.setMax(step);
    }
  }
  total.setMax(initMax);
  if (pod.spec.overhead) total.add(resourceFromList(pod.spec.overhead));
  return total;
}
