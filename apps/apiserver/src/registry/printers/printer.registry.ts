import { cronJobPrinter, jobPrinter } from './batch.printers.js';
import {
  configMapPrinter,
  namespacePrinter,
  podTemplatePrinter,
  resourceQuotaPrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './core.printers.js';
import { defaultPrinter } from './default.printer.js';
import { eventPrinter, eventsV1Printer } from './event.printer.js';
import {
  endpointSlicePrinter,
  endpointsPrinter,
  ingressClassPrinter,
  ingressPrinter,
  networkPolicyPrinter,
  servicePrinter,
} from './network.printers.js';
import { nodePrinter } from './node.printer.js';
import { podPrinter } from './pod.printer.js';
import {
  controllerRevisionPrinter,
  horizontalPodAutoscalerPrinter,
  leasePrinter,
  podDisruptionBudgetPrinter,
  priorityClassPrinter,
} from './policy.printers.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac.printers.js';
import { persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter } from './storage.printers.js';
import type { TablePrinter } from './table.types.js';
import {
  daemonSetPrinter,
  deploymentPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  statefulSetPrinter,
} from './workload.printers.js';

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
