import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';

// Two scheduler processes: when the leader is killed (no chance to release its Lease), the standby
// takes over once the Lease expires (15 s) and schedules.

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/main.js');
let t: TestServer;
const procs: ChildProcess[] = [];

before(async () => {
  t = await startTestServer();
});
after(async () => {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
  await t.stop();
});

function startScheduler(): { proc: ChildProcess; identity: Promise<string> } {
  const proc = spawn(process.execPath, [main, `--kubeconfig=${t.kubeconfig}`, '--port=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  procs.push(proc);
  const identity = new Promise<string>((resolve) => {
    let err = '';
    proc.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /identity ([^),\s]+)/.exec(err);
      if (m) resolve(m[1]!);
    });
  });
  return { proc, identity };
}

async function json<T>(p: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const r = await fetch(`${t.url}${p}`, { ...init, headers: { 'content-type': 'application/json' } });
  return { status: r.status, body: (await r.json()) as T };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('scheduler leader failover', () => {
  it('a killed leader is replaced within the lease duration and scheduling resumes', async () => {
    const alloc = { cpu: '4', memory: '8Gi', pods: '110' };
    await json('/api/v1/nodes', {
      method: 'POST',
      body: JSON.stringify({
        metadata: { name: 'n1' },
        status: { allocatable: alloc, capacity: alloc, conditions: [{ type: 'Ready', status: 'True' }] },
      }),
    });
    const a = startScheduler();
    const b = startScheduler();
    const ids = [await a.identity, await b.identity];
    const leaseHolder = () =>
      json<{ spec: { holderIdentity?: string } }>('/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler').then((r) =>
        r.status === 200 ? r.body.spec.holderIdentity : undefined,
      );
    const leader = await until('a leader', leaseHolder, 10_000);
    assert.ok(ids.includes(leader));
    const [dead, survivor] = leader === ids[0] ? [a, ids[1]!] : [b, ids[0]!];
    dead.proc.kill('SIGKILL');
    const killedAt = Date.now();
    await json('/api/v1/namespaces/default/pods', {
      method: 'POST',
      body: JSON.stringify({ metadata: { name: 'after-failover' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }),
    });
    const node = await until(
      'the pod to be bound by the new leader',
      async () => (await json<{ spec: { nodeName?: string } }>('/api/v1/namespaces/default/pods/after-failover')).body.spec.nodeName,
      25_000,
    );
    assert.equal(node, 'n1');
    assert.equal(await leaseHolder(), survivor);
    assert.ok(Date.now() - killedAt < 20_000, `failover took ${Date.now() - killedAt} ms`);
  });
});
