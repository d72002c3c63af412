import type { KubeObject } from '../../../../../libs/api/src/kube-object.types.js';
import type { StatusStrategy } from './resource.definition.js';

/**
 * The status strategy of most kinds: a status write changes status only, everything else comes
 * from the stored object (upstream's status strategies reset spec and metadata).
 */
export const genericStatusStrategy: StatusStrategy = {
  resetFields: ['spec', 'metadata'],
  prepareForUpdate(obj: KubeObject, old: KubeObject): KubeObject {
    return { ...old, status: obj.status };
  },
};
