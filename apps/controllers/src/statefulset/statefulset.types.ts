export type { StatefulSet } from '../../../../libs/api/src/model/apps.types.js';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export { REVISION_LABEL, type ControllerRevision } from '../shared/types.js';
