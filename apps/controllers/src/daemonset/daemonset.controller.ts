import { ApiStatusError, keyOf, WorkQueue, type EventRecorder, type Informer, type KubeClient } from '../../../../libs/client/src/index.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import { claimObjects } from '../shared/controller.ref.manager.js';
import { Expectations } from '../shared/expectations.js';
import { selectorIsEmpty, selectorMatches } from '../shared/label.selector.js';
import { controllerRefOf, newControllerRef } from '../shared/owner.refs.js';
import { semanticEqual } from '../shared/semantic.equal.js';
import { compareDaemonPods, daemonPodTemplate, pinToNode, targetNodeName } from './daemon.pod.js';
import { cleanupHistory, constructHistory } from './daemonset.history.js';
import { isRollingUpdate, planRollingUpdate, rollingFenceposts } from './daemonset.rolling.js';
import { calculateDaemonSetStatus } from './daemonset.status.js';
import {
  REVISION_LABEL,
  TEMPLATE_GENERATION_ANNOTATION,
  type ControllerRevision,
  type Pod,
  type DaemonSet,
  type Node,
} from './daemonset.types.js';
import { nodeShouldRunDaemonPod } from './node.eligibility.js';

/** Upstream's burstReplicas: the most pods one sync creates or deletes. */
const BURST = 250;
const FAILED_BACKOFF_MS = { initial: 1000, max: 15 * 60 * 1000 };

/**
 * Runs one pod of the template on every eligible node (upstream pkg/controller/daemon). Pods are
 * pinned to their node by node affinity and bound by the scheduler; template changes become
 * ControllerRevisions rolled out node by node (RollingUpdate) or left to the user (OnDelete).
 */
export class DaemonSetController implements Controller {
  readonly name = 'daemonset';
  private readonly queue = new WorkQueue();
  // Two books because one sync may both create and delete; the shared class tracks one kind per key.
  private readonly creations = new Expectations();
  private readonly deletions = new Expectations();
  /** Failed pods deleted per DaemonSet and node, for upstream's backoff against a kubelet that keeps rejecting them. */
  private readonly failedBackoff = new Map<string, { delayMs: number; until: number }>();
  private readonly client: KubeClient;
  private readonly dss: Informer<DaemonSet>;
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly revisions: Informer<ControllerRevision>;
  private readonly recorder: EventRecorder;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client;
    this.recorder = ctx.recorder('daemonset-controller');
    this.dss = ctx.informers.informer<DaemonSet>('/apis/apps/v1/daemonsets');
    this.pods = ctx.informers.informer<Pod>('/api/v1/pods');
    this.nodes = ctx.informers.informer<Node>('/api/v1/nodes');
    this.revisions = ctx.informers.informer<ControllerRevision>('/apis/apps/v1/controllerrevisions');
    this.dss.on('add', (ds) => this.queue.add(keyOf(ds)));
    this.dss.on('update', (ds) => this.queue.add(keyOf(ds)));
    this.dss.on('delete', (ds) => {
      this.creations.delete(keyOf(ds));
      this.deletions.delete(keyOf(ds));
    });
    this.pods.on('add', (p) => {
      const key = this.ownerKey(p);
      if (key) {
        this.creations.creationObserved(key);
        this.queue.add(key);
      } else if (!controllerRefOf(p.metadata)) this.enqueueMatching(p.metadata.namespace, p.metadata.labels);
    });
    this.pods.on('update', (p, old) => {
      const key = this.ownerKey(p);
      const oldKey = old ? this.ownerKey(old) : undefined;
      if (oldKey && oldKey !== key) this.queue.add(oldKey);
      if (key) this.queue.add(key);
      else if (!controllerRefOf(p.metadata)) this.enqueueMatching(p.metadata.namespace, p.metadata.labels);
    });
    this.pods.on('delete', (p) => {
      const key = this.ownerKey(p);
      if (!key) return;
      this.deletions.deletionObserved(key, keyOf(p));
      this.queue.add(key);
    });
    this.nodes.on('add', () => this.enqueueAll());
    this.nodes.on('delete', () => this.enqueueAll());
    // Heartbeats change only status; placement depends on labels, taints and the node's existence.
    this.nodes.on('update', (n, old) => {
      if (!old || !semanticEqual(n.metadata.labels, old.metadata.labels) || !semanticEqual(n.spec, old.spec)) this.enqueueAll();
    });
    const revisionChanged = (r: ControllerRevision): void => {
      const ref = controllerRefOf(r.metadata);
      if (ref?.kind === 'DaemonSet') this.queue.add(`${r.metadata.namespace}/${ref.name}`);
      else if (!ref) this.enqueueMatching(r.metadata.namespace, r.metadata.labels);
    };
    for (const ev of ['add', 'update', 'delete'] as const) this.revisions.on(ev, revisionChanged);
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  private ownerKey(p: Pod): string | undefined {
    const ref = controllerRefOf(p.metadata);
    if (ref?.kind !== 'DaemonSet') return undefined;
    const key = `${p.metadata.namespace}/${ref.name}`;
    return this.dss.get(key)?.metadata.uid === ref.uid ? key : undefined;
  }

