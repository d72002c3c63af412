import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';
import { defaultPodTemplate } from '../../core/pod/pod-template.js';
import {
  child,
  isInt,
  isRecord,
  jsonEqual,
  setDefault,
  stringOf,
  type Json,
} from '../../../../../../libs/apimachinery/src/json/json.access.js';
import { nonNegative, validateSelectorAndTemplate } from '../shared/workload.validation.js';

/** Spec fields a StatefulSet update may change (ValidateStatefulSetUpdate). */
const MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'] as const;

function withoutMutable(spec: Json): Json {
  const copy: Json = { ...spec };
  for (const f of MUTABLE) delete copy[f];
  return copy;
}

export const statefulSetStrategy = {
  /** SetDefaults_StatefulSet (apps/v1). */
  applyDefaults(obj: KubeObject): void {
    const spec = child(obj, 'spec');
    setDefault(spec, 'podManagementPolicy', 'OrderedReady');
    const us = child(spec, 'updateStrategy');
    setDefault(us, 'type', 'RollingUpdate');
    if (us['type'] === 'RollingUpdate') setDefault(child(us, 'rollingUpdate'), 'partition', 0);
    const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
    setDefault(retention, 'whenDeleted', 'Retain');
    setDefault(retention, 'whenScaled', 'Retain');
    if (!isInt(spec['replicas'])) spec['replicas'] = 1;
    if (!isInt(spec['revisionHistoryLimit'])) spec['revisionHistoryLimit'] = 10;
    defaultPodTemplate(obj, spec);
  },
  validate(obj: KubeObject): FieldError[] {
    const spec = isRecord(obj.spec) ? obj.spec : {};
    const errs: FieldError[] = [];
    const pmp = stringOf(spec['podManagementPolicy']);
    if (pmp !== 'OrderedReady' && pmp !== 'Parallel')
      errs.push(FieldError.invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
    errs.push(...nonNegative(spec, 'replicas', 'spec'), ...nonNegative(spec, 'minReadySeconds', 'spec'));
    errs.push(...validateSelectorAndTemplate(spec, 'statefulset'));
    return errs;
  },
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
    const a = withoutMutable(isRecord(obj.spec) ? obj.spec : {});
    const b = withoutMutable(isRecord(old.spec) ? old.spec : {});
    if (jsonEqual(a, b)) return [];
    return [
      FieldError.forbidden(
        'spec',
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    ];
  },
} satisfies ResourceStrategy;
