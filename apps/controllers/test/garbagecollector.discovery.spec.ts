import * as k8s from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { defineResource, ResourceRegistry } from '../../../testing/apiserver.internals.js';
import { ApiStatusError, KubeClient } from '../../../libs/client/src/index.js';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';
import { startControllerManager, type ControllerManager } from '../src/manager.js';
import { eventually } from './helpers.js';

/**
 * Kinds added and removed while the controller manager runs are followed by the garbage collector
 * (upstream GarbageCollector.Sync re-reads discovery every period): a dependent of a kind added at
 * run time is collected once its owner goes, and a removed kind's monitor stops, so nothing keeps
 * listing a path that now answers 404.
 */
let t: TestServer;
let client: KubeClient;
let manager: ControllerManager;
let registry: ResourceRegistry;
/** Requests the apiserver received for the cluster-wide widget collection: only the collector's informer asks there. */
const widgetCollectionRequests: string[] = [];
/** Whether the collector has watched ConfigMaps, which it finds only through its first discovery. */
let configMapsWatched = false;
const onRequest = (message: unknown): void => {
  const url = (message as { request: IncomingMessage }).request.url ?? '';
  if (url.startsWith('/apis/widgets.example.com/v1/widgets')) widgetCollectionRequests.push(url);
  if (url.startsWith('/api/v1/configmaps?watch=')) configMapsWatched = true;
};

const SYNC_PERIOD_MS = 1_000;

before(async () => {
  diagnostics.subscribe('http.server.request.start', onRequest);
  t = await startTestServer();
  registry = t.server.app.get(ResourceRegistry);
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(t.kubeconfig);
  client = new KubeClient(kc);
  manager = startControllerManager({
    kubeConfig: kc,
    controllers: ['garbagecollector'],
    leaderElect: false,
    config: { garbageCollectorSyncPeriodMs: SYNC_PERIOD_MS },
  });
  await manager.ready;
});
after(async () => {
  diagnostics.unsubscribe('http.server.request.start', onRequest);
  await manager.stop();
  client.close();
  await t.stop();
});

const widgets = defineResource({
  group: 'widgets.example.com',
  version: 'v1',
  resource: 'widgets',
  singular: 'widget',
  kind: 'Widget',
  namespaced: true,
  model: 'V1ConfigMap',
});

const NS = 'default';
const widgetPath = `/apis/widgets.example.com/v1/namespaces/${NS}/widgets`;

interface Meta {
  metadata: { name: string; uid: string; deletionTimestamp?: string };
}

async function configMap(name: string): Promise<Meta> {
  return client.request<Meta>('POST', `/api/v1/namespaces/${NS}/configmaps`, {
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } },
  });
}

async function widgetOwnedBy(name: string, owner: Meta): Promise<Meta> {
  return client.request<Meta>('POST', widgetPath, {
    body: {
      apiVersion: 'widgets.example.com/v1',
      kind: 'Widget',
      metadata: {
        name,
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name, uid: owner.metadata.uid }],
      },
      data: { color: 'blue' },
    },
  });
}

async function widgetGone(name: string): Promise<boolean> {
  try {
    await client.get(`${widgetPath}/${name}`);
    return false;
  } catch (e) {
    if (e instanceof ApiStatusError && e.code === 404) return true;
    throw e;
  }
}

/** Deletes a ConfigMap as kubectl does by default (background propagation) and waits for it to be gone. */
async function deleteOwner(owner: Meta): Promise<void> {
  const got = await t.kubectl(['delete', 'configmap', owner.metadata.name, '-n', NS, '--cascade=background']);
  assert.equal(got.code, 0, got.stderr);
}

/** Resolves once `quietMs` pass without a request to the widget collection (or throws after `timeoutMs`). */
async function widgetCollectionQuiet(quietMs: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const seen = widgetCollectionRequests.length;
    await new Promise((r) => setTimeout(r, quietMs));
    if (widgetCollectionRequests.length === seen) return;
    if (Date.now() > end) {
      throw new Error(`the widget collection is still being requested: ${JSON.stringify(widgetCollectionRequests.slice(seen))}`);
    }
  }
}

describe('garbage collector follows discovery', () => {
  it('collects dependents of a kind added at run time, without a restart', async () => {
    // The kind arrives after the collector's first discovery, not in time for it.
    await eventually(() => Promise.resolve(configMapsWatched), 'the collector to watch ConfigMaps', 60_000);
    registry.add(widgets);
    const owner = await configMap('owner-1');
    const keeper = await configMap('keeper-1');
    await widgetOwnedBy('dependent-1', owner);
    await widgetOwnedBy('kept-1', keeper);

    await deleteOwner(owner);
    await eventually(() => widgetGone('dependent-1'), 'the dependent widget to be collected', 60_000);
    assert.ok(
      widgetCollectionRequests.some((u) => u.includes('watch=')),
      'the collector watches the new kind',
    );
    // A widget whose owner lives is left alone.
    const kept = await client.get<Meta>(`${widgetPath}/kept-1`);
    assert.equal(kept.metadata.deletionTimestamp, undefined);
  });

  it('stops the monitor of a removed kind: its collection is no longer requested', async () => {
    assert.equal(registry.remove('widgets.example.com', 'v1', 'widgets'), widgets);
    // The informer meets 404 until the next sync stops it; its retries back off up to 5 s, so a
    // quiet stretch of 7 s means it has stopped rather than waiting for its next attempt.
    await widgetCollectionQuiet(7_000, 60_000);
  });

  it('follows the kind again when it comes back', async () => {
    registry.add(widgets);
    const owner = await configMap('owner-2');
    await widgetOwnedBy('dependent-2', owner);
    await deleteOwner(owner);
    await eventually(() => widgetGone('dependent-2'), 'the dependent widget to be collected', 60_000);
    // kept-1 was stored before the kind went and is served again with it, still owned by a live ConfigMap.
    assert.equal(await widgetGone('kept-1'), false);
  });
});
