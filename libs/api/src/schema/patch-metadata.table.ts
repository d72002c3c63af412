import type { PatchStrategy } from '../../../apimachinery/src/patch/strategic/patch-meta.model.js';

/**
 * How the lists of the built-in kinds merge, as upstream declares them on the Go types
 * (`patchStrategy`/`patchMergeKey` tags, `+listType`/`+listMapKey` markers). Keyed by `Model.field`
 * (client-node class, JSON name; no listed field is renamed by client-node). Read by the strategic
 * merge patch and published in both OpenAPI documents, where kubectl reads it for apply and edit.
 */
export interface PatchMetadataRow {
  readonly strategy?: PatchStrategy;
  readonly mergeKey?: string;
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly listMapKeys?: readonly string[];
}

/** A list of objects merged on `key` (upstream: patchStrategy=merge, listType=map). */
function byKey(key: string, mapKeys: readonly string[] = [key], strategy: PatchStrategy = 'merge'): PatchMetadataRow {
  return { strategy, mergeKey: key, listType: 'map', listMapKeys: mapKeys };
}

const ATOMIC: PatchMetadataRow = { listType: 'atomic' };
const CONDITIONS = byKey('type');

function containerRows(model: string): Record<string, PatchMetadataRow> {
  return {
    [`${model}.args`]: ATOMIC,
    [`${model}.command`]: ATOMIC,
    [`${model}.env`]: byKey('name'),
    [`${model}.envFrom`]: ATOMIC,
    [`${model}.ports`]: byKey('containerPort', ['containerPort', 'protocol']),
    [`${model}.resizePolicy`]: ATOMIC,
    [`${model}.volumeDevices`]: byKey('devicePath'),
    [`${model}.volumeMounts`]: byKey('mountPath'),
  };
}

export const PATCH_METADATA: Readonly<Record<string, PatchMetadataRow>> = {
  // meta/v1
  'V1ObjectMeta.finalizers': { strategy: 'merge', listType: 'set' },
  'V1ObjectMeta.managedFields': ATOMIC,
  'V1ObjectMeta.ownerReferences': byKey('uid'),
  'V1LabelSelector.matchExpressions': ATOMIC,
  // core/v1: pods and templates
  'V1PodSpec.containers': byKey('name'),
  'V1PodSpec.ephemeralContainers': byKey('name'),
  'V1PodSpec.hostAliases': byKey('ip'),
  'V1PodSpec.imagePullSecrets': byKey('name'),
  'V1PodSpec.initContainers': byKey('name'),
  'V1PodSpec.readinessGates': ATOMIC,
  'V1PodSpec.resourceClaims': byKey('name', ['name'], 'merge,retainKeys'),
  'V1PodSpec.schedulingGates': byKey('name'),
  'V1PodSpec.tolerations': ATOMIC,
  'V1PodSpec.topologySpreadConstraints': byKey('topologyKey', ['topologyKey', 'whenUnsatisfiable']),
  'V1PodSpec.volumes': byKey('name', ['name'], 'merge,retainKeys'),
  ...containerRows('V1Container'),
  ...containerRows('V1EphemeralContainer'),
  'V1PodStatus.conditions': CONDITIONS,
  'V1PodStatus.containerStatuses': ATOMIC,
  'V1PodStatus.ephemeralContainerStatuses': ATOMIC,
  'V1PodStatus.hostIPs': { strategy: 'merge', mergeKey: 'ip', listType: 'atomic' },
  'V1PodStatus.initContainerStatuses': ATOMIC,
  'V1PodStatus.podIPs': byKey('ip'),
  'V1PodStatus.resourceClaimStatuses': byKey('name', ['name'], 'merge,retainKeys'),
  // core/v1: other kinds
  'V1ServiceSpec.clusterIPs': ATOMIC,
  'V1ServiceSpec.externalIPs': ATOMIC,
  'V1ServiceSpec.ipFamilies': ATOMIC,
  'V1ServiceSpec.ports': byKey('port', ['port', 'protocol']),
  'V1ServiceStatus.conditions': CONDITIONS,
  'V1ServiceAccount.imagePullSecrets': ATOMIC,
  'V1ServiceAccount.secrets': byKey('name'),
  'V1NodeSpec.podCIDRs': { strategy: 'merge', listType: 'set' },
  'V1NodeSpec.taints': ATOMIC,
  'V1NodeStatus.addresses': byKey('type'),
  'V1NodeStatus.conditions': CONDITIONS,
  'V1NodeStatus.images': ATOMIC,
  'V1NodeStatus.volumesAttached': ATOMIC,
  'V1NodeStatus.volumesInUse': ATOMIC,
  'V1NamespaceStatus.conditions': CONDITIONS,
  'V1PersistentVolumeClaimStatus.conditions': CONDITIONS,
  'V1ReplicationControllerStatus.conditions': CONDITIONS,
  'V1ComponentStatus.conditions': CONDITIONS,
  // apps/v1
  'V1DeploymentSpec.strategy': { strategy: 'retainKeys' },
  'V1DeploymentStatus.conditions': CONDITIONS,
  'V1ReplicaSetStatus.conditions': CONDITIONS,
  'V1StatefulSetSpec.volumeClaimTemplates': ATOMIC,
  'V1StatefulSetStatus.conditions': CONDITIONS,
  'V1DaemonSetStatus.conditions': CONDITIONS,
  // batch/v1, autoscaling/v2, policy/v1, apiextensions/v1
  'V1JobStatus.conditions': { strategy: 'merge', mergeKey: 'type', listType: 'atomic' },
  'V1CronJobStatus.active': ATOMIC,
  'V2HorizontalPodAutoscalerSpec.metrics': ATOMIC,
  'V2HorizontalPodAutoscalerStatus.conditions': CONDITIONS,
  'V1PodDisruptionBudgetStatus.conditions': CONDITIONS,
  'V1CustomResourceDefinitionStatus.conditions': { listType: 'map', listMapKeys: ['type'] },
};

/** The OpenAPI vendor extensions of one row, in the shape kube-apiserver publishes them. */
export function patchExtensions(row: PatchMetadataRow): Record<string, unknown> {
  const ext: Record<string, unknown> = {};
  if (row.listMapKeys !== undefined) ext['x-kubernetes-list-map-keys'] = [...row.listMapKeys];
  if (row.listType !== undefined) ext['x-kubernetes-list-type'] = row.listType;
  if (row.mergeKey !== undefined) ext['x-kubernetes-patch-merge-key'] = row.mergeKey;
  if (row.strategy !== undefined) ext['x-kubernetes-patch-strategy'] = row.strategy;
  return ext;
}
