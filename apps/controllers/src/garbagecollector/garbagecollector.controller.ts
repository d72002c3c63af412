import { ApiStatusError, WorkQueue, type KubeClient } from '../../../../libs/client/src/index.js';
import { collectionPath, discoverResources, type DiscoveredResource } from '../namespace/resource.discovery.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import type { ObjectMeta, OwnerReference } from '../shared/types.js';
import { OwnerGraph, type GraphNode, type GraphObject, type WatchedResource } from './owner.graph.js';
import { ResourceMonitors } from './resource.monitors.js';

declare module '../shared/controller.interface.js' {
  interface ControllerConfig {
    /** How often the garbage collector re-reads discovery to follow added and removed kinds (upstream: 30 s). */
    garbageCollectorSyncPeriodMs?: number;
  }
}

/** The kinds that commonly carry ownerReferences or that other controllers watch: shared informers. */
const SHARED: WatchedResource[] = [
  { apiVersion: 'v1', kind: 'Pod', path: '/api/v1/pods' },
  { apiVersion: 'v1', kind: 'Node', path: '/api/v1/nodes' },
  { apiVersion: 'v1', kind: 'Namespace', path: '/api/v1/namespaces' },
  { apiVersion: 'v1', kind: 'Service', path: '/api/v1/services' },
  { apiVersion: 'v1', kind: 'Endpoints', path: '/api/v1/endpoints' },
  { apiVersion: 'v1', kind: 'ServiceAccount', path: '/api/v1/serviceaccounts' },
  { apiVersion: 'v1', kind: 'ResourceQuota', path: '/api/v1/resourcequotas' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', path: '/apis/apps/v1/replicasets' },
  { apiVersion: 'apps/v1', kind: 'Deployment', path: '/apis/apps/v1/deployments' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', path: '/apis/apps/v1/statefulsets' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', path: '/apis/apps/v1/daemonsets' },
  { apiVersion: 'apps/v1', kind: 'ControllerRevision', path: '/apis/apps/v1/controllerrevisions' },
  { apiVersion: 'batch/v1', kind: 'Job', path: '/apis/batch/v1/jobs' },
  { apiVersion: 'batch/v1', kind: 'CronJob', path: '/apis/batch/v1/cronjobs' },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', path: '/apis/discovery.k8s.io/v1/endpointslices' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', path: '/apis/policy/v1/poddisruptionbudgets' },
];

/** Upstream's fixed resync of the deletable resources (GarbageCollector.Sync every 30 s). */
const DEFAULT_SYNC_PERIOD_MS = 30_000;

type Obj = GraphObject;
type OwnerState = 'solid' | 'dangling' | 'waiting';

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

/**
 * Deletes objects whose owners are all gone and carries out foreground and orphan deletion of
 * owners (upstream pkg/controller/garbagecollector). Keys are object uids; every event re-checks
 * the object, its owners (a foreground owner may be unblocked) and, on deletion, its dependents.
 * Like upstream, it monitors every deletable kind and re-reads discovery every sync period, so
 * kinds added or removed while it runs are followed or dropped without a restart.
 */
