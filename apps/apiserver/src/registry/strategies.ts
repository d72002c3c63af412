import { daemonSetStrategy } from './apps/daemonset/daemonset.strategy.js';
import { deploymentStrategy } from './apps/deployment/deployment.strategy.js';
import { replicaSetStrategy } from './apps/replicaset/replicaset.strategy.js';
import { horizontalPodAutoscalerStrategy } from './autoscaling/horizontalpodautoscaler/horizontalpodautoscaler.strategy.js';
import { statefulSetStrategy } from './apps/statefulset/statefulset.strategy.js';
import { cronJobStrategy } from './batch/cronjob/cronjob.strategy.js';
import { jobStrategy } from './batch/job/job.strategy.js';
import { configMapStrategy } from './core/configmap/configmap.strategy.js';
import { namespaceStrategy } from './core/namespace/namespace.strategy.js';
import { persistentVolumeStrategy } from './core/persistentvolume/persistentvolume.strategy.js';
import { persistentVolumeClaimStrategy } from './core/persistentvolumeclaim/persistentvolumeclaim.strategy.js';
import { podStrategy } from './core/pod/pod.strategy.js';
import { replicationControllerStrategy } from './core/replicationcontroller/replicationcontroller.strategy.js';
import { secretStrategy } from './core/secret/secret.strategy.js';
import { serviceStrategy } from './core/service/service.strategy.js';
import type { ResourceStrategy } from './generic/strategy.interface.js';
import { priorityClassStrategy } from './scheduling/priorityclass/priorityclass.strategy.js';

/** Kind-specific hooks by storage key (storageKeyOf()); kinds absent here need only the generic rules. */
const STRATEGIES: ReadonlyMap<string, ResourceStrategy> = new Map<string, ResourceStrategy>([
  ['pods', podStrategy],
  ['services', serviceStrategy],
  ['configmaps', configMapStrategy],
  ['secrets', secretStrategy],
  ['namespaces', namespaceStrategy],
  ['persistentvolumes', persistentVolumeStrategy],
  ['persistentvolumeclaims', persistentVolumeClaimStrategy],
  ['replicationcontrollers', replicationControllerStrategy],
  ['deployments.apps', deploymentStrategy],
  ['replicasets.apps', replicaSetStrategy],
  ['statefulsets.apps', statefulSetStrategy],
  ['daemonsets.apps', daemonSetStrategy],
  ['jobs.batch', jobStrategy],
  ['cronjobs.batch', cronJobStrategy],
  ['horizontalpodautoscalers.autoscaling', horizontalPodAutoscalerStrategy],
  ['priorityclasses.scheduling.k8s.io', priorityClassStrategy],
]);

const NONE: ResourceStrategy = {};

export function strategyFor(storageKey: string): ResourceStrategy {
  return STRATEGIES.get(storageKey) ?? NONE;
}
