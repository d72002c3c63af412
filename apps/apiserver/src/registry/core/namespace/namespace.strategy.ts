import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';
import { child, isRecord } from '../../../../../../libs/apimachinery/src/json/json.access.js';

export const namespaceStrategy = {
  /** SetDefaults_Namespace: the immutable name label used by namespace selectors. */
  applyDefaults(obj: KubeObject): void {
    const meta = obj.metadata ?? (obj.metadata = {});
    if (meta.name) meta.labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': meta.name };
  },
  /** Active, with the `kubernetes` finalizer that namespace deletion waits on. */
  prepareForCreate(obj: KubeObject): void {
    const spec = child(obj, 'spec');
    const finalizers = Array.isArray(spec['finalizers']) ? spec['finalizers'] : [];
    if (!finalizers.includes('kubernetes')) spec['finalizers'] = [...finalizers, 'kubernetes'];
    obj.status = { phase: 'Active' };
  },
  /** Finalizers change only through the finalize subresource. */
  prepareForUpdate(obj: KubeObject, old: KubeObject): void {
    const oldSpec = isRecord(old.spec) ? old.spec : {};
    if (oldSpec['finalizers'] === undefined) delete child(obj, 'spec')['finalizers'];
    else child(obj, 'spec')['finalizers'] = oldSpec['finalizers'];
  },
} satisfies ResourceStrategy;
