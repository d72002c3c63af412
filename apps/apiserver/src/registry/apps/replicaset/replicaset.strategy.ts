import type { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';
import { defaultPodTemplate } from '../../core/pod/pod-template.js';
import { child, isInt, isRecord } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import { nonNegative, selectorImmutable, validateSelectorAndTemplate } from '../shared/workload.validation.js';

export const replicaSetStrategy = {
  applyDefaults(obj: KubeObject): void {
    const spec = child(obj, 'spec');
    if (!isInt(spec['replicas'])) spec['replicas'] = 1;
    defaultPodTemplate(obj, spec);
  },
  validate(obj: KubeObject): FieldError[] {
    const spec = isRecord(obj.spec) ? obj.spec : {};
    // Upstream's ReplicaSet check reuses the Deployment wording for an empty selector.
    return [
      ...nonNegative(spec, 'replicas', 'spec'),
      ...nonNegative(spec, 'minReadySeconds', 'spec'),
      ...validateSelectorAndTemplate(spec, 'deployment'),
    ];
  },
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
    return selectorImmutable(isRecord(obj.spec) ? obj.spec : {}, isRecord(old.spec) ? old.spec : {});
  },
} satisfies ResourceStrategy;
