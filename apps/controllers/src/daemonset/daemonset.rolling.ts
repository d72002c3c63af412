import { scaled } from '../deployment/deployment.util.js';
import { isPodAvailable } from '../shared/pod.util.js';
import { REVISION_LABEL, type Pod, type DaemonSet } from './daemonset.types.js';

export const isRollingUpdate = (ds: DaemonSet): boolean => (ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

/** maxSurge and maxUnavailable against the desired count, both rounded up; both zero would deadlock (upstream updatedDesiredNodeCounts). */
export function rollingFenceposts(ds: DaemonSet, desired: number): { surge: number; unavailable: number } {
  if (!isRollingUpdate(ds)) return { surge: 0, unavailable: 0 };
  const ru = ds.spec.updateStrategy?.rollingUpdate;
  const surge = scaled(ru?.maxSurge, desired, true, '0');
  let unavailable = scaled(ru?.maxUnavailable, desired, true, '1');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** The one up-to-date and the one old live pod on a node; `ok` false when there are several of a kind (manage cleans that up first). */
function podsOnNode(pods: Pod[], hash: string): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    if (p.metadata.labels?.[REVISION_LABEL] === hash) {
      if (newPod) return { ok: false };
      newPod = p;
    } else {
      if (oldPod) return { ok: false };
      oldPod = p;
    }
  }
  return { newPod, oldPod, ok: true };
}

interface RollingPlan {
  podsToDelete: Pod[];
  nodesToCreate: string[];
}

/**
 * One step of a RollingUpdate (upstream update.go rollingUpdate). Without surge: delete old pods while
 * fewer than maxUnavailable nodes are unavailable and let manage recreate them. With surge: start a
 * new pod beside the old one on up to maxSurge nodes, and delete the old one once the new is available.
 * Old pods that are not available anyway are replaced without counting against the budget.
 */
export function planRollingUpdate(ds: DaemonSet, byNode: Map<string, Pod[]>, hash: string, desired: number, now = Date.now()): RollingPlan {
  const { surge, unavailable: maxUnavailable } = rollingFenceposts(ds, desired);
  const minReady = ds.spec.minReadySeconds ?? 0;
  const available = (p: Pod): boolean => isPodAvailable(p, minReady, now);
  const nodes = [...byNode.keys()].sort();
  if (surge === 0) {
    let numUnavailable = 0;
    const allowed: Pod[] = [];
    const candidates: Pod[] = [];
    for (const node of nodes) {
      const { newPod, oldPod, ok } = podsOnNode(byNode.get(node) ?? [], hash);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (oldPod) {
        if (!available(oldPod)) allowed.push(oldPod);
        else if (numUnavailable < maxUnavailable) candidates.push(oldPod);
      }
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { podsToDelete: [...allowed, ...candidates.slice(0, remaining)], nodesToCreate: [] };
  }
  let numSurge = 0;
  const allowedNodes: string[] = [];
  const candidateNodes: string[] = [];
  const podsToDelete: Pod[] = [];
  for (const node of nodes) {
    const { newPod, oldPod, ok } = podsOnNode(byNode.get(node) ?? [], hash);
    if (!ok || !oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) allowedNodes.push(node);
      else if (numSurge < surge) candidateNodes.push(node);
    } else if (!available(newPod)) numSurge++;
    else podsToDelete.push(oldPod);
  }
  const remaining = Math.min(Math.max(0, surge - numSurge), candidateNodes.length);
  return { podsToDelete, nodesToCreate: [...allowedNodes, ...candidateNodes.slice(0, remaining)] };
}
