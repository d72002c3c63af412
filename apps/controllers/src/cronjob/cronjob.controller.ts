import { ApiStatusError, keyOf, WorkQueue, type EventRecorder, type Informer, type KubeClient } from '../../../../libs/client/src/index.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import { controllerRefOf, newControllerRef } from '../shared/owner.refs.js';
import { semanticEqual } from '../shared/semantic.equal.js';
import { nowIso } from '../shared/types.js';
import { finishedCondition, type Job } from '../job/job.types.js';
import { formatInZone, parseSchedule, type CronSchedule } from '../../../../libs/apimachinery/src/cron/cron.schedule.js';
import type { CronJob, JobReference } from './cronjob.types.js';

const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** Upstream gives up counting missed start times beyond this and warns. */
const MAX_MISSED = 100;

interface CronJobControllerOptions {
  /** The controller's clock; tests pass a fake one. */
  now?: () => Date;
}

/**
 * Creates a Job for each scheduled time of a CronJob (upstream cronjob_controllerv2): only the most
 * recent missed time is started, within startingDeadlineSeconds, honouring concurrencyPolicy and
 * suspend; tracks status.active/lastScheduleTime/lastSuccessfulTime and prunes finished Jobs
 * beyond the history limits. Each sync requeues itself for the next scheduled time.
 */
export class CronJobController implements Controller {
  readonly name = 'cronjob';
  private readonly queue = new WorkQueue();
  private readonly client: KubeClient;
  private readonly cronJobs: Informer<CronJob>;
  private readonly jobs: Informer<Job>;
  private readonly recorder: EventRecorder;
  private readonly now: () => Date;

