import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, listPods, startHarness, type Harness, type PodLike } from './helpers.js';

let h: Harness;
before(async () => {
  h = await startHarness(['job']);
});
after(async () => {
  await h.stop();
});

interface JobObj {
  spec: { podReplacementPolicy?: string };
  status?: {
    active?: number;
    failed?: number;
    succeeded?: number;
    conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
  };
}

const job = (name: string, spec: string, rules: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
${spec}
  podFailurePolicy:
    rules:
${rules}
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox}]
`;

const getJob = (name: string): Promise<JobObj> => h.client.get<JobObj>(`/apis/batch/v1/namespaces/default/jobs/${name}`);
const jobPods = (name: string): Promise<PodLike[]> => listPods(h.client, 'default', `batch.kubernetes.io/job-name=${name}`);
const isActive = (p: PodLike): boolean => !p.metadata.deletionTimestamp && !/Succeeded|Failed/.test(p.status?.phase ?? '');

const activePods = (name: string, n: number): Promise<PodLike[]> =>
  eventually(async () => {
    const ps = (await jobPods(name)).filter(isActive);
    return ps.length === n ? ps : undefined;
  }, `${n} active pods of ${name}`);

/** What the kubelet reports for a pod whose only container exited, or that was disrupted. */
async function failPod(
  p: PodLike,
  opts: { exitCode?: number; conditions?: Array<{ type: string; status: string; reason?: string }> },
): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const status: Record<string, unknown> = { phase: 'Failed' };
  if (opts.exitCode !== undefined) {
    status['containerStatuses'] = [
      {
        name: 'main',
        image: 'busybox',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode: opts.exitCode, reason: 'Error', startedAt: now, finishedAt: now } },
      },
    ];
  }
  if (opts.conditions) status['conditions'] = opts.conditions.map((c) => ({ ...c, lastTransitionTime: now }));
  await h.client.request('PATCH', `/api/v1/namespaces/default/pods/${p.metadata.name}/status`, {
    contentType: 'application/merge-patch+json',
    body: { status },
  });
}

const failedCondition = async (name: string): Promise<NonNullable<JobObj['status']>> =>
  eventually(async () => {
    const st = (await getJob(name)).status;
    return st?.conditions?.some((c) => c.type === 'Failed' && c.status === 'True') ? st : undefined;
  }, `${name} Failed`);

describe('Job podFailurePolicy', () => {
  it('FailJob on a matching exit code fails the Job at once with reason PodFailurePolicy', async () => {
    const rules = '    - action: FailJob\n      onExitCodes: {containerName: main, operator: In, values: [42]}';
    assert.equal(
      (await h.t.kubectl(['create', '-f', '-'], { stdin: job('fatal', '  completions: 4\n  parallelism: 2\n  backoffLimit: 6', rules) }))
        .code,
      0,
    );
    assert.equal((await getJob('fatal')).spec.podReplacementPolicy, 'Failed');
    const [victim, other] = await activePods('fatal', 2);
    await failPod(victim!, { exitCode: 42 });
    const message = `Container main for pod default/${victim!.metadata.name} failed with exit code 42 matching FailJob rule at index 0`;
    await eventually(
      async () =>
        (await getJob('fatal')).status?.conditions?.find(
          (c) => c.type === 'FailureTarget' && c.reason === 'PodFailurePolicy' && c.message === message,
        ),
      'FailureTarget',
    );
    // The other pod is deleted; under podReplacementPolicy Failed the Job waits for it to terminate (the kubelet's part, played here).
    await eventually(
      async () => (await jobPods('fatal')).find((p) => p.metadata.name === other!.metadata.name && p.metadata.deletionTimestamp),
      'other pod deleted',
    );
    assert.ok(!(await getJob('fatal')).status?.conditions?.some((c) => c.type === 'Failed'), 'not Failed while a pod is terminating');
    await failPod(other!, { exitCode: 137 });
    const s = await failedCondition('fatal');
    const failed = s.conditions?.find((c) => c.type === 'Failed');
    assert.equal(failed?.reason, 'PodFailurePolicy');
    assert.equal(failed?.message, message);
    assert.equal(s.failed, 2);
    assert.equal(s.active, 0);
    const g = await h.t.kubectl(['get', 'job', 'fatal']);
    assert.match(g.stdout, /fatal\s+Failed\s+0\/4\s+/);
  });

  it('Ignore replaces the pod without counting it; Count (and no match) count against backoffLimit', async () => {
    const rules = [
      '    - action: Ignore',
      '      onExitCodes: {operator: In, values: [137]}',
      '    - action: Count',
      '      onExitCodes: {operator: NotIn, values: [42, 137]}',
    ].join('\n');
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: job('retry', '  backoffLimit: 0', rules) })).code, 0);
    const [first] = await activePods('retry', 1);
    await failPod(first!, { exitCode: 137 });
    const [second] = await eventually(async () => {
      const ps = (await jobPods('retry')).filter(isActive);
      return ps.length === 1 && ps[0]!.metadata.name !== first!.metadata.name ? ps : undefined;
    }, 'replacement pod');
    const mid = (await getJob('retry')).status;
    assert.equal(mid?.failed ?? 0, 0);
    assert.ok(!mid?.conditions?.some((c) => c.type === 'Failed' || c.type === 'FailureTarget'));
    await failPod(second!, { exitCode: 1 });
    const s = await failedCondition('retry');
    assert.equal(s.failed, 1);
    assert.equal(s.conditions?.find((c) => c.type === 'Failed')?.reason, 'BackoffLimitExceeded');
  });

  it('Ignore on a DisruptionTarget pod condition replaces a disrupted pod', async () => {
    const rules = '    - action: Ignore\n      onPodConditions: [{type: DisruptionTarget}]';
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: job('evicted', '  backoffLimit: 0', rules) })).code, 0);
    const [first] = await activePods('evicted', 1);
    await failPod(first!, { exitCode: 143, conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI' }] });
    await eventually(async () => {
      const ps = (await jobPods('evicted')).filter(isActive);
      return ps.length === 1 && ps[0]!.metadata.name !== first!.metadata.name;
    }, 'replacement pod');
    await eventually(async () => {
      const ps = await jobPods('evicted');
      return ps.find(
        (p) => p.metadata.name === first!.metadata.name && !((p.metadata as { finalizers?: string[] }).finalizers ?? []).length,
      );
    }, 'ignored pod released');
    const s = (await getJob('evicted')).status;
    assert.equal(s?.failed ?? 0, 0);
    assert.ok(!s?.conditions?.some((c) => c.type === 'Failed'));
  });
});
