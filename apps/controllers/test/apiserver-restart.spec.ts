import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { kubeconfigYaml } from '../../../libs/client/src/kubeconfig.js';
import { KubeClient } from '../../../libs/client/src/index.js';
import { freePort, spawnApiServerProcess, type ApiServerProcess } from '../../../testing/apiserver.process.js';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.js';
import { startControllerManager, type ControllerManager } from '../src/manager.js';
import { eventually, listPods } from './helpers.js';

const N = 300;
let db: TestDatabase;
let port: number;
let api: ApiServerProcess | undefined;
let client: KubeClient;
let manager: ControllerManager;
let dir: string | undefined;

before(async () => {
  db = await createTestDatabase();
  port = await freePort();
  api = await spawnApiServerProcess(db.url, port);
  dir = mkdtempSync(path.join(os.tmpdir(), 'kop-restart-'));
  const file = path.join(dir, 'config');
  writeFileSync(file, kubeconfigYaml(api.url));
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(file);
  client = new KubeClient(kc);
  manager = startControllerManager({ kubeConfig: kc, controllers: ['deployment', 'replicaset'], leaderElect: false });
  await manager.ready;
});
after(async () => {
  await manager?.stop();
  client?.close();
  await api?.kill('SIGKILL');
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('controller manager across an apiserver crash', () => {
  it('relists after the apiserver comes back and ends with exactly N pods, each owned once by the ReplicaSet', async () => {
    await client.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'roll' },
        spec: {
          replicas: N,
          selector: { matchLabels: { app: 'roll' } },
          template: { metadata: { labels: { app: 'roll' } }, spec: { containers: [{ name: 'm', image: 'nginx' }] } },
        },
      },
    });
    // Crash mid-rollout: some pods exist, not all.
    await eventually(async () => (await listPods(client, 'default', 'app=roll')).length >= 20, 'rollout under way', 20_000);
    await api!.kill('SIGKILL');
    const before = await client.get<{ items: unknown[] }>('/api/v1/pods').catch(() => undefined);
    assert.equal(before, undefined, 'the apiserver is down');
    await new Promise((r) => setTimeout(r, 1500));
    api = await spawnApiServerProcess(db.url, port);

    await eventually(async () => (await listPods(client, 'default', 'app=roll')).length === N, `${N} pods after recovery`, 40_000);
    // Stable: no late duplicates.
    await new Promise((r) => setTimeout(r, 2000));
    const final = await listPods(client, 'default', 'app=roll');
    assert.equal(final.length, N);
    assert.equal(new Set(final.map((p) => p.metadata.name)).size, N);
    const owners = new Set(
      final.map((p) => {
        const refs = (p.metadata.ownerReferences ?? []).filter((r) => r.controller);
        assert.equal(refs.length, 1, `${p.metadata.name} has one controller`);
        return `${refs[0]!.kind}/${refs[0]!.name}/${refs[0]!.uid}`;
      }),
    );
    assert.equal(owners.size, 1, 'all pods belong to the one ReplicaSet');
    const rss = await client.get<{ items: Array<{ metadata: { uid: string }; status?: { replicas?: number } }> }>(
      '/apis/apps/v1/namespaces/default/replicasets',
      { labelSelector: 'app=roll' },
    );
    assert.equal(rss.items.length, 1, 'one ReplicaSet, not a second one created after the restart');
    assert.ok([...owners][0]!.endsWith(rss.items[0]!.metadata.uid));
  });
});
