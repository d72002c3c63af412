import { validatePodFailurePolicy } from './pod-failure-policy.validation.js';
import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';
import { defaultPodTemplate, validatePodTemplate, validateSelectorMatchesTemplate } from '../../core/pod/pod-template.js';
import {
  child,
  isInt,
  isRecord,
  jsonEqual,
  stringMap,
  stringOf,
  type Json,
} from '../../../../../../libs/apimachinery/src/json/json.access.js';
import { validateLabelSelector } from '../../core/shared/label-selector.validation.js';
import { selectorImmutable } from '../../apps/shared/workload.validation.js';

const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const JOB_NAME = 'batch.kubernetes.io/job-name';
const LEGACY_CONTROLLER_UID = 'controller-uid';
const LEGACY_JOB_NAME = 'job-name';

/** Job metadata.labels default to the template's (upstream applies this on every decode). */
function inheritLabels(obj: KubeObject, spec: Json): void {
  const template = isRecord(spec['template']) ? spec['template'] : {};
  const tlabels = isRecord(template['metadata']) ? template['metadata']['labels'] : undefined;
  const meta = obj.metadata ?? (obj.metadata = {});
  if (isRecord(tlabels) && Object.keys(meta.labels ?? {}).length === 0) meta.labels = { ...stringMap(tlabels) };
}

/** The job strategy's generateSelector: pods are tied to this Job by its uid. */
function generateSelector(obj: KubeObject, spec: Json): void {
  const name = obj.metadata?.name ?? '';
  const uid = obj.metadata?.uid ?? '';
  const labels = child(child(child(spec, 'template'), 'metadata'), 'labels');
  for (const k of [LEGACY_JOB_NAME, JOB_NAME]) if (labels[k] === undefined) labels[k] = name;
  for (const k of [LEGACY_CONTROLLER_UID, CONTROLLER_UID]) if (labels[k] === undefined) labels[k] = uid;
  const matchLabels = child(child(spec, 'selector'), 'matchLabels');
  if (matchLabels[CONTROLLER_UID] === undefined) matchLabels[CONTROLLER_UID] = uid;
}

export const jobStrategy = {
  /** SetDefaults_Job (batch/v1, 1.32 gates). */
  applyDefaults(obj: KubeObject): void {
    const spec = child(obj, 'spec');
    if (!isInt(spec['completions']) && !isInt(spec['parallelism'])) spec['completions'] = 1;
    if (!isInt(spec['parallelism'])) spec['parallelism'] = 1;
    if (!isInt(spec['backoffLimit'])) spec['backoffLimit'] = isInt(spec['backoffLimitPerIndex']) ? 2147483647 : 6;
    if (!spec['completionMode']) spec['completionMode'] = 'NonIndexed';
    if (typeof spec['suspend'] !== 'boolean') spec['suspend'] = false;
    if (!spec['podReplacementPolicy']) spec['podReplacementPolicy'] = isRecord(spec['podFailurePolicy']) ? 'Failed' : 'TerminatingOrFailed';
    defaultPodTemplate(obj, spec);
    inheritLabels(obj, spec);
  },

  prepareForCreate(obj: KubeObject): void {
    const spec = child(obj, 'spec');
    if (spec['manualSelector'] !== true) generateSelector(obj, spec);
    inheritLabels(obj, spec);
  },

  validate(obj: KubeObject): FieldError[] {
    const spec = isRecord(obj.spec) ? obj.spec : {};
    const errs: FieldError[] = [];
    for (const f of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished'] as const) {
      const v = spec[f];
      if (isInt(v) && v < 0) errs.push(FieldError.invalid(`spec.${f}`, v, 'must be greater than or equal to 0'));
    }
    const mode = stringOf(spec['completionMode']);
    if (mode !== 'NonIndexed' && mode !== 'Indexed')
      errs.push(FieldError.notSupported('spec.completionMode', mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed' && !isInt(spec['completions']))
      errs.push(FieldError.required('spec.completions', 'when completion mode is Indexed'));
    const selector = spec['selector'];
    if (!isRecord(selector)) errs.push(FieldError.required('spec.selector'));
    else errs.push(...validateLabelSelector(selector, 'spec.selector'));
    errs.push(...validateSelectorMatchesTemplate(selector, spec['template'], 'spec.template'));
    errs.push(...validatePodTemplate(spec['template'], 'spec.template', { restartPolicies: ['OnFailure', 'Never'] }));
    errs.push(...validatePodFailurePolicy(spec));
    return errs;
  },

  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
    const spec = isRecord(obj.spec) ? obj.spec : {};
    const oldSpec = isRecord(old.spec) ? old.spec : {};
    const errs = selectorImmutable(spec, oldSpec);
    if (spec['completionMode'] !== 'Indexed' && !jsonEqual(spec['completions'], oldSpec['completions'])) {
      errs.push(FieldError.invalid('spec.completions', spec['completions'] ?? null, 'field is immutable'));
    }
    if (!jsonEqual(spec['completionMode'], oldSpec['completionMode'])) {
      errs.push(FieldError.invalid('spec.completionMode', spec['completionMode'] ?? null, 'field is immutable'));
    }
    return errs;
  },
} satisfies ResourceStrategy;
