import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { after, before, describe, it } from 'node:test';
import { TcpRelay } from '../../../testing/tcp.relay.js';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';
import { KubeClient } from './kube.client.js';
import { LeaderElector } from './leader.election.js';

let t: TestServer;
let client: KubeClient;
const electors: LeaderElector[] = [];
const relays: TcpRelay[] = [];

before(async () => {
  t = await startTestServer();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(t.kubeconfig);
  client = new KubeClient(kc);
});
after(async () => {
  for (const r of relays) await r.up();
  for (const e of electors) await e.stop();
  for (const r of relays) await r.down();
  client.close();
  await t.stop();
});

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  renewTime?: string;
  acquireTime?: string;
  leaseTransitions?: number;
}

async function until(what: string, cond: () => boolean, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - start;
}

function elector(name: string, identity: string, events: string[]): LeaderElector {
  const e = new LeaderElector(client, {
    name,
    identity,
    leaseDurationSeconds: 15,
    renewEveryMs: 200,
    onStartedLeading: () => events.push(`${identity} started`),
    onStoppedLeading: () => events.push(`${identity} stopped`),
  });
  electors.push(e);
  return e;
}

const leasePath = (name: string) => `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/${name}`;

describe('leader election (ReleaseOnCancel)', () => {
  it('stop() releases the Lease as client-go does, and a successor takes it at once instead of after leaseDurationSeconds', async () => {
    const events: string[] = [];
    const a = elector('release-test', 'candidate-a', events);
    a.start();
    await until('a to lead', () => a.isLeader, 10_000);
    const held = (await client.get<{ spec: LeaseSpec }>(leasePath('release-test'))).spec;
    assert.equal(held.holderIdentity, 'candidate-a');
    assert.equal(held.leaseDurationSeconds, 15);

    const b = elector('release-test', 'candidate-b', events);
    b.start();
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(b.isLeader, false, 'b must not take a held, unexpired Lease');

    const before = Date.now();
    await a.stop();
    const released = (await client.get<{ spec: LeaseSpec }>(leasePath('release-test'))).spec;
    // b may already have taken it; otherwise the released record is upstream's.
    if (released.holderIdentity !== 'candidate-b') {
      assert.equal(released.holderIdentity ?? '', '');
      assert.equal(released.leaseDurationSeconds, 1);
      assert.ok(Date.parse(released.renewTime ?? '') >= before - 1000, `renewTime ${released.renewTime} is not the release time`);
      assert.equal(released.leaseTransitions, held.leaseTransitions);
    }
    assert.equal(a.isLeader, false);
    // Without the release b would wait for the 15 s lease to expire.
    const waited = await until('b to take over', () => b.isLeader, 5000);
    assert.ok(waited < 5000);
    const taken = (await client.get<{ spec: LeaseSpec }>(leasePath('release-test'))).spec;
    assert.equal(taken.holderIdentity, 'candidate-b');
    assert.equal(taken.leaseTransitions, (held.leaseTransitions ?? 0) + 1);
    assert.deepEqual(events, ['candidate-a started', 'candidate-a stopped', 'candidate-b started']);
  });

  it('a candidate that does not hold the Lease leaves it alone on stop()', async () => {
    const events: string[] = [];
    const a = elector('standby-test', 'holder', events);
    a.start();
    await until('holder to lead', () => a.isLeader, 10_000);
    const b = elector('standby-test', 'standby', events);
    b.start();
    await new Promise((r) => setTimeout(r, 500));
    await b.stop();
    const spec = (await client.get<{ spec: LeaseSpec }>(leasePath('standby-test'))).spec;
    assert.equal(spec.holderIdentity, 'holder');
    assert.equal(spec.leaseDurationSeconds, 15);
    assert.equal(a.isLeader, true);
  });

  it('a leader keeps leading through renewal failures shorter than the renew deadline, and steps down after it', async () => {
    const server = new URL(t.url);
    const relay = new TcpRelay({ host: server.hostname, port: Number(server.port) });
    relays.push(relay);
    await relay.up();
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${relay.port}`, skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    const viaRelay = new KubeClient(kc);
    const events: string[] = [];
    const e = new LeaderElector(viaRelay, {
      name: 'deadline-test',
      identity: 'flaky-network',
      leaseDurationSeconds: 6,
      renewEveryMs: 200,
      renewDeadlineMs: 3000,
      onStartedLeading: () => events.push('started'),
      onStoppedLeading: () => events.push('stopped'),
    });
    electors.push(e);
    e.start();
    await until('leading', () => e.isLeader, 10_000);
    // A 1 s outage (a PostgreSQL or apiserver restart) is shorter than the deadline.
    await relay.down();
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(e.isLeader, true);
    await relay.up();
    await new Promise((r) => setTimeout(r, 600));
    assert.deepEqual(events, ['started']);
    // An outage past the deadline costs the leadership, as in client-go.
    await relay.down();
    const waited = await until('stepping down', () => !e.isLeader, 10_000);
    assert.ok(waited >= 2000, `stepped down after ${waited} ms, before the 3 s deadline`);
    assert.deepEqual(events, ['started', 'stopped']);
    await relay.up();
    viaRelay.close();
  });
});
