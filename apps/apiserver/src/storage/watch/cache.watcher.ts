import type { KubeObject } from '../../registry/generic/strategy.interface.js';
import type { StoredEvent, Watch } from '../storage.interface.js';

/**
 * One watch on the cache: a bounded queue between the broadcaster and the HTTP stream. A consumer
 * that falls `capacity` events behind is closed (the client relists), never allowed to grow memory.
 */
export class CacheWatcher implements Watch {
  private queue: StoredEvent[] = [];
  private head = 0;
  private waiter: ((e: StoredEvent | undefined) => void) | undefined;
  private closed = false;
  endReason: string | undefined;
  /** Events with rv <= this are already covered (replayed or skipped); live dispatch starts after it. */
  floorRv: number;
  private lastRv: number;
  readonly startRv: number;
  initialCount = 0;
  /** While replaying history from the database, live events wait here. */
  private held: StoredEvent[] | undefined;

  constructor(
    readonly resource: string,
    readonly namespace: string | undefined,
    readonly filter: ((obj: KubeObject) => boolean) | undefined,
    fromRv: number,
    private readonly capacity: number,
    private readonly cacheRv: () => number,
    private readonly onStop: (w: CacheWatcher) => void,
  ) {
    this.floorRv = fromRv;
    this.lastRv = fromRv;
    this.startRv = fromRv;
  }

  get currentRv(): number {
    return this.pending() === 0 && !this.held ? Math.max(this.lastRv, this.cacheRv()) : this.lastRv;
  }

  pending(): number {
    return this.queue.length - this.head;
  }

  /** Offers a raw change; applies namespace and selector semantics (a change out of the selector is a DELETED). */
  offer(ev: StoredEvent): void {
    if (this.closed || ev.rv <= this.floorRv) return;
    if (this.namespace !== undefined && ev.key.namespace !== this.namespace) return;
    if (this.held) {
      this.held.push(ev);
      return;
    }
    const out = this.translate(ev);
    if (out) this.push(out);
  }

  /** The current state a watch starts with (no resourceVersion given): one ADDED per object, counted. */
  pushInitial(objects: readonly KubeObject[]): void {
    this.initialCount = objects.length;
    for (const obj of objects) {
      const md = obj.metadata ?? {};
      this.push({
        type: 'ADDED',
        rv: Number(md.resourceVersion ?? 0),
        key: { resource: this.resource, namespace: md.namespace ?? '', name: md.name ?? '' },
        object: obj,
      });
    }
  }

  /** Enqueues an event as is (initial state, replay). */
  push(ev: StoredEvent): void {
    if (this.closed) return;
    if (ev.rv > this.lastRv) this.lastRv = ev.rv;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(ev);
      return;
    }
    if (this.pending() >= this.capacity) {
      this.end('the watcher fell too far behind and was closed; relist and watch again');
      return;
    }
    this.queue.push(ev);
  }

  hold(): void {
    this.held = [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const ev of held) this.offer(ev);
  }

  translate(ev: StoredEvent): StoredEvent | undefined {
    const f = this.filter;
    if (!f) return ev;
    const cur = f(ev.object);
    if (ev.type === 'ADDED' || ev.type === 'DELETED') return cur ? ev : undefined;
    const prev = ev.prev ? f(ev.prev) : cur;
    if (cur && prev) return ev;
    if (cur) return { ...ev, type: 'ADDED' };
    if (prev && ev.prev) {
      const gone = { ...ev.prev, metadata: { ...ev.prev.metadata, resourceVersion: String(ev.rv) } };
      return { ...ev, type: 'DELETED', object: gone };
    }
    return undefined;
  }

  next(): Promise<StoredEvent | undefined> {
    if (this.pending() > 0) {
      const ev = this.queue[this.head]!;
      this.queue[this.head] = undefined as unknown as StoredEvent;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      return Promise.resolve(ev);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  end(reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    this.endReason = reason;
    this.queue = [];
    this.head = 0;
    const w = this.waiter;
    this.waiter = undefined;
    w?.(undefined);
    this.onStop(this);
  }

  stop(): void {
    this.end();
  }
}
