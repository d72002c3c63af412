import type { Condition, Deployment, IntOrString, ReplicaSet } from '../shared/types.js';
import { nowIso } from '../shared/types.js';

export { HASH_LABEL, podTemplateHash, templatesEqualIgnoringHash } from './pod-template.hash.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
/** Upstream's maxRevHistoryLengthInChars: older numbers drop off the front of revision-history beyond this. */
const MAX_REVISION_HISTORY_CHARS = 2000;

/** Annotations of the deployment that must not be copied to its ReplicaSets (upstream skipCopyAnnotation). */
const NOT_COPIED = new Set([
  REVISION,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_HISTORY,
]);

export const revisionOf = (rs: ReplicaSet): number => Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
export const replicasOf = (o: { spec: { replicas?: number } }): number => o.spec.replicas ?? 1;
export const sum = (rss: ReplicaSet[], f: (rs: ReplicaSet) => number): number => rss.reduce((s, rs) => s + f(rs), 0);

/** An int-or-percent against a total, rounding up or down as upstream GetScaledValueFromIntOrPercent. */
export function scaled(v: IntOrString | undefined, total: number, roundUp: boolean, dflt: string): number {
  const x = v ?? dflt;
  if (typeof x === 'number') return x;
  const m = /^(\d+)%$/.exec(x);
  if (!m) return Number(x) || 0;
  const f = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(f) : Math.floor(f);
}

/** maxSurge rounded up, maxUnavailable down; both zero would deadlock, so unavailable becomes 1. */
function resolveFenceposts(d: Deployment): { surge: number; unavailable: number } {
  const ru = d.spec.strategy?.rollingUpdate;
  const replicas = replicasOf(d);
  const surge = scaled(ru?.maxSurge, replicas, true, '25%');
  let unavailable = scaled(ru?.maxUnavailable, replicas, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function isRolling(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

export function maxUnavailable(d: Deployment): number {
  const replicas = replicasOf(d);
  if (!isRolling(d) || replicas === 0) return 0;
  return Math.min(resolveFenceposts(d).unavailable, replicas);
}

export function maxSurge(d: Deployment): number {
  return isRolling(d) ? resolveFenceposts(d).surge : 0;
}

export function copiedAnnotations(d: Deployment): Record<string, string> {
  return Object.fromEntries(Object.entries(d.metadata.annotations ?? {}).filter(([k]) => !NOT_COPIED.has(k)));
}

/**
 * The annotation writes that keep an existing new ReplicaSet current (upstream
 * SetNewReplicaSetAnnotations): the deployment's annotations copied over (kubectl rollout history
 * reads change-cause from the RS), and the next revision number when this RS is an older template
 * brought back by a rollback, its former number kept in revision-history.
 */
export function existingNewRSAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number): Record<string, string> {
  const ann = rs.metadata.annotations ?? {};
  const wanted: Record<string, string> = {};
  for (const [k, v] of Object.entries(copiedAnnotations(d))) if (ann[k] !== v) wanted[k] = v;
  const old = ann[REVISION];
  const oldNum = Number(old ?? 0) || 0;
  if (oldNum >= newRevision) return wanted;
  wanted[REVISION] = String(newRevision);
  if (old === undefined) return wanted;
  const history = ann[REVISION_HISTORY] ? ann[REVISION_HISTORY].split(',') : [];
  let total = history.join(',').length + (history.length ? 1 : 0) + old.length;
  while (total > MAX_REVISION_HISTORY_CHARS && history.length) total -= (history.shift() ?? '').length + 1;
  if (total <= MAX_REVISION_HISTORY_CHARS) wanted[REVISION_HISTORY] = [...history, old].join(',');
  return wanted;
}

export function getCondition(conds: Condition[] | undefined, type: string): Condition | undefined {
  return (conds ?? []).find((c) => c.type === type);
}

/** Sets a condition, keeping lastTransitionTime when the status did not change (upstream SetDeploymentCondition). */
export function setCondition(conds: Condition[], c: Omit<Condition, 'lastTransitionTime' | 'lastUpdateTime'>): Condition[] {
  const now = nowIso();
  const cur = getCondition(conds, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason && cur.message === c.message) return conds;
  const lastTransitionTime = cur && cur.status === c.status ? (cur.lastTransitionTime ?? now) : now;
  return [...conds.filter((x) => x.type !== c.type), { ...c, lastUpdateTime: now, lastTransitionTime }];
}

export const byCreation = (a: ReplicaSet, b: ReplicaSet): number =>
  Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? '') ||
  (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
