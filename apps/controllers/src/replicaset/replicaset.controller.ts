import { ApiStatusError, keyOf, WorkQueue, type EventRecorder, type Informer, type KubeClient } from '../../../../libs/client/src/index.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import { claimObjects } from '../shared/controller.ref.manager.js';
import { Expectations } from '../shared/expectations.js';
import { selectorMatches } from '../shared/label.selector.js';
import { controllerRefOf, newControllerRef } from '../shared/owner.refs.js';
import { compareForDeletion, isPodActive } from '../shared/pod.util.js';
import type { OwnerReference, Pod, ReplicaSet } from '../shared/types.js';
import { REPLICA_SET_KIND, type ReplicaKind, type ReplicaOwner } from './replica.kind.js';
import { calculateReplicaSetStatus, statusEqual } from './replicaset.status.js';

/** Upstream's burstReplicas: the most pods one sync creates or deletes. */
const BURST = 500;

/**
 * Keeps spec.replicas pods from spec.template running for each ReplicaSet (upstream
 * pkg/controller/replicaset), or for each ReplicationController given that kind. Level-triggered:
 * every event only enqueues the owner's key; the sync recomputes from the informer caches.
 */
export class ReplicaController<T extends ReplicaOwner> implements Controller {
  readonly name: string;
  private readonly queue = new WorkQueue();
  private readonly expectations = new Expectations();
  private readonly client: KubeClient;
  private readonly pods: Informer<Pod>;
  private readonly rss: Informer<T>;
  private readonly recorder: EventRecorder;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly kind: ReplicaKind<T>,
  ) {
    this.name = kind.controllerName;
    this.client = ctx.client;
    this.recorder = ctx.recorder(kind.component);
    this.pods = ctx.informers.informer<Pod>('/api/v1/pods');
    this.rss = ctx.informers.informer<T>(kind.collectionPath);
    this.rss.on('add', (rs) => this.queue.add(keyOf(rs)));
    this.rss.on('update', (rs) => this.queue.add(keyOf(rs)));
    this.rss.on('delete', (rs) => {
      this.expectations.delete(keyOf(rs));
      this.queue.add(keyOf(rs));
    });
    this.pods.on('add', (p) => this.podAdded(p));
    this.pods.on('update', (p, old) => this.podUpdated(p, old));
    this.pods.on('delete', (p) => this.podDeleted(p));
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  private ownerKey(p: Pod): string | undefined {
    const ref = controllerRefOf(p.metadata);
    if (ref?.kind !== this.kind.kind) return undefined;
    const key = `${p.metadata.namespace}/${ref.name}`;
    return this.rss.get(key)?.metadata.uid === ref.uid ? key : undefined;
  }

  private enqueueMatching(p: Pod): void {
    for (const rs of this.rss.list()) {
      if (rs.metadata.namespace === p.metadata.namespace && selectorMatches(this.kind.selectorOf(rs), p.metadata.labels))
        this.queue.add(keyOf(rs));
    }
  }

  private podAdded(p: Pod): void {
    const key = this.ownerKey(p);
    if (key) {
      this.expectations.creationObserved(key);
      this.queue.add(key);
    } else if (!controllerRefOf(p.metadata)) this.enqueueMatching(p);
  }

  private podUpdated(p: Pod, old: Pod | undefined): void {
    const key = this.ownerKey(p);
    const oldKey = old ? this.ownerKey(old) : undefined;
    if (oldKey && oldKey !== key) this.queue.add(oldKey);
    if (key) this.queue.add(key);
    else if (!controllerRefOf(p.metadata)) this.enqueueMatching(p);
  }

  private podDeleted(p: Pod): void {
    const key = this.ownerKey(p);
    if (!key) return;
    this.expectations.deletionObserved(key, keyOf(p));
    this.queue.add(key);
  }

  private async sync(key: string): Promise<void> {
    const cached = this.rss.get(key);
    if (!cached) {
      this.expectations.delete(key);
      return;
    }
    const rs: T = { ...structuredClone(cached), apiVersion: this.kind.apiVersion, kind: this.kind.kind };
    const selector = this.kind.selectorOf(rs);
    const ns = rs.metadata.namespace ?? '';
    const candidates = this.pods.list().filter((p) => p.metadata.namespace === ns && isPodActive(p));
    const pods = selector
      ? await claimObjects(
          this.client,
          rs,
          this.ownerRef(rs),
          selector,
          candidates,
          (p) => `/api/v1/namespaces/${ns}/pods/${p.metadata.name}`,
        )
      : [];
    if (this.expectations.satisfied(key) && !rs.metadata.deletionTimestamp) await this.manageReplicas(key, rs, pods);
    const status = calculateReplicaSetStatus(rs, pods);
    if (!statusEqual(rs.status, status)) {
      try {
        await this.client.request('PATCH', `${this.kind.objectPath(ns, rs.metadata.name ?? '')}/status`, {
          contentType: 'application/merge-patch+json',
          body: { status },
        });
      } catch (e) {
        if (!(e instanceof ApiStatusError && e.code === 404)) throw e;
      }
    }
    const minReady = rs.spec.minReadySeconds ?? 0;
    if (minReady > 0 && status.readyReplicas !== status.availableReplicas) this.queue.addAfter(key, minReady * 1000);
  }

  private async manageReplicas(key: string, rs: T, pods: Pod[]): Promise<void> {
    const ns = rs.metadata.namespace ?? '';
    const diff = pods.length - (rs.spec.replicas ?? 1);
    if (diff < 0) {
      const n = Math.min(-diff, BURST);
      this.expectations.expectCreations(key, n);
      // Slow start, as upstream: batches of 1, 2, 4 … so a bad template fails once, not 500 times.
      let remaining = n;
      for (let batch = 1; remaining > 0; batch = Math.min(batch * 2, remaining)) {
        const size = Math.min(batch, remaining);
        const results = await Promise.allSettled(Array.from({ length: size }, () => this.createPod(rs, ns)));
        remaining -= size;
        const failed = results.filter((r) => r.status === 'rejected').length;
        for (let i = 0; i < failed; i++) this.expectations.creationObserved(key);
        if (failed > 0) {
          for (let i = 0; i < remaining; i++) this.expectations.creationObserved(key);
          throw (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
        }
      }
      return;
    }
    if (diff > 0) {
      const victims = [...pods].sort(compareForDeletion).slice(0, Math.min(diff, BURST));
      this.expectations.expectDeletions(
        key,
        victims.map((p) => keyOf(p)),
      );
      await Promise.all(
        victims.map(async (p) => {
          try {
            await this.client.request('DELETE', `/api/v1/namespaces/${ns}/pods/${p.metadata.name}`, {
              body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: p.metadata.uid } },
            });
            this.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
          } catch (e) {
            this.expectations.deletionObserved(key, keyOf(p));
            if (e instanceof ApiStatusError && e.code === 404) return;
            this.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${(e as Error).message}`);
            throw e;
          }
        }),
      );
    }
  }

  private ownerRef(rs: T): OwnerReference {
    return newControllerRef(rs, this.kind.apiVersion, this.kind.kind);
  }

  private async createPod(rs: T, ns: string): Promise<void> {
    const tmpl = rs.spec.template;
    const body: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${rs.metadata.name}-`,
        namespace: ns,
        labels: { ...(tmpl.metadata?.labels ?? {}) },
        ...(tmpl.metadata?.annotations ? { annotations: { ...tmpl.metadata.annotations } } : {}),
        ...(tmpl.metadata?.finalizers ? { finalizers: [...tmpl.metadata.finalizers] } : {}),
        ownerReferences: [this.ownerRef(rs)],
      },
      spec: structuredClone(tmpl.spec ?? {}),
    };
    try {
      const created = await this.client.request<Pod>('POST', `/api/v1/namespaces/${ns}/pods`, { body });
      this.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (e) {
      this.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`);
      throw e;
    }
  }
}

/** The ReplicaSet controller proper: the replica core for apps/v1 ReplicaSets. */
export class ReplicaSetController extends ReplicaController<ReplicaSet> {
  constructor(ctx: ControllerContext) {
    super(ctx, REPLICA_SET_KIND);
  }
}
