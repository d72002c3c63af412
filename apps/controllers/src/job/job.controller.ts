import { ApiStatusError, keyOf, WorkQueue, type EventRecorder, type Informer, type KubeClient } from '../../../../libs/client/src/index.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import { claimObjects } from '../shared/controller.ref.manager.js';
import { Expectations } from '../shared/expectations.js';
import { controllerRefOf, newControllerRef } from '../shared/owner.refs.js';
import { compareForDeletion, isPodActive, isPodReady } from '../shared/pod.util.js';
import { semanticEqual } from '../shared/semantic.equal.js';
import { nowIso, type Pod } from '../shared/types.js';
import { failJobMessage, matchPodFailurePolicy } from './job.failure.policy.js';
import { completionIndexOf, formatIndexes, parseIndexes } from './job.indexes.js';
import { finishedAt, hasTrackingFinalizer, isTerminating, newJobPod, podOutcome } from './job.pods.js';
import { JOB_TRACKING_FINALIZER, finishedCondition, type Job, type JobCondition, type JobStatus } from './job.types.js';

/** Upstream DefaultJobPodFailureBackOff and its cap. */
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 10 * 60_000;
const ORPHAN = 'orphan:';

interface Backoff {
  failures: number;
  lastFailure: number;
}

/**
 * Runs each Job's pods to completion (upstream pkg/controller/job): creates up to parallelism pods,
 * counts finished pods through the `batch.kubernetes.io/job-tracking` finalizer and
 * status.uncountedTerminatedPods so no pod is counted twice or lost, and finishes the Job with
 * SuccessCriteriaMet/Complete or FailureTarget/Failed once no pod is left running.
 */
