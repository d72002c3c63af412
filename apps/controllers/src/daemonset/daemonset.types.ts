export type { Node, NodeAffinity, Pod, PodSpec, Taint, Toleration } from '../../../../libs/api/src/model/core.types.js';
export type { DaemonSet, DaemonSetStatus } from '../../../../libs/api/src/model/apps.types.js';

/** Deprecated label kept on daemon pods for old clients (extensions.DaemonSetTemplateGenerationKey). */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

export { REVISION_LABEL, type ControllerRevision } from '../shared/types.js';
