import { storageKeyOf } from '../../../../libs/api/src/resource.types.js';
import { defaultFieldGetter, type FieldGetter } from './fields/field.getter.js';
import type { ResourceDefinition } from './generic/resource.definition.js';
import type { ResourceStrategy } from './generic/strategy.interface.js';
import { defaultPrinter } from './printers/default.printer.js';
import type { TablePrinter } from './printers/table.types.js';
import { namespaceDefinition } from './core/namespace/namespace.definition.js';
import { podDefinition } from './core/pod/pod.definition.js';
import { serviceDefinition } from './core/service/service.definition.js';
import { endpointsDefinition } from './core/endpoints/endpoints.definition.js';
import { configMapDefinition } from './core/configmap/configmap.definition.js';
import { secretDefinition } from './core/secret/secret.definition.js';
import { serviceAccountDefinition } from './core/serviceaccount/serviceaccount.definition.js';
import { nodeDefinition } from './core/node/node.definition.js';
import { eventDefinition } from './core/event/event.definition.js';
import { persistentVolumeDefinition } from './core/persistentvolume/persistentvolume.definition.js';
import { persistentVolumeClaimDefinition } from './core/persistentvolumeclaim/persistentvolumeclaim.definition.js';
import { limitRangeDefinition } from './core/limitrange/limitrange.definition.js';
import { resourceQuotaDefinition } from './core/resourcequota/resourcequota.definition.js';
import { podTemplateDefinition } from './core/podtemplate/podtemplate.definition.js';
import { replicationControllerDefinition } from './core/replicationcontroller/replicationcontroller.definition.js';
import { deploymentDefinition } from './apps/deployment/deployment.definition.js';
import { replicaSetDefinition } from './apps/replicaset/replicaset.definition.js';
import { statefulSetDefinition } from './apps/statefulset/statefulset.definition.js';
import { daemonSetDefinition } from './apps/daemonset/daemonset.definition.js';
import { controllerRevisionDefinition } from './apps/controllerrevision/controllerrevision.definition.js';
import { jobDefinition } from './batch/job/job.definition.js';
import { cronJobDefinition } from './batch/cronjob/cronjob.definition.js';
import { hpaV2Definition, hpaV1Definition } from './autoscaling/horizontalpodautoscaler/horizontalpodautoscaler.definition.js';
import { leaseDefinition } from './coordination/lease/lease.definition.js';
import { endpointSliceDefinition } from './discovery/endpointslice/endpointslice.definition.js';
import { eventsV1Definition } from './events/event/event.definition.js';
import { podDisruptionBudgetDefinition } from './policy/poddisruptionbudget/poddisruptionbudget.definition.js';
import { roleDefinition } from './rbac/role/role.definition.js';
import { roleBindingDefinition } from './rbac/rolebinding/rolebinding.definition.js';
import { clusterRoleDefinition } from './rbac/clusterrole/clusterrole.definition.js';
import { clusterRoleBindingDefinition } from './rbac/clusterrolebinding/clusterrolebinding.definition.js';
import { ingressDefinition } from './networking/ingress/ingress.definition.js';
import { ingressClassDefinition } from './networking/ingressclass/ingressclass.definition.js';
import { networkPolicyDefinition } from './networking/networkpolicy/networkpolicy.definition.js';
import { storageClassDefinition } from './storage/storageclass/storageclass.definition.js';
import { priorityClassDefinition } from './scheduling/priorityclass/priorityclass.definition.js';
import { csiDriverDefinition } from './storage/csidriver/csidriver.definition.js';
import { csiNodeDefinition } from './storage/csinode/csinode.definition.js';
import { volumeAttachmentDefinition } from './storage/volumeattachment/volumeattachment.definition.js';
import { csiStorageCapacityDefinition } from './storage/csistoragecapacity/csistoragecapacity.definition.js';
import { runtimeClassDefinition } from './node/runtimeclass/runtimeclass.definition.js';
import { flowSchemaDefinition } from './flowcontrol/flowschema/flowschema.definition.js';
import { priorityLevelConfigurationDefinition } from './flowcontrol/prioritylevelconfiguration/prioritylevelconfiguration.definition.js';
import { certificateSigningRequestDefinition } from './certificates/certificatesigningrequest/certificatesigningrequest.definition.js';
import { mutatingWebhookConfigurationDefinition } from './admissionregistration/mutatingwebhookconfiguration/mutatingwebhookconfiguration.definition.js';
import { validatingWebhookConfigurationDefinition } from './admissionregistration/validatingwebhookconfiguration/validatingwebhookconfiguration.definition.js';
import { validatingAdmissionPolicyDefinition } from './admissionregistration/validatingadmissionpolicy/validatingadmissionpolicy.definition.js';
import { validatingAdmissionPolicyBindingDefinition } from './admissionregistration/validatingadmissionpolicybinding/validatingadmissionpolicybinding.definition.js';
import { crdDefinition } from './apiextensions/customresourcedefinition/customresourcedefinition.definition.js';

