import type { ResourceType } from '../../../../../libs/api/src/resource.types.js';
import { labelSelectorFromStruct, type LabelSelectorStruct } from '../../../../../libs/apimachinery/src/labels/label-selector.struct.js';
import { ApiError } from '../../../../../libs/apimachinery/src/status.errors.js';
import type { GenericStore } from '../generic/generic.store.js';
import { nowTimestamp } from '../generic/object.meta.js';
import type { KubeObject } from '../generic/strategy.interface.js';

const PDBS = 'poddisruptionbudgets.policy';

interface PdbStatus {
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
}

export interface EvictionRequest {
  gracePeriodSeconds?: number;
  dryRun: boolean;
  uid?: string;
}

/**
 * pods/eviction (after upstream's EvictionREST): a pod covered by a PodDisruptionBudget is deleted
 * only while the budget allows a disruption, which the eviction consumes (compare-and-swap on the
 * PDB's status); otherwise 429 TooManyRequests, which `kubectl drain` retries.
 */
export async function evictPod(store: GenericStore, pods: ResourceType, pdbs: ResourceType, namespace: string, name: string, req: EvictionRequest): Promise<void> {
  const pod = await store.get(pods, namespace, name);
  const phase = ((pod.status ?? {}) as { phase?: string }).phase;
  // Finished or not yet running pods can always go: they do not count towards availability.
  const ignoresBudget = phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata?.deletionTimestamp;
  if (!ignoresBudget) {
    const budgets = (await store.backend.list(PDBS, namespace)).items.filter((pdb) => {
      const { selector } = labelSelectorFromStruct(((pdb.spec ?? {}) as { selector?: LabelSelectorStruct }).selector);
      return !!selector && !selector.empty && selector.matches(pod.metadata?.labels);
    });
    if (budgets.length > 1) {
      throw ApiError.internal('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    }
    const pdb = budgets[0];
    if (pdb) await consumeDisruption(store, pdbs, pdb, name, req.dryRun);
  }
  await store.delete(pods, namespace, name, { dryRun: req.dryRun, gracePeriodSeconds: req.gracePeriodSeconds, preconditions: req.uid ? { uid: req.uid } : undefined });
}

async function consumeDisruption(store: GenericStore, pdbs: ResourceType, pdb: KubeObject, podName: string, dryRun: boolean): Promise<void> {
  const pdbName = pdb.metadata?.name ?? '';
  await store.guaranteed(pdbs, pdb.metadata?.namespace, pdbName, { dryRun, subresource: 'status' }, undefined, (cur) => {
    const status = { ...((cur.status ?? {}) as PdbStatus) };
    if ((status.observedGeneration ?? 0) < (cur.metadata?.generation ?? 1)) {
      throw tooMany(`the disruption budget ${pdbName} is still being processed by the server`);
    }
    const allowed = status.disruptionsAllowed ?? 0;
    if (allowed <= 0) {
      throw tooMany(`The disruption budget ${pdbName} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`);
    }
    status.disruptionsAllowed = allowed - 1;
    status.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: nowTimestamp() };
    return { ...cur, status };
  });
}

function tooMany(cause: string): ApiError {
  return new ApiError(429, 'TooManyRequests', 'Cannot evict pod as it would violate the pod\'s disruption budget.', {
    causes: [{ reason: 'DisruptionBudget', message: cause }],
    retryAfterSeconds: 0,
  });
}
