import type { KubeObject } from '../../../../../../libs/api/src/kube-object.types.js';
import type { StatusStrategy } from '../../generic/resource.definition.js';

/**
 * pods/status (upstream podStatusStrategy): the kubelet and the scheduler write status only; spec
 * and metadata come from the stored pod. Kept apart from the generic one because upstream adds
 * pod-specific status validation here.
 */
export const podStatusStrategy = {
  resetFields: ['spec', 'metadata'],
  prepareForUpdate(obj: KubeObject, old: KubeObject): KubeObject {
    return { ...old, status: obj.status };
  },
} satisfies StatusStrategy;
