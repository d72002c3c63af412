import type { StoredEvent } from '../storage.interface.js';

/** One resource's recent changes, oldest first, from index `head`. */
class ResourceRing {
  events: StoredEvent[] = [];
  head = 0;
  /** Every change of this resource with rv > floor is in `events`. */
  floor: number;

  constructor(floor: number) {
    this.floor = floor;
  }

  get size(): number {
    return this.events.length - this.head;
  }

  dropOldest(): void {
    const ev = this.events[this.head]!;
    this.events[this.head] = undefined as unknown as StoredEvent;
    this.head++;
    this.floor = ev.rv;
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * The watch cache's recent changes, one ring per resource (storage key) with its own floor, so that
 * a watch resuming on one resource reads only that resource's changes. The rings together hold at
 * most `capacity` changes; when full, the oldest change of all is dropped first (its resource's
 * floor moves past it).
 */
export class EventRing {
  private readonly rings = new Map<string, ResourceRing>();
  /** The ring of each held change, in the order the changes came (rv order): who to drop next. */
  private order: ResourceRing[] = [];
  private orderHead = 0;
  /** Floor of a resource with no ring yet: the version the cache was loaded at. */
  private baseFloor = 0;
  /** Changes examined by the last `after()` (how far a resume had to look). */
  lastScan = 0;

  constructor(private readonly capacity: number) {}

  /** Forgets every change; the cache's state is now consistent at `rv`. */
  reset(rv: number): void {
    this.rings.clear();
    this.order = [];
    this.orderHead = 0;
    this.baseFloor = rv;
  }

  get size(): number {
    return this.order.length - this.orderHead;
  }

  /** Appends a change (rv above every held one). */
  push(ev: StoredEvent): void {
    let ring = this.rings.get(ev.key.resource);
    if (!ring) {
      ring = new ResourceRing(this.baseFloor);
      this.rings.set(ev.key.resource, ring);
    }
    ring.events.push(ev);
    this.order.push(ring);
  }

  /** Drops the oldest changes until at most `capacity` are held. */
  trim(): void {
    let over = this.size - this.capacity;
    if (over <= 0) return;
    while (over-- > 0) {
      const ring = this.order[this.orderHead]!;
      this.order[this.orderHead] = undefined as unknown as ResourceRing;
      this.orderHead++;
      ring.dropOldest();
    }
    if (this.orderHead > this.capacity) {
      this.order = this.order.slice(this.orderHead);
      this.orderHead = 0;
    }
  }

  /** Every change of `resource` with rv > floor(resource) is held. */
  floor(resource: string): number {
    return this.rings.get(resource)?.floor ?? this.baseFloor;
  }

  /** The held changes of `resource` after `rv`, oldest first (callers check `rv >= floor(resource)`). */
  after(resource: string, rv: number): StoredEvent[] {
    const ring = this.rings.get(resource);
    this.lastScan = 0;
    if (!ring) return [];
    const { events } = ring;
    // Binary search for the first change after rv; the ring is in rv order.
    let lo = ring.head;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      this.lastScan++;
      if (events[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    this.lastScan += events.length - lo;
    return events.slice(lo);
  }
}
