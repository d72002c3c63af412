import { keyOf, WorkQueue, type EventRecorder, type Informer } from '../../../../libs/client/src/index.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import { claimObjects } from '../shared/controller.ref.manager.js';
import { selectorIsEmpty, selectorMatches } from '../shared/label.selector.js';
import { controllerRefOf, newControllerRef } from '../shared/owner.refs.js';
import type { Deployment, Pod, ReplicaSet } from '../shared/types.js';
import { rolloutRecreate } from './deployment.recreate.js';
import { rolloutRolling } from './deployment.rolling.js';
import { DeploymentSync } from './deployment.sync.js';
import { isRolling } from './deployment.util.js';

/** Rolls Deployments out through ReplicaSets (upstream pkg/controller/deployment). */
export class DeploymentController implements Controller {
  readonly name = 'deployment';
  private readonly queue = new WorkQueue();
  private readonly deployments: Informer<Deployment>;
  private readonly rss: Informer<ReplicaSet>;
  private readonly pods: Informer<Pod>;
  private readonly recorder: EventRecorder;

  constructor(private readonly ctx: ControllerContext) {
    this.recorder = ctx.recorder('deployment-controller');
    this.deployments = ctx.informers.informer<Deployment>('/apis/apps/v1/deployments');
    this.rss = ctx.informers.informer<ReplicaSet>('/apis/apps/v1/replicasets');
    this.pods = ctx.informers.informer<Pod>('/api/v1/pods');
    for (const ev of ['add', 'update', 'delete'] as const) this.deployments.on(ev, (d) => this.queue.add(keyOf(d)));
    this.rss.on('add', (rs) => this.rsChanged(rs));
    this.rss.on('update', (rs, old) => {
      this.rsChanged(rs);
      if (old) this.rsChanged(old);
    });
    this.rss.on('delete', (rs) => this.rsChanged(rs));
    // Recreate waits for old pods to be gone; their deletion is what lets it proceed.
    this.pods.on('delete', (p) => {
      const ref = controllerRefOf(p.metadata);
      const rs = ref?.kind === 'ReplicaSet' ? this.rss.get(`${p.metadata.namespace}/${ref.name}`) : undefined;
      if (rs) this.rsChanged(rs);
    });
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  private rsChanged(rs: ReplicaSet): void {
    const ref = controllerRefOf(rs.metadata);
    if (ref) {
      if (ref.kind === 'Deployment') this.queue.add(`${rs.metadata.namespace}/${ref.name}`);
      return;
    }
    for (const d of this.deployments.list()) {
      if (d.metadata.namespace === rs.metadata.namespace && selectorMatches(d.spec.selector, rs.metadata.labels)) this.queue.add(keyOf(d));
    }
  }

  private async sync(key: string): Promise<void> {
    const cached = this.deployments.get(key);
    if (!cached) return;
    const d: Deployment = { ...structuredClone(cached), apiVersion: 'apps/v1', kind: 'Deployment' };
    const ns = d.metadata.namespace ?? '';
    if (selectorIsEmpty(d.spec.selector)) {
      this.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      return;
    }
    const candidates = this.rss
      .list()
      .filter((rs) => rs.metadata.namespace === ns)
      .map((rs) => structuredClone(rs));
    const rsList = await claimObjects(
      this.ctx.client,
      d,
      newControllerRef(d, 'apps/v1', 'Deployment'),
      d.spec.selector,
      candidates,
      (rs) => `/apis/apps/v1/namespaces/${ns}/replicasets/${rs.metadata.name}`,
    );
    const s = new DeploymentSync(this.ctx.client, this.recorder, d, rsList, (ms) => this.queue.addAfter(key, ms));
    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = await s.getAllReplicaSets(false);
      return s.syncStatusOnly(newRS, [...oldRSs, ...(newRS ? [newRS] : [])]);
    }
    await s.checkPausedConditions();
    if (d.spec.paused) return this.syncScale(s, true);
    const { newRS, oldRSs } = await s.getAllReplicaSets(false);
    if (s.isScalingEvent(newRS, oldRSs)) return this.syncScale(s, false);
    return isRolling(d) ? rolloutRolling(s) : rolloutRecreate(s, this.pods);
  }

  /** Scaling without rolling out: paused deployments and replica count changes (upstream sync()). */
  private async syncScale(s: DeploymentSync, paused: boolean): Promise<void> {
    const { newRS, oldRSs } = await s.getAllReplicaSets(false);
    await s.scale(newRS, oldRSs);
    if (paused) await s.cleanup(oldRSs);
    await s.syncStatusOnly(newRS, [...oldRSs, ...(newRS ? [newRS] : [])]);
  }
}
