import { isDeepStrictEqual } from 'node:util';
import { ApiError } from '../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject } from '../../registry/generic/strategy.interface.js';
import type { AdmissionPlugin } from '../admission.interface.js';

interface RuntimeClass extends KubeObject {
  handler?: string;
  overhead?: { podFixed?: Record<string, string> };
  scheduling?: { nodeSelector?: Record<string, string>; tolerations?: unknown[] };
}

interface PodSpecRuntime {
  runtimeClassName?: string;
  overhead?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
}

/** RuntimeClass admission: the class must exist; its pod overhead and scheduling constraints are applied to the pod. */
export const runtimeClassAdmission: AdmissionPlugin = {
  name: 'RuntimeClass',
  handles: (a) => a.operation === 'CREATE' && a.rt.group === '' && a.rt.resource === 'pods' && !a.subresource,
  async admit(attrs) {
    const spec = (attrs.object.spec ?? {}) as PodSpecRuntime;
    if (!spec.runtimeClassName) return;
    const ref = { group: '', resource: 'pods' };
    const rc = (await attrs.storage.get({ resource: 'runtimeclasses.node.k8s.io', namespace: '', name: spec.runtimeClassName })) as
      RuntimeClass | undefined;
    if (!rc) throw ApiError.forbidden(ref, attrs.name, `pod rejected: RuntimeClass "${spec.runtimeClassName}" not found`);
    const fixed = rc.overhead?.podFixed;
    if (fixed) {
      if (spec.overhead && !isDeepStrictEqual(spec.overhead, fixed)) {
        throw ApiError.forbidden(ref, attrs.name, "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead");
      }
      spec.overhead = { ...fixed };
    }
    const sched = rc.scheduling;
    if (sched?.nodeSelector) {
      for (const [k, v] of Object.entries(sched.nodeSelector)) {
        if (spec.nodeSelector?.[k] !== undefined && spec.nodeSelector[k] !== v) {
          throw ApiError.forbidden(
            ref,
            attrs.name,
            `pod rejected: conflict: runtimeClass.scheduling.nodeSelector[${k}] = ${v}; pod.spec.nodeSelector[${k}] = ${spec.nodeSelector[k]}`,
          );
        }
      }
      spec.nodeSelector = { ...(spec.nodeSelector ?? {}), ...sched.nodeSelector };
    }
    if (sched?.tolerations?.length) {
      const have = spec.tolerations ?? [];
      spec.tolerations = [...have, ...sched.tolerations.filter((t) => !have.some((h) => isDeepStrictEqual(h, t)))];
    }
  },
};
