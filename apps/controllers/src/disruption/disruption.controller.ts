import { ApiStatusError, keyOf, WorkQueue, type EventRecorder, type Informer, type KubeClient } from '../../../../libs/client/src/index.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import { selectorMatches } from '../shared/label.selector.js';
import { controllerRefOf } from '../shared/owner.refs.js';
import { isPodReady } from '../shared/pod.util.js';
import { semanticEqual } from '../shared/semantic.equal.js';
import { nowIso, type LabelSelector, type ObjectMeta, type Pod } from '../shared/types.js';
import { desiredHealthy, disruptionCondition, type IntOrPercent, type PdbStatus } from './pdb.status.js';

interface Pdb {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: { selector?: LabelSelector; minAvailable?: IntOrPercent; maxUnavailable?: IntOrPercent };
  status?: PdbStatus;
  [k: string]: unknown;
}

interface Scalable {
  metadata: ObjectMeta;
  spec?: { replicas?: number };
  [k: string]: unknown;
}

/** Upstream's DeletionTimeout: an eviction not followed by the pod's deletion is forgotten after this. */
const DISRUPTED_POD_TIMEOUT_MS = 2 * 60 * 1000;

const WORKLOADS: ReadonlyArray<[kind: string, path: string]> = [
  ['ReplicaSet', '/apis/apps/v1/replicasets'],
  ['Deployment', '/apis/apps/v1/deployments'],
  ['StatefulSet', '/apis/apps/v1/statefulsets'],
  ['ReplicationController', '/api/v1/replicationcontrollers'],
];

class SyncError extends Error {}

/**
 * Upstream's disruption controller: keeps each PodDisruptionBudget's status (expectedPods,
 * currentHealthy, desiredHealthy, disruptionsAllowed, the DisruptionAllowed condition) from the
 * pods it selects and the scale of their controllers. The pods/eviction subresource consumes
 * disruptionsAllowed, so status is written with the resourceVersion it was computed from.
 */
export class DisruptionController implements Controller {
  readonly name = 'disruption';
  private readonly queue = new WorkQueue();
  private readonly client: KubeClient;
  private readonly recorder: EventRecorder;
  private readonly pdbs: Informer<Pdb>;
  private readonly pods: Informer<Pod>;
  private readonly workloads = new Map<string, Informer<Scalable>>();

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client;
    this.recorder = ctx.recorder('controllermanager');
    this.pdbs = ctx.informers.informer<Pdb>('/apis/policy/v1/poddisruptionbudgets');
    this.pods = ctx.informers.informer<Pod>('/api/v1/pods');
    const pdb = (p: Pdb): void => this.queue.add(keyOf(p));
    this.pdbs.on('add', pdb).on('update', pdb);
    const pod = (p: Pod, old?: Pod): void => {
      for (const b of this.pdbs.list()) {
        if (b.metadata.namespace !== p.metadata.namespace) continue;
        if (selectorMatches(b.spec?.selector, p.metadata.labels) || (old && selectorMatches(b.spec?.selector, old.metadata.labels))) pdb(b);
      }
    };
    this.pods
      .on('add', (p) => pod(p))
      .on('update', (p, old) => pod(p, old))
      .on('delete', (p) => pod(p));
    for (const [kind, path] of WORKLOADS) {
      const inf = ctx.informers.informer<Scalable>(path);
      this.workloads.set(kind, inf);
      // A scale change moves expectedPods for percentage budgets in that namespace.
      inf.on('update', (w, old) => {
        if (w.spec?.replicas === old?.spec?.replicas) return;
        for (const b of this.pdbs.list()) if (b.metadata.namespace === w.metadata.namespace) pdb(b);
      });
    }
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  private async sync(key: string): Promise<void> {
    const cached = this.pdbs.get(key);
    if (!cached) return;
    const pdb = structuredClone(cached);
    const ns = pdb.metadata.namespace ?? '';
    const generation = pdb.metadata.generation ?? 1;
    const pods = this.pods.list().filter((p) => p.metadata.namespace === ns && selectorMatches(pdb.spec?.selector, p.metadata.labels));
    const now = Date.now();
    let status: PdbStatus;
    try {
      const expected = this.expectedPods(pdb, pods);
      const desired = desiredHealthy(pdb.spec ?? {}, expected);
      const { disrupted, recheckMs } = this.disruptedPods(pdb, pods, now);
      const healthy = pods.filter((p) => !p.metadata.deletionTimestamp && isPodReady(p) && !disrupted[p.metadata.name ?? '']).length;
      const allowed = expected > 0 ? Math.max(0, healthy - desired) : 0;
      status = {
        observedGeneration: generation,
        ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
        disruptionsAllowed: allowed,
        currentHealthy: healthy,
        desiredHealthy: desired,
        expectedPods: expected,
        conditions: disruptionCondition(pdb.status?.conditions, allowed > 0, generation, nowIso()),
      };
      if (recheckMs !== undefined) this.queue.addAfter(key, recheckMs);
    } catch (e) {
      if (!(e instanceof SyncError)) throw e;
      // Upstream's failSafe: no disruptions while the budget cannot be computed.
      status = {
        ...(pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }),
        observedGeneration: generation,
        disruptionsAllowed: 0,
        conditions: disruptionCondition(pdb.status?.conditions, false, generation, nowIso(), e.message),
      };
    }
    if (semanticEqual(pdb.status, status)) return;
    try {
      await this.client.request('PUT', `/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets/${pdb.metadata.name}/status`, {
        body: { ...pdb, apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', status },
      });
    } catch (e) {
      if (e instanceof ApiStatusError && e.code === 404) return;
      throw e; // 409: an eviction or our stale cache; recomputed on retry
    }
  }

