import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';
import { defaultPodTemplate, validatePodTemplate } from '../pod/pod-template.js';
import { invalidGoValue, goStringMap } from '../shared/go-value.format.js';
import { child, isInt, isRecord, stringMap } from '../../../../../../libs/apimachinery/src/json/json.access.js';

export const replicationControllerStrategy = {
  /** SetDefaults_ReplicationController: selector and labels come from the template's labels. */
  applyDefaults(obj: KubeObject): void {
    const spec = child(obj, 'spec');
    const template = spec['template'];
    const labels = isRecord(template) && isRecord(template['metadata']) ? template['metadata']['labels'] : undefined;
    if (isRecord(labels)) {
      if (!isRecord(spec['selector'])) spec['selector'] = { ...stringMap(labels) };
      const meta = obj.metadata ?? (obj.metadata = {});
      if (Object.keys(meta.labels ?? {}).length === 0) meta.labels = { ...stringMap(labels) };
    }
    if (!isInt(spec['replicas'])) spec['replicas'] = 1;
    if (isRecord(template)) defaultPodTemplate(obj, spec);
  },
  validate(obj: KubeObject): FieldError[] {
    const spec = isRecord(obj.spec) ? obj.spec : {};
    const errs: FieldError[] = [];
    const replicas = spec['replicas'];
    if (isInt(replicas) && replicas < 0) errs.push(FieldError.invalid('spec.replicas', replicas, 'must be greater than or equal to 0'));
    const selector = stringMap(spec['selector']);
    if (Object.keys(selector).length === 0) errs.push(FieldError.required('spec.selector'));
    const template = spec['template'];
    if (!isRecord(template)) return [...errs, FieldError.required('spec.template')];
    const labels = isRecord(template['metadata']) ? template['metadata']['labels'] : undefined;
    const tl = stringMap(labels);
    if (Object.keys(selector).length > 0 && !Object.entries(selector).every(([k, v]) => tl[k] === v)) {
      errs.push(invalidGoValue('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'));
    }
    errs.push(...validatePodTemplate(template, 'spec.template', { restartPolicies: ['Always'] }));
    return errs;
  },
} satisfies ResourceStrategy;
