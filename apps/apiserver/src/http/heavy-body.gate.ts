import { setImmediate as nextTurn } from 'node:timers/promises';

/** Bodies from this size on are decoded, validated and stored one at a time. */
export const HEAVY_BODY_BYTES = 256 * 1024;

/**
 * Keeps large request bodies from monopolising the event loop. Decoding, schema walks and the
 * field manager are synchronous and scale with the body (a 1.5 MB body of 100,000 keys costs
 * hundreds of milliseconds); several in parallel would queue their steps back to back ahead of
 * every other request, /readyz included. Heavy requests therefore run one at a time, and yield to
 * the event loop between their steps (`step()`), so other requests wait for at most one step.
 */
export class HeavyBodyGate {
  private busy = false;
  private readonly waiting: Array<() => void> = [];

  async run<T>(bytes: number, work: (step: () => Promise<void>) => Promise<T>): Promise<T> {
    if (bytes < HEAVY_BODY_BYTES) return work(() => Promise.resolve());
    await this.acquire();
    try {
      await nextTurn();
      return await work(() => nextTurn());
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy = false;
  }
}
