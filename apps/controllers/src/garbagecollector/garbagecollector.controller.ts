import { ApiStatusError, WorkQueue, type KObject, type KubeClient } from '../../../../libs/client/src/index.js';
import { collectionPath, discoverResources, type DiscoveredResource } from '../namespace/resource.discovery.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import type { ObjectMeta, OwnerReference } from '../shared/types.js';
import { OwnerGraph, type GraphNode, type WatchedResource } from './owner.graph.js';

/** The kinds that commonly carry ownerReferences; owners of other kinds are looked up live. */
const WATCHED: WatchedResource[] = [
  { apiVersion: 'v1', kind: 'Pod', path: '/api/v1/pods' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', path: '/apis/apps/v1/replicasets' },
  { apiVersion: 'apps/v1', kind: 'Deployment', path: '/apis/apps/v1/deployments' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', path: '/apis/apps/v1/statefulsets' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', path: '/apis/apps/v1/daemonsets' },
  { apiVersion: 'apps/v1', kind: 'ControllerRevision', path: '/apis/apps/v1/controllerrevisions' },
  { apiVersion: 'batch/v1', kind: 'Job', path: '/apis/batch/v1/jobs' },
  { apiVersion: 'batch/v1', kind: 'CronJob', path: '/apis/batch/v1/cronjobs' },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', path: '/apis/discovery.k8s.io/v1/endpointslices' },
];

/** Kinds upstream's GC leaves alone: events come and go too fast to be worth a graph. */
const IGNORED = new Set(['events']);

type Obj = KObject & { metadata: ObjectMeta };
type OwnerState = 'solid' | 'dangling' | 'waiting';

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

/**
 * Deletes objects whose owners are all gone and carries out foreground and orphan deletion of
 * owners (upstream pkg/controller/garbagecollector). Keys are object uids; every event re-checks
 * the object, its owners (a foreground owner may be unblocked) and, on deletion, its dependents.
 */
export class GarbageCollector implements Controller {
  readonly name = 'garbagecollector';
  private readonly queue = new WorkQueue(50, 30_000);
  private readonly graph = new OwnerGraph();
  private readonly client: KubeClient;
  private discovery: { at: number; resources: DiscoveredResource[] } | undefined;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client;
    for (const res of WATCHED) this.watch(res);
  }

  private readonly watched = new Map<string, WatchedResource>();

  private watch(r: WatchedResource): WatchedResource {
    const res = { ...r };
    this.watched.set(`${res.apiVersion}/${res.kind}`, res);
    const inf = this.ctx.informers.informer<Obj>(res.path);
    res.informer = inf;
    inf.on('add', (o) => this.observed(res, o));
    inf.on('update', (o, old) => this.observed(res, o, old));
    inf.on('delete', (o) => {
      const node = this.graph.remove(o.metadata.uid);
      for (const d of this.graph.dependentsOf(o.metadata.uid ?? '')) this.queue.add(d.uid);
      for (const ow of node?.owners ?? []) this.queue.add(ow);
    });
    return res;
  }

  /**
   * Owners of a kind not watched yet (a ConfigMap, a custom resource) get an informer from then on,
   * so their deletion reaches the dependents as upstream's GC, which monitors every deletable kind.
   */
  private async ensureWatched(ref: OwnerReference): Promise<void> {
    if (this.watched.has(`${ref.apiVersion}/${ref.kind}`)) return;
    const r = await this.resourceFor(ref.apiVersion, ref.kind);
    if (!r || !r.verbs.includes('watch') || !r.verbs.includes('list')) return;
    this.watch({ apiVersion: ref.apiVersion, kind: ref.kind, path: collectionPath(r) });
    await this.ctx.informers.start();
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (uid) => this.process(uid));
    void this.watchEveryKind();
  }

  /**
   * Like upstream's GC, monitor every kind that can be listed, watched and deleted (events
   * excepted), so dependents of any kind are collected — not only the common owner chains.
   */
  private async watchEveryKind(): Promise<void> {
    try {
      const { resources } = await discoverResources(this.client);
      this.discovery = { at: Date.now(), resources };
      let added = false;
      for (const r of resources) {
        if (IGNORED.has(r.resource) || !['list', 'watch', 'delete'].every((v) => r.verbs.includes(v))) continue;
        const apiVersion = r.groupVersion;
        if (this.watched.has(`${apiVersion}/${r.kind}`)) continue;
        this.watch({ apiVersion, kind: r.kind, path: collectionPath(r) });
        added = true;
      }
      if (added) await this.ctx.informers.start();
    } catch {
      // Discovery failed: the common kinds are still watched; owners are looked up as they come.
    }
  }

  stop(): void {
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
    if (!find() && (!this.discovery || Date.now() - this.discovery.at > 30_000)) {
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
