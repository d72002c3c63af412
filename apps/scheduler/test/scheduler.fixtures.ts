import * as k8s from '@kubernetes/client-node';
import { KubeClient } from '../../../libs/client/src/index.js';
import type { Node, OwnerReference, Pod, Taint, Toleration, TopologySpreadConstraint } from '../src/api/core.types.js';

export function clientFor(kubeconfig: string): { client: KubeClient; kc: k8s.KubeConfig } {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  return { client: new KubeClient(kc), kc };
}

interface NodeSpec {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
}

/** A node as a kubelet would register it, created straight through the API (no agent). */
export async function createNode(client: KubeClient, name: string, s: NodeSpec = {}): Promise<void> {
  const allocatable = { cpu: s.cpu ?? '4', memory: s.memory ?? '8Gi', pods: s.pods ?? '110', 'ephemeral-storage': '100Gi' };
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(s.labels ?? {}) } },
    spec: { ...(s.taints ? { taints: s.taints } : {}), ...(s.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable, capacity: allocatable },
  };
  const created = await client.request<Node>('POST', '/api/v1/nodes', { body: node });
  if (!created.status?.allocatable) {
    await client.request('PATCH', `/api/v1/nodes/${name}/status`, {
      body: { status: node.status },
      contentType: 'application/merge-patch+json',
    });
  }
}

interface PodSpec {
  cpu?: string;
  memory?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  schedulerName?: string;
  labels?: Record<string, string>;
  /** The apiserver's Priority admission resolves it into spec.priority (and spec.preemptionPolicy). */
  priorityClassName?: string;
  affinity?: Pod['spec']['affinity'];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  terminationGracePeriodSeconds?: number;
  ownerReferences?: OwnerReference[];
}

export async function createPod(client: KubeClient, ns: string, name: string, s: PodSpec = {}): Promise<void> {
  const requests: Record<string, string> = {};
  if (s.cpu) requests['cpu'] = s.cpu;
  if (s.memory) requests['memory'] = s.memory;
  await client.request('POST', `/api/v1/namespaces/${ns}/pods`, {
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: ns,
        ...(s.labels ? { labels: s.labels } : {}),
        ...(s.ownerReferences ? { ownerReferences: s.ownerReferences } : {}),
      },
      spec: {
        containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10', resources: { requests } }],
        ...(s.priorityClassName ? { priorityClassName: s.priorityClassName } : {}),
        ...(s.affinity ? { affinity: s.affinity } : {}),
        ...(s.topologySpreadConstraints ? { topologySpreadConstraints: s.topologySpreadConstraints } : {}),
        ...(s.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: s.terminationGracePeriodSeconds } : {}),
        ...(s.nodeSelector ? { nodeSelector: s.nodeSelector } : {}),
        ...(s.tolerations ? { tolerations: s.tolerations } : {}),
        ...(s.schedulerName ? { schedulerName: s.schedulerName } : {}),
      },
    },
  });
}

export async function createNamespace(client: KubeClient, name: string, labels?: Record<string, string>): Promise<void> {
  await client.request('POST', '/api/v1/namespaces', {
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(labels ? { labels } : {}) } },
  });
}

export async function createPriorityClass(
  client: KubeClient,
  name: string,
  value: number,
  preemptionPolicy?: 'Never' | 'PreemptLowerPriority',
): Promise<void> {
  await client.request('POST', '/apis/scheduling.k8s.io/v1/priorityclasses', {
    body: {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name },
      value,
      ...(preemptionPolicy ? { preemptionPolicy } : {}),
    },
  });
}

/** Removes test nodes so the next case's node count is exact. */
export async function deleteNodes(client: KubeClient, ...names: string[]): Promise<void> {
  for (const n of names) await client.request('DELETE', `/api/v1/nodes/${n}`);
}

/** The PodScheduled=False message once the scheduler has given up on a pod (this attempt). */
export function waitForUnschedulable(client: KubeClient, ns: string, name: string, timeoutMs?: number): Promise<string> {
  return waitFor(
    `${ns}/${name} PodScheduled=False`,
    async () => {
      const c = (await getPod(client, ns, name)).status?.conditions?.find((x) => x.type === 'PodScheduled');
      return c?.status === 'False' ? c.message : undefined;
    },
    timeoutMs,
  );
}

export function getPod(client: KubeClient, ns: string, name: string): Promise<Pod> {
  return client.get<Pod>(`/api/v1/namespaces/${ns}/pods/${name}`);
}

/** Polls until `check` returns a value (not undefined) or the deadline passes. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function waitForNodeName(client: KubeClient, ns: string, name: string, timeoutMs?: number): Promise<string> {
  return waitFor(`${ns}/${name} to be bound`, async () => (await getPod(client, ns, name)).spec.nodeName || undefined, timeoutMs);
}

interface EventLike {
  reason: string;
  message: string;
  type: string;
  source?: { component?: string };
  involvedObject: { name: string };
}

export async function eventsFor(client: KubeClient, ns: string, pod: string): Promise<EventLike[]> {
  const list = await client.get<{ items: EventLike[] }>(`/api/v1/namespaces/${ns}/events`);
  return list.items.filter((e) => e.involvedObject.name === pod);
}
