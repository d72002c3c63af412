import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeClient } from '../../../libs/client/src/index.js';
import { eventually, listPods, startHarness, type Harness, type PodLike } from './helpers.js';

let h: Harness;
before(async () => {
  h = await startHarness(['job', 'ttl-after-finished', 'garbagecollector']);
});
after(async () => {
  await h.stop();
});

interface JobObj {
  metadata: { uid: string };
  status?: {
    active?: number;
    succeeded?: number;
    failed?: number;
    ready?: number;
    terminating?: number;
    startTime?: string;
    completionTime?: string;
    completedIndexes?: string;
    uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
    conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
  };
}

type TrackedPod = PodLike & {
  metadata: PodLike['metadata'] & { finalizers?: string[]; annotations?: Record<string, string> };
  spec: PodLike['spec'] & { hostname?: string };
};

const job = (name: string, spec: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
${spec}
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox}]
`;

const getJob = (name: string): Promise<JobObj> => h.client.get<JobObj>(`/apis/batch/v1/namespaces/default/jobs/${name}`);
const jobPods = async (name: string): Promise<TrackedPod[]> =>
  (await listPods(h.client, 'default', `batch.kubernetes.io/job-name=${name}`)) as TrackedPod[];

async function finish(client: KubeClient, p: PodLike, phase: 'Succeeded' | 'Failed'): Promise<void> {
  await client.request('PATCH', `/api/v1/namespaces/default/pods/${p.metadata.name}/status`, {
    contentType: 'application/merge-patch+json',
    body: { status: { phase } },
  });
}

const activePods = async (name: string, n: number): Promise<TrackedPod[]> =>
  eventually(async () => {
    const ps = (await jobPods(name)).filter((p) => !p.status?.phase || p.status.phase === 'Pending' || p.status.phase === 'Running');
    return ps.length === n ? ps : undefined;
  }, `${n} active pods of ${name}`);

describe('Job controller', () => {
  it('runs completions pods at most parallelism at a time, tracks them with the finalizer, and completes', async () => {
    const c = await h.t.kubectl(['create', '-f', '-'], { stdin: job('work', '  completions: 3\n  parallelism: 2') });
    assert.equal(c.code, 0, c.stderr);
    const first = await activePods('work', 2);
    const j = await getJob('work');
    for (const p of first) {
      assert.match(p.metadata.name, /^work-[a-z0-9]{5}$/);
      assert.deepEqual(p.metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
      assert.equal(p.metadata.ownerReferences?.[0]?.uid, j.metadata.uid);
    }
    await eventually(async () => (await getJob('work')).status?.active === 2, 'active=2');
    await finish(h.client, first[0]!, 'Succeeded');
    await finish(h.client, first[1]!, 'Succeeded');
    const third = await activePods('work', 1);
    await eventually(async () => {
      const s = (await getJob('work')).status;
      return s?.succeeded === 2 && s.active === 1;
    }, 'succeeded=2');
    // Counted pods lose the tracking finalizer.
    await eventually(
      async () =>
        (await jobPods('work')).filter((p) => p.status?.phase === 'Succeeded').every((p) => !(p.metadata.finalizers ?? []).length),
      'finalizers removed',
    );
    const wait = h.t.kubectl(['wait', '--for=condition=complete', 'job/work', '--timeout=20s'], { timeoutMs: 25_000 });
    await finish(h.client, third[0]!, 'Succeeded');
    const w = await wait;
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /job.batch\/work condition met/);
    const s = (await getJob('work')).status!;
    assert.equal(s.succeeded, 3);
    assert.equal(s.active, 0);
    assert.ok(s.startTime && s.completionTime);
    assert.deepEqual(s.uncountedTerminatedPods, {});
    assert.deepEqual(
      s.conditions?.map((x) => [x.type, x.status, x.reason, x.message]),
      [
        ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
        ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ],
    );
    const g = await h.t.kubectl(['get', 'job', 'work']);
    assert.match(g.stdout, /work\s+Complete\s+3\/3\s+/);
    await eventually(async () => {
      const ev = await h.t.kubectl([
        'get',
        'events',
        '--field-selector',
        'involvedObject.name=work',
        '-o',
        'jsonpath={range .items[*]}{.reason}:{.message}{"\\n"}{end}',
      ]);
      const lines = ev.stdout.split('\n');
      return lines.filter((l) => /^SuccessfulCreate:Created pod: work-/.test(l)).length === 3 && lines.includes('Completed:Job completed');
    }, 'events');
  });

  it('fails with BackoffLimitExceeded once more pods failed than backoffLimit', async () => {
    assert.equal(
      (await h.t.kubectl(['create', '-f', '-'], { stdin: job('flaky', '  completions: 4\n  parallelism: 2\n  backoffLimit: 1') })).code,
      0,
    );
    const ps = await activePods('flaky', 2);
    for (const p of ps) await finish(h.client, p, 'Failed');
    const s = await eventually(async () => {
      const st = (await getJob('flaky')).status;
      return st?.conditions?.some((c) => c.type === 'Failed') ? st : undefined;
    }, 'Failed condition');
    assert.equal(s.failed, 2);
    assert.equal(s.active, 0);
    const failed = s.conditions?.find((c) => c.type === 'Failed');
    assert.equal(failed?.reason, 'BackoffLimitExceeded');
    assert.equal(failed?.message, 'Job has reached the specified backoff limit');
    assert.ok(s.conditions?.some((c) => c.type === 'FailureTarget' && c.reason === 'BackoffLimitExceeded'));
    const g = await h.t.kubectl(['get', 'job', 'flaky']);
    assert.match(g.stdout, /flaky\s+Failed\s+0\/4\s+/);
  });

  it('fails with DeadlineExceeded after activeDeadlineSeconds and removes the running pods', async () => {
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: job('slow', '  activeDeadlineSeconds: 2') })).code, 0);
    await activePods('slow', 1);
    const s = await eventually(async () => {
      const st = (await getJob('slow')).status;
      return st?.conditions?.some((c) => c.type === 'Failed') ? st : undefined;
    }, 'DeadlineExceeded');
    assert.equal(s.conditions?.find((c) => c.type === 'Failed')?.reason, 'DeadlineExceeded');
    assert.equal(s.conditions?.find((c) => c.type === 'Failed')?.message, 'Job was active longer than specified deadline');
    await eventually(async () => (await jobPods('slow')).length === 0, 'pods deleted');
  });

  it('gives Indexed pods their completion index and reports completedIndexes', async () => {
    assert.equal(
      (await h.t.kubectl(['create', '-f', '-'], { stdin: job('idx', '  completions: 3\n  parallelism: 3\n  completionMode: Indexed') }))
        .code,
      0,
    );
    const ps = await activePods('idx', 3);
    const byIndex = new Map<string, TrackedPod>();
    for (const p of ps) {
      const ix = p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] ?? '';
      assert.equal(p.metadata.labels?.['batch.kubernetes.io/job-completion-index'], ix);
      assert.match(p.metadata.name, new RegExp(`^idx-${ix}-[a-z0-9]{5}$`));
      assert.equal(p.spec.hostname, `idx-${ix}`);
      byIndex.set(ix, p);
    }
    assert.deepEqual([...byIndex.keys()].sort(), ['0', '1', '2']);
    await finish(h.client, byIndex.get('0')!, 'Succeeded');
    await finish(h.client, byIndex.get('2')!, 'Succeeded');
    await eventually(async () => (await getJob('idx')).status?.completedIndexes === '0,2', 'completedIndexes=0,2');
    // A failed index is retried with a new pod of the same index (after the failure backoff).
    await finish(h.client, byIndex.get('1')!, 'Failed');
    const retry = await eventually(
      async () =>
        (await jobPods('idx')).find(
          (p) =>
            p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] === '1' && !p.status?.phase?.match(/Succeeded|Failed/),
        ),
      'index 1 retried',
      20_000,
    );
    await finish(h.client, retry, 'Succeeded');
    const s = await eventually(async () => {
      const st = (await getJob('idx')).status;
      return st?.conditions?.some((c) => c.type === 'Complete') ? st : undefined;
    }, 'indexed complete');
    assert.equal(s.completedIndexes, '0-2');
    assert.equal(s.succeeded, 3);
    assert.equal(s.failed, 1);
  });

  it('deletes a finished Job after ttlSecondsAfterFinished', async () => {
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: job('brief', '  ttlSecondsAfterFinished: 1') })).code, 0);
    const [p] = await activePods('brief', 1);
    await finish(h.client, p!, 'Succeeded');
    await eventually(async () => {
      const g = await h.t.kubectl(['get', 'job', 'brief', '--ignore-not-found', '-o', 'name']);
      return g.code === 0 && g.stdout.trim() === '';
    }, 'job deleted');
  });
});
