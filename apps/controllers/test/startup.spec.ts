import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { KubeClient } from '../../../libs/client/src/index.js';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';
import { eventually, listPods } from './helpers.js';

const main = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/main.js');

let t: TestServer;
let client: KubeClient;
let child: ChildProcess | undefined;
before(async () => {
  t = await startTestServer();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(t.kubeconfig);
  client = new KubeClient(kc);
});
after(async () => {
  child?.kill('SIGTERM');
  client.close();
  await t.stop();
});

describe('controller manager process', () => {
  it('takes the kube-controller-manager Lease and runs only the selected controllers', async () => {
    child = spawn(process.execPath, [main, `--kubeconfig=${t.kubeconfig}`, '--leader-elect=true', '--controllers=*,-replicaset'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    const lease = await eventually(async () => {
      const l = await client
        .get<{ spec: { holderIdentity?: string } }>('/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager')
        .catch(() => undefined);
      return l?.spec.holderIdentity ? l : undefined;
    }, 'lease');
    assert.match(lease.spec.holderIdentity ?? '', /_\d+_/);
    await eventually(async () => out.includes('controllers: running'), 'started');
    // Deployments run (an RS appears) but the replicaset controller was deselected (no pods).
    const c = await t.kubectl(['create', '-f', '-'], {
      stdin:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d1}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: d1}}\n  template:\n    metadata: {labels: {app: d1}}\n    spec: {containers: [{name: c, image: nginx}]}\n',
    });
    assert.equal(c.code, 0, c.stderr);
    await eventually(
      async () => (await client.get<{ items: unknown[] }>('/apis/apps/v1/namespaces/default/replicasets')).items.length === 1,
      'RS',
    );
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await listPods(client, 'default')).length, 0);
    const exited = new Promise<number | null>((r) => child!.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, out);
    child = undefined;
  });
});
