/**
 * meta/v1 types as the apps read them: plain JSON, optional where upstream's field is `omitempty`.
 * Each object keeps an index signature so fields no app reads pass through untouched.
 */

/** A quantity or a count: JSON number or string (intstr.IntOrString). */
export type IntOrString = number | string;

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/**
 * metav1.ObjectMeta. `Ref` is how owner references are typed: checked references for objects the
 * apiserver served, `Record<string, unknown>` where the apiserver reads a request body it has yet to validate.
 */
export interface ObjectMeta<Ref = OwnerReference> {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Ref[];
  finalizers?: string[];
  managedFields?: unknown[];
  [k: string]: unknown;
}

export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  key: string;
  operator: LabelSelectorOperator;
  values?: string[];
}

/** metav1.LabelSelector: nil matches nothing, `{}` everything. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** The fields every `status.conditions[]` entry shares; per-kind conditions add their timestamps. */
export interface Condition {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  /** Deployment and ReplicaSet conditions only. */
  lastUpdateTime?: string;
}

/** Every top-level object: metadata is always present on what the apiserver serves. */
export interface TypedObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [k: string]: unknown;
}

/** An object as the apiserver serves it (informer caches, GET): it always carries its name. */
export type Served<T extends TypedObject> = T & { metadata: { name: string } };
