import type { ChangeFeed, StoredEvent } from '../storage.interface.js';

const BATCH = 2000;

/** Which changes a tailer reads: all (the watch cache) or one resource's, with previous states for selectors. */
interface TailScope {
  readonly resource?: string;
  readonly withPrev?: boolean;
}

/**
 * Follows a backend's history from a version onwards and hands every change, in order, to `sink`.
 * The feed's wake-up (NOTIFY on `kop_events`) only wakes it up; the history is the truth, so a
 * dropped listener connection or a lost notification never loses an event (a slow poll is the
 * safety net).
 */
export class HistoryTailer {
  private unlisten: (() => Promise<void>) | undefined;
  private running = false;
  private dirty = false;
  private stopped = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private lastCaughtUp = 0;

  /**
   * @param sink receives every change in order; the cursor moves only after it returns, so a
   *   throw makes the same changes come again on the next read (the sink must skip what it has).
   * @param resync called when history after the cursor has been compacted away (this process
   *   stalled longer than the retention): the consumer rebuilds from a snapshot and returns the
   *   version to follow from.
   */
  constructor(
    private readonly feed: ChangeFeed,
    private cursor: number,
    private readonly sink: (events: StoredEvent[]) => void,
    private readonly resync: (compacted: number) => Promise<number>,
    private readonly pollMs = 1000,
    private readonly scope: TailScope = {},
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.feed.listen((rv) => {
      if (!(rv !== undefined && rv <= this.cursor)) this.wake();
    });
    if (this.stopped) {
      await this.unlisten();
      return;
    }
    this.pollTimer = setInterval(() => this.wake(), this.pollMs);
    this.pollTimer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    await this.unlisten?.();
  }

  get position(): number {
    return this.cursor;
  }

  /** When a read last reached the end of the history (readiness: `informer-sync`). */
  get caughtUpAt(): number {
    return this.lastCaughtUp;
  }

  /**
   * Changes this process just committed. When they continue the stream without a gap they are
   * delivered at once (no read needed); otherwise the table is read, which restores the order.
   */
  offerLocal(events: StoredEvent[]): void {
    if (this.stopped || events.length === 0) return;
    if (this.running || events[0]!.rv !== this.cursor + 1) {
      this.wake();
      return;
    }
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.rv !== events[i - 1]!.rv + 1) {
        this.wake();
        return;
      }
    }
    try {
      this.sink(events);
    } catch {
      this.wake(); // read them again from the table
      return;
    }
    this.cursor = events[events.length - 1]!.rv;
  }

  /** Coalesces wake-ups: at most one read in flight, and one more after it if woken meanwhile. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.dirty) {
        this.dirty = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const { compacted, events: read } = await this.feed.readChanges(this.cursor, BATCH, this.scope);
        if (this.stopped) return;
        if (compacted > this.cursor) {
          // Changes after the cursor may be gone: following on would miss them silently.
          this.cursor = await this.resync(compacted);
          continue;
        }
        // Local writes may have moved the cursor while the read was in flight.
        const events = read.filter((e) => e.rv > this.cursor);
        if (events.length > 0) {
          this.sink(events);
          this.cursor = events[events.length - 1]!.rv;
        }
        if (read.length < BATCH) {
          this.lastCaughtUp = Date.now();
          return;
        }
      }
    } catch {
      // Database unavailable or the sink failed: the poll retries from the same cursor.
    }
  }
}