  constructor(
    private readonly ctx: ControllerContext,
    opts: CronJobControllerOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.client = ctx.client;
    this.recorder = ctx.recorder('cronjob-controller');
    this.cronJobs = ctx.informers.informer<CronJob>('/apis/batch/v1/cronjobs');
    this.jobs = ctx.informers.informer<Job>('/apis/batch/v1/jobs');
    this.cronJobs.on('add', (cj) => this.queue.add(keyOf(cj)));
    this.cronJobs.on('update', (cj) => this.queue.add(keyOf(cj)));
    const jobChanged = (j: Job): void => {
      const ref = controllerRefOf(j.metadata);
      if (ref?.kind === 'CronJob') this.queue.add(`${j.metadata.namespace}/${ref.name}`);
    };
    this.jobs.on('add', jobChanged);
    this.jobs.on('update', jobChanged);
    this.jobs.on('delete', jobChanged);
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  private async sync(key: string): Promise<void> {
    const cached = this.cronJobs.get(key);
    if (!cached) return;
    const cj: CronJob = { ...structuredClone(cached), apiVersion: 'batch/v1', kind: 'CronJob' };
    const ns = cj.metadata.namespace ?? '';
    const owned = this.jobs.list().filter((j) => j.metadata.namespace === ns && controllerRefOf(j.metadata)?.uid === cj.metadata.uid);
    const status = structuredClone(cj.status ?? {});
    let active = status.active ?? [];

    // 1. Reconcile status.active with the Jobs that exist and are still running.
    for (const j of owned) {
      const done = finishedCondition(j);
      const inActive = active.some((r) => r.uid === j.metadata.uid);
      if (done && inActive) {
        active = active.filter((r) => r.uid !== j.metadata.uid);
        this.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${done.type}`);
      }
      if (done?.type === 'Complete' && j.status?.completionTime) {
        if (!status.lastSuccessfulTime || Date.parse(j.status.completionTime) > Date.parse(status.lastSuccessfulTime))
          status.lastSuccessfulTime = j.status.completionTime;
      }
    }
    for (const r of [...active]) {
      if (owned.some((j) => j.metadata.uid === r.uid)) continue;
      if (await this.jobExists(ns, r)) continue;
      active = active.filter((x) => x.uid !== r.uid);
      this.recorder.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${r.name}`);
    }
    status.active = active;
    await this.cleanupHistory(cj, owned);

    if (cj.metadata.deletionTimestamp) return this.writeStatus(cj, status);
    let schedule: CronSchedule;
    const timeZone = cj.spec.timeZone ?? 'UTC';
    try {
      schedule = parseSchedule(cj.spec.schedule, timeZone);
    } catch (e) {
      this.recorder.event(
        cj,
        'Warning',
        'UnparseableSchedule',
        `unparseable schedule: ${JSON.stringify(cj.spec.schedule)} : ${(e as Error).message}`,
      );
      return this.writeStatus(cj, status);
    }
    if (cj.spec.suspend) return this.writeStatus(cj, status);

    // 2. The most recent scheduled time not yet started, if any.
    const now = this.now();
    const requeue = (): void => this.queue.addAfter(key, schedule.next(now).getTime() - now.getTime() + 100);
    let earliest = Date.parse(status.lastScheduleTime ?? cj.metadata.creationTimestamp ?? '') || now.getTime();
    const deadline = cj.spec.startingDeadlineSeconds;
    if (deadline !== undefined) earliest = Math.max(earliest, now.getTime() - deadline * 1000);
    const scheduled = schedule.prev(now);
    if (scheduled.getTime() <= earliest) {
      await this.writeStatus(cj, status);
      return requeue();
    }
    let missed = 0;
    for (let t = schedule.next(new Date(earliest)); t.getTime() <= now.getTime() && missed <= MAX_MISSED; t = schedule.next(t)) missed++;
    if (missed > MAX_MISSED) {
      this.recorder.event(
        cj,
        'Warning',
        'TooManyMissedTimes',
        'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
      );
    }
    if (deadline !== undefined && scheduled.getTime() + deadline * 1000 < now.getTime()) {
      this.recorder.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      await this.writeStatus(cj, status);
      return requeue();
    }
    const jobName = `${cj.metadata.name}-${Math.floor(scheduled.getTime() / 60_000)}`;
    if (active.some((r) => r.name === jobName)) {
      await this.writeStatus(cj, status);
      return requeue();
    }
    const policy = cj.spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && active.length > 0) {
      this.recorder.event(
        cj,
        'Normal',
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      );
      await this.writeStatus(cj, status);
      return requeue();
    }
    if (policy === 'Replace') {
      for (const r of active) {
        await this.deleteJob(cj, r.name);
        status.active = (status.active ?? []).filter((x) => x.uid !== r.uid);
      }
    }

    // 3. Start it.
    const tmpl = cj.spec.jobTemplate;
    const body: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: jobName,
        namespace: ns,
        labels: { ...(tmpl.metadata?.labels ?? {}) },
        annotations: { ...(tmpl.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP]: formatInZone(scheduled, timeZone) },
        ownerReferences: [newControllerRef(cj, 'batch/v1', 'CronJob')],
      },
      spec: structuredClone(tmpl.spec),
    };
    let created: Job;
    try {
      created = await this.client.request<Job>('POST', `/apis/batch/v1/namespaces/${ns}/jobs`, { body });
      this.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${jobName}`);
    } catch (e) {
      if (!(e instanceof ApiStatusError && e.code === 409)) {
        this.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${(e as Error).message}`);
        throw e;
      }
      // Created by an earlier attempt whose status write was lost: adopt it into status if ours.
      created = await this.client.get<Job>(`/apis/batch/v1/namespaces/${ns}/jobs/${jobName}`);
      if (controllerRefOf(created.metadata)?.uid !== cj.metadata.uid || finishedCondition(created)) {
        status.lastScheduleTime = nowIso(scheduled);
        await this.writeStatus(cj, status);
        return requeue();
      }
    }
    status.active = [...(status.active ?? []), jobRef(created)];
    status.lastScheduleTime = nowIso(scheduled);
    await this.writeStatus(cj, status);
    requeue();
  }

  private async jobExists(ns: string, r: JobReference): Promise<boolean> {
    try {
      const j = await this.client.get<Job>(`/apis/batch/v1/namespaces/${ns}/jobs/${r.name}`);
      return j.metadata.uid === r.uid;
    } catch (e) {
      if (e instanceof ApiStatusError && e.code === 404) return false;
      throw e;
    }
  }

  /** Deletes the oldest finished Jobs beyond successful/failedJobsHistoryLimit. */
  private async cleanupHistory(cj: CronJob, owned: Job[]): Promise<void> {
    const started = (j: Job): number => Date.parse(j.status?.startTime ?? j.metadata.creationTimestamp ?? '') || 0;
    for (const [type, limit] of [
      ['Complete', cj.spec.successfulJobsHistoryLimit ?? 3],
      ['Failed', cj.spec.failedJobsHistoryLimit ?? 1],
    ] as const) {
      const done = owned
        .filter((j) => finishedCondition(j)?.type === type && !j.metadata.deletionTimestamp)
        .sort((a, b) => started(a) - started(b));
      for (const j of done.slice(0, Math.max(0, done.length - limit))) await this.deleteJob(cj, j.metadata.name ?? '');
    }
  }

  private async deleteJob(cj: CronJob, name: string): Promise<void> {
    try {
      await this.client.request('DELETE', `/apis/batch/v1/namespaces/${cj.metadata.namespace}/jobs/${name}`, {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
      });
      this.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`);
    } catch (e) {
      if (e instanceof ApiStatusError && e.code === 404) return;
      this.recorder.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${(e as Error).message}`);
      throw e;
    }
  }

  private async writeStatus(cj: CronJob, status: NonNullable<CronJob['status']>): Promise<void> {
    const next = { ...status, active: status.active?.length ? status.active : undefined };
    if (semanticEqual(next, { ...(cj.status ?? {}), active: cj.status?.active?.length ? cj.status.active : undefined })) return;
    await this.client.request('PUT', `/apis/batch/v1/namespaces/${cj.metadata.namespace}/cronjobs/${cj.metadata.name}/status`, {
      body: { ...cj, status: next },
    });
  }
}

function jobRef(j: Job): JobReference {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    name: j.metadata.name ?? '',
    namespace: j.metadata.namespace ?? '',
    resourceVersion: j.metadata.resourceVersion ?? '',
    uid: j.metadata.uid ?? '',
  };
}

/** Go's time.RFC1123Z of a UTC time, as upstream prints missed schedules. */
function rfc1123z(t: Date): string {
  const [wd, d, mon, y, hms] = t.toUTCString().replace(',', '').split(' ');
  return `${wd}, ${d} ${mon} ${y} ${hms} +0000`;
}
