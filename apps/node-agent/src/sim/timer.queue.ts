/** A cancellable entry; cancelled entries stay in the heap until due, then are skipped. */
export interface TimerHandle {
  cancelled: boolean;
}

/** Longest run of due entries in one turn of the event loop. */
const BATCH_BUDGET_MS = 10;

interface Entry {
  at: number;
  seq: number;
  fn: () => void;
  handle: TimerHandle;
}

/**
 * Every delayed step of every simulated pod and node goes through one binary min-heap driven by a
 * single Node.js timer, so 30,000 pods cost 30,000 small heap entries rather than 30,000 timers.
 */
export class TimerQueue {
  private readonly heap: Entry[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedAt = Infinity;
  private stopped = false;

  constructor(private readonly onError: (e: unknown) => void = () => undefined) {}

  schedule(delayMs: number, fn: () => void): TimerHandle {
    const handle: TimerHandle = { cancelled: false };
    if (this.stopped) return handle;
    this.push({ at: Date.now() + Math.max(0, delayMs), seq: this.seq++, fn, handle });
    this.arm();
    return handle;
  }

  get size(): number {
    return this.heap.length;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.heap.length = 0;
  }

  private arm(): void {
    const top = this.heap[0];
    if (!top || this.stopped || top.at >= this.armedAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.armedAt = top.at;
    // setTimeout overflows past ~24.8 days; re-arm on wake-up instead.
    this.timer = setTimeout(() => this.fire(), Math.min(Math.max(0, top.at - Date.now()), 2 ** 31 - 1));
  }

  private fire(): void {
    this.timer = undefined;
    this.armedAt = Infinity;
    const now = Date.now();
    // Bounded batch (count and time) so a burst of due entries cannot starve I/O: lease renewals
    // and socket reads get their turn before the rest of the burst.
    for (let n = 0; n < 5000; n++) {
      if ((n & 63) === 63 && Date.now() - now >= BATCH_BUDGET_MS) break;
      const top = this.heap[0];
      if (!top || top.at > now || this.stopped) break;
      this.pop();
      if (top.handle.cancelled) continue;
      top.handle.cancelled = true;
      try {
        top.fn();
      } catch (e) {
        this.onError(e);
      }
    }
    this.arm();
  }

  private less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
