import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';
import { defaultPodTemplate } from '../../core/pod/pod-template.js';
import { invalidGoValue, goIntOrString } from '../../core/shared/go-value.format.js';
import { child, isInt, isRecord, setDefault, stringOf, type Json } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import { intOrPercentValue, notMoreThan100Percent, validatePositiveIntOrPercent } from '../shared/int-or-percent.validation.js';
import { nonNegative, selectorImmutable, validateSelectorAndTemplate } from '../shared/workload.validation.js';

function validateStrategy(spec: Json): FieldError[] {
  const path = 'spec.strategy';
  const strategy = isRecord(spec['strategy']) ? spec['strategy'] : {};
  const type = stringOf(strategy['type']);
  const ru = strategy['rollingUpdate'];
  if (type === 'Recreate') {
    return isRecord(ru) ? [FieldError.forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
  }
  if (type !== 'RollingUpdate') return [FieldError.notSupported(path, type, ['Recreate', 'RollingUpdate'])];
  if (!isRecord(ru)) return [FieldError.required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil')];
  const p = `${path}.rollingUpdate`;
  const errs = [
    ...validatePositiveIntOrPercent(ru['maxUnavailable'], `${p}.maxUnavailable`),
    ...validatePositiveIntOrPercent(ru['maxSurge'], `${p}.maxSurge`),
  ];
  if (intOrPercentValue(ru['maxUnavailable']) === 0 && intOrPercentValue(ru['maxSurge']) === 0) {
    errs.push(invalidGoValue(`${p}.maxUnavailable`, goIntOrString(ru['maxUnavailable']), 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...notMoreThan100Percent(ru['maxUnavailable'], `${p}.maxUnavailable`));
  return errs;
}

export const deploymentStrategy = {
  /** SetDefaults_Deployment (apps/v1) plus the pod template defaults. */
  applyDefaults(obj: KubeObject): void {
    const spec = child(obj, 'spec');
    if (!isInt(spec['replicas'])) spec['replicas'] = 1;
    const strategy = child(spec, 'strategy');
    setDefault(strategy, 'type', 'RollingUpdate');
    if (strategy['type'] === 'RollingUpdate') {
      const ru = child(strategy, 'rollingUpdate');
      setDefault(ru, 'maxUnavailable', '25%');
      setDefault(ru, 'maxSurge', '25%');
    }
    if (!isInt(spec['revisionHistoryLimit'])) spec['revisionHistoryLimit'] = 10;
    if (!isInt(spec['progressDeadlineSeconds'])) spec['progressDeadlineSeconds'] = 600;
    defaultPodTemplate(obj, spec);
  },

  validate(obj: KubeObject): FieldError[] {
    const spec = isRecord(obj.spec) ? obj.spec : {};
    const errs = [
      ...nonNegative(spec, 'replicas', 'spec'),
      ...validateSelectorAndTemplate(spec, 'deployment'),
      ...validateStrategy(spec),
      ...nonNegative(spec, 'minReadySeconds', 'spec'),
      ...nonNegative(spec, 'revisionHistoryLimit', 'spec'),
    ];
    const pds = spec['progressDeadlineSeconds'];
    if (isInt(pds)) {
      errs.push(...nonNegative(spec, 'progressDeadlineSeconds', 'spec'));
      const minReady = isInt(spec['minReadySeconds']) ? spec['minReadySeconds'] : 0;
      if (pds <= minReady) errs.push(FieldError.invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
    }
    return errs;
  },

  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
    return selectorImmutable(isRecord(obj.spec) ? obj.spec : {}, isRecord(old.spec) ? old.spec : {});
  },
} satisfies ResourceStrategy;
