import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject } from '../../generic/strategy.interface.js';
import { decodingQuantities } from '../shared/decode.error.js';
import { invalidGoValue, goStringMap } from '../shared/go-value.format.js';
import { child, isRecord, stringMap, type Json } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import { labelSelectorMatches as selectorMatches } from '../../../../../../libs/apimachinery/src/labels/label-selector.matcher.js';
import { isEmptySelector, validateLabels } from '../shared/label-selector.validation.js';
import { canonicalizePodSpecQuantities, defaultPodSpec } from './pod-spec.defaults.js';
import { validatePodSpec, type PodSpecValidationOptions } from './pod-spec.validation.js';

/** Defaults of a pod template embedded at `holder.template` (workload specs, PodTemplate). */
export function defaultPodTemplate(obj: KubeObject, holder: Json): void {
  const template = child(holder, 'template');
  const spec = child(template, 'spec');
  decodingQuantities(obj, () => canonicalizePodSpecQuantities(spec));
  defaultPodSpec(spec);
}

/** ValidatePodTemplateSpec: template labels and the pod spec under `<path>.spec`. */
export function validatePodTemplate(template: unknown, path: string, opts: PodSpecValidationOptions = {}): FieldError[] {
  if (!isRecord(template)) return [FieldError.required(path)];
  const meta = isRecord(template['metadata']) ? template['metadata'] : {};
  const spec = isRecord(template['spec']) ? template['spec'] : {};
  return [...validateLabels(meta['labels'], `${path}.metadata.labels`), ...validatePodSpec(spec, `${path}.spec`, opts)];
}

/** The selector/template-labels check of workload controllers; `selector` absent matches nothing. */
export function validateSelectorMatchesTemplate(selector: unknown, template: unknown, path: string): FieldError[] {
  const meta = isRecord(template) && isRecord(template['metadata']) ? template['metadata'] : {};
  if (isEmptySelector(selector) || selectorMatches(selector, stringMap(meta['labels']))) return [];
  return [invalidGoValue(`${path}.metadata.labels`, goStringMap(meta['labels']), '`selector` does not match template `labels`')];
}
