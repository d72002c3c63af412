/**
 * A rate-limited work queue of keys, after client-go's workqueue: a key is queued at most once,
 * never processed by two workers at the same time, re-queued once if it changed while being
 * processed, and retried with per-key exponential backoff after a failure.
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly waiters: Array<(k: string | undefined) => void> = [];
  private shuttingDown = false;

  constructor(
    private readonly baseDelayMs = 5,
    private readonly maxDelayMs = 60_000,
  ) {}

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    const w = this.waiters.shift();
    if (w) {
      this.dirty.delete(key);
      this.processing.add(key);
      w(key);
      return;
    }
    this.queue.push(key);
  }

  addAfter(key: string, ms: number): void {
    if (ms <= 0) return this.add(key);
    setTimeout(() => this.add(key), ms).unref();
  }

  /** Re-queue after a failure with exponential backoff. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** n));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Next key to work on; undefined after shutdown. */
  get(): Promise<string | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    const key = this.queue.shift();
    if (key !== undefined) {
      this.dirty.delete(key);
      this.processing.add(key);
      return Promise.resolve(key);
    }
    return new Promise((r) => this.waiters.push(r));
  }

  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.dirty.delete(key);
      this.add(key);
    }
  }

  get length(): number {
    return this.queue.length;
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  /** Runs `workers` loops calling `handle` for each key until shutdown; errors retry with backoff. */
  run(workers: number, handle: (key: string) => Promise<void>): Promise<void[]> {
    return Promise.all(
      Array.from({ length: workers }, async () => {
        for (;;) {
          const key = await this.get();
          if (key === undefined) return;
          try {
            await handle(key);
            this.forget(key);
          } catch {
            this.addRateLimited(key);
          } finally {
            this.done(key);
          }
        }
      }),
    );
  }
}
