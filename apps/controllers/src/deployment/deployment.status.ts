import type { Condition, Deployment, ReplicaSet } from '../shared/types.js';
import { nowIso } from '../shared/types.js';
import { getCondition, maxUnavailable, replicasOf, setCondition, sum } from './deployment.util.js';

export type DeploymentStatus = NonNullable<Deployment['status']>;

/** Progressing-condition reasons, as upstream deploymentutil. */
export const Reason = {
  NewRSCreated: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  RSUpdated: 'ReplicaSetUpdated',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  MinimumAvailable: 'MinimumReplicasAvailable',
  MinimumUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** Counts from the ReplicaSets plus the Available condition (upstream calculateStatus). */
export function calculateStatus(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): DeploymentStatus {
  const available = sum(allRSs, (rs) => rs.status?.availableReplicas ?? 0);
  const total = sum(allRSs, (rs) => rs.spec.replicas ?? 0);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: sum(allRSs, (rs) => rs.status?.replicas ?? 0),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum(allRSs, (rs) => rs.status?.readyReplicas ?? 0),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    conditions: [...(d.status?.conditions ?? [])],
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  status.conditions =
    available >= replicasOf(d) - maxUnavailable(d)
      ? setCondition(status.conditions ?? [], {
          type: 'Available',
          status: 'True',
          reason: Reason.MinimumAvailable,
          message: 'Deployment has minimum availability.',
        })
      : setCondition(status.conditions ?? [], {
          type: 'Available',
          status: 'False',
          reason: Reason.MinimumUnavailable,
          message: 'Deployment does not have minimum availability.',
        });
  return status;
}

export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec.progressDeadlineSeconds;
  return s !== undefined && s !== 2147483647;
}

export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return (
    s.updatedReplicas === r && s.replicas === r && s.availableReplicas === r && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** Whether the rollout moved since the last recorded status (upstream DeploymentProgressing). */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const o = d.status ?? {};
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0)
  );
}

export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now = Date.now()): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s.conditions, 'Progressing');
  if (!c || c.reason === Reason.NewRSAvailable) return false;
  if (c.reason === Reason.TimedOut) return true;
  const from = Date.parse(c.lastUpdateTime ?? '');
  return from + (d.spec.progressDeadlineSeconds ?? 600) * 1000 < now;
}

/** Replaces a condition with a fresh lastUpdateTime; the transition time survives an unchanged status. */
export function refreshCondition(conds: Condition[], c: Omit<Condition, 'lastTransitionTime' | 'lastUpdateTime'>): Condition[] {
  const now = nowIso();
  const cur = getCondition(conds, c.type);
  const lastTransitionTime = cur && cur.status === c.status ? (cur.lastTransitionTime ?? now) : now;
  return [...conds.filter((x) => x.type !== c.type), { ...c, lastUpdateTime: now, lastTransitionTime }];
}

const canonicalStatus = (s: DeploymentStatus | undefined): string =>
  JSON.stringify([
    s?.observedGeneration ?? 0,
    s?.replicas ?? 0,
    s?.updatedReplicas ?? 0,
    s?.readyReplicas ?? 0,
    s?.availableReplicas ?? 0,
    s?.unavailableReplicas ?? 0,
    s?.collisionCount ?? 0,
    [...(s?.conditions ?? [])]
      .sort((a, b) => a.type.localeCompare(b.type))
      .map((c) => [c.type, c.status, c.reason, c.message, c.lastUpdateTime, c.lastTransitionTime]),
  ]);

export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  return canonicalStatus(a) === canonicalStatus(b);
}
