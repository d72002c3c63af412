import { formatTime } from '../../../libs/apimachinery/src/time/metav1.time.js';
import * as k8s from '@kubernetes/client-node';
import { KubeClient } from '../../../libs/client/src/index.js';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';
import { startControllerManager, type ControllerManager } from '../src/manager.js';

export interface Harness {
  t: TestServer;
  client: KubeClient;
  manager: ControllerManager;
  stop(): Promise<void>;
}

/** A test apiserver with the controller manager running in-process against it. */
export async function startHarness(controllers: string[] = ['*']): Promise<Harness> {
  const t = await startTestServer();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(t.kubeconfig);
  const client = new KubeClient(kc);
  const manager = startControllerManager({ kubeConfig: kc, controllers, leaderElect: true });
  await manager.ready;
  return {
    t,
    client,
    manager,
    async stop() {
      await manager.stop();
      client.close();
      await t.stop();
    },
  };
}

/** Polls `fn` until it returns a truthy value or the deadline passes (then throws with the last value). */
export async function eventually<T>(fn: () => Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await fn();
      if (last) return last as NonNullable<T>;
    } catch (e) {
      if (Date.now() > end) throw e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface PodLike {
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    labels?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }>;
    deletionTimestamp?: string;
  };
  spec: { nodeName?: string };
  status?: { phase?: string };
}

export async function listPods(client: KubeClient, ns: string, labelSelector?: string): Promise<PodLike[]> {
  return (await client.get<{ items: PodLike[] }>(`/api/v1/namespaces/${ns}/pods`, { labelSelector })).items;
}

/** What a kubelet would report for a started, ready pod: the status subresource with Running/Ready. */
export async function markPodsReady(client: KubeClient, ns: string, labelSelector?: string): Promise<number> {
  const now = formatTime();
  let n = 0;
  for (const p of await listPods(client, ns, labelSelector)) {
    if (p.status?.phase === 'Running' || p.metadata.deletionTimestamp) continue;
    await client.request('PATCH', `/api/v1/namespaces/${ns}/pods/${p.metadata.name}/status`, {
      contentType: 'application/merge-patch+json',
      body: {
        status: {
          phase: 'Running',
          conditions: [
            { type: 'Ready', status: 'True', lastTransitionTime: now },
            { type: 'ContainersReady', status: 'True', lastTransitionTime: now },
            { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
          ],
        },
      },
    });
    n++;
  }
  return n;
}
