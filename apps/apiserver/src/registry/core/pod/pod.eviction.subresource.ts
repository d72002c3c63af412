import { labelSelectorFromStruct, type LabelSelectorStruct } from '../../../../../../libs/apimachinery/src/labels/label-selector.struct.js';
import { ApiError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { ResourceDefinition, SubresourceHandler } from '../../generic/resource.definition.js';
import type { StoreOps } from '../../generic/store.ops.js';
import { nowTimestamp } from '../../generic/object.meta.js';
import type { KubeObject } from '../../generic/strategy.interface.js';

interface PdbStatus {
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
}

interface EvictionRequest {
  gracePeriodSeconds?: number;
  dryRun: boolean;
  uid?: string;
}

/**
 * pods/eviction (after upstream's EvictionREST): a pod covered by a PodDisruptionBudget is deleted
 * only while the budget allows a disruption, which the eviction consumes (compare-and-swap on the
 * PDB's status); otherwise 429 TooManyRequests, which `kubectl drain` retries.
 */
async function evictPod(
  store: StoreOps,
  pods: ResourceDefinition,
  pdbs: ResourceDefinition,
  namespace: string,
  name: string,
  req: EvictionRequest,
): Promise<void> {
  const pod = await store.get(pods, namespace, name);
  const phase = ((pod.status ?? {}) as { phase?: string }).phase;
  // Finished or not yet running pods can always go: they do not count towards availability.
  const ignoresBudget = phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata?.deletionTimestamp;
  if (!ignoresBudget) {
    const budgets = (await store.list(pdbs, namespace, {})).items.filter((pdb) => {
      const { selector } = labelSelectorFromStruct(((pdb.spec ?? {}) as { selector?: LabelSelectorStruct }).selector);
      return !!selector && !selector.empty && selector.matches(pod.metadata?.labels);
    });
    if (budgets.length > 1) {
      throw ApiError.internal('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    }
    const pdb = budgets[0];
    if (pdb) await consumeDisruption(store, pdbs, pdb, name, req.dryRun);
  }
  await store.delete(pods, namespace, name, {
    dryRun: req.dryRun,
    gracePeriodSeconds: req.gracePeriodSeconds,
    preconditions: req.uid ? { uid: req.uid } : undefined,
  });
}

async function consumeDisruption(
  store: StoreOps,
  pdbs: ResourceDefinition,
  pdb: KubeObject,
  podName: string,
  dryRun: boolean,
): Promise<void> {
  const pdbName = pdb.metadata?.name ?? '';
  await store.updateSubresource(
    pdbs,
    pdb.metadata?.namespace,
    pdbName,
    'status',
    (cur) => {
      const status = { ...((cur.status ?? {}) as PdbStatus) };
      if ((status.observedGeneration ?? 0) < (cur.metadata?.generation ?? 1)) {
        throw tooMany(`the disruption budget ${pdbName} is still being processed by the server`);
      }
      const allowed = status.disruptionsAllowed ?? 0;
      if (allowed <= 0) {
        throw tooMany(
          `The disruption budget ${pdbName} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`,
        );
      }
      status.disruptionsAllowed = allowed - 1;
      status.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: nowTimestamp() };
      return { ...cur, status };
    },
    { dryRun },
  );
}

function tooMany(cause: string): ApiError {
  return new ApiError(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
    causes: [{ reason: 'DisruptionBudget', message: cause }],
    retryAfterSeconds: 0,
  });
}

const CREATED = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

/** pods/eviction: POST an Eviction. */
export const podEvictionSubresource: SubresourceHandler = {
  methods: ['POST'],
  discoveryVerbs: ['create'],
  responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' },
  async handle(req, store, registry) {
    const body = req.body() as { deleteOptions?: { gracePeriodSeconds?: number; dryRun?: string[]; preconditions?: { uid?: string } } };
    const pdbs = registry.lookup('policy', 'v1', 'poddisruptionbudgets');
    if (!pdbs) throw ApiError.internal('poddisruptionbudgets are not served');
    await evictPod(store, req.def, pdbs, req.namespace ?? '', req.name, {
      dryRun: (body.deleteOptions?.dryRun ?? []).includes('All'),
      gracePeriodSeconds: body.deleteOptions?.gracePeriodSeconds,
      uid: body.deleteOptions?.preconditions?.uid,
    });
    return { type: 'raw', code: 201, body: CREATED };
  },
};
