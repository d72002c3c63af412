/**
 * The description of one served resource. The registry is data-driven: built-in kinds come from
 * BUILTIN_RESOURCES, custom resources will be added at run time with the same shape.
 */
export interface ResourceType {
  /** API group; '' for the legacy core group. */
  readonly group: string;
  readonly version: string;
  /** Lower-case plural, as in the URL: 'pods'. */
  readonly resource: string;
  readonly singular: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /** Subresources served besides the main resource: 'status', 'scale', 'binding', 'eviction', 'log'. */
  readonly subresources?: readonly string[];
  /** Name of the client-node model class of this kind (for schemas), e.g. 'V1Pod'. */
  readonly model: string;
  /** Storage key shared by versions of one resource (autoscaling/v1 and v2 HPAs are one resource). */
  readonly storageKey?: string;
}

const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

/** Verbs a resource is served with: namespaces have no deletecollection, as upstream. */
export function verbsOf(t: Pick<ResourceType, 'group' | 'resource'>): readonly string[] {
  if (t.group === '' && t.resource === 'namespaces') return STANDARD_VERBS.filter((v) => v !== 'deletecollection');
  return STANDARD_VERBS;
}

export function groupVersion(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group === '' ? t.version : `${t.group}/${t.version}`;
}

/** Storage identity of a resource: 'pods', 'deployments.apps'. Independent of version. */
export function storageKeyOf(t: Pick<ResourceType, 'group' | 'resource' | 'storageKey'>): string {
  if (t.storageKey) return t.storageKey;
  return t.group === '' ? t.resource : `${t.resource}.${t.group}`;
}
