/** Object-count quota names (`count/<resource>[.<group>]` and the legacy bare names) → collection path. */
const BUILTIN: Readonly<Record<string, string>> = {
  pods: '/api/v1/pods',
  services: '/api/v1/services',
  configmaps: '/api/v1/configmaps',
  secrets: '/api/v1/secrets',
  persistentvolumeclaims: '/api/v1/persistentvolumeclaims',
  replicationcontrollers: '/api/v1/replicationcontrollers',
  resourcequotas: '/api/v1/resourcequotas',
  serviceaccounts: '/api/v1/serviceaccounts',
  endpoints: '/api/v1/endpoints',
  events: '/api/v1/events',
  limitranges: '/api/v1/limitranges',
  podtemplates: '/api/v1/podtemplates',
  'deployments.apps': '/apis/apps/v1/deployments',
  'replicasets.apps': '/apis/apps/v1/replicasets',
  'statefulsets.apps': '/apis/apps/v1/statefulsets',
  'daemonsets.apps': '/apis/apps/v1/daemonsets',
  'controllerrevisions.apps': '/apis/apps/v1/controllerrevisions',
  'jobs.batch': '/apis/batch/v1/jobs',
  'cronjobs.batch': '/apis/batch/v1/cronjobs',
  'horizontalpodautoscalers.autoscaling': '/apis/autoscaling/v2/horizontalpodautoscalers',
  'poddisruptionbudgets.policy': '/apis/policy/v1/poddisruptionbudgets',
  'ingresses.networking.k8s.io': '/apis/networking.k8s.io/v1/ingresses',
  'networkpolicies.networking.k8s.io': '/apis/networking.k8s.io/v1/networkpolicies',
  'leases.coordination.k8s.io': '/apis/coordination.k8s.io/v1/leases',
  'endpointslices.discovery.k8s.io': '/apis/discovery.k8s.io/v1/endpointslices',
  'roles.rbac.authorization.k8s.io': '/apis/rbac.authorization.k8s.io/v1/roles',
  'rolebindings.rbac.authorization.k8s.io': '/apis/rbac.authorization.k8s.io/v1/rolebindings',
};

/** The legacy names upstream counts without `count/`. */
const LEGACY_COUNTS = new Set([
  'pods',
  'services',
  'configmaps',
  'secrets',
  'persistentvolumeclaims',
  'replicationcontrollers',
  'resourcequotas',
]);

/** `count/foo.example.com` → { resource: 'foo', group: 'example.com' }; undefined for other names. */
export function countTarget(key: string): { resource: string; group: string } | undefined {
  const name = key.startsWith('count/') ? key.slice(6) : LEGACY_COUNTS.has(key) ? key : undefined;
  if (!name) return undefined;
  const dot = name.indexOf('.');
  return dot < 0 ? { resource: name, group: '' } : { resource: name.slice(0, dot), group: name.slice(dot + 1) };
}

export function builtinPath(t: { resource: string; group: string }): string | undefined {
  return BUILTIN[t.group ? `${t.resource}.${t.group}` : t.resource];
}
