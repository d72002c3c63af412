import { ApiStatusError, WorkQueue, type Informer, type KubeClient } from '../../../../libs/client/src/index.js';
import { buildPodStatus, hash32, refreshConditions } from './pod-status.builder.js';
import type { Pod } from './pod.types.js';
import { writeDiscardingResponse } from './pod-write.util.js';
import type { PodRuntime } from './pod.runtime.js';

/**
 * Writes pod status per pod, coalesced: a pod changed ten times before a worker gets to it is
 * written once, from its latest state, and an unchanged status is not written at all. After the
 * final status of a terminated pod it deletes the pod with grace 0 and a uid precondition, like the
 * kubelet's status manager.
 */
export class PodStatusSyncer {
  private readonly queue = new WorkQueue(200, 30_000);
  private running: Promise<void[]> | undefined;
  writes = 0;

  constructor(
    private readonly client: KubeClient,
    private readonly runtimes: Map<string, PodRuntime>,
    private readonly pods: Informer<Pod>,
  ) {}

  /** Called on every state change of a pod. */
  changed(rt: PodRuntime): void {
    refreshConditions(rt);
    this.queue.add(rt.key);
  }

  start(workers: number): void {
    this.running = this.queue.run(workers, (key) => this.sync(key));
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.running;
  }

  private async sync(key: string): Promise<void> {
    const rt = this.runtimes.get(key);
    if (!rt) return;
    const current = this.pods.get(key);
    // Name reused by a new pod: never write the old pod's status onto it.
    if (current && current.metadata.uid !== rt.uid) return;
    const path = `/api/v1/namespaces/${rt.namespace}/pods/${rt.name}`;
    try {
      if (!rt.skipStatus) {
        // Serialized once: the hash and the request body are the same string.
        const body = `{"status":${JSON.stringify(buildPodStatus(rt, current))}}`;
        const h = hash32(body);
        if (h !== rt.lastWritten) {
          await writeDiscardingResponse(this.client, 'PATCH', `${path}/status`, { contentType: 'application/merge-patch+json', body });
          this.writes++;
          rt.lastWritten = h;
        }
      }
      if (rt.finalize) {
        await writeDiscardingResponse(this.client, 'DELETE', path, {
          body: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid: rt.uid } },
        });
      }
    } catch (e) {
      // Gone, or replaced by a pod of the same name: nothing left to report.
      if (e instanceof ApiStatusError && (e.code === 404 || e.code === 409)) return;
      throw e;
    }
  }
}
