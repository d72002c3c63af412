import { ApiError, FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { nowTimestamp } from '../../generic/object.meta.js';
import { parseQuery, WriteQuery } from '../../../http/query.options.js';
import type { SubresourceHandler } from '../../generic/resource.definition.js';
import type { KubeObject } from '../../generic/strategy.interface.js';

interface PodCondition {
  type: string;
  status: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** pods/binding: assigns a pending pod to a node once (upstream's BindingREST.assignPod). */
function bindPod(pod: KubeObject, binding: KubeObject): KubeObject {
  const name = pod.metadata?.name ?? '';
  const target = (binding['target'] ?? {}) as { name?: string; kind?: string };
  if (!target.name) {
    throw ApiError.invalid('Binding', '', name, [FieldError.required('target.name')]);
  }
  if (pod.metadata?.deletionTimestamp) {
    throw ApiError.conflict({ group: '', resource: 'pods' }, name, 'pod is being deleted, cannot be assigned to a host');
  }
  const spec = (pod.spec ?? {}) as { nodeName?: string };
  if (spec.nodeName) {
    throw ApiError.conflict({ group: '', resource: 'pods' }, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
  }
  const status = { ...((pod.status ?? {}) as { conditions?: PodCondition[] }) };
  const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowTimestamp() });
  status.conditions = conditions;
  const annotations = { ...(pod.metadata?.annotations ?? {}), ...(binding.metadata?.annotations ?? {}) };
  return {
    ...pod,
    metadata: { ...pod.metadata, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: { ...spec, nodeName: target.name },
    status,
  };
}

const CREATED = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

/** pods/binding: POST a Binding; not a pod update (no pod update rules or admission). */
export const podBindingSubresource: SubresourceHandler = {
  methods: ['POST'],
  discoveryVerbs: ['create'],
  responseKind: { group: '', version: 'v1', kind: 'Binding' },
  async handle(req, store) {
    const q = parseQuery(WriteQuery, { ...req.query });
    const body = req.body() as KubeObject;
    await store.updateSubresource(req.def, req.namespace, req.name, 'binding', (pod) => bindPod(pod, body), { dryRun: q.dryRun === 'All' });
    return { type: 'raw', code: 201, body: CREATED };
  },
};
