import { ApiError } from '../status.errors.js';
import type { FieldSelector } from './field-selector.model.js';

/**
 * Field labels upstream accepts in field selectors, for kinds that register a conversion function
 * (pkg/apis/core/v1/conversion.go). Every other kind only accepts metadata.name/namespace and
 * answers with a different message (see assertDefaultFields).
 */
export const SUPPORTED_FIELD_LABELS: Readonly<Record<string, readonly string[]>> = {
  pods: [
    'metadata.name',
    'metadata.namespace',
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ],
  nodes: ['metadata.name', 'spec.unschedulable'],
  replicationcontrollers: ['metadata.name', 'metadata.namespace', 'status.replicas'],
  events: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
    'metadata.namespace',
    'metadata.name',
  ],
  namespaces: ['status.phase', 'metadata.name'],
  secrets: ['type', 'metadata.namespace', 'metadata.name'],
  services: ['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'],
};

const DEFAULT_FIELD_LABELS: readonly string[] = ['metadata.name', 'metadata.namespace'];

/**
 * Rejects the first unsupported field (in the selector's sorted term order, as upstream reports it)
 * with 400 `field label not supported: <field>`.
 */
export function assertSupportedFields(selector: FieldSelector, supported: readonly string[]): void {
  for (const r of selector.requirements) {
    if (!supported.includes(r.field)) throw ApiError.badRequest(`field label not supported: ${r.field}`);
  }
}

/** Kinds without their own field labels: 400 `"foo" is not a known field selector: only "metadata.name", "metadata.namespace"`. */
function assertDefaultFields(selector: FieldSelector): void {
  for (const r of selector.requirements) {
    if (!DEFAULT_FIELD_LABELS.includes(r.field)) {
      throw ApiError.badRequest(`${JSON.stringify(r.field)} is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
  }
}

/**
 * Validates a selector for a resource (core group plural, or `plural.group`): the kinds listed in
 * SUPPORTED_FIELD_LABELS use their list and message, all others the default rule.
 */
export function assertFieldsForResource(selector: FieldSelector, resource: string, group = ''): void {
  const supported = group === '' ? SUPPORTED_FIELD_LABELS[resource] : undefined;
  if (supported) assertSupportedFields(selector, supported);
  else assertDefaultFields(selector);
}
