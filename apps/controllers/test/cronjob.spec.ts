import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EventRecorder } from '../../../libs/client/src/index.js';
import { CronJobController } from '../src/cronjob/cronjob.controller.js';
import { SharedInformerFactory } from '../src/shared/informer.factory.js';
import { eventually, startHarness, type Harness } from './helpers.js';

let h: Harness;
let fakeNow = new Date();
let controller: CronJobController;
let informers: SharedInformerFactory;
before(async () => {
  h = await startHarness(['garbagecollector']);
  informers = new SharedInformerFactory(h.client);
  controller = new CronJobController(
    { client: h.client, informers, workers: 2, config: {}, recorder: (component) => new EventRecorder(h.client, { component }) },
    { now: () => fakeNow },
  );
  await informers.start();
  controller.run();
});
after(async () => {
  controller.stop();
  informers.stop();
  await h.stop();
});

interface JobObj {
  metadata: {
    name: string;
    uid: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }>;
  };
}
interface CronJobObj {
  metadata: { uid: string; creationTimestamp: string };
  status?: { active?: Array<{ name: string; kind: string }>; lastScheduleTime?: string; lastSuccessfulTime?: string };
}

const cron = (name: string, extra: string, schedule = '"* * * * *"') => `apiVersion: batch/v1
kind: CronJob
metadata: {name: ${name}}
spec:
  schedule: ${schedule}
${extra}
  jobTemplate:
    metadata: {labels: {team: ${name}}}
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: main, image: busybox}]
`;

let pokes = 0;
async function create(name: string, extra: string, schedule?: string): Promise<CronJobObj> {
  fakeNow = new Date();
  const c = await h.t.kubectl(['create', '-f', '-'], { stdin: cron(name, extra, schedule) });
  assert.equal(c.code, 0, c.stderr);
  return h.client.get<CronJobObj>(`/apis/batch/v1/namespaces/default/cronjobs/${name}`);
}
/** Moves the fake clock and makes the controller look again (an update event, as a resync would). */
async function tick(name: string, at: number): Promise<void> {
  fakeNow = new Date(at);
  const a = await h.t.kubectl(['annotate', 'cronjob', name, `poke=${++pokes}`, '--overwrite']);
  assert.equal(a.code, 0, a.stderr);
}
const getCj = (name: string) => h.client.get<CronJobObj>(`/apis/batch/v1/namespaces/default/cronjobs/${name}`);
const ownedJobs = async (name: string): Promise<JobObj[]> =>
  (await h.client.get<{ items: JobObj[] }>('/apis/batch/v1/namespaces/default/jobs')).items
    .filter((j) => j.metadata.ownerReferences?.some((r) => r.kind === 'CronJob' && r.name === name))
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
const minuteAfter = (iso: string, n: number): number => (Math.floor(Date.parse(iso) / 60_000) + n) * 60_000;

