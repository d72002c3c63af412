/**
 * Maps client-node class names to upstream's Go identity.
 *
 * Rule (client-node drops the Go package, so it is reconstructed):
 *  1. The class name is `[Prefix]V<n>[alpha|beta<m>]<GoName>`: the version segment gives the Go
 *     package version, the rest the Go type name ('V1DeploymentSpec' -> v1, DeploymentSpec).
 *  2. apimachinery types (ObjectMeta, LabelSelector, Status …) are listed in META_TYPES and live in
 *     io.k8s.apimachinery.pkg.apis.meta.v1.
 *  3. Otherwise the group is the one of the first served kind (core first, then the
 *     BUILTIN_RESOURCES order) whose schema reaches the type; PINNED_GROUPS corrects the few types
 *     that only other groups reach (TopologySelectorTerm is core but only StorageClass uses it).
 *  4. A disambiguating prefix ('CoreV1Event', 'EventsV1Event') names the group directly.
 *  5. Group -> package: '' is `core`, apiextensions.k8s.io is the apiextensions-apiserver module,
 *     any other group uses its first DNS label (rbac.authorization.k8s.io -> rbac).
 */
export interface ModelIdentity {
  /** OpenAPI definition name: 'io.k8s.api.apps.v1.Deployment'. */
  readonly definitionName: string;
  /** Go type as encoding/json prints it: 'v1.DeploymentSpec'. */
  readonly goType: string;
  /** Bare Go type name: 'DeploymentSpec'. */
  readonly goName: string;
  readonly version: string;
}

const NAME_RE = /^([A-Z][a-z]+)?V(\d+)((?:alpha|beta)\d+)?([A-Z].*)$/;

const META_TYPES: ReadonlySet<string> = new Set([
  'ObjectMeta',
  'ListMeta',
  'LabelSelector',
  'LabelSelectorRequirement',
  'OwnerReference',
  'ManagedFieldsEntry',
  'Status',
  'StatusDetails',
  'StatusCause',
  'DeleteOptions',
  'Preconditions',
  'Condition',
  'WatchEvent',
  'APIResource',
  'APIResourceList',
  'APIGroup',
  'APIGroupList',
  'APIVersions',
  'GroupVersionForDiscovery',
  'ServerAddressByClientCIDR',
  'FieldSelectorRequirement',
]);

const PREFIX_GROUPS: Readonly<Record<string, string>> = {
  Core: '',
  Events: 'events.k8s.io',
  Discovery: 'discovery.k8s.io',
  Rbac: 'rbac.authorization.k8s.io',
  Storage: 'storage.k8s.io',
  Apiextensions: 'apiextensions.k8s.io',
  Apiregistration: 'apiregistration.k8s.io',
  Admissionregistration: 'admissionregistration.k8s.io',
  Authentication: 'authentication.k8s.io',
  Flowcontrol: 'flowcontrol.apiserver.k8s.io',
  Resource: 'resource.k8s.io',
};

/** Types whose group cannot be inferred from who references them. */
export const PINNED_GROUPS: Readonly<Record<string, string>> = {
  V1TopologySelectorTerm: '',
  V1TopologySelectorLabelRequirement: '',
  V1Scale: 'autoscaling',
  V1ScaleSpec: 'autoscaling',
  V1ScaleStatus: 'autoscaling',
  V1Eviction: 'policy',
  V1Binding: '',
};

function splitModelName(model: string): { prefix?: string; version: string; goName: string } {
  const m = NAME_RE.exec(model);
  if (!m?.[2] || !m[4]) return { version: 'v1', goName: model };
  const prefix = m[1];
  const version = `v${m[2]}${m[3] ?? ''}`;
  return prefix ? { prefix, version, goName: m[4] } : { version, goName: m[4] };
}

function goPackageOf(group: string, version: string): string {
  if (group === '') return `io.k8s.api.core.${version}`;
  if (group === 'apiextensions.k8s.io') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}`;
  if (group === 'apiregistration.k8s.io') return `io.k8s.kube-aggregator.pkg.apis.apiregistration.${version}`;
  const label = group.split('.')[0] ?? group;
  return `io.k8s.api.${label}.${version}`;
}

const META_PACKAGE = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** Resolves the identity of `model`; `inferredGroup` is the group found by reachability (rule 3). */
export function identify(model: string, inferredGroup: string | undefined): ModelIdentity {
  const { prefix, version, goName } = splitModelName(model);
  const goType = `${version}.${goName}`;
  if (!prefix && version === 'v1' && META_TYPES.has(goName)) {
    return { definitionName: `${META_PACKAGE}.${goName}`, goType, goName, version };
  }
  const group = PINNED_GROUPS[model] ?? (prefix !== undefined ? PREFIX_GROUPS[prefix] : undefined) ?? inferredGroup ?? '';
  return { definitionName: `${goPackageOf(group, version)}.${goName}`, goType, goName, version };
}
