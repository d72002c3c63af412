import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';
import { defaultPodTemplate, validatePodTemplate } from '../../core/pod/pod-template.js';
import { child, isInt, isRecord, setDefault, stringOf } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import { cronScheduleError } from '../../../../../../libs/apimachinery/src/cron/cron.validation.js';

const CONCURRENCY = ['Allow', 'Forbid', 'Replace'] as const;

export const cronJobStrategy = {
  /** SetDefaults_CronJob; the embedded job template only gets pod-template defaults, as upstream. */
  applyDefaults(obj: KubeObject): void {
    const spec = child(obj, 'spec');
    setDefault(spec, 'concurrencyPolicy', 'Allow');
    if (typeof spec['suspend'] !== 'boolean') spec['suspend'] = false;
    if (!isInt(spec['successfulJobsHistoryLimit'])) spec['successfulJobsHistoryLimit'] = 3;
    if (!isInt(spec['failedJobsHistoryLimit'])) spec['failedJobsHistoryLimit'] = 1;
    defaultPodTemplate(obj, child(child(spec, 'jobTemplate'), 'spec'));
  },

  validate(obj: KubeObject): FieldError[] {
    const spec = isRecord(obj.spec) ? obj.spec : {};
    const errs: FieldError[] = [];
    const schedule = stringOf(spec['schedule']);
    if (!schedule) errs.push(FieldError.required('spec.schedule'));
    else {
      const why = cronScheduleError(schedule);
      if (why) errs.push(FieldError.invalid('spec.schedule', schedule, why));
    }
    const cp = stringOf(spec['concurrencyPolicy']);
    if (!(CONCURRENCY as readonly string[]).includes(cp)) errs.push(FieldError.notSupported('spec.concurrencyPolicy', cp, CONCURRENCY));
    for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
      const v = spec[f];
      if (isInt(v) && v < 0) errs.push(FieldError.invalid(`spec.${f}`, v, 'must be greater than or equal to 0'));
    }
    const jobSpec = isRecord(spec['jobTemplate']) && isRecord(spec['jobTemplate']['spec']) ? spec['jobTemplate']['spec'] : {};
    errs.push(...validatePodTemplate(jobSpec['template'], 'spec.jobTemplate.spec.template', { restartPolicies: ['OnFailure', 'Never'] }));
    return errs;
  },
} satisfies ResourceStrategy;
