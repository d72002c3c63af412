import type { ReplicaSet } from '../shared/types.js';
import { deploymentComplete, calculateStatus } from './deployment.status.js';
import type { DeploymentSync } from './deployment.sync.js';
import { byCreation, maxUnavailable, replicasOf, sum } from './deployment.util.js';

/**
 * One step of a rolling update (upstream rolling.go): grow the new RS within maxSurge, else shrink
 * old RSs within maxUnavailable (unhealthy replicas first), then report. Each sync moves one step;
 * RS status changes bring the deployment back for the next.
 */
export async function rolloutRolling(s: DeploymentSync): Promise<void> {
  const { newRS, oldRSs } = await s.getAllReplicaSets(true);
  const allRSs = [...oldRSs, ...(newRS ? [newRS] : [])];
  if (newRS && (await reconcileNewRS(s, oldRSs, newRS))) return s.syncRolloutStatus(newRS, allRSs);
  if (await reconcileOldRSs(s, oldRSs, newRS)) return s.syncRolloutStatus(newRS, allRSs);
  if (deploymentComplete(s.d, calculateStatus(s.d, allRSs, newRS))) await s.cleanup(oldRSs);
  return s.syncRolloutStatus(newRS, allRSs);
}

async function reconcileNewRS(s: DeploymentSync, oldRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  const replicas = replicasOf(s.d);
  const cur = newRS.spec.replicas ?? 0;
  if (cur === replicas) return false;
  if (cur > replicas) return s.scaleReplicaSet(newRS, replicas);
  return s.scaleReplicaSet(newRS, s.newRSReplicas(oldRSs, newRS));
}

async function reconcileOldRSs(s: DeploymentSync, oldRSs: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<boolean> {
  if (sum(oldRSs, (rs) => rs.spec.replicas ?? 0) === 0) return false;
  const allRSs = [...oldRSs, ...(newRS ? [newRS] : [])];
  const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
  const newUnavailable = (newRS?.spec.replicas ?? 0) - (newRS?.status?.availableReplicas ?? 0);
  const maxScaledDown = sum(allRSs, (rs) => rs.spec.replicas ?? 0) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  // Unhealthy old replicas cost no availability: remove them first, up to maxScaledDown.
  let cleaned = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (cleaned >= maxScaledDown) break;
    const cur = rs.spec.replicas ?? 0;
    const avail = rs.status?.availableReplicas ?? 0;
    if (cur === 0 || cur <= avail) continue;
    const n = Math.min(maxScaledDown - cleaned, cur - avail);
    await s.scaleReplicaSet(rs, cur - n);
    cleaned += n;
  }
  // Then available ones, as long as minAvailable stays available. A ReplicaSet just scaled down can
  // still report its old availableReplicas until its controller catches up: pods beyond its spec are
  // already on their way out, so they are not counted (else two quick syncs scale down twice).
  const available = sum(allRSs, (rs) => Math.min(rs.status?.availableReplicas ?? 0, rs.spec.replicas ?? 0));
  let scaledDown = 0;
  if (available > minAvailable) {
    const total = available - minAvailable;
    for (const rs of [...oldRSs].sort(byCreation)) {
      if (scaledDown >= total) break;
      const cur = rs.spec.replicas ?? 0;
      if (cur === 0) continue;
      const n = Math.min(cur, total - scaledDown);
      await s.scaleReplicaSet(rs, cur - n);
      scaledDown += n;
    }
  }
  return cleaned + scaledDown > 0;
}
