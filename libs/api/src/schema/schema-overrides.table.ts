import { PATCH_METADATA, patchExtensions } from './patch-metadata.table.js';

/**
 * Facts the client-node models lost and upstream's schemas carry. Keyed by `Model.field`
 * (model = client-node class name, field = JSON name).
 */

/**
 * resource.Quantity fields: client-node types them as plain strings (or maps of strings), upstream
 * refers to io.k8s.apimachinery.pkg.api.resource.Quantity. Only the kinds we serve are listed.
 */
export const QUANTITY_FIELDS: ReadonlySet<string> = new Set([
  'V1ResourceRequirements.limits',
  'V1ResourceRequirements.requests',
  'V1VolumeResourceRequirements.limits',
  'V1VolumeResourceRequirements.requests',
  'V1ResourceQuotaSpec.hard',
  'V1ResourceQuotaStatus.hard',
  'V1ResourceQuotaStatus.used',
  'V1LimitRangeItem.max',
  'V1LimitRangeItem.min',
  'V1LimitRangeItem._default',
  'V1LimitRangeItem.defaultRequest',
  'V1LimitRangeItem.maxLimitRequestRatio',
  'V1NodeStatus.capacity',
  'V1NodeStatus.allocatable',
  'V1PersistentVolumeSpec.capacity',
  'V1PersistentVolumeClaimStatus.capacity',
  'V1PersistentVolumeClaimStatus.allocatedResources',
  'V1EmptyDirVolumeSource.sizeLimit',
  'V1ResourceFieldSelector.divisor',
  'V1PodSpec.overhead',
  'V1ContainerStatus.allocatedResources',
  'V2MetricTarget.value',
  'V2MetricTarget.averageValue',
  'V2MetricValueStatus.value',
  'V2MetricValueStatus.averageValue',
]);

/** Opaque fields (`any` in client-node) and the upstream type they refer to. */
export const OPAQUE_FIELDS: Readonly<Record<string, OpaqueType>> = {
  'V1ManagedFieldsEntry.fieldsV1': 'FieldsV1',
  'V1ControllerRevision.data': 'RawExtension',
  'V1WatchEvent.object': 'RawExtension',
  'V1JSONSchemaProps._default': 'JSON',
  'V1JSONSchemaProps.example': 'JSON',
  'V1JSONSchemaProps.additionalItems': 'JSONSchemaPropsOrBool',
  'V1JSONSchemaProps.additionalProperties': 'JSONSchemaPropsOrBool',
  'V1JSONSchemaProps.items': 'JSONSchemaPropsOrArray',
  'V1CustomResourceSubresources.status': 'CustomResourceSubresourceStatus',
};

export type OpaqueType =
  'FieldsV1' | 'RawExtension' | 'JSON' | 'JSONSchemaPropsOrBool' | 'JSONSchemaPropsOrArray' | 'CustomResourceSubresourceStatus';

/**
 * The merge/list extensions upstream puts on fields (`x-kubernetes-patch-merge-key`,
 * `x-kubernetes-patch-strategy`, `x-kubernetes-list-type`, `x-kubernetes-list-map-keys`), derived
 * from the patch metadata table; both OpenAPI documents merge them into the property schemas.
 */
export const FIELD_EXTENSIONS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = Object.fromEntries(
  Object.entries(PATCH_METADATA).map(([field, row]) => [field, patchExtensions(row)]),
);
