/** What the compactor drives: the backend's versions and its history deletion (PostgresStore). */
interface Compactable {
  currentRv(): Promise<number>;
  compactedRv(): Promise<number>;
  /** Moves the horizon to `horizon` and deletes older history in batches of `batch`; returns rows removed. */
  compact(horizon: number, batch?: number): Promise<number>;
}

/**
 * Moves the compaction horizon forward periodically: history older than `retentionSeconds` is
 * removed in small batches (the horizon is the version seen that long ago, as kube-apiserver
 * compacts to the revision it saw one interval earlier).
 */
export class Compactor {
  private samples: Array<{ at: number; rv: number }> = [];
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly store: Compactable,
    private readonly retentionMs: number,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(now = Date.now()): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      this.samples.push({ at: now, rv: await this.store.currentRv() });
      let horizon = 0;
      while (this.samples.length > 1 && this.samples[0]!.at <= now - this.retentionMs) {
        horizon = this.samples.shift()!.rv;
      }
      if (horizon > 0 && horizon > (await this.store.compactedRv())) return await this.store.compact(horizon);
      return 0;
    } catch {
      return 0;
    } finally {
      this.running = false;
    }
  }
}
