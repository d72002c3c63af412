import { ApiStatusError, type EventRecorder, type KubeClient } from '../../../../libs/client/src/index.js';
import { controllerRefOf, newControllerRef } from '../shared/owner.refs.js';
import type { Deployment, ReplicaSet } from '../shared/types.js';
import {
  calculateStatus,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  hasProgressDeadline,
  Reason,
  refreshCondition,
  statusEqual,
  type DeploymentStatus,
} from './deployment.status.js';
import {
  byCreation,
  copiedAnnotations,
  DESIRED_REPLICAS,
  existingNewRSAnnotations,
  getCondition,
  HASH_LABEL,
  isRolling,
  MAX_REPLICAS,
  maxSurge,
  podTemplateHash,
  replicasOf,
  revisionOf,
  REVISION,
  setCondition,
  sum,
  templatesEqualIgnoringHash,
} from './deployment.util.js';

/**
 * The steps every strategy shares (upstream pkg/controller/deployment/sync.go): finding or
 * creating the new ReplicaSet, scaling ReplicaSets with the bookkeeping annotations and events,
 * proportional scaling, history cleanup, and status. One instance per sync of one deployment;
 * it updates its in-memory copies after each write so later steps see what was just done.
 */
export class DeploymentSync {
  constructor(
    private readonly client: KubeClient,
    private readonly recorder: EventRecorder,
    readonly d: Deployment,
    /** The ReplicaSets this deployment controls, already claimed. */
    readonly rsList: ReplicaSet[],
    private readonly requeueAfter: (ms: number) => void,
  ) {}

  private get ns(): string {
    return this.d.metadata.namespace ?? '';
  }

  private rsPath(rs: ReplicaSet): string {
    return `/apis/apps/v1/namespaces/${this.ns}/replicasets/${rs.metadata.name}`;
  }

  findNewRS(): ReplicaSet | undefined {
    const hash = podTemplateHash(this.d.spec.template, this.d.status?.collisionCount);
    const sorted = [...this.rsList].sort(byCreation);
    return (
      sorted.find((rs) => rs.metadata.labels?.[HASH_LABEL] === hash) ??
      sorted.find((rs) => templatesEqualIgnoringHash(rs.spec.template, this.d.spec.template))
    );
  }

