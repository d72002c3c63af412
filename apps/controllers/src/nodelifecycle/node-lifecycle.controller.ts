import { ApiStatusError, WorkQueue, type EventRecorder, type Informer, type KubeClient } from '../../../../libs/client/src/index.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import { nowIso, type Condition } from '../shared/types.js';
import { desiredTaints, unknownConditions } from './node.health.js';
import type { Lease, Node, NodeCondition, Pod } from './node.types.js';

const DEFAULT_GRACE_MS = 40_000;
const DEFAULT_STARTUP_GRACE_MS = 60_000;
const DEFAULT_MONITOR_PERIOD_MS = 5_000;

interface Health {
  /** When this controller last saw the kubelet alive (its own clock, as upstream: no skew). */
  probeMs: number;
  heartbeat: string;
  renewTime: string;
}

/**
 * Upstream's node-lifecycle-controller (pkg/controller/nodelifecycle): a node whose kubelet has
 * neither posted status nor renewed its kube-node-lease Lease for --node-monitor-grace-period gets
 * its conditions set to Unknown, its pods marked not ready, and the unreachable taints; the taints
 * follow the conditions back when the kubelet posts Ready again. Evictions are the
 * taint-eviction-controller's.
 */
export class NodeLifecycleController implements Controller {
  readonly name = 'nodelifecycle';
  private readonly queue = new WorkQueue();
  private readonly client: KubeClient;
  private readonly recorder: EventRecorder;
  private readonly nodes: Informer<Node>;
  private readonly leases: Informer<Lease>;
  private readonly pods: Informer<Pod>;
  private readonly health = new Map<string, Health>();
  private readonly graceMs: number;
  private readonly startupGraceMs: number;
  private readonly periodMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client;
    this.recorder = ctx.recorder('node-controller');
    this.graceMs = ctx.config?.nodeMonitorGracePeriodMs ?? DEFAULT_GRACE_MS;
    this.startupGraceMs = Math.max(ctx.config?.nodeStartupGracePeriodMs ?? DEFAULT_STARTUP_GRACE_MS, this.graceMs);
    this.periodMs = ctx.config?.nodeMonitorPeriodMs ?? Math.min(DEFAULT_MONITOR_PERIOD_MS, this.graceMs / 4);
    this.nodes = ctx.informers.informer<Node>('/api/v1/nodes');
    this.leases = ctx.informers.informer<Lease>('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases');
    this.pods = ctx.informers.informer<Pod>('/api/v1/pods');
    const node = (n: Node): void => {
      this.observe(n.metadata.name ?? '');
      this.queue.add(n.metadata.name ?? '');
    };
    this.nodes
      .on('add', node)
      .on('update', node)
      .on('delete', (n) => this.health.delete(n.metadata.name ?? ''));
    const lease = (l: Lease): void => {
      if (!this.nodes.get(l.metadata.name ?? '')) return;
      this.observe(l.metadata.name ?? '');
      this.queue.add(l.metadata.name ?? '');
    };
    this.leases.on('add', lease).on('update', lease);
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (key) => this.sync(key));
    this.timer = setInterval(() => {
      for (const n of this.nodes.list()) this.queue.add(n.metadata.name ?? '');
    }, this.periodMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.queue.shutDown();
  }

  /** A new Ready heartbeat or lease renewTime restarts the grace period (first sight grants a full one). */
  private observe(name: string): void {
    const heartbeat = (this.nodes.get(name)?.status?.conditions ?? []).find((c) => c.type === 'Ready')?.lastHeartbeatTime ?? '';
    const renewTime = this.leases.get(`kube-node-lease/${name}`)?.spec?.renewTime ?? '';
    const h = this.health.get(name);
    if (!h || h.heartbeat !== heartbeat || h.renewTime !== renewTime) this.health.set(name, { probeMs: Date.now(), heartbeat, renewTime });
  }

  private async sync(name: string): Promise<void> {
    const cached = this.nodes.get(name);
    if (!cached) return;
    const node = structuredClone(cached);
    const h = this.health.get(name);
    const conditions = node.status?.conditions ?? [];
    const ready = conditions.find((c) => c.type === 'Ready');
    const grace = ready ? this.graceMs : this.startupGraceMs;
    const now = nowIso();
    if (h && Date.now() > h.probeMs + grace) {
      const next = unknownConditions(conditions, now);
      if (next) {
        const updated = await this.writeStatus(node, next);
        if (!updated) return;
        if (ready?.status === 'True') {
          this.recorder.event(
            { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: node.metadata.uid ?? '' } },
            'Normal',
            'NodeNotReady',
            `Node ${name} status is now: NodeNotReady`,
          );
          await this.markPodsNotReady(name);
        }
        return; // the status event brings the node back for its taints
      }
    }
    const taints = desiredTaints(node, now);
    if (!taints) return;
    try {
      await this.client.request('PUT', `/api/v1/nodes/${name}`, {
        body: { ...node, apiVersion: 'v1', kind: 'Node', spec: { ...(node.spec ?? {}), taints } },
      });
    } catch (e) {
      if (e instanceof ApiStatusError && e.code === 404) return;
      throw e; // 409: the cache was behind; retried with backoff
    }
  }

  private async writeStatus(node: Node, conditions: NodeCondition[]): Promise<boolean> {
    try {
      await this.client.request('PUT', `/api/v1/nodes/${node.metadata.name}/status`, {
        body: { ...node, apiVersion: 'v1', kind: 'Node', status: { ...(node.status ?? {}), conditions } },
      });
      return true;
    } catch (e) {
      if (e instanceof ApiStatusError && e.code === 404) return false;
      throw e;
    }
  }

  /** Upstream's MarkPodsNotReady: the node's pods stop counting as ready (endpoints, availability). */
  private async markPodsNotReady(nodeName: string): Promise<void> {
    const now = nowIso();
    const pods = this.pods.list().filter((p) => p.spec?.nodeName === nodeName && !p.metadata.deletionTimestamp);
    await Promise.all(
      pods.map(async (p) => {
        const conds: Condition[] = (p.status?.conditions ?? []).map((c) => ({ ...c }));
        const ready = conds.find((c) => c.type === 'Ready');
        if (!ready || ready.status === 'False') return;
        Object.assign(ready, { status: 'False', lastTransitionTime: now });
        try {
          await this.client.request('PATCH', `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}/status`, {
            contentType: 'application/merge-patch+json',
            body: { metadata: { resourceVersion: p.metadata.resourceVersion }, status: { conditions: conds } },
          });
        } catch (e) {
          if (e instanceof ApiStatusError && (e.code === 404 || e.code === 409)) return;
          throw e;
        }
        this.recorder.event(
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: p.metadata.name ?? '', namespace: p.metadata.namespace ?? '', uid: p.metadata.uid ?? '' },
          },
          'Warning',
          'NodeNotReady',
          'Node is not ready',
        );
      }),
    );
  }
}
