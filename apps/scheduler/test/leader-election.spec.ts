import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeClient } from '../../../libs/client/src/index.js';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';
import { startScheduler, type RunningScheduler } from '../src/scheduler.js';
import { clientFor, createNamespace, createNode, createPod, waitFor, waitForNodeName } from './scheduler.fixtures.js';

let t: TestServer;
let client: KubeClient;
const running: RunningScheduler[] = [];

before(async () => {
  t = await startTestServer();
  client = clientFor(t.kubeconfig).client;
});
after(async () => {
  for (const s of running) await s.stop();
  client.close();
  await t.stop();
});

describe('scheduler leader election', () => {
  it('only the holder of the kube-scheduler Lease binds; the standby takes over when it stops', async () => {
    const start = async (identity: string) => {
      const s = await startScheduler({ kubeConfig: clientFor(t.kubeconfig).kc, identity, leaseDurationSeconds: 2, renewEveryMs: 300 });
      running.push(s);
      return s;
    };
    const a = await start('scheduler-a');
    await waitFor('a to lead', async () => (a.stats().leading ? true : undefined));
    const b = await start('scheduler-b');

    await createNamespace(client, 'le');
    await createNode(client, 'le-node');
    for (let i = 0; i < 5; i++) await createPod(client, 'le', `p${i}`);
    for (let i = 0; i < 5; i++) assert.equal(await waitForNodeName(client, 'le', `p${i}`), 'le-node');
    assert.equal(a.stats().bound, 5);
    assert.equal(b.stats().bound, 0);
    assert.equal(b.stats().leading, false);
    const holder = await t.kubectl(['get', 'lease', 'kube-scheduler', '-n', 'kube-system', '-o', 'jsonpath={.spec.holderIdentity}']);
    assert.equal(holder.stdout, 'scheduler-a', holder.stderr);

    await a.stop();
    await waitFor('b to take over', async () => (b.stats().leading ? true : undefined), 10_000);
    await createPod(client, 'le', 'after');
    assert.equal(await waitForNodeName(client, 'le', 'after'), 'le-node');
    assert.equal(b.stats().bound, 1);
    const after = await t.kubectl(['get', 'lease', 'kube-scheduler', '-n', 'kube-system', '-o', 'jsonpath={.spec.holderIdentity}']);
    assert.equal(after.stdout, 'scheduler-b');
  });
});
