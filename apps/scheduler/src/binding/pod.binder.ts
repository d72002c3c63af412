import { ApiStatusError, type KubeClient } from '../../../../libs/client/src/index.js';
import type { Pod } from '../api/core.types.js';

type BindOutcome = 'bound' | 'gone' | 'failed';

/** The DefaultBinder: POST pods/<name>/binding, with at most `concurrency` calls in flight. */
export class PodBinder {
  private inFlight = 0;
  private readonly slotWaiters: Array<() => void> = [];

  constructor(
    private readonly client: KubeClient,
    private readonly concurrency = 16,
  ) {}

  /** Resolves when another bind may start; the scheduling loop awaits this before popping. */
  async slot(): Promise<void> {
    while (this.inFlight >= this.concurrency) await new Promise<void>((r) => this.slotWaiters.push(r));
  }

  async bind(pod: Pod, nodeName: string): Promise<{ outcome: BindOutcome; message?: string }> {
    this.inFlight++;
    try {
      const { name, namespace, uid } = pod.metadata;
      await this.client.request('POST', `/api/v1/namespaces/${namespace}/pods/${name}/binding`, {
        body: {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name, namespace, ...(uid ? { uid } : {}) },
          target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
        },
      });
      return { outcome: 'bound' };
    } catch (e) {
      // Deleted, or bound by someone else meanwhile: nothing to retry.
      if (e instanceof ApiStatusError && (e.code === 404 || e.code === 409)) return { outcome: 'gone', message: e.message };
      return { outcome: 'failed', message: e instanceof Error ? e.message : String(e) };
    } finally {
      this.inFlight--;
      this.slotWaiters.shift()?.();
    }
  }

  get pending(): number {
    return this.inFlight;
  }
}
