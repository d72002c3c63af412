export interface QueueOptions {
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** An unschedulable pod is retried after this long even if nothing in the cluster changed. */
  maxUnschedulableMs?: number;
}

interface QueuedPod {
  key: string;
  attempts: number;
  /** When the last attempt failed; backoff runs from here. */
  failedAt: number;
  /** When it entered the unschedulable set. */
  parkedAt: number;
}

interface ActiveEntry {
  key: string;
  priority: number;
  /** Order of arrival in activeQ: equal priorities pop first in, first out. */
  seq: number;
}

/** a before b: higher spec.priority first, then earlier arrival (upstream's PrioritySort QueueSort plugin). */
function before(a: ActiveEntry, b: ActiveEntry): boolean {
  return a.priority !== b.priority ? a.priority > b.priority : a.seq < b.seq;
}

/**
 * Upstream's PriorityQueue in three parts: activeQ (a heap of pods to try now, by priority then arrival), backoffQ (pods that
 * just failed, released 1 s × 2^(attempts-1) up to 10 s after the failure) and the unschedulable
 * set (pods no node fits; moved back when the cluster changes or after 60 s). A cluster change seen
 * while a pod was being scheduled sends it to backoff instead of parking it, so the event is not lost.
 */
export class SchedulingQueue {
  private readonly active: ActiveEntry[] = [];
  private seq = 0;
  private readonly inActive = new Set<string>();
  private readonly backoff = new Map<string, QueuedPod>();
  private readonly unschedulable = new Map<string, QueuedPod>();
  private readonly info = new Map<string, QueuedPod>();
  private readonly inFlight = new Set<string>();
  private waiter: ((key: string | undefined) => void) | undefined;
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  /** Incremented per pop; compared with the cycle of the last cluster change. */
  private cycle = 0;
  /** Set while many pods move at once; the waiting pop is served after the whole batch. */
  private batching = false;
  private moveRequestCycle = -1;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxUnschedulableMs: number;

  constructor(
    opts: QueueOptions = {},
    private readonly priorityOf: (key: string) => number = () => 0,
  ) {
    this.initialBackoffMs = opts.initialBackoffMs ?? 1000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000;
    this.maxUnschedulableMs = opts.maxUnschedulableMs ?? 60_000;
    // Upstream flushes backoffQ every second and the unschedulable pods every 30 s.
    this.timer = setInterval(() => this.flush(), 250);
    this.timer.unref();
  }

  /** A new or changed pending pod. */
  add(key: string): void {
    if (this.closed || this.inActive.has(key) || this.inFlight.has(key) || this.backoff.has(key)) return;
    if (this.unschedulable.has(key)) return this.moveToActive(key);
    if (!this.info.has(key)) this.info.set(key, { key, attempts: 0, failedAt: 0, parkedAt: 0 });
    this.pushActive(key);
  }

  /** An unschedulable pod whose own spec changed: try it again now. */
  update(key: string): void {
    if (this.unschedulable.has(key) || this.backoff.has(key)) this.moveToActive(key);
    else this.add(key);
  }

  delete(key: string): void {
    this.inActive.delete(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
    if (!this.inFlight.has(key)) this.info.delete(key);
  }

  /** Next pod to schedule; undefined once closed. */
  pop(): Promise<string | undefined> {
    const key = this.shiftActive();
    if (key !== undefined) return Promise.resolve(key);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((r) => (this.waiter = r));
  }

  /** Scheduled (or gone): forget its history. */
  done(key: string): void {
    this.inFlight.delete(key);
    this.info.delete(key);
  }

  /** No node fits: park it until the cluster changes, unless it already changed meanwhile. */
  addUnschedulable(key: string, podCycle: number): void {
    this.inFlight.delete(key);
    if (this.closed) return;
    const q = this.failed(key);
    if (this.moveRequestCycle >= podCycle) this.backoff.set(key, q);
    else {
      q.parkedAt = Date.now();
      this.unschedulable.set(key, q);
    }
  }

  /** A transient error (bind failed, API error): retry after backoff. */
  addBackoff(key: string): void {
    this.inFlight.delete(key);
    if (this.closed) return;
    this.backoff.set(key, this.failed(key));
  }

  /** Something that may make parked pods schedulable happened (node added/changed, pod deleted). */
  moveAllToActiveOrBackoff(): void {
    this.moveRequestCycle = this.cycle;
    const now = Date.now();
    this.batching = true;
    for (const [key, q] of this.unschedulable) {
      this.unschedulable.delete(key);
      if (now < q.failedAt + this.backoffMs(q)) this.backoff.set(key, q);
      else this.pushActive(key);
    }
    this.batching = false;
    this.wake();
  }

  get schedulingCycle(): number {
    return this.cycle;
  }

  stats(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.inActive.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size };
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    const w = this.waiter;
    this.waiter = undefined;
    w?.(undefined);
  }

  private failed(key: string): QueuedPod {
    const q = this.info.get(key) ?? { key, attempts: 0, failedAt: 0, parkedAt: 0 };
    q.attempts++;
    q.failedAt = Date.now();
    this.info.set(key, q);
    return q;
  }

  private backoffMs(q: QueuedPod): number {
    return Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** Math.max(0, q.attempts - 1));
  }

  private moveToActive(key: string): void {
    this.unschedulable.delete(key);
    this.backoff.delete(key);
    this.pushActive(key);
  }

  private flush(): void {
    const now = Date.now();
    this.batching = true;
    for (const [key, q] of this.backoff) {
      if (now >= q.failedAt + this.backoffMs(q)) {
        this.backoff.delete(key);
        this.pushActive(key);
      }
    }
    for (const [key, q] of this.unschedulable) {
      if (now - q.parkedAt >= this.maxUnschedulableMs) {
        this.unschedulable.delete(key);
        this.pushActive(key);
      }
    }
    this.batching = false;
    this.wake();
  }

  private pushActive(key: string): void {
    if (this.inActive.has(key) || this.inFlight.has(key)) return;
    this.inActive.add(key);
    this.heapPush({ key, priority: this.priorityOf(key), seq: this.seq++ });
    if (!this.batching) this.wake();
  }

  /** Hands the best active pod to a waiting pop; after a batch of moves, so the order holds across it. */
  private wake(): void {
    const w = this.waiter;
    if (!w) return;
    const key = this.shiftActive();
    if (key === undefined) return;
    this.waiter = undefined;
    w(key);
  }

  private heapPush(e: ActiveEntry): void {
    const h = this.active;
    let i = h.push(e) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(e, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = e;
  }

  private heapPop(): ActiveEntry | undefined {
    const h = this.active;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && before(h[r]!, h[l]!) ? r : l;
      if (!before(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
    return top;
  }

  private shiftActive(): string | undefined {
    for (let e = this.heapPop(); e !== undefined; e = this.heapPop()) {
      const key = e.key;
      // Deleted while waiting: the set no longer has it (a stale heap entry).
      if (!this.inActive.delete(key)) continue;
      this.inFlight.add(key);
      this.cycle++;
      return key;
    }
    return undefined;
  }
}
