import type { StoredEvent } from '../storage.interface.js';

/** The versions of one resource's held changes, oldest first from `head` (plain numbers: no work for the GC). */
class ResourceIndex {
  rvs: number[] = [];
  head = 0;
  /** Every change of this resource with rv > floor is held. */
  floor: number;

  constructor(floor: number) {
    this.floor = floor;
  }
}

/**
 * The watch cache's recent changes with an index per resource (storage key) that has its own
 * floor, so that a watch resuming on one resource reads only that resource's changes. At most
 * `capacity` changes are held across resources; when full, the oldest change of all is dropped
 * first, and its resource's floor moves past it.
 */
export class EventRing {
  /** All held changes in rv order, from `start`. */
  private ring: StoredEvent[] = [];
  private start = 0;
  /** Every change with rv > globalFloor is held. */
  private globalFloor = 0;
  private readonly index = new Map<string, ResourceIndex>();
  /** The index the last change went to: changes come in runs of one resource, so most pushes skip the Map. */
  private last: ResourceIndex | undefined;
  private lastResource = '';
  /** Floor of a resource with no change since the load: the version the cache was loaded at. */
  private baseFloor = 0;
  /** Entries examined by the last `after()` (how far a resume had to look). */
  lastScan = 0;

  constructor(private readonly capacity: number) {}

  /** Forgets every change; the cache's state is now consistent at `rv`. */
  reset(rv: number): void {
    this.ring = [];
    this.start = 0;
    this.globalFloor = rv;
    this.index.clear();
    this.last = undefined;
    this.lastResource = '';
    this.baseFloor = rv;
  }

  get size(): number {
    return this.ring.length - this.start;
  }

  /** Appends a change (rv above every held one). */
  push(ev: StoredEvent): void {
    const resource = ev.key.resource;
    let ix = this.last;
    if (ix === undefined || this.lastResource !== resource) {
      ix = this.index.get(resource);
      if (!ix) {
        ix = new ResourceIndex(this.baseFloor);
        this.index.set(resource, ix);
      }
      this.last = ix;
      this.lastResource = resource;
    }
    this.ring.push(ev);
    ix.rvs.push(ev.rv);
  }

  /** Drops the oldest changes until at most `capacity` are held. */
  trim(): void {
    const live = this.ring.length - this.start;
    if (live <= this.capacity) return;
    const drop = live - this.capacity;
    this.globalFloor = this.ring[this.start + drop - 1]!.rv;
    this.start += drop;
    if (this.start > this.capacity) {
      // Released in bulk; the per-resource indexes follow (each dropped entry is passed once).
      this.ring.splice(0, this.start);
      this.start = 0;
      for (const ix of this.index.values()) this.settle(ix);
    }
  }

  /** Every change of `resource` with rv > floor(resource) is held. */
  floor(resource: string): number {
    const ix = this.index.get(resource);
    if (!ix) return this.baseFloor;
    this.settle(ix);
    return ix.floor;
  }

  /** The held changes of `resource` after `rv`, oldest first (callers check `rv >= floor(resource)`). */
  after(resource: string, rv: number): StoredEvent[] {
    this.lastScan = 0;
    const ix = this.index.get(resource);
    if (!ix) return [];
    this.settle(ix);
    const rvs = ix.rvs;
    let first = this.search(rvs, ix.head, rvs.length, rv);
    const out: StoredEvent[] = [];
    // Each wanted version is found in the ring by binary search, starting after the previous one.
    let lo = this.start;
    for (; first < rvs.length; first++) {
      const at = this.search(this.ring, lo, this.ring.length, rvs[first]! - 1, (e) => e.rv);
      const ev = this.ring[at];
      if (ev === undefined) break;
      out.push(ev);
      lo = at + 1;
    }
    return out;
  }

  /** First index in [lo, hi) whose value is above `rv` (values ascending). */
  private search<T>(arr: readonly T[], lo: number, hi: number, rv: number, valueOf: (x: T) => number = (x) => x as number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      this.lastScan++;
      if (valueOf(arr[mid]!) <= rv) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Moves a resource's index past the changes the ring no longer holds. */
  private settle(ix: ResourceIndex): void {
    const rvs = ix.rvs;
    while (ix.head < rvs.length && rvs[ix.head]! <= this.globalFloor) ix.floor = rvs[ix.head++]!;
    if (ix.head > 1024 && ix.head * 2 > rvs.length) {
      ix.rvs = rvs.slice(ix.head);
      ix.head = 0;
    }
  }
}