/** Every built-in resource, one folder each, in BUILTIN_RESOURCES order (discovery lists them in this order). */
export const BUILTIN_DEFINITIONS: readonly ResourceDefinition[] = [
  namespaceDefinition,
  podDefinition,
  serviceDefinition,
  endpointsDefinition,
  configMapDefinition,
  secretDefinition,
  serviceAccountDefinition,
  nodeDefinition,
  eventDefinition,
  persistentVolumeDefinition,
  persistentVolumeClaimDefinition,
  limitRangeDefinition,
  resourceQuotaDefinition,
  podTemplateDefinition,
  replicationControllerDefinition,
  deploymentDefinition,
  replicaSetDefinition,
  statefulSetDefinition,
  daemonSetDefinition,
  controllerRevisionDefinition,
  jobDefinition,
  cronJobDefinition,
  hpaV2Definition,
  hpaV1Definition,
  leaseDefinition,
  endpointSliceDefinition,
  eventsV1Definition,
  podDisruptionBudgetDefinition,
  roleDefinition,
  roleBindingDefinition,
  clusterRoleDefinition,
  clusterRoleBindingDefinition,
  ingressDefinition,
  ingressClassDefinition,
  networkPolicyDefinition,
  storageClassDefinition,
  priorityClassDefinition,
  csiDriverDefinition,
  csiNodeDefinition,
  volumeAttachmentDefinition,
  csiStorageCapacityDefinition,
  runtimeClassDefinition,
  flowSchemaDefinition,
  priorityLevelConfigurationDefinition,
  certificateSigningRequestDefinition,
  mutatingWebhookConfigurationDefinition,
  validatingWebhookConfigurationDefinition,
  validatingAdmissionPolicyDefinition,
  validatingAdmissionPolicyBindingDefinition,
  crdDefinition,
];

const BY_STORAGE_KEY = new Map<string, ResourceDefinition>();
for (const d of BUILTIN_DEFINITIONS) if (!BY_STORAGE_KEY.has(storageKeyOf(d))) BY_STORAGE_KEY.set(storageKeyOf(d), d);

/** The built-in definition of a stored resource (its preferred, first-listed version). */
export function definitionByStorageKey(storageKey: string): ResourceDefinition | undefined {
  return BY_STORAGE_KEY.get(storageKey);
}

const NONE: ResourceStrategy = {};

export function strategyFor(storageKey: string): ResourceStrategy {
  return definitionByStorageKey(storageKey)?.strategy ?? NONE;
}

export function printerFor(storageKey: string): TablePrinter {
  return definitionByStorageKey(storageKey)?.printer ?? defaultPrinter;
}

export function fieldGetterFor(storageKey: string, namespaced = true): FieldGetter {
  const def = definitionByStorageKey(storageKey);
  return def && def.namespaced === namespaced ? def.fields : defaultFieldGetter(namespaced);
}
