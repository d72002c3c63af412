/**
 * One bounded FIFO for the Event writes of every simulated node: a few workers send them on their
 * own sockets, and past `maxQueued` new events are dropped (client-go's broadcaster drops past
 * 1,000 queued). Events are best effort; leases and pod status must never wait behind them.
 */
export class EventWriteQueue {
  private readonly queue: Array<() => Promise<void>> = [];
  private head = 0;
  private active = 0;
  private stopped = false;
  dropped = 0;
  written = 0;

  constructor(
    private readonly workers: number,
    private readonly maxQueued: number,
  ) {}

  /** For EventRecorder's `schedule` option. */
  readonly schedule = (write: () => Promise<void>): void => {
    if (this.stopped || this.queue.length - this.head >= this.maxQueued) {
      this.dropped++;
      return;
    }
    this.queue.push(write);
    this.pump();
  };

  get length(): number {
    return this.queue.length - this.head;
  }

  /** Waits (at most `timeoutMs`) until every queued write has been sent. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.active > 0 || this.length > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }

  /** Drops whatever is still queued; writes in flight finish on their own. */
  stop(): void {
    this.stopped = true;
    this.dropped += this.length;
    this.queue.length = 0;
    this.head = 0;
  }

  private pump(): void {
    while (this.active < this.workers && this.head < this.queue.length) {
      const write = this.queue[this.head]!;
      this.queue[this.head++] = noop;
      // Compact now and then so the array does not keep every write ever queued.
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.active++;
      void write().finally(() => {
        this.active--;
        this.written++;
        this.pump();
      });
    }
  }
}

const noop = (): Promise<void> => Promise.resolve();
