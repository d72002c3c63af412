import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { jsonEqual } from '../../../../../../libs/apimachinery/src/json/json.equal.js';
import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';

/** PriorityClasses: `value` and `preemptionPolicy` cannot change once created (upstream ValidatePriorityClassUpdate). */
export const priorityClassStrategy = {
  applyDefaults(obj: KubeObject): void {
    if (obj['preemptionPolicy'] === undefined) obj['preemptionPolicy'] = 'PreemptLowerPriority';
  },
  validate(obj: KubeObject): FieldError[] {
    const errs: FieldError[] = [];
    if (typeof obj['value'] !== 'number' || !Number.isInteger(obj['value'])) errs.push(FieldError.required('value'));
    const policy = obj['preemptionPolicy'];
    if (policy !== 'PreemptLowerPriority' && policy !== 'Never')
      errs.push(FieldError.notSupported('preemptionPolicy', policy ?? '', ['Never', 'PreemptLowerPriority']));
    return errs;
  },
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
    const errs: FieldError[] = [];
    if (!jsonEqual(obj['value'], old['value'])) errs.push(FieldError.forbidden('value', 'may not be changed in an update.'));
    if (!jsonEqual(obj['preemptionPolicy'], old['preemptionPolicy']))
      errs.push(FieldError.invalid('preemptionPolicy', obj['preemptionPolicy'] ?? null, 'field is immutable'));
    return errs;
  },
} satisfies ResourceStrategy;
