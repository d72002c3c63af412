import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { validatePodTemplate, validateSelectorMatchesTemplate } from '../../core/pod/pod-template.js';
import { goLabelSelector, invalidGoValue } from '../../core/shared/go-value.format.js';
import { isInt, isRecord, jsonEqual, type Json } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import { isEmptySelector, validateLabelSelector } from '../../core/shared/label-selector.validation.js';

export function nonNegative(spec: Json, field: string, path: string): FieldError[] {
  const v = spec[field];
  return isInt(v) && v < 0 ? [FieldError.invalid(`${path}.${field}`, v, 'must be greater than or equal to 0')] : [];
}

/**
 * The selector + template rules shared by ReplicaSet-like controllers (Deployment, ReplicaSet,
 * StatefulSet, DaemonSet): selector required and non-empty, template labels matched, restartPolicy Always.
 */
export function validateSelectorAndTemplate(spec: Json, kindWord: string, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const selector = spec['selector'];
  if (!isRecord(selector)) errs.push(FieldError.required(`${path}.selector`));
  else {
    errs.push(...validateLabelSelector(selector, `${path}.selector`));
    if (isEmptySelector(selector))
      errs.push(invalidGoValue(`${path}.selector`, goLabelSelector(selector), `empty selector is invalid for ${kindWord}`));
  }
  const template = spec['template'];
  errs.push(...validateSelectorMatchesTemplate(selector, template, `${path}.template`));
  errs.push(...validatePodTemplate(template, `${path}.template`, { restartPolicies: ['Always'] }));
  const tspec = isRecord(template) && isRecord(template['spec']) ? template['spec'] : {};
  const ads = tspec['activeDeadlineSeconds'];
  if (ads !== undefined && ads !== null) {
    errs.push(
      FieldError.invalid(
        `${path}.template.spec.activeDeadlineSeconds`,
        ads,
        `activeDeadlineSeconds in ${kindWord === 'statefulset' ? 'StatefulSet' : 'ReplicaSet'} is not Supported`,
      ),
    );
  }
  return errs;
}

/** ValidateImmutableField for spec.selector. */
export function selectorImmutable(newSpec: Json, oldSpec: Json, path = 'spec.selector'): FieldError[] {
  if (jsonEqual(newSpec['selector'], oldSpec['selector'])) return [];
  return [invalidGoValue(path, goLabelSelector(newSpec['selector']), 'field is immutable')];
}