export class GarbageCollector implements Controller {
  readonly name = 'garbagecollector';
  private readonly queue = new WorkQueue(50, 30_000);
  private readonly graph = new OwnerGraph();
  private readonly client: KubeClient;
  private readonly monitors: ResourceMonitors;
  private readonly syncPeriodMs: number;
  private discovery: { at: number; resources: DiscoveredResource[] } | undefined;
  private syncTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client;
    this.syncPeriodMs = ctx.config?.garbageCollectorSyncPeriodMs ?? DEFAULT_SYNC_PERIOD_MS;
    this.monitors = new ResourceMonitors(ctx.client, ctx.informers, {
      added: (res, o) => this.observed(res, o),
      updated: (res, o, old) => this.observed(res, o, old),
      deleted: (_res, o) => {
        const node = this.graph.remove(o.metadata.uid);
        for (const d of this.graph.dependentsOf(o.metadata.uid ?? '')) this.queue.add(d.uid);
        for (const ow of node?.owners ?? []) this.queue.add(ow);
      },
    });
    for (const res of SHARED) this.monitors.share(res);
  }

  /** The kinds monitored now, as `apiVersion/kind`. */
  monitoredKinds(): string[] {
    return this.monitors.kinds();
  }

  /**
   * Owners of a kind not monitored yet (added since the last sync) get a monitor from then on, so
   * their deletion reaches the dependents; until its first list, owners are looked up live.
   */
  private async ensureWatched(ref: OwnerReference): Promise<void> {
    if (this.monitors.has(ref.apiVersion, ref.kind)) return;
    const r = await this.resourceFor(ref.apiVersion, ref.kind);
    if (r && r.verbs.includes('watch') && r.verbs.includes('list')) this.monitors.follow(r);
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (uid) => this.process(uid));
    void this.syncLoop();
  }

  /** Re-reads discovery now and then every sync period, until stopped. */
  private async syncLoop(): Promise<void> {
    while (!this.stopped) {
      await this.syncMonitors();
      if (this.stopped) return;
      await new Promise<void>((resolve) => (this.syncTimer = setTimeout(resolve, this.syncPeriodMs)));
    }
  }

  /** Upstream GarbageCollector.Sync: monitors for kinds that appeared, none for kinds that went. */
  private async syncMonitors(): Promise<void> {
    let found: Awaited<ReturnType<typeof discoverResources>>;
    try {
      found = await discoverResources(this.client);
    } catch {
      // Discovery unreachable: keep the monitors as they are and try again next period.
      return;
    }
    if (this.stopped) return;
    this.discovery = { at: Date.now(), resources: found.resources };
    for (const res of this.monitors.sync(found)) this.graph.removeKind(res);
  }

  stop(): void {
    this.stopped = true;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.monitors.stop();
    this.queue.shutDown();
  }

  private observed(res: WatchedResource, o: Obj, old?: Obj): void {
    const node = this.graph.upsert(res, o);
    if (!node) return;
    const m = o.metadata;
    if (node.owners.length || (m.deletionTimestamp && (m.finalizers ?? []).some((f) => f === ORPHAN || f === FOREGROUND)))
      this.queue.add(node.uid);
    // An owner waiting in foreground deletion rechecks when a dependent changes (or stops pointing at it).
    for (const ow of new Set([...node.owners, ...(old?.metadata.ownerReferences ?? []).map((r) => r.uid)])) {
      if (this.graph.get(ow)) this.queue.add(ow);
    }
  }

  private async process(uid: string): Promise<void> {
    const node = this.graph.get(uid);
    const obj = node && this.graph.objectOf(node);
    if (!node || !obj) return;
    const m = obj.metadata;
    if (m.deletionTimestamp && (m.finalizers ?? []).includes(ORPHAN)) return this.orphanDependents(node, obj);
    if (m.deletionTimestamp && (m.finalizers ?? []).includes(FOREGROUND)) await this.deleteDependentsInForeground(node, obj);
    if ((m.ownerReferences ?? []).length) await this.collectIfOwnersGone(node, obj);
  }

  private async orphanDependents(node: GraphNode, owner: Obj): Promise<void> {
    for (const d of this.graph.dependentsOf(node.uid)) {
      const dep = this.graph.objectOf(d);
      if (!dep) continue;
      await this.patchMeta(d, dep, { ownerReferences: (dep.metadata.ownerReferences ?? []).filter((r) => r.uid !== node.uid) });
    }
    await this.removeFinalizer(node, owner, ORPHAN);
  }

  private async deleteDependentsInForeground(node: GraphNode, owner: Obj): Promise<void> {
    let blocking = 0;
    for (const d of this.graph.dependentsOf(node.uid)) {
      const dep = this.graph.objectOf(d);
      if (!dep) continue;
      if ((dep.metadata.ownerReferences ?? []).some((r) => r.uid === node.uid && r.blockOwnerDeletion)) blocking++;
      // The dependent decides for itself whether other owners keep it alive.
      this.queue.add(d.uid);
    }
    if (blocking === 0) await this.removeFinalizer(node, owner, FOREGROUND);
  }

  private async collectIfOwnersGone(node: GraphNode, obj: Obj): Promise<void> {
    const refs = obj.metadata.ownerReferences ?? [];
    for (const r of refs) await this.ensureWatched(r);
    const states = await Promise.all(refs.map(async (r) => [r, await this.ownerState(r, node.namespace)] as const));
    const solid = states.filter(([, s]) => s === 'solid');
    const waiting = states.filter(([, s]) => s === 'waiting');
    if (solid.length) {
      // Kept alive by a live owner: only drop the references to owners that are gone or leaving.
      if (solid.length < refs.length) await this.patchMeta(node, obj, { ownerReferences: solid.map(([r]) => r) });
      return;
    }
    if (obj.metadata.deletionTimestamp) return;
    const fin = obj.metadata.finalizers ?? [];
    const policy =
      waiting.length && this.graph.dependentsOf(node.uid).length
        ? 'Foreground'
        : fin.includes(ORPHAN)
          ? 'Orphan'
          : fin.includes(FOREGROUND)
            ? 'Foreground'
            : 'Background';
    try {
      await this.client.request('DELETE', this.pathOf(node), {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: policy, preconditions: { uid: node.uid } },
      });
    } catch (e) {
      if (!(e instanceof ApiStatusError && (e.code === 404 || e.code === 409))) throw e;
    }
  }

  /** Whether an owner is alive, gone (absent or another object under its name), or deleting in the foreground. */
  private async ownerState(ref: OwnerReference, namespace: string): Promise<OwnerState> {
    const cached = this.graph.get(ref.uid);
    const cachedObj = cached && this.graph.objectOf(cached);
    let owner: Obj | undefined = cachedObj;
    if (!owner) {
      // The cache may lag or not cover the kind: absence is confirmed live before anything is deleted.
      const res = await this.resourceFor(ref.apiVersion, ref.kind);
      if (!res) return 'solid';
      try {
        owner = await this.client.get<Obj>(`${collectionPath(res, namespace)}/${ref.name}`);
      } catch (e) {
        if (e instanceof ApiStatusError && (e.code === 404 || e.code === 410)) return 'dangling';
        throw e;
      }
    }
    if (owner.metadata.uid !== ref.uid) return 'dangling';
    if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FOREGROUND)) return 'waiting';
    return 'solid';
  }

  private async resourceFor(apiVersion: string, kind: string): Promise<DiscoveredResource | undefined> {
    const find = () => this.discovery?.resources.find((r) => r.groupVersion === apiVersion && r.kind === kind);
    if (!find() && (!this.discovery || Date.now() - this.discovery.at > this.syncPeriodMs)) {
      this.discovery = { at: Date.now(), resources: (await discoverResources(this.client)).resources };
    }
    return find();
  }

  private pathOf(node: GraphNode): string {
    const base = node.res.path.replace(/\/[^/]+$/, '');
    const plural = node.res.path.slice(base.length + 1);
    return node.namespace ? `${base}/namespaces/${node.namespace}/${plural}/${node.name}` : `${base}/${plural}/${node.name}`;
  }

  private async patchMeta(node: GraphNode, obj: Obj, meta: Partial<ObjectMeta>): Promise<void> {
    try {
      await this.client.request('PATCH', this.pathOf(node), {
        contentType: 'application/merge-patch+json',
        body: { metadata: { ...meta, resourceVersion: obj.metadata.resourceVersion } },
      });
    } catch (e) {
      if (!(e instanceof ApiStatusError && e.code === 404)) throw e;
    }
  }

  private removeFinalizer(node: GraphNode, obj: Obj, finalizer: string): Promise<void> {
    return this.patchMeta(node, obj, { finalizers: (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer) });
  }
}