export class JobController implements Controller {
  readonly name = 'job';
  private readonly queue = new WorkQueue();
  private readonly expectations = new Expectations();
  private readonly client: KubeClient;
  private readonly pods: Informer<Pod>;
  private readonly jobs: Informer<Job>;
  private readonly recorder: EventRecorder;
  private readonly backoff = new Map<string, Backoff>();

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client;
    this.recorder = ctx.recorder('job-controller');
    this.pods = ctx.informers.informer<Pod>('/api/v1/pods');
    this.jobs = ctx.informers.informer<Job>('/apis/batch/v1/jobs');
    this.jobs.on('add', (j) => this.queue.add(keyOf(j)));
    this.jobs.on('update', (j) => this.queue.add(keyOf(j)));
    this.jobs.on('delete', (j) => {
      this.expectations.delete(keyOf(j));
      this.backoff.delete(keyOf(j));
    });
    this.pods.on('add', (p) => this.podChanged(p, true));
    this.pods.on('update', (p) => this.podChanged(p, false));
    this.pods.on('delete', (p) => {
      const key = this.ownerKey(p);
      if (!key) return;
      this.expectations.deletionObserved(key, keyOf(p));
      this.queue.add(key);
    });
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (key) =>
      key.startsWith(ORPHAN) ? this.releaseOrphan(key.slice(ORPHAN.length)) : this.sync(key),
    );
  }

  stop(): void {
    this.queue.shutDown();
  }

  private ownerKey(p: Pod): string | undefined {
    const ref = controllerRefOf(p.metadata);
    if (ref?.kind !== 'Job') return undefined;
    const key = `${p.metadata.namespace}/${ref.name}`;
    return this.jobs.get(key)?.metadata.uid === ref.uid ? key : undefined;
  }

  private podChanged(p: Pod, added: boolean): void {
    const key = this.ownerKey(p);
    if (key) {
      if (added) this.expectations.creationObserved(key);
      if (p.metadata.deletionTimestamp) this.expectations.deletionObserved(key, keyOf(p));
      this.queue.add(key);
    } else if (hasTrackingFinalizer(p) && this.jobs.hasSynced) {
      // Its Job is gone (or never was ours): nothing will count it, so release it.
      this.queue.add(ORPHAN + keyOf(p));
    }
  }

  private async releaseOrphan(podKey: string): Promise<void> {
    const p = this.pods.get(podKey);
    if (!p || !hasTrackingFinalizer(p) || this.ownerKey(p)) return;
    await this.removeFinalizer(p);
  }

  private async removeFinalizer(p: Pod): Promise<boolean> {
    try {
      await this.client.request('PATCH', `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`, {
        contentType: 'application/merge-patch+json',
        body: {
          metadata: {
            resourceVersion: p.metadata.resourceVersion,
            finalizers: (p.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER),
          },
        },
      });
      return true;
    } catch (e) {
      if (e instanceof ApiStatusError && e.code === 404) return true;
      throw e;
    }
  }

  private async sync(key: string): Promise<void> {
    const cached = this.jobs.get(key);
    if (!cached) return;
    let job: Job = { ...structuredClone(cached), apiVersion: 'batch/v1', kind: 'Job' };
    const ns = job.metadata.namespace ?? '';
    const candidates = this.pods.list().filter((p) => p.metadata.namespace === ns);
    const pods = job.spec.selector
      ? await claimObjects(
          this.client,
          job,
          newControllerRef(job, 'batch/v1', 'Job'),
          job.spec.selector,
          candidates,
          (p) => `/api/v1/namespaces/${ns}/pods/${p.metadata.name}`,
        )
      : [];

    if (finishedCondition(job)) {
      // Counted already; a finished Job only lets go of its pods.
      await Promise.all(pods.filter(hasTrackingFinalizer).map((p) => this.removeFinalizer(p)));
      return;
    }
    if (!this.expectations.satisfied(key)) return;

    const now = Date.now();
    const status: JobStatus = structuredClone(job.status ?? {});
    const indexed = job.spec.completionMode === 'Indexed';
    const completions = job.spec.completions;
    if (!status.startTime && !job.spec.suspend) status.startTime = nowIso();
    // A FailJob rule's verdict is recorded (as FailureTarget) before any finalizer is removed, as upstream.
    const policy = job.spec.podFailurePolicy;
    if (policy && !(status.conditions ?? []).some(isTargetCondition)) {
      const message = failJobMessage(
        job,
        pods.filter((p) => podOutcome(p, job) === 'failed'),
      );
      if (message) status.conditions = [...(status.conditions ?? []), newCondition('FailureTarget', 'PodFailurePolicy', message)];
    }

    // 1. Record newly finished pods as uncounted before letting go of them.
    const uncounted = {
      succeeded: new Set(status.uncountedTerminatedPods?.succeeded ?? []),
      failed: new Set(status.uncountedTerminatedPods?.failed ?? []),
    };
    const completed = parseIndexes(status.completedIndexes, completions ?? 0);
    const toRelease: Pod[] = [];
    let newFailures = 0;
    let lastFailure = 0;
    for (const p of pods) {
      if (!hasTrackingFinalizer(p)) continue;
      const outcome = podOutcome(p, job);
      if (!outcome) continue;
      toRelease.push(p);
      const uid = p.metadata.uid ?? '';
      if (uncounted.succeeded.has(uid) || uncounted.failed.has(uid)) continue;
      if (outcome === 'succeeded') {
        const ix = completionIndexOf(p);
        if (indexed && (ix === undefined || ix >= (completions ?? 0) || completed.has(ix))) continue;
        if (indexed && ix !== undefined) completed.add(ix);
        uncounted.succeeded.add(uid);
      } else {
        // An Ignore rule lets the pod go uncounted: it is replaced without counting against backoffLimit.
        if (policy && !matchPodFailurePolicy(policy, p).countFailed) continue;
        uncounted.failed.add(uid);
        newFailures++;
        lastFailure = Math.max(lastFailure, finishedAt(p));
      }
    }
    if (newFailures) {
      const b = this.backoff.get(key) ?? { failures: 0, lastFailure: 0 };
      this.backoff.set(key, { failures: b.failures + newFailures, lastFailure: Math.max(b.lastFailure, lastFailure) });
    } else if (uncounted.succeeded.size) this.backoff.delete(key);
    if (indexed) status.completedIndexes = formatIndexes(completed);

    if (toRelease.length) {
      status.uncountedTerminatedPods = { succeeded: [...uncounted.succeeded], failed: [...uncounted.failed] };
      job = await this.putStatus(job, status);
      await Promise.all(toRelease.map((p) => this.removeFinalizer(p)));
    }
    // 2. Released pods (and any uncounted uid whose pod is gone) now move into the counters.
    const stillTracked = new Set(pods.filter((p) => hasTrackingFinalizer(p) && !toRelease.includes(p)).map((p) => p.metadata.uid));
    for (const uid of [...uncounted.succeeded]) {
      if (stillTracked.has(uid)) continue;
      uncounted.succeeded.delete(uid);
      status.succeeded = (status.succeeded ?? 0) + 1;
    }
    for (const uid of [...uncounted.failed]) {
      if (stillTracked.has(uid)) continue;
      uncounted.failed.delete(uid);
      status.failed = (status.failed ?? 0) + 1;
    }
    status.uncountedTerminatedPods = {
      ...(uncounted.succeeded.size ? { succeeded: [...uncounted.succeeded] } : {}),
      ...(uncounted.failed.size ? { failed: [...uncounted.failed] } : {}),
    };
    if (indexed) status.succeeded = completed.size;

    // 3. Decide whether the Job is done.
    let active = pods.filter(isPodActive);
    const failed = (status.failed ?? 0) + uncounted.failed.size;
    const succeeded = (status.succeeded ?? 0) + uncounted.succeeded.size;
    const restarts =
      job.spec.template.spec?.['restartPolicy'] === 'OnFailure'
        ? active.reduce((s, p) => s + (p.status?.containerStatuses ?? []).reduce((a, c) => a + (c.restartCount ?? 0), 0), 0)
        : 0;
    const conditions = status.conditions ?? [];
    let target = conditions.find(isTargetCondition);
    if (!target) {
      const deadline = job.spec.activeDeadlineSeconds;
      const started = status.startTime ? Date.parse(status.startTime) : now;
      if (failed + restarts > (job.spec.backoffLimit ?? 6))
        target = newCondition('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
      else if (deadline !== undefined && !job.spec.suspend && started + deadline * 1000 <= now)
        target = newCondition('FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline');
      else if (
        indexed
          ? completed.size >= (completions ?? 0)
          : completions === undefined
            ? succeeded > 0 && active.length === 0
            : succeeded >= completions
      ) {
        target = newCondition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods');
      }
      if (target) conditions.push(target);
    }

    // 4. Converge the pods.
    // Pods deleted just now count as terminating (as upstream), so Failed waits until they are gone.
    let deleted = 0;
    if (target || job.spec.suspend) {
      await this.deletePods(key, job, active);
      deleted = active.length;
      active = [];
    } else {
      active = await this.managePods(key, job, active, completed, succeeded);
    }

    const terminating = pods.filter(isTerminating).length + deleted;
    if (target && active.length === 0 && terminating === 0 && uncounted.succeeded.size + uncounted.failed.size === 0) {
      const success = target.type === 'SuccessCriteriaMet';
      conditions.push(newCondition(success ? 'Complete' : 'Failed', target.reason ?? '', target.message ?? ''));
      if (success) {
        status.completionTime = nowIso();
        this.recorder.event(job, 'Normal', 'Completed', 'Job completed');
      } else this.recorder.event(job, 'Warning', target.reason ?? 'Failed', target.message ?? '');
    }
    setSuspended(conditions, !!job.spec.suspend && !target);
    status.conditions = conditions.length ? conditions : undefined;
    status.active = active.length;
    status.ready = active.filter(isPodReady).length;
    status.terminating = terminating;
    status.succeeded = indexed ? completed.size : status.succeeded;
    for (const k of ['succeeded', 'failed'] as const) status[k] ??= 0;
    if (!semanticEqual(status, job.status ?? {})) await this.putStatus(job, status);

    const deadline = job.spec.activeDeadlineSeconds;
    if (!target && deadline !== undefined && status.startTime)
      this.queue.addAfter(key, Date.parse(status.startTime) + deadline * 1000 - now + 10);
  }

  /** Creates missing pods (respecting failure backoff) and deletes surplus ones; returns the active pods kept. */
  private async managePods(key: string, job: Job, active: Pod[], completed: Set<number>, succeeded: number): Promise<Pod[]> {
    const parallelism = job.spec.parallelism ?? 1;
    const completions = job.spec.completions;
    const indexed = job.spec.completionMode === 'Indexed';
    const missing: Array<number | undefined> = [];
    let surplus: Pod[] = [];
    if (indexed) {
      const n = completions ?? 0;
      const seen = new Set<number>();
      for (const p of [...active].sort((a, b) => compareForDeletion(b, a))) {
        const ix = completionIndexOf(p);
        if (ix === undefined || ix >= n || completed.has(ix) || seen.has(ix)) surplus.push(p);
        else seen.add(ix);
      }
      const unique = active.filter((p) => !surplus.includes(p));
      const wanted = Math.min(parallelism, n - completed.size);
      if (unique.length > wanted) surplus = [...surplus, ...[...unique].sort(compareForDeletion).slice(0, unique.length - wanted)];
      let room = wanted - Math.min(unique.length, wanted);
      for (let i = 0; i < n && room > 0; i++) {
        if (completed.has(i) || seen.has(i)) continue;
        missing.push(i);
        room--;
      }
    } else {
      const wanted =
        completions === undefined ? (succeeded > 0 ? 0 : parallelism) : Math.max(0, Math.min(parallelism, completions - succeeded));
      if (active.length > wanted) surplus = [...active].sort(compareForDeletion).slice(0, active.length - wanted);
      for (let i = active.length; i < wanted; i++) missing.push(undefined);
    }
    if (surplus.length) await this.deletePods(key, job, surplus);
    const kept = active.filter((p) => !surplus.includes(p));
    if (!missing.length) return kept;

    const b = this.backoff.get(key);
    if (b && b.failures > 0) {
      const wait = b.lastFailure + Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (b.failures - 1)) - Date.now();
      if (wait > 0) {
        this.queue.addAfter(key, wait);
        return kept;
      }
    }
    this.expectations.expectCreations(key, missing.length);
    const ns = job.metadata.namespace ?? '';
    const results = await Promise.allSettled(
      missing.map(async (ix) => {
        try {
          const created = await this.client.request<Pod>('POST', `/api/v1/namespaces/${ns}/pods`, { body: newJobPod(job, ix) });
          this.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
          return created;
        } catch (e) {
          this.expectations.creationObserved(key);
          this.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`);
          throw e;
        }
      }),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    return [...kept, ...results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))];
  }

  private async deletePods(key: string, job: Job, pods: Pod[]): Promise<void> {
    if (!pods.length) return;
    const ns = job.metadata.namespace ?? '';
    this.expectations.expectDeletions(
      key,
      pods.map((p) => keyOf(p)),
    );
    await Promise.all(
      pods.map(async (p) => {
        try {
          await this.client.request('DELETE', `/api/v1/namespaces/${ns}/pods/${p.metadata.name}`, {
            body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: p.metadata.uid } },
          });
          this.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
        } catch (e) {
          this.expectations.deletionObserved(key, keyOf(p));
          if (e instanceof ApiStatusError && e.code === 404) return;
          throw e;
        }
      }),
    );
  }

  /** Writes the whole status with the Job's resourceVersion, so a stale cache can never double-count. */
  private async putStatus(job: Job, status: JobStatus): Promise<Job> {
    const ns = job.metadata.namespace ?? '';
    const updated = await this.client.request<Job>('PUT', `/apis/batch/v1/namespaces/${ns}/jobs/${job.metadata.name}/status`, {
      body: { ...job, status },
    });
    return { ...updated, apiVersion: 'batch/v1', kind: 'Job' };
  }
}

/** FailureTarget or SuccessCriteriaMet: the Job's outcome is decided, its pods are being wound down. */
function isTargetCondition(c: JobCondition): boolean {
  return (c.type === 'FailureTarget' || c.type === 'SuccessCriteriaMet') && c.status === 'True';
}

function newCondition(type: string, reason: string, message: string): JobCondition {
  const now = nowIso();
  return { type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason, message };
}

/** The Suspended condition, as upstream: True with JobSuspended while suspended, False with JobResumed after. */
function setSuspended(conditions: JobCondition[], suspended: boolean): void {
  const i = conditions.findIndex((c) => c.type === 'Suspended');
  const cur = i >= 0 ? conditions[i] : undefined;
  if (suspended && cur?.status !== 'True') {
    const c = newCondition('Suspended', 'JobSuspended', 'Job suspended');
    if (i >= 0) conditions[i] = c;
    else conditions.push(c);
  } else if (!suspended && cur?.status === 'True') {
    conditions[i] = { ...newCondition('Suspended', 'JobResumed', 'Job resumed'), status: 'False' };
  }
}
