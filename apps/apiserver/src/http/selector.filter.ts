import { ApiError } from '../../../../libs/apimachinery/src/status.errors.js';
import { parseFieldSelector } from '../../../../libs/apimachinery/src/fields/field-selector.parser.js';
import { parseLabelSelector } from '../../../../libs/apimachinery/src/labels/label-selector.parser.js';
import type { ResourceDefinition } from '../registry/generic/resource.definition.js';
import type { KubeObject } from '../registry/generic/strategy.interface.js';

/**
 * The object filter of a list, watch or deletecollection from its label and field selectors;
 * undefined when nothing is selected (the fast path). Unsupported field labels are 400 as upstream.
 */
export function buildFilter(
  rt: Pick<ResourceDefinition, 'fields'>,
  labelSelector?: string,
  fieldSelector?: string,
): ((o: KubeObject) => boolean) | undefined {
  const labels = labelSelector ? parseLabelSelector(labelSelector) : undefined;
  const fields = fieldSelector ? parseFieldSelector(fieldSelector) : undefined;
  const useLabels = labels && !labels.empty ? labels : undefined;
  const useFields = fields && !fields.empty ? fields : undefined;
  if (!useLabels && !useFields) return undefined;
  const getter = rt.fields;
  if (useFields) {
    for (const r of useFields.requirements) {
      if (!getter.supported.includes(r.field)) throw ApiError.badRequest(getter.unsupportedMessage(r.field));
    }
  }
  return (o: KubeObject) =>
    (!useLabels || useLabels.matches(o.metadata?.labels)) && (!useFields || useFields.matches((f) => getter.get(o, f)));
}
