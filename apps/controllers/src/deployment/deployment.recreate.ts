import type { Informer } from '../../../../libs/client/src/index.js';
import { controllerRefOf } from '../shared/owner.refs.js';
import type { Pod, ReplicaSet } from '../shared/types.js';
import { calculateStatus, deploymentComplete } from './deployment.status.js';
import type { DeploymentSync } from './deployment.sync.js';
import { replicasOf, sum } from './deployment.util.js';

/**
 * Recreate (upstream recreate.go): scale every old RS to zero, wait until none of their pods is
 * still running, then create and scale up the new RS.
 */
export async function rolloutRecreate(s: DeploymentSync, pods: Informer<Pod>): Promise<void> {
  let { newRS, oldRSs } = await s.getAllReplicaSets(false);
  const all = () => [...oldRSs, ...(newRS ? [newRS] : [])];
  let scaledDown = false;
  for (const rs of oldRSs) if ((rs.spec.replicas ?? 0) > 0 && (await s.scaleReplicaSet(rs, 0))) scaledDown = true;
  if (scaledDown) return s.syncRolloutStatus(newRS, all());
  if (oldPodsRunning(oldRSs, pods)) return s.syncRolloutStatus(newRS, all());
  if (!newRS) ({ newRS, oldRSs } = await s.getAllReplicaSets(true));
  if (newRS && (newRS.spec.replicas ?? 0) !== replicasOf(s.d)) {
    await s.scaleReplicaSet(newRS, replicasOf(s.d));
    return s.syncRolloutStatus(newRS, all());
  }
  if (deploymentComplete(s.d, calculateStatus(s.d, all(), newRS))) await s.cleanup(oldRSs);
  return s.syncRolloutStatus(newRS, all());
}

function oldPodsRunning(oldRSs: ReplicaSet[], pods: Informer<Pod>): boolean {
  if (sum(oldRSs, (rs) => rs.status?.replicas ?? 0) > 0) return true;
  const uids = new Set(oldRSs.map((rs) => rs.metadata.uid));
  return pods.list().some((p) => {
    const ref = controllerRefOf(p.metadata);
    const phase = p.status?.phase;
    return !!ref && uids.has(ref.uid) && phase !== 'Succeeded' && phase !== 'Failed';
  });
}
