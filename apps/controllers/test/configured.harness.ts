import { formatTime } from '../../../libs/apimachinery/src/time/metav1.time.js';
import * as k8s from '@kubernetes/client-node';
import { KubeClient } from '../../../libs/client/src/index.js';
import { startTestServer } from '../../../testing/test-server.js';
import { startControllerManager } from '../src/manager.js';
import type { ControllerConfig } from '../src/shared/controller.interface.js';
import type { Harness } from './helpers.js';

/** startHarness with controller flags (grace periods, slice size) set for a test. */
export async function startConfiguredHarness(controllers: string[], config: ControllerConfig): Promise<Harness> {
  const t = await startTestServer();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(t.kubeconfig);
  const client = new KubeClient(kc);
  const manager = startControllerManager({ kubeConfig: kc, controllers, leaderElect: false, config });
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

export const nowIso = (): string => formatTime();

/** Creates a pod already bound to `node` (as if scheduled) and optionally posts a kubelet-like status. */
export async function createPod(
  client: KubeClient,
  ns: string,
  name: string,
  opts: { labels?: Record<string, string>; node?: string; ip?: string; ready?: boolean; spec?: Record<string, unknown> } = {},
): Promise<void> {
  await client.request('POST', `/api/v1/namespaces/${ns}/pods`, {
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: opts.labels ?? {} },
      spec: { containers: [{ name: 'main', image: 'nginx:1.27' }], ...(opts.node ? { nodeName: opts.node } : {}), ...(opts.spec ?? {}) },
    },
  });
  if (opts.ip !== undefined || opts.ready !== undefined) await setPodStatus(client, ns, name, opts.ip, opts.ready ?? false);
}

export async function setPodStatus(client: KubeClient, ns: string, name: string, ip: string | undefined, ready: boolean): Promise<void> {
  const t = nowIso();
  await client.request('PATCH', `/api/v1/namespaces/${ns}/pods/${name}/status`, {
    contentType: 'application/merge-patch+json',
    body: {
      status: {
        phase: 'Running',
        ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
        conditions: [
          { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: t },
          { type: 'PodScheduled', status: 'True', lastTransitionTime: t },
        ],
      },
    },
  });
}

export async function createNode(client: KubeClient, name: string, labels: Record<string, string> = {}): Promise<void> {
  await client.request('POST', '/api/v1/nodes', {
    body: { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: {} },
  });
}