  /** Old = every controlled RS but the new one. Revision annotations are brought up to date on the way. */
  async getAllReplicaSets(create: boolean): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
    const existing = this.findNewRS();
    const oldRSs = this.rsList.filter((rs) => rs !== existing);
    const newRevision = String(Math.max(0, ...oldRSs.map(revisionOf)) + 1);
    let newRS = existing;
    if (existing) {
      const ann = existing.metadata.annotations ?? {};
      const wanted = existingNewRSAnnotations(this.d, existing, Number(newRevision));
      if (!(DESIRED_REPLICAS in ann)) wanted[DESIRED_REPLICAS] = String(replicasOf(this.d));
      if (!(MAX_REPLICAS in ann)) wanted[MAX_REPLICAS] = String(replicasOf(this.d) + maxSurge(this.d));
      const minReadySeconds = this.d.spec.minReadySeconds ?? 0;
      const minReadyChanged = (existing.spec.minReadySeconds ?? 0) !== minReadySeconds;
      if (Object.keys(wanted).length || minReadyChanged) {
        await this.client.request('PATCH', this.rsPath(existing), {
          contentType: 'application/merge-patch+json',
          body: { metadata: { annotations: wanted }, ...(minReadyChanged ? { spec: { minReadySeconds } } : {}) },
        });
        existing.metadata.annotations = { ...ann, ...wanted };
        existing.spec.minReadySeconds = minReadySeconds;
      }
      if (hasProgressDeadline(this.d) && !getCondition(this.d.status?.conditions, 'Progressing')) {
        await this.writeStatus({
          ...(this.d.status ?? {}),
          conditions: setCondition(this.d.status?.conditions ?? [], {
            type: 'Progressing',
            status: 'True',
            reason: Reason.FoundNewRS,
            message: `Found new replica set "${existing.metadata.name}"`,
          }),
        });
      }
    } else if (create) {
      newRS = await this.createNewRS(oldRSs, newRevision);
    }
    await this.setDeploymentRevision(newRS ? String(revisionOf(newRS) || newRevision) : undefined);
    return { newRS, oldRSs };
  }

  private async setDeploymentRevision(rev: string | undefined): Promise<void> {
    if (!rev || this.d.metadata.annotations?.[REVISION] === rev) return;
    const updated = await this.client.request<Deployment>(
      'PATCH',
      `/apis/apps/v1/namespaces/${this.ns}/deployments/${this.d.metadata.name}`,
      {
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { [REVISION]: rev } } },
      },
    );
    this.d.metadata.annotations = updated.metadata.annotations ?? {};
  }

  private async createNewRS(oldRSs: ReplicaSet[], revision: string): Promise<ReplicaSet> {
    const d = this.d;
    const hash = podTemplateHash(d.spec.template, d.status?.collisionCount);
    const template = structuredClone(d.spec.template);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
    const replicas = this.newRSReplicas(oldRSs, undefined);
    const name = `${d.metadata.name}-${hash}`;
    const body: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: this.ns,
        labels: { ...(template.metadata.labels ?? {}) },
        annotations: {
          ...copiedAnnotations(d),
          [REVISION]: revision,
          [DESIRED_REPLICAS]: String(replicasOf(d)),
          [MAX_REPLICAS]: String(replicasOf(d) + maxSurge(d)),
        },
        ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
      },
      spec: {
        replicas,
        minReadySeconds: d.spec.minReadySeconds ?? 0,
        selector: { ...d.spec.selector, matchLabels: { ...(d.spec.selector.matchLabels ?? {}), [HASH_LABEL]: hash } },
        template,
      },
    };
    let created: ReplicaSet;
    try {
      created = await this.client.request<ReplicaSet>('POST', `/apis/apps/v1/namespaces/${this.ns}/replicasets`, { body });
    } catch (e) {
      if (!(e instanceof ApiStatusError && e.code === 409)) {
        this.recorder.event(d, 'Warning', 'FailedCreate', `Failed to create new replica set "${name}": ${(e as Error).message}`);
        throw e;
      }
      const other = await this.client.get<ReplicaSet>(`/apis/apps/v1/namespaces/${this.ns}/replicasets/${name}`);
      if (controllerRefOf(other.metadata)?.uid === d.metadata.uid && templatesEqualIgnoringHash(other.spec.template, d.spec.template)) {
        // Ours, created by an earlier sync whose informer event has not arrived yet.
        this.rsList.push(other);
        return other;
      }
      // A hash collision with someone else's RS: a new collisionCount gives a new name next time.
      await this.writeStatus({ ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 });
      throw new Error(`hash collision for replica set ${name}`);
    }
    this.rsList.push(created);
    if (replicas > 0) this.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`);
    if (hasProgressDeadline(d)) {
      await this.writeStatus({
        ...(d.status ?? {}),
        conditions: refreshCondition(d.status?.conditions ?? [], {
          type: 'Progressing',
          status: 'True',
          reason: Reason.NewRSCreated,
          message: `Created new replica set "${name}"`,
        }),
      });
    }
    return created;
  }

  /** How many replicas the new RS should have now (upstream NewRSNewReplicas). */
  newRSReplicas(oldRSs: ReplicaSet[], newRS: ReplicaSet | undefined): number {
    const replicas = replicasOf(this.d);
    if (!isRolling(this.d)) return replicas;
    const current = sum(newRS ? [...oldRSs, newRS] : oldRSs, (rs) => rs.spec.replicas ?? 0);
    const newCount = newRS?.spec.replicas ?? 0;
    const maxTotal = replicas + maxSurge(this.d);
    if (current >= maxTotal) return newCount;
    return newCount + Math.min(maxTotal - current, replicas - newCount);
  }

  /** Sets spec.replicas and the desired/max annotations; records ScalingReplicaSet on a size change. */
  async scaleReplicaSet(rs: ReplicaSet, size: number): Promise<boolean> {
    const from = rs.spec.replicas ?? 0;
    const desired = String(replicasOf(this.d));
    const max = String(replicasOf(this.d) + maxSurge(this.d));
    const ann = rs.metadata.annotations ?? {};
    if (from === size && ann[DESIRED_REPLICAS] === desired && ann[MAX_REPLICAS] === max) return false;
    await this.client.request('PATCH', this.rsPath(rs), {
      contentType: 'application/merge-patch+json',
      body: {
        metadata: { annotations: { [DESIRED_REPLICAS]: desired, [MAX_REPLICAS]: max }, resourceVersion: rs.metadata.resourceVersion },
        spec: { replicas: size },
      },
    });
    rs.spec.replicas = size;
    rs.metadata.annotations = { ...ann, [DESIRED_REPLICAS]: desired, [MAX_REPLICAS]: max };
    if (from !== size)
      this.recorder.event(
        this.d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${size > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${size}`,
      );
    return from !== size;
  }

  /** A replica count change, not a template change: some active RS was sized for another count. */
  isScalingEvent(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
    const active = [...(newRS ? [newRS] : []), ...oldRSs].filter((rs) => (rs.spec.replicas ?? 0) > 0);
    return active.some((rs) => {
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
      return desired !== undefined && Number(desired) !== replicasOf(this.d);
    });
  }

  /** Scales for a replica count change, proportionally across active RSs mid-rollout (upstream scale()). */
  async scale(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
    const d = this.d;
    const replicas = replicasOf(d);
    const active = [...(newRS ? [newRS] : []), ...oldRSs].filter((rs) => (rs.spec.replicas ?? 0) > 0);
    if (active.length <= 1) {
      const target = active[0] ?? newRS ?? [...oldRSs].sort(byCreation).at(-1);
      if (target && target.spec.replicas !== replicas) await this.scaleReplicaSet(target, replicas);
      return;
    }
    const saturated =
      newRS &&
      newRS.spec.replicas === replicas &&
      Number(newRS.metadata.annotations?.[DESIRED_REPLICAS]) === replicas &&
      (newRS.status?.availableReplicas ?? 0) === replicas;
    if (saturated) {
      for (const rs of oldRSs) if ((rs.spec.replicas ?? 0) > 0) await this.scaleReplicaSet(rs, 0);
      return;
    }
    if (!isRolling(d)) return;
    const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
    const toAdd = allowed - sum(active, (rs) => rs.spec.replicas ?? 0);
    const created = (rs: ReplicaSet) => Date.parse(rs.metadata.creationTimestamp ?? '');
    // Growing favours larger then newer RSs; shrinking takes from larger then older ones first.
    const ordered = [...active].sort(
      (a, b) => (b.spec.replicas ?? 0) - (a.spec.replicas ?? 0) || (toAdd > 0 ? created(b) - created(a) : created(a) - created(b)),
    );
    const sizes = new Map<ReplicaSet, number>();
    let added = 0;
    for (const rs of ordered) {
      const cur = rs.spec.replicas ?? 0;
      let share = 0;
      if (toAdd !== 0 && toAdd !== added && cur > 0) {
        const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS] ?? d.status?.replicas ?? 0);
        const fraction = replicas === 0 ? -cur : annotated > 0 ? Math.round((cur * (replicas + maxSurge(d))) / annotated) - cur : 0;
        share = toAdd > 0 ? Math.min(fraction, toAdd - added) : Math.max(fraction, toAdd - added);
      }
      sizes.set(rs, cur + share);
      added += share;
    }
    const first = ordered[0];
    if (first && added !== toAdd) sizes.set(first, Math.max(0, (sizes.get(first) ?? 0) + toAdd - added));
    for (const rs of ordered) await this.scaleReplicaSet(rs, sizes.get(rs) ?? 0);
  }

  /** Deletes the oldest fully scaled-down RSs beyond revisionHistoryLimit. */
  async cleanup(oldRSs: ReplicaSet[]): Promise<void> {
    const limit = this.d.spec.revisionHistoryLimit;
    if (limit === undefined) return;
    const cleanable = oldRSs
      .filter(
        (rs) =>
          (rs.spec.replicas ?? 0) === 0 &&
          (rs.status?.replicas ?? 0) === 0 &&
          !rs.metadata.deletionTimestamp &&
          (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0),
      )
      .sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (const rs of cleanable.slice(0, Math.max(0, cleanable.length - limit))) {
      try {
        await this.client.request('DELETE', this.rsPath(rs), {
          body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: rs.metadata.uid } },
        });
      } catch (e) {
        if (!(e instanceof ApiStatusError && e.code === 404)) throw e;
      }
    }
  }

  async writeStatus(status: DeploymentStatus): Promise<void> {
    const updated = await this.client.request<Deployment>(
      'PATCH',
      `/apis/apps/v1/namespaces/${this.ns}/deployments/${this.d.metadata.name}/status`,
      {
        contentType: 'application/merge-patch+json',
        body: { status },
      },
    );
    this.d.status = updated.status ?? status;
  }

  /** Status without touching Progressing: for paused deployments, scaling events and deletion. */
  async syncStatusOnly(newRS: ReplicaSet | undefined, allRSs: ReplicaSet[]): Promise<void> {
    const s = calculateStatus(this.d, allRSs, newRS);
    if (!statusEqual(this.d.status, s)) await this.writeStatus(s);
  }

  /** Status with the Progressing condition of a rollout, and a requeue to check its deadline. */
  async syncRolloutStatus(newRS: ReplicaSet | undefined, allRSs: ReplicaSet[]): Promise<void> {
    const d = this.d;
    const s = calculateStatus(d, allRSs, newRS);
    const cur = getCondition(d.status?.conditions, 'Progressing');
    if (!hasProgressDeadline(d)) s.conditions = (s.conditions ?? []).filter((c) => c.type !== 'Progressing');
    else if (cur?.reason !== Reason.TimedOut) {
      const rsName = newRS?.metadata.name;
      if (deploymentComplete(d, s)) {
        s.conditions = setCondition(s.conditions ?? [], {
          type: 'Progressing',
          status: 'True',
          reason: Reason.NewRSAvailable,
          message: rsName
            ? `ReplicaSet "${rsName}" has successfully progressed.`
            : `Deployment "${d.metadata.name}" has successfully progressed.`,
        });
      } else if (deploymentProgressing(d, s)) {
        s.conditions = refreshCondition(s.conditions ?? [], {
          type: 'Progressing',
          status: 'True',
          reason: Reason.RSUpdated,
          message: rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`,
        });
      } else if (deploymentTimedOut(d, s)) {
        s.conditions = setCondition(s.conditions ?? [], {
          type: 'Progressing',
          status: 'False',
          reason: Reason.TimedOut,
          message: rsName
            ? `ReplicaSet "${rsName}" has timed out progressing.`
            : `Deployment "${d.metadata.name}" has timed out progressing.`,
        });
      }
    }
    if (!statusEqual(d.status, s)) await this.writeStatus(s);
    this.requeueIfStuck(s);
  }

  private requeueIfStuck(s: DeploymentStatus): void {
    const c = getCondition(s.conditions, 'Progressing');
    if (!hasProgressDeadline(this.d) || !c || c.reason === Reason.TimedOut || deploymentComplete(this.d, s)) return;
    const at = Date.parse(c.lastUpdateTime ?? '') + (this.d.spec.progressDeadlineSeconds ?? 600) * 1000;
    this.requeueAfter(Math.max(1000, at - Date.now() + 1000));
  }

  /** The Progressing condition follows spec.paused (upstream checkPausedConditions). */
  async checkPausedConditions(): Promise<void> {
    if (!hasProgressDeadline(this.d)) return;
    const c = getCondition(this.d.status?.conditions, 'Progressing');
    if (c?.reason === Reason.TimedOut) return;
    const paused = !!this.d.spec.paused;
    if (paused && c?.reason !== Reason.Paused) {
      await this.writeStatus({
        ...(this.d.status ?? {}),
        conditions: refreshCondition(this.d.status?.conditions ?? [], {
          type: 'Progressing',
          status: 'Unknown',
          reason: Reason.Paused,
          message: 'Deployment is paused',
        }),
      });
    } else if (!paused && c?.reason === Reason.Paused) {
      await this.writeStatus({
        ...(this.d.status ?? {}),
        conditions: refreshCondition(this.d.status?.conditions ?? [], {
          type: 'Progressing',
          status: 'Unknown',
          reason: Reason.Resumed,
          message: 'Deployment is resumed',
        }),
      });
    }
  }
}