  /**
   * Upstream's getExpectedPodCount: an integer minAvailable counts the selected pods; percentages and
   * maxUnavailable count the replicas their controllers want (one count per controller).
   */
  private expectedPods(pdb: Pdb, pods: Pod[]): number {
    const spec = pdb.spec ?? {};
    if (spec.maxUnavailable === undefined && typeof spec.minAvailable === 'number') return pods.length;
    const scales = new Map<string, number>();
    const unmanaged: string[] = [];
    for (const p of pods) {
      const ref = controllerRefOf(p.metadata);
      if (!ref) {
        unmanaged.push(p.metadata.name ?? '');
        continue;
      }
      if (scales.has(ref.uid)) continue;
      const found = this.scaleOf(ref.kind, `${p.metadata.namespace}/${ref.name}`, ref.uid);
      if (!found) throw new SyncError(`found no controllers for pod "${p.metadata.name}"`);
      scales.set(found.uid, found.replicas);
    }
    if (unmanaged.length) {
      this.recorder.event(
        { ...pdb, apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
        'Warning',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${JSON.stringify(spec.selector ?? {})}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      );
    }
    return [...scales.values()].reduce((a, b) => a + b, 0);
  }

  /** A pod's scale owner: a ReplicaSet counts as its Deployment when it has one (upstream's finders). */
  private scaleOf(kind: string, key: string, uid: string): { uid: string; replicas: number } | undefined {
    const w = this.workloads.get(kind)?.get(key);
    if (!w || w.metadata.uid !== uid) return undefined;
    if (kind === 'ReplicaSet') {
      const owner = controllerRefOf(w.metadata);
      if (owner?.kind === 'Deployment') {
        const d = this.workloads.get('Deployment')?.get(`${w.metadata.namespace}/${owner.name}`);
        if (d && d.metadata.uid === owner.uid) return { uid: owner.uid, replicas: d.spec?.replicas ?? 1 };
      }
    }
    return { uid, replicas: w.spec?.replicas ?? 1 };
  }

  /** disruptedPods entries still pending (pod there, not deleting, younger than the timeout). */
  private disruptedPods(pdb: Pdb, pods: Pod[], now: number): { disrupted: Record<string, string>; recheckMs?: number } {
    const byName = new Map(pods.map((p) => [p.metadata.name ?? '', p]));
    const disrupted: Record<string, string> = {};
    let recheckMs: number | undefined;
    for (const [name, at] of Object.entries(pdb.status?.disruptedPods ?? {})) {
      const p = byName.get(name);
      if (!p || p.metadata.deletionTimestamp) continue;
      const expires = Date.parse(at) + DISRUPTED_POD_TIMEOUT_MS;
      if (expires <= now) continue;
      disrupted[name] = at;
      recheckMs = Math.min(recheckMs ?? Infinity, expires - now);
    }
    return { disrupted, recheckMs };
  }
}
