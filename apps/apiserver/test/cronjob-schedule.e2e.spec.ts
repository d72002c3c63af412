import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(async () => {
  await t.stop();
});

const CRONJOBS = '/apis/batch/v1/namespaces/default/cronjobs';

interface Status {
  kind?: string;
  reason?: string;
  code?: number;
  message?: string;
  details?: { causes?: { reason?: string; field?: string; message?: string }[] };
}

async function call(method: string, path: string, body?: object): Promise<{ status: number; body: Status }> {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, body: (await res.json()) as Status };
}

const cronJob = (name: string, schedule: string): object => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name },
  spec: {
    schedule,
    jobTemplate: {
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    },
  },
});

describe('CronJob schedule validation over HTTP', () => {
  it('rejects schedules robfig/cron rejects with its text, writing nothing', async () => {
    const cases: [string, string][] = [
      ['5-3 * * * *', 'beginning of range (5) beyond end of range (3): 5-3'],
      ['*/0 * * * *', 'step of range should be a positive number: */0'],
      ['MON * * * *', 'failed to parse int from MON: strconv.Atoi: parsing "MON": invalid syntax'],
      ['@every soon', 'failed to parse duration @every soon: time: invalid duration "soon"'],
      ['0,75 * * * *', 'end of range (75) above maximum (59): 75'],
    ];
    for (const [i, [schedule, why]] of cases.entries()) {
      const name = `bad-${i}`;
      const r = await call('POST', CRONJOBS, cronJob(name, schedule));
      assert.equal(r.status, 422, `${schedule}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.kind, 'Status');
      assert.equal(r.body.reason, 'Invalid');
      assert.equal(r.body.message, `CronJob.batch "${name}" is invalid: spec.schedule: Invalid value: ${JSON.stringify(schedule)}: ${why}`);
      assert.deepEqual(r.body.details?.causes, [
        { reason: 'FieldValueInvalid', field: 'spec.schedule', message: `Invalid value: ${JSON.stringify(schedule)}: ${why}` },
      ]);
      assert.equal((await call('GET', `${CRONJOBS}/${name}`)).status, 404);
    }
  });

  it('accepts the schedules the controller can run', async () => {
    for (const [i, schedule] of ['*/15 9-17 * * MON-FRI', '@every 1h30m', '0 0 1 jan,jul sun'].entries()) {
      const r = await call('POST', CRONJOBS, cronJob(`good-${i}`, schedule));
      assert.equal(r.status, 201, `${schedule}: ${JSON.stringify(r.body)}`);
    }
  });
});
