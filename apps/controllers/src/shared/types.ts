/** The Kubernetes types the controllers read: one declaration for every app, in libs/api/src/model. */
export type { Condition, IntOrString, LabelSelector, ObjectMeta, OwnerReference } from '../../../../libs/api/src/model/meta.types.js';
export type { Pod, PodTemplateSpec } from '../../../../libs/api/src/model/core.types.js';
export type { ControllerRevision, Deployment, ReplicaSet } from '../../../../libs/api/src/model/apps.types.js';

export { formatTime as nowIso } from '../../../../libs/apimachinery/src/time/metav1.time.js';

/** The label naming a pod's template revision (ControllerRevision name suffix), for DaemonSets and StatefulSets. */
export const REVISION_LABEL = 'controller-revision-hash';
