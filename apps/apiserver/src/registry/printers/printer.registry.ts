import { controllerRevisionPrinter } from '../apps/controllerrevision/controllerrevision.printer.js';
import { daemonSetPrinter } from '../apps/daemonset/daemonset.printer.js';
import { deploymentPrinter } from '../apps/deployment/deployment.printer.js';
import { replicaSetPrinter } from '../apps/replicaset/replicaset.printer.js';
import { statefulSetPrinter } from '../apps/statefulset/statefulset.printer.js';
import { horizontalPodAutoscalerPrinter } from '../autoscaling/horizontalpodautoscaler/horizontalpodautoscaler.printer.js';
import { cronJobPrinter } from '../batch/cronjob/cronjob.printer.js';
import { jobPrinter } from '../batch/job/job.printer.js';
import { leasePrinter } from '../coordination/lease/lease.printer.js';
import { configMapPrinter } from '../core/configmap/configmap.printer.js';
import { endpointsPrinter } from '../core/endpoints/endpoints.printer.js';
import { eventPrinter } from '../core/event/event.printer.js';
import { namespacePrinter } from '../core/namespace/namespace.printer.js';
import { nodePrinter } from '../core/node/node.printer.js';
import { persistentVolumePrinter } from '../core/persistentvolume/persistentvolume.printer.js';
import { persistentVolumeClaimPrinter } from '../core/persistentvolumeclaim/persistentvolumeclaim.printer.js';
import { podPrinter } from '../core/pod/pod.printer.js';
import { podTemplatePrinter } from '../core/podtemplate/podtemplate.printer.js';
import { replicationControllerPrinter } from '../core/replicationcontroller/replicationcontroller.printer.js';
import { resourceQuotaPrinter } from '../core/resourcequota/resourcequota.printer.js';
import { secretPrinter } from '../core/secret/secret.printer.js';
import { servicePrinter } from '../core/service/service.printer.js';
import { serviceAccountPrinter } from '../core/serviceaccount/serviceaccount.printer.js';
import { endpointSlicePrinter } from '../discovery/endpointslice/endpointslice.printer.js';
import { eventsV1Printer } from '../events/event/event.printer.js';
import { ingressPrinter } from '../networking/ingress/ingress.printer.js';
import { ingressClassPrinter } from '../networking/ingressclass/ingressclass.printer.js';
import { networkPolicyPrinter } from '../networking/networkpolicy/networkpolicy.printer.js';
import { podDisruptionBudgetPrinter } from '../policy/poddisruptionbudget/poddisruptionbudget.printer.js';
import { clusterRoleBindingPrinter } from '../rbac/clusterrolebinding/clusterrolebinding.printer.js';
import { roleBindingPrinter } from '../rbac/rolebinding/rolebinding.printer.js';
import { priorityClassPrinter } from '../scheduling/priorityclass/priorityclass.printer.js';
import { storageClassPrinter } from '../storage/storageclass/storageclass.printer.js';
import { defaultPrinter } from './default.printer.js';
import type { TablePrinter } from './table.types.js';

/** Dedicated printers by storage key; roles, clusterroles, limitranges and CRDs use the default upstream too. */
const PRINTERS: ReadonlyMap<string, TablePrinter> = new Map([
  ['pods', podPrinter],
  ['podtemplates', podTemplatePrinter],
  ['replicationcontrollers', replicationControllerPrinter],
  ['services', servicePrinter],
  ['endpoints', endpointsPrinter],
  ['nodes', nodePrinter],
  ['events', eventPrinter],
  ['namespaces', namespacePrinter],
  ['configmaps', configMapPrinter],
  ['secrets', secretPrinter],
  ['serviceaccounts', serviceAccountPrinter],
  ['persistentvolumes', persistentVolumePrinter],
  ['persistentvolumeclaims', persistentVolumeClaimPrinter],
  ['resourcequotas', resourceQuotaPrinter],
  ['deployments.apps', deploymentPrinter],
  ['replicasets.apps', replicaSetPrinter],
  ['statefulsets.apps', statefulSetPrinter],
  ['daemonsets.apps', daemonSetPrinter],
  ['controllerrevisions.apps', controllerRevisionPrinter],
  ['jobs.batch', jobPrinter],
  ['cronjobs.batch', cronJobPrinter],
  ['horizontalpodautoscalers.autoscaling', horizontalPodAutoscalerPrinter],
  ['leases.coordination.k8s.io', leasePrinter],
  ['endpointslices.discovery.k8s.io', endpointSlicePrinter],
  ['events.events.k8s.io', eventsV1Printer],
  ['poddisruptionbudgets.policy', podDisruptionBudgetPrinter],
  ['rolebindings.rbac.authorization.k8s.io', roleBindingPrinter],
  ['clusterrolebindings.rbac.authorization.k8s.io', clusterRoleBindingPrinter],
  ['ingresses.networking.k8s.io', ingressPrinter],
  ['ingressclasses.networking.k8s.io', ingressClassPrinter],
  ['networkpolicies.networking.k8s.io', networkPolicyPrinter],
  ['storageclasses.storage.k8s.io', storageClassPrinter],
  ['priorityclasses.scheduling.k8s.io', priorityClassPrinter],
]);

/** The Table printer for a storage key ('pods', 'deployments.apps'); NAME + CREATED AT otherwise. */
export function printerFor(storageKey: string): TablePrinter {
  return PRINTERS.get(storageKey) ?? defaultPrinter;
}