async function completeJob(name: string): Promise<void> {
  const t = new Date(fakeNow).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const j = await h.client.get<Record<string, unknown>>(`/apis/batch/v1/namespaces/default/jobs/${name}`);
  await h.client.request('PUT', `/apis/batch/v1/namespaces/default/jobs/${name}/status`, {
    body: {
      ...j,
      status: {
        startTime: t,
        completionTime: t,
        succeeded: 1,
        conditions: [
          { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', lastTransitionTime: t, lastProbeTime: t },
          { type: 'Complete', status: 'True', reason: 'CompletionsReached', lastTransitionTime: t, lastProbeTime: t },
        ],
      },
    },
  });
}

async function events(name: string): Promise<string[]> {
  const ev = await h.t.kubectl([
    'get',
    'events',
    '--field-selector',
    `involvedObject.name=${name},involvedObject.kind=CronJob`,
    '-o',
    'jsonpath={range .items[*]}{.reason}:{.message}{"\\n"}{end}',
  ]);
  return ev.stdout.split('\n').filter(Boolean);
}

describe('CronJob controller', () => {
  it('starts one Job per scheduled minute named <cronjob>-<unix minutes>, forbids overlap, and tracks status', async () => {
    const cj = await create('tick', '  concurrencyPolicy: Forbid');
    const t1 = minuteAfter(cj.metadata.creationTimestamp, 1);
    await tick('tick', t1 + 5_000);
    const [j1] = await eventually(async () => {
      const js = await ownedJobs('tick');
      return js.length === 1 ? js : undefined;
    }, 'first job');
    assert.equal(j1!.metadata.name, `tick-${t1 / 60_000}`);
    assert.equal(j1!.metadata.labels?.['team'], 'tick');
    assert.equal(
      j1!.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'],
      new Date(t1).toISOString().replace('.000Z', 'Z'),
    );
    assert.equal(j1!.metadata.ownerReferences?.[0]?.controller, true);
    const s = await eventually(async () => {
      const st = (await getCj('tick')).status;
      return st?.active?.length === 1 ? st : undefined;
    }, 'active');
    assert.equal(s.active?.[0]?.name, j1!.metadata.name);
    assert.equal(s.lastScheduleTime, new Date(t1).toISOString().replace('.000Z', 'Z'));

    await tick('tick', t1 + 65_000);
    await eventually(
      async () =>
        (await events('tick')).includes(
          'JobAlreadyActive:Not starting job because prior execution is running and concurrency policy is Forbid',
        ),
      'JobAlreadyActive',
    );
    assert.equal((await ownedJobs('tick')).length, 1);

    // The run skipped under Forbid is still the most recent unmet time: it starts once the prior Job finished.
    await completeJob(j1!.metadata.name);
    const after = await eventually(async () => {
      const st = (await getCj('tick')).status;
      return st?.lastSuccessfulTime && st.active?.length === 1 && st.active[0]?.name === `tick-${t1 / 60_000 + 1}` ? st : undefined;
    }, 'job seen completed, skipped run started');
    assert.equal(after.lastScheduleTime, new Date(t1 + 60_000).toISOString().replace('.000Z', 'Z'));
    assert.equal((await ownedJobs('tick')).length, 2);
    const g = await h.t.kubectl(['get', 'cronjob', 'tick']);
    assert.match(g.stdout, /tick\s+\* \* \* \* \*\s+<none>\s+False\s+1\s+/);
    const ev = await events('tick');
    assert.ok(ev.includes(`SuccessfulCreate:Created job ${j1!.metadata.name}`), ev.join('\n'));
    assert.ok(
      ev.some((e) => e.startsWith(`SawCompletedJob:Saw completed job: ${j1!.metadata.name}`)),
      ev.join('\n'),
    );
  });

  it('Replace deletes the running Job; history limits prune old finished Jobs', async () => {
    const cj = await create('rep', '  concurrencyPolicy: Replace\n  successfulJobsHistoryLimit: 1');
    const t1 = minuteAfter(cj.metadata.creationTimestamp, 1);
    await tick('rep', t1);
    await eventually(async () => (await ownedJobs('rep')).length === 1, 'job 1');
    await tick('rep', t1 + 60_000);
    const js = await eventually(async () => {
      const all = await ownedJobs('rep');
      return all.length === 1 && all[0]!.metadata.name === `rep-${t1 / 60_000 + 1}` ? all : undefined;
    }, 'replaced');
    assert.deepEqual(
      (await getCj('rep')).status?.active?.map((a) => a.name),
      [js[0]!.metadata.name],
    );
    assert.ok((await events('rep')).includes(`SuccessfulDelete:Deleted job rep-${t1 / 60_000}`));
    // Two finished Jobs with a history limit of one: the older goes.
    await completeJob(js[0]!.metadata.name);
    await eventually(async () => !(await getCj('rep')).status?.active?.length, 'inactive');
    await tick('rep', t1 + 120_000);
    const third = `rep-${t1 / 60_000 + 2}`;
    await eventually(async () => (await ownedJobs('rep')).some((j) => j.metadata.name === third), 'job 3');
    await completeJob(third);
    await eventually(async () => {
      const all = await ownedJobs('rep');
      return all.length === 1 && all[0]!.metadata.name === third;
    }, 'history pruned');
  });

  it('honours suspend, startingDeadlineSeconds and timeZone', async () => {
    const cj = await create('late', '  startingDeadlineSeconds: 10\n  timeZone: Asia/Kolkata', '"30 * * * *"');
    // The next :30 in Kolkata (UTC+05:30) is a whole hour in UTC.
    const created = Date.parse(cj.metadata.creationTimestamp);
    const firstHour = (Math.floor(created / 3_600_000) + 1) * 3_600_000;
    await tick('late', firstHour + 30_000);
    // 30 s late with a 10 s deadline: that run is skipped.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await ownedJobs('late')).length, 0);
    await tick('late', firstHour + 3_600_000 + 5_000);
    const [j] = await eventually(async () => {
      const js = await ownedJobs('late');
      return js.length === 1 ? js : undefined;
    }, 'job in deadline');
    assert.equal(j!.metadata.name, `late-${(firstHour + 3_600_000) / 60_000}`);
    assert.match(j!.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'] ?? '', /T\d\d:30:00\+05:30$/);

    assert.equal((await h.t.kubectl(['patch', 'cronjob', 'late', '-p', '{"spec":{"suspend":true}}'])).code, 0);
    await tick('late', firstHour + 2 * 3_600_000 + 5_000);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await ownedJobs('late')).length, 1);
  });

  it('kubectl create job --from=cronjob copies the job template', async () => {
    const c = await h.t.kubectl(['create', 'job', 'manual', '--from=cronjob/tick']);
    assert.equal(c.code, 0, c.stderr);
    const j = await h.client.get<JobObj>('/apis/batch/v1/namespaces/default/jobs/manual');
    assert.equal(j.metadata.annotations?.['cronjob.kubernetes.io/instantiate'], 'manual');
    assert.equal(j.metadata.labels?.['team'], 'tick');
    assert.equal(j.metadata.ownerReferences?.[0]?.name, 'tick');
  });
});
