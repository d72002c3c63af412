import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { clusterFixture, until } from './lib/api.js';

// kubectl logs through the apiserver's pods/log proxy to the node agent's kubelet endpoint.

const { api, cluster } = clusterFixture(1);

const pod = (name: string, restartPolicy: string, annotations: Record<string, string> = {}) => ({
  metadata: { name, annotations },
  spec: { restartPolicy, containers: [{ name: 'main', image: 'busybox:1.36' }] },
});

async function phase(name: string): Promise<string | undefined> {
  return ((await api.get<{ status?: { phase?: string } }>(`/api/v1/namespaces/default/pods/${name}`)).body.status ?? {}).phase;
}

describe('kubectl logs', () => {
  it("prints a running container's log, with --tail and --timestamps; errors for unknown containers", async () => {
    await api.ok('POST', '/api/v1/namespaces/default/pods', pod('talker', 'Always'));
    await until('talker running', async () => (await phase('talker')) === 'Running');
    const all = await cluster().kubectl(['logs', 'talker']);
    assert.equal(all.code, 0, all.stderr);
    assert.ok(all.stdout.trim().split('\n').length >= 1);
    const tail = await cluster().kubectl(['logs', 'talker', '--tail=1', '--timestamps']);
    assert.equal(tail.code, 0, tail.stderr);
    const lines = tail.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /);
    const bad = await cluster().kubectl(['logs', 'talker', '-c', 'nope']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /container nope is not valid for pod talker/);
  });

  it('kubectl logs -f streams until the container ends', async () => {
    await api.ok('POST', '/api/v1/namespaces/default/pods', pod('short', 'Never', { 'kop.dev/run-seconds': '2' }));
    await until('short running', async () => (await phase('short')) === 'Running');
    const started = Date.now();
    const child = spawn('kubectl', [`--kubeconfig=${cluster().kubeconfig}`, 'logs', '-f', 'short'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill(), 15_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    assert.equal(code, 0, 'kubectl logs -f ended by itself when the container ended');
    assert.ok(Date.now() - started < 15_000);
    assert.ok(out.length > 0);
    await until('short succeeded', async () => (await phase('short')) === 'Succeeded');
  });

  it('logs of a deleted pod are gone', async () => {
    await api.ok('POST', '/api/v1/namespaces/default/pods', pod('gone', 'Always'));
    await until('gone running', async () => (await phase('gone')) === 'Running');
    await api.ok('DELETE', '/api/v1/namespaces/default/pods/gone?gracePeriodSeconds=0');
    await until('pod removed', async () => (await api.get('/api/v1/namespaces/default/pods/gone')).status === 404);
    const r = await cluster().kubectl(['logs', 'gone']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /pods "gone" not found/);
  });
});
