import type { KubeObject } from '../../../../../../libs/api/src/kube-object.types.js';
import { ApiError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { parseQuery, WriteQuery } from '../../../http/query.options.js';
import type { DeleteStrategy, ResourceDefinition, SubresourceHandler } from '../../generic/resource.definition.js';
import type { StoreOps } from '../../generic/store.ops.js';

function specFinalizers(obj: KubeObject): string[] {
  return ((obj.spec ?? {}) as { finalizers?: string[] }).finalizers ?? [];
}

/**
 * Namespace deletion (upstream's namespace REST storage): deleting marks the namespace and sets its
 * phase to Terminating; it goes once metadata.finalizers and spec.finalizers are both empty.
 */
export const namespaceDeleteStrategy: DeleteStrategy = {
  alwaysMarkDeleting: true,
  async afterMarkDeleting(store: StoreOps, def: ResourceDefinition, obj: KubeObject, ctx): Promise<KubeObject> {
    const status = (obj.status ?? {}) as { phase?: string };
    if (status.phase === 'Terminating') return obj;
    return store.updateSubresource(
      def,
      undefined,
      obj.metadata?.name ?? '',
      'status',
      (cur) => ({
        ...cur,
        status: { ...((cur.status ?? {}) as object), phase: 'Terminating' },
      }),
      { dryRun: ctx.dryRun },
    );
  },
  pendingFinalizers: (obj) => (obj.metadata?.finalizers ?? []).length + specFinalizers(obj).length,
};

/** namespaces/finalize: replaces spec.finalizers; the namespace goes when nothing holds it any more. */
export const namespaceFinalizeSubresource: SubresourceHandler = {
  methods: ['PUT'],
  discoveryVerbs: ['update'],
  async handle(req, store) {
    const q = parseQuery(WriteQuery, { ...req.query });
    const body = req.body() as KubeObject;
    if (!body || typeof body !== 'object') throw ApiError.badRequest('the body of the request must be a Namespace object');
    const finalizers = specFinalizers(body);
    const dryRun = q.dryRun === 'All';
    // Upstream's finalize strategy is an update of the namespace (its rules, its admission).
    const updated = await store.patch(
      req.def,
      undefined,
      req.name,
      (cur) => ({
        ...cur,
        spec: { ...((cur.spec ?? {}) as object), finalizers },
      }),
      { dryRun },
    );
    if (finalizers.length === 0 && !dryRun) await store.deleteIfFinalized(req.def, undefined, req.name);
    return { type: 'object', code: 200, object: updated, asServedKind: true };
  },
};
