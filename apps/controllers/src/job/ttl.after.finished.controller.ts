import { ApiStatusError, keyOf, WorkQueue, type Informer, type KubeClient } from '../../../../libs/client/src/index.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import { finishedCondition, type Job } from './job.types.js';

/**
 * Deletes finished Jobs ttlSecondsAfterFinished after they finished (upstream
 * pkg/controller/ttlafterfinished), with foreground propagation so their pods go first.
 */
export class TtlAfterFinishedController implements Controller {
  readonly name = 'ttl-after-finished';
  private readonly queue = new WorkQueue();
  private readonly client: KubeClient;
  private readonly jobs: Informer<Job>;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client;
    this.jobs = ctx.informers.informer<Job>('/apis/batch/v1/jobs');
    const enqueue = (j: Job): void => {
      if (j.spec.ttlSecondsAfterFinished !== undefined && !j.metadata.deletionTimestamp && finishedCondition(j)) this.queue.add(keyOf(j));
    };
    this.jobs.on('add', enqueue);
    this.jobs.on('update', enqueue);
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  private async sync(key: string): Promise<void> {
    const job = this.jobs.get(key);
    const ttl = job?.spec.ttlSecondsAfterFinished;
    const done = job && finishedCondition(job);
    if (!job || !done || ttl === undefined || job.metadata.deletionTimestamp) return;
    const finishedAt = Date.parse(job.status?.completionTime ?? done.lastTransitionTime ?? '') || Date.now();
    const left = finishedAt + ttl * 1000 - Date.now();
    if (left > 0) {
      this.queue.addAfter(key, left);
      return;
    }
    try {
      await this.client.request('DELETE', `/apis/batch/v1/namespaces/${job.metadata.namespace}/jobs/${job.metadata.name}`, {
        body: {
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          propagationPolicy: 'Foreground',
          preconditions: { resourceVersion: job.metadata.resourceVersion },
        },
      });
    } catch (e) {
      // Gone, or changed meanwhile (its update event re-enqueues it).
      if (!(e instanceof ApiStatusError && (e.code === 404 || e.code === 409))) throw e;
    }
  }
}
