import { jsonEqual } from '../../../../../../libs/apimachinery/src/json/json.equal.js';
import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';
import { defaultPodTemplate } from '../../core/pod/pod-template.js';
import { child, isInt, isRecord, setDefault, stringOf } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import { validatePositiveIntOrPercent } from '../shared/int-or-percent.validation.js';
import { nonNegative, selectorImmutable, validateSelectorAndTemplate } from '../shared/workload.validation.js';

const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

function setTemplateGeneration(obj: KubeObject, n: number): void {
  const md = (obj.metadata ??= {});
  md.annotations = { ...(md.annotations ?? {}), [TEMPLATE_GENERATION]: String(n) };
}

export const daemonSetStrategy = {
  /** SetDefaults_DaemonSet: RollingUpdate 1 unavailable / 0 surge, 10 revisions kept. */
  applyDefaults(obj: KubeObject): void {
    const spec = child(obj, 'spec');
    const us = child(spec, 'updateStrategy');
    setDefault(us, 'type', 'RollingUpdate');
    if (us['type'] === 'RollingUpdate') {
      const ru = child(us, 'rollingUpdate');
      setDefault(ru, 'maxUnavailable', 1);
      setDefault(ru, 'maxSurge', 0);
    }
    if (!isInt(spec['revisionHistoryLimit'])) spec['revisionHistoryLimit'] = 10;
    defaultPodTemplate(obj, spec);
  },
  /** Upstream counts template changes in this annotation (pods carry it as pod-template-generation). */
  prepareForCreate(obj: KubeObject): void {
    setTemplateGeneration(obj, 1);
  },
  prepareForUpdate(obj: KubeObject, old: KubeObject): void {
    const before = Number(old.metadata?.annotations?.[TEMPLATE_GENERATION] ?? '1') || 1;
    const changed = !jsonEqual(
      (obj.spec as { template?: unknown } | undefined)?.template,
      (old.spec as { template?: unknown } | undefined)?.template,
    );
    setTemplateGeneration(obj, changed ? before + 1 : before);
  },
  validate(obj: KubeObject): FieldError[] {
    const spec = isRecord(obj.spec) ? obj.spec : {};
    const errs = [
      ...validateSelectorAndTemplate(spec, 'daemonset'),
      ...nonNegative(spec, 'minReadySeconds', 'spec'),
      ...nonNegative(spec, 'revisionHistoryLimit', 'spec'),
    ];
    const us = isRecord(spec['updateStrategy']) ? spec['updateStrategy'] : {};
    const type = stringOf(us['type']);
    if (type !== 'RollingUpdate' && type !== 'OnDelete')
      errs.push(FieldError.notSupported('spec.updateStrategy', type, ['OnDelete', 'RollingUpdate']));
    const ru = us['rollingUpdate'];
    if (type === 'RollingUpdate' && isRecord(ru)) {
      errs.push(...validatePositiveIntOrPercent(ru['maxUnavailable'], 'spec.updateStrategy.rollingUpdate.maxUnavailable'));
      errs.push(...validatePositiveIntOrPercent(ru['maxSurge'], 'spec.updateStrategy.rollingUpdate.maxSurge'));
    }
    return errs;
  },
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
    return selectorImmutable(isRecord(obj.spec) ? obj.spec : {}, isRecord(old.spec) ? old.spec : {});
  },
} satisfies ResourceStrategy;