  private enqueueMatching(ns: string | undefined, labels: Record<string, string> | undefined): void {
    for (const ds of this.dss.list())
      if (ds.metadata.namespace === ns && selectorMatches(ds.spec.selector, labels)) this.queue.add(keyOf(ds));
  }

  private enqueueAll(): void {
    for (const ds of this.dss.list()) this.queue.add(keyOf(ds));
  }

  private podPath(p: Pod): string {
    return `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`;
  }

  private async sync(key: string): Promise<void> {
    const cached = this.dss.get(key);
    if (!cached) {
      this.creations.delete(key);
      this.deletions.delete(key);
      return;
    }
    const ds: DaemonSet = { ...structuredClone(cached), apiVersion: 'apps/v1', kind: 'DaemonSet' };
    const ns = ds.metadata.namespace ?? '';
    if (selectorIsEmpty(ds.spec.selector)) {
      this.recorder.event(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
      return;
    }
    const nodes = this.nodes.list();
    const candidates = this.pods.list().filter((p) => p.metadata.namespace === ns);
    const pods = await claimObjects(this.client, ds, newControllerRef(ds, 'apps/v1', 'DaemonSet'), ds.spec.selector, candidates, (p) =>
      this.podPath(p),
    );
    const revCandidates = this.revisions.list().filter((r) => r.metadata.namespace === ns);
    const { cur, old } = await constructHistory(this.client, ds, revCandidates, () =>
      this.writeStatus(ds, { ...this.baseStatus(ds), collisionCount: (ds.status?.collisionCount ?? 0) + 1 }),
    );
    const hash = cur.metadata.labels?.[REVISION_LABEL] ?? '';

    if (this.satisfied(key) && !ds.metadata.deletionTimestamp) {
      await this.manage(key, ds, nodes, pods, hash);
      if (this.satisfied(key) && isRollingUpdate(ds)) await this.rollingUpdate(key, ds, nodes, pods, hash);
      await cleanupHistory(this.client, ds, old, pods);
    }

    const status = calculateDaemonSetStatus(ds, nodes, this.podsByNode(pods, false), hash);
    if (!semanticEqual(status, ds.status ?? {})) await this.writeStatus(ds, status);
    const minReady = ds.spec.minReadySeconds ?? 0;
    if (minReady > 0 && status.numberReady !== status.numberAvailable) this.queue.addAfter(key, minReady * 1000);
  }

  private satisfied(key: string): boolean {
    return this.creations.satisfied(key) && this.deletions.satisfied(key);
  }

  private baseStatus(ds: DaemonSet): NonNullable<DaemonSet['status']> {
    return { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0, ...(ds.status ?? {}) };
  }

  private async writeStatus(ds: DaemonSet, status: NonNullable<DaemonSet['status']>): Promise<void> {
    try {
      const updated = await this.client.request<DaemonSet>(
        'PATCH',
        `/apis/apps/v1/namespaces/${ds.metadata.namespace}/daemonsets/${ds.metadata.name}/status`,
        {
          contentType: 'application/merge-patch+json',
          body: { status },
        },
      );
      ds.status = updated.status ?? status;
    } catch (e) {
      if (!(e instanceof ApiStatusError && e.code === 404)) throw e;
    }
  }

  /** Daemon pods by target node; terminal pods that are being deleted are left out, as upstream. */
  private podsByNode(pods: Pod[], includeDeletedTerminal: boolean): Map<string, Pod[]> {
    const m = new Map<string, Pod[]>();
    for (const p of pods) {
      const terminal = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
      if (!includeDeletedTerminal && terminal && p.metadata.deletionTimestamp) continue;
      const node = targetNodeName(p);
      if (!node) continue;
      m.set(node, [...(m.get(node) ?? []), p]);
    }
    return m;
  }

  /** Creates the missing daemon pods and deletes the ones that must go (upstream manage/podsShouldBeOnNode). */
  private async manage(key: string, ds: DaemonSet, nodes: Node[], pods: Pod[], hash: string): Promise<void> {
    const byNode = this.podsByNode(pods, true);
    const surge = rollingFenceposts(ds, nodes.length).surge > 0;
    const needing: string[] = [];
    const toDelete: Pod[] = [];
    let backoffMs = 0;
    for (const node of nodes) {
      const name = node.metadata.name ?? '';
      const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds.spec.template);
      const onNode = byNode.get(name);
      byNode.delete(name);
      if (shouldRun && !onNode) {
        needing.push(name);
        continue;
      }
      if (!onNode) continue;
      if (!shouldContinueRunning) {
        toDelete.push(...onNode.filter((p) => !p.metadata.deletionTimestamp));
        continue;
      }
      const running: Pod[] = [];
      for (const p of onNode) {
        if (p.metadata.deletionTimestamp) continue;
        if (p.status?.phase === 'Failed') {
          const wait = this.failedPodBackoff(`${key}/${name}`);
          if (wait > 0) {
            backoffMs = backoffMs ? Math.min(backoffMs, wait) : wait;
            continue;
          }
          this.recorder.event(
            ds,
            'Warning',
            'FailedDaemonPod',
            `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${name}, will try to kill it`,
          );
          toDelete.push(p);
        } else if (p.status?.phase === 'Succeeded') toDelete.push(p);
        else running.push(p);
      }
      running.sort(compareDaemonPods);
      if (!surge) {
        toDelete.push(...running.slice(1));
        continue;
      }
      // While surging a node may hold the oldest pod of the old and of the new revision, no more.
      let keptNew = false;
      let keptOld = false;
      for (const p of running) {
        const isNew = p.metadata.labels?.[REVISION_LABEL] === hash;
        if (isNew && !keptNew) keptNew = true;
        else if (!isNew && !keptOld) keptOld = true;
        else toDelete.push(p);
      }
    }
    // Pods for nodes that no longer exist. Upstream leaves bound ones to the pod GC, which this plane does not run.
    for (const left of byNode.values()) toDelete.push(...left.filter((p) => !p.metadata.deletionTimestamp));
    await this.syncNodes(key, ds, toDelete, needing, hash);
    if (backoffMs > 0) this.queue.addAfter(key, backoffMs);
  }

