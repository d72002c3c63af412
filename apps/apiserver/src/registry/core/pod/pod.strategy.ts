import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';
import { decodingQuantities } from '../shared/decode.error.js';
import { child, isRecord, records, type Json } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import { defaultServiceAccount } from './pod.admission.js';
import { podQOSClass } from './pod.qos.js';
import { canonicalizePodSpecQuantities, defaultPodOnlySpec, defaultPodSpec } from './pod-spec.defaults.js';
import { validatePodSpec } from './pod-spec.validation.js';
import { validatePodSpecUpdate } from './pod-update.validation.js';

function specOf(obj: KubeObject): Json {
  return child(obj, 'spec');
}

export const podStrategy = {
  applyDefaults(obj: KubeObject): void {
    const spec = specOf(obj);
    decodingQuantities(obj, () => canonicalizePodSpecQuantities(spec));
    defaultPodSpec(spec);
    defaultPodOnlySpec(spec);
  },

  prepareForCreate(obj: KubeObject): void {
    const spec = specOf(obj);
    defaultServiceAccount(spec);
    const status: Json = { phase: 'Pending', qosClass: podQOSClass(spec) };
    if (records(spec['schedulingGates']).length > 0) {
      // A gated pod says why it is not being scheduled (upstream applyWaitingForSchedulingGatesCondition).
      status['conditions'] = [
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: null,
          reason: 'SchedulingGated',
          message: 'Scheduling is blocked due to non-empty scheduling gates',
        },
      ];
    }
    obj.status = status;
  },

  validate(obj: KubeObject): ReturnType<typeof validatePodSpec> {
    return validatePodSpec(specOf(obj), 'spec');
  },

  validateUpdate(obj: KubeObject, old: KubeObject): ReturnType<typeof validatePodSpec> {
    const oldSpec = isRecord(old.spec) ? old.spec : {};
    return validatePodSpecUpdate(specOf(obj), oldSpec);
  },
} satisfies ResourceStrategy;
