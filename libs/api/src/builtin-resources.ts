import type { ResourceType } from './resource.types.js';

type Row = [
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  model: string,
  extra?: Partial<Pick<ResourceType, 'shortNames' | 'categories' | 'subresources' | 'storageKey'>>,
];

const ALL = ['all'] as const;

/** Every built-in kind a Kubernetes 1.32 user expects, with upstream short names and categories. */
const ROWS: Row[] = [
  ['', 'v1', 'namespaces', 'Namespace', false, 'V1Namespace', { shortNames: ['ns'], subresources: ['status', 'finalize'] }],
  ['', 'v1', 'pods', 'Pod', true, 'V1Pod', { shortNames: ['po'], categories: ALL, subresources: ['status', 'binding', 'eviction', 'log', 'ephemeralcontainers'] }],
  ['', 'v1', 'services', 'Service', true, 'V1Service', { shortNames: ['svc'], categories: ALL, subresources: ['status'] }],
  ['', 'v1', 'endpoints', 'Endpoints', true, 'V1Endpoints', { shortNames: ['ep'] }],
  ['', 'v1', 'configmaps', 'ConfigMap', true, 'V1ConfigMap', { shortNames: ['cm'] }],
  ['', 'v1', 'secrets', 'Secret', true, 'V1Secret'],
  ['', 'v1', 'serviceaccounts', 'ServiceAccount', true, 'V1ServiceAccount', { shortNames: ['sa'] }],
  ['', 'v1', 'nodes', 'Node', false, 'V1Node', { shortNames: ['no'], subresources: ['status'] }],
  ['', 'v1', 'events', 'Event', true, 'CoreV1Event', { shortNames: ['ev'] }],
  ['', 'v1', 'persistentvolumes', 'PersistentVolume', false, 'V1PersistentVolume', { shortNames: ['pv'], subresources: ['status'] }],
  ['', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, 'V1PersistentVolumeClaim', { shortNames: ['pvc'], subresources: ['status'] }],
  ['', 'v1', 'limitranges', 'LimitRange', true, 'V1LimitRange', { shortNames: ['limits'] }],
  ['', 'v1', 'resourcequotas', 'ResourceQuota', true, 'V1ResourceQuota', { shortNames: ['quota'], subresources: ['status'] }],
  ['', 'v1', 'podtemplates', 'PodTemplate', true, 'V1PodTemplate'],
  ['', 'v1', 'replicationcontrollers', 'ReplicationController', true, 'V1ReplicationController', { shortNames: ['rc'], categories: ALL, subresources: ['status', 'scale'] }],
  ['apps', 'v1', 'deployments', 'Deployment', true, 'V1Deployment', { shortNames: ['deploy'], categories: ALL, subresources: ['status', 'scale'] }],
  ['apps', 'v1', 'replicasets', 'ReplicaSet', true, 'V1ReplicaSet', { shortNames: ['rs'], categories: ALL, subresources: ['status', 'scale'] }],
  ['apps', 'v1', 'statefulsets', 'StatefulSet', true, 'V1StatefulSet', { shortNames: ['sts'], categories: ALL, subresources: ['status', 'scale'] }],
  ['apps', 'v1', 'daemonsets', 'DaemonSet', true, 'V1DaemonSet', { shortNames: ['ds'], categories: ALL, subresources: ['status'] }],
  ['apps', 'v1', 'controllerrevisions', 'ControllerRevision', true, 'V1ControllerRevision'],
  ['batch', 'v1', 'jobs', 'Job', true, 'V1Job', { categories: ALL, subresources: ['status'] }],
  ['batch', 'v1', 'cronjobs', 'CronJob', true, 'V1CronJob', { shortNames: ['cj'], categories: ALL, subresources: ['status'] }],
  ['autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, 'V2HorizontalPodAutoscaler', { shortNames: ['hpa'], categories: ALL, subresources: ['status'], storageKey: 'horizontalpodautoscalers.autoscaling' }],
  ['autoscaling', 'v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, 'V1HorizontalPodAutoscaler', { shortNames: ['hpa'], categories: ALL, subresources: ['status'], storageKey: 'horizontalpodautoscalers.autoscaling' }],
  ['coordination.k8s.io', 'v1', 'leases', 'Lease', true, 'V1Lease'],
  ['discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true, 'V1EndpointSlice'],
  ['events.k8s.io', 'v1', 'events', 'Event', true, 'EventsV1Event', { shortNames: ['ev'] }],
  ['policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, 'V1PodDisruptionBudget', { shortNames: ['pdb'], subresources: ['status'] }],
  ['rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true, 'V1Role'],
  ['rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true, 'V1RoleBinding'],
  ['rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false, 'V1ClusterRole'],
  ['rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false, 'V1ClusterRoleBinding'],
  ['networking.k8s.io', 'v1', 'ingresses', 'Ingress', true, 'V1Ingress', { shortNames: ['ing'], subresources: ['status'] }],
  ['networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false, 'V1IngressClass'],
  ['networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true, 'V1NetworkPolicy', { shortNames: ['netpol'] }],
  ['storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false, 'V1StorageClass', { shortNames: ['sc'] }],
  ['scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', false, 'V1PriorityClass', { shortNames: ['pc'] }],
  ['storage.k8s.io', 'v1', 'csidrivers', 'CSIDriver', false, 'V1CSIDriver'],
  ['storage.k8s.io', 'v1', 'csinodes', 'CSINode', false, 'V1CSINode'],
  ['storage.k8s.io', 'v1', 'volumeattachments', 'VolumeAttachment', false, 'V1VolumeAttachment', { subresources: ['status'] }],
  ['storage.k8s.io', 'v1', 'csistoragecapacities', 'CSIStorageCapacity', true, 'V1CSIStorageCapacity'],
  ['node.k8s.io', 'v1', 'runtimeclasses', 'RuntimeClass', false, 'V1RuntimeClass'],
  ['flowcontrol.apiserver.k8s.io', 'v1', 'flowschemas', 'FlowSchema', false, 'V1FlowSchema', { subresources: ['status'] }],
  ['flowcontrol.apiserver.k8s.io', 'v1', 'prioritylevelconfigurations', 'PriorityLevelConfiguration', false, 'V1PriorityLevelConfiguration', { subresources: ['status'] }],
  ['certificates.k8s.io', 'v1', 'certificatesigningrequests', 'CertificateSigningRequest', false, 'V1CertificateSigningRequest', { shortNames: ['csr'], subresources: ['status', 'approval'] }],
  ['admissionregistration.k8s.io', 'v1', 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false, 'V1MutatingWebhookConfiguration', { categories: ['api-extensions'] }],
  ['admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false, 'V1ValidatingWebhookConfiguration', { categories: ['api-extensions'] }],
  ['admissionregistration.k8s.io', 'v1', 'validatingadmissionpolicies', 'ValidatingAdmissionPolicy', false, 'V1ValidatingAdmissionPolicy', { categories: ['api-extensions'], subresources: ['status'] }],
  ['admissionregistration.k8s.io', 'v1', 'validatingadmissionpolicybindings', 'ValidatingAdmissionPolicyBinding', false, 'V1ValidatingAdmissionPolicyBinding', { categories: ['api-extensions'] }],
  ['apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false, 'V1CustomResourceDefinition', { shortNames: ['crd', 'crds'], categories: ['api-extensions'], subresources: ['status'] }],
];

function singularOf(kind: string): string {
  return kind.toLowerCase();
}

export const BUILTIN_RESOURCES: readonly ResourceType[] = ROWS.map(
  ([group, version, resource, kind, namespaced, model, extra]) => ({
    group,
    version,
    resource,
    kind,
    namespaced,
    model,
    singular: singularOf(kind),
    ...extra,
  }),
);

/** Group versions in the order discovery lists them (preferred version first within a group). */
export const PREFERRED_VERSIONS: Readonly<Record<string, string>> = {
  '': 'v1',
  apps: 'v1',
  batch: 'v1',
  autoscaling: 'v2',
  'coordination.k8s.io': 'v1',
  'discovery.k8s.io': 'v1',
  'events.k8s.io': 'v1',
  policy: 'v1',
  'rbac.authorization.k8s.io': 'v1',
  'networking.k8s.io': 'v1',
  'storage.k8s.io': 'v1',
  'scheduling.k8s.io': 'v1',
  'apiextensions.k8s.io': 'v1',
  'node.k8s.io': 'v1',
  'flowcontrol.apiserver.k8s.io': 'v1',
  'certificates.k8s.io': 'v1',
  'admissionregistration.k8s.io': 'v1',
};