  /** 0 when a failed pod on this node may be deleted now (and starts the next, doubled wait), else how long to wait. */
  private failedPodBackoff(id: string): number {
    const now = Date.now();
    const b = this.failedBackoff.get(id);
    if (b && now < b.until) return b.until - now;
    const delayMs = b ? Math.min(b.delayMs * 2, FAILED_BACKOFF_MS.max) : FAILED_BACKOFF_MS.initial;
    this.failedBackoff.set(id, { delayMs, until: now + delayMs });
    return 0;
  }

  private async rollingUpdate(key: string, ds: DaemonSet, nodes: Node[], pods: Pod[], hash: string): Promise<void> {
    const desired = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds.spec.template).shouldRun).length;
    const { podsToDelete, nodesToCreate } = planRollingUpdate(ds, this.podsByNode(pods, false), hash, desired);
    await this.syncNodes(key, ds, podsToDelete, nodesToCreate, hash);
    // Availability after minReadySeconds produces no event; look again then.
    const minReady = ds.spec.minReadySeconds ?? 0;
    if (minReady > 0 && (podsToDelete.length || nodesToCreate.length)) this.queue.addAfter(key, minReady * 1000);
  }

  private async syncNodes(key: string, ds: DaemonSet, toDelete: Pod[], nodesToCreate: string[], hash: string): Promise<void> {
    const creates = nodesToCreate.slice(0, BURST);
    const deletes = toDelete.slice(0, BURST);
    if (!creates.length && !deletes.length) return;
    this.creations.expectCreations(key, creates.length);
    this.deletions.expectDeletions(
      key,
      deletes.map((p) => keyOf(p)),
    );
    const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? String(ds.metadata.generation ?? 1);
    const template = daemonPodTemplate(ds.spec.template, hash, generation);
    const errors: unknown[] = [];
    // Slow start, as upstream: batches of 1, 2, 4 … so a bad template fails once, not once per node.
    let i = 0;
    for (let batch = 1; i < creates.length; batch *= 2) {
      const slice = creates.slice(i, i + batch);
      i += slice.length;
      const results = await Promise.allSettled(slice.map((node) => this.createPod(ds, template, node)));
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      for (const f of failed) {
        this.creations.creationObserved(key);
        errors.push(f.reason);
      }
      if (failed.length) {
        for (let j = i; j < creates.length; j++) this.creations.creationObserved(key);
        break;
      }
    }
    await Promise.all(
      deletes.map(async (p) => {
        try {
          await this.client.request('DELETE', this.podPath(p), {
            body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: p.metadata.uid } },
          });
          this.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
        } catch (e) {
          this.deletions.deletionObserved(key, keyOf(p));
          if (e instanceof ApiStatusError && (e.code === 404 || e.code === 409)) return;
          this.recorder.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${(e as Error).message}`);
          errors.push(e);
        }
      }),
    );
    if (errors.length) throw errors[0];
  }

  private async createPod(ds: DaemonSet, template: ReturnType<typeof daemonPodTemplate>, node: string): Promise<void> {
    const ns = ds.metadata.namespace ?? '';
    const spec = structuredClone(template.spec);
    spec.affinity = pinToNode(spec.affinity, node);
    const body: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${ds.metadata.name}-`,
        namespace: ns,
        labels: { ...(template.metadata?.labels ?? {}) },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ...(template.metadata?.finalizers ? { finalizers: [...template.metadata.finalizers] } : {}),
        ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
      },
      spec,
    };
    try {
      const created = await this.client.request<Pod>('POST', `/api/v1/namespaces/${ns}/pods`, { body });
      this.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (e) {
      this.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`);
      throw e;
    }
  }
}
