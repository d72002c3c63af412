import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../../../libs/client/src/index.js';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';
import { ContainerLogBuffer } from '../src/logs/container-log.buffer.js';
import { startNodeAgent, type NodeAgent } from '../src/node-agent.js';

let t: TestServer;
let agent: NodeAgent;
let client: KubeClient;

before(async () => {
  t = await startTestServer();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(t.kubeconfig);
  client = new KubeClient(kc);
  agent = await startNodeAgent({
    kubeConfig: kc,
    nodes: 1,
    leaseIntervalMs: 1000,
    podStartupMs: 50,
    runMs: 500,
    backoffBaseMs: 200,
    backoffMaxMs: 400,
    logIntervalMs: 100,
  });
});
after(async () => {
  await agent.stop();
  client.close();
  await t.stop();
});

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function logs(pod: string, container: string, query = ''): Promise<{ status: number; type: string; body: string }> {
  const r = await fetch(`http://127.0.0.1:${agent.kubeletPort}/containerLogs/default/${pod}/${container}${query}`);
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
}

async function createPod(name: string, extra: { restartPolicy?: string; annotations?: Record<string, string> } = {}): Promise<void> {
  await client.request('POST', '/api/v1/namespaces/default/pods', {
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, annotations: extra.annotations ?? {} },
      spec: { nodeName: 'node-0', restartPolicy: extra.restartPolicy ?? 'Always', containers: [{ name: 'main', image: 'nginx:1.27' }] },
    },
  });
}

describe('kubelet API: GET /containerLogs (simulated runtime)', () => {
  it('serves the start line and periodic lines, with tailLines, timestamps, sinceSeconds and limitBytes', async () => {
    await createPod('talker');
    const all = await until('a few lines', async () => {
      const r = await logs('talker', 'main');
      return r.status === 200 && r.body.split('\n').length > 5 ? r : undefined;
    });
    assert.match(all.type, /^text\/plain/);
    const lines = all.body.trimEnd().split('\n');
    assert.equal(lines[0], 'starting nginx:1.27');
    assert.match(lines[1] ?? '', /^main: up \d+s, serving$/);

    const tail = await logs('talker', 'main', '?tailLines=2');
    assert.equal(tail.body.trimEnd().split('\n').length, 2);
    assert.match(tail.body, /^(main: up \d+s, serving\n){2}$/);
    assert.equal((await logs('talker', 'main', '?tailLines=0')).body, '');

    const ts = await logs('talker', 'main', '?timestamps=true&tailLines=1000');
    const first = ts.body.split('\n')[0] ?? '';
    assert.match(first, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z starting nginx:1\.27$/);
    assert.ok(Math.abs(Date.parse(first.split(' ')[0]!) - Date.now()) < 60_000);

    // Every line is younger than a minute; nothing is younger than "now + 0": since is a lower bound.
    assert.equal((await logs('talker', 'main', '?sinceSeconds=60')).body.split('\n')[0], 'starting nginx:1.27');
    assert.equal((await logs('talker', 'main', '?limitBytes=5')).body, 'start');
    assert.equal((await logs('talker', 'main', '?tailLines=abc')).status, 400);
  });

  it('previous=true after a crash-loop restart; 400 without a previous instance', async () => {
    await createPod('crasher', { annotations: { 'kop.dev/crash-after-seconds': '0.3' } });
    const prev = await until('a previous instance', async () => {
      const r = await logs('crasher', 'main', '?previous=true');
      return r.status === 200 ? r : undefined;
    });
    assert.match(prev.body, /^starting nginx:1\.27\n(main: up \d+s, serving\n)*exiting with code 1\n$/);
    const none = await logs('talker', 'main', '?previous=true');
    assert.equal(none.status, 400);
    assert.equal(none.body.trim(), 'previous terminated container "main" in pod "talker" not found');
  });

  it('follow=true streams new lines and ends when the container ends', async () => {
    await createPod('job', { restartPolicy: 'Never', annotations: { 'kop.dev/run-seconds': '1.5' } });
    await until('job running', async () => ((await logs('job', 'main')).status === 200 ? true : undefined));
    const t0 = Date.now();
    const followed = await logs('job', 'main', '?follow=true&timestamps=true');
    const took = Date.now() - t0;
    assert.equal(followed.status, 200);
    assert.ok(took > 300 && took < 5000, `follow took ${took} ms`);
    const lines = followed.body.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /Z starting nginx:1\.27$/);
    assert.match(lines.at(-1) ?? '', /Z exiting with code 0$/);
    assert.ok(lines.length >= 5, followed.body);
    // A finished container answers at once, follow or not.
    const again = await logs('job', 'main', '?follow=true');
    assert.match(again.body, /exiting with code 0\n$/);
  });

  it("404 for an unknown container or pod; a deleted pod's logs are gone", async () => {
    const r = await logs('talker', 'nope');
    assert.equal(r.status, 404);
    assert.equal(r.body.trim(), 'container "nope" in pod "talker" is not available');
    assert.equal((await logs('ghost', 'main')).status, 404);
    await client.request('DELETE', '/api/v1/namespaces/default/pods/talker', { body: { gracePeriodSeconds: 0 } });
    await until('talker logs gone', async () => ((await logs('talker', 'main')).status === 404 ? true : undefined));
  });
});

describe('ContainerLogBuffer', () => {
  it('keeps at most maxLines / maxBytes, oldest lines first out; ticker lines only up to the close', () => {
    const b = new ContainerLogBuffer({ maxLines: 3, maxBytes: 1024 });
    for (let i = 0; i < 5; i++) b.append(`line ${i}`, i);
    assert.deepEqual(
      b.snapshot().map((l) => l.text),
      ['line 2', 'line 3', 'line 4'],
    );
    const small = new ContainerLogBuffer({ maxLines: 100, maxBytes: 10 });
    small.append('12345', 0);
    small.append('67890', 1);
    assert.deepEqual(
      small.snapshot().map((l) => l.text),
      ['67890'],
    );
    const ticking = new ContainerLogBuffer({ maxLines: 1000, maxBytes: 1 << 20 }, { startedAt: 0, everyMs: 10, text: (n) => `tick ${n}` });
    ticking.append('start', 0);
    ticking.close(35);
    assert.deepEqual(
      ticking.snapshot(1_000_000).map((l) => `${l.at} ${l.text}`),
      ['0 start', '10 tick 1', '20 tick 2', '30 tick 3'],
    );
    // A year-old idle container materializes only what the ring can hold.
    const old = new ContainerLogBuffer({ maxLines: 10, maxBytes: 1 << 20 }, { startedAt: 0, everyMs: 1, text: (n) => `t${n}` });
    assert.equal(old.snapshot(365 * 86_400_000).length, 10);
  });
});
