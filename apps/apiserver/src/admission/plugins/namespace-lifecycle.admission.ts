import { ApiError } from '../../../../../libs/apimachinery/src/status.errors.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../admission.interface.js';

/** Namespaces that exist for the life of the cluster (upstream's immortal namespaces). */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

const NAMESPACES = { group: '', resource: 'namespaces' };

/**
 * Upstream's NamespaceLifecycle plugin: no new content in a namespace that does not exist or is
 * being terminated, and the system namespaces cannot be deleted.
 */
export const namespaceLifecycleAdmission: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  handles: (a) =>
    (a.operation === 'CREATE' && a.rt.namespaced) || (a.operation === 'DELETE' && a.rt.group === '' && a.rt.resource === 'namespaces'),
  async admit(a: AdmissionAttributes): Promise<void> {
    if (a.operation !== 'CREATE' || a.namespace === undefined) return;
    const key = { resource: 'namespaces', namespace: '', name: a.namespace };
    // The cached namespace answers the hot path; a miss (e.g. just created) asks the database.
    const ns = a.storage.peek?.(key) ?? (await a.storage.get(key));
    if (!ns) throw ApiError.notFound(NAMESPACES, a.namespace);
    if (ns.metadata?.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {
      throw ApiError.forbidden(NAMESPACES, '', `unable to create new content in namespace ${a.namespace} because it is being terminated`);
    }
  },
  validate(a: AdmissionAttributes): Promise<void> {
    if (a.operation === 'DELETE' && IMMORTAL_NAMESPACES.has(a.name)) {
      return Promise.reject(ApiError.forbidden(a.rt, a.name, 'this namespace may not be deleted'));
    }
    return Promise.resolve();
  },
};
