import { ApiError } from '../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject } from '../../registry/generic/strategy.interface.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../admission.interface.js';

const PRIORITY_CLASSES = 'priorityclasses.scheduling.k8s.io';

interface PodSpecPriority {
  priorityClassName?: string;
  priority?: number;
  preemptionPolicy?: string;
}

interface PriorityClass extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

/** The built-in classes every cluster has (upstream creates them at start-up). */
export const SYSTEM_PRIORITY_CLASSES: ReadonlyArray<{ name: string; value: number; description: string }> = [
  {
    name: 'system-node-critical',
    value: 2000001000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    name: 'system-cluster-critical',
    value: 2000000000,
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

async function globalDefault(attrs: AdmissionAttributes): Promise<PriorityClass | undefined> {
  const all = await attrs.storage.list(PRIORITY_CLASSES, undefined, { anyVersion: true });
  return (all.items as PriorityClass[]).filter((pc) => pc.globalDefault).sort((a, b) => (a.value ?? 0) - (b.value ?? 0))[0];
}

/**
 * Priority admission: resolves spec.priorityClassName into spec.priority and spec.preemptionPolicy on
 * pod creation; on update it carries the values it set at creation over when the new object omits
 * them (validation then rejects any other change to them).
 */
export const priorityAdmission: AdmissionPlugin = {
  name: 'Priority',
  handles: (a) => (a.operation === 'CREATE' || a.operation === 'UPDATE') && a.rt.group === '' && a.rt.resource === 'pods' && !a.subresource,
  async admit(attrs) {
    const spec = (attrs.object.spec ?? {}) as PodSpecPriority;
    if (attrs.operation === 'UPDATE') {
      const oldSpec = (attrs.oldObject?.spec ?? {}) as PodSpecPriority;
      if (spec.priority == null && oldSpec.priority != null) spec.priority = oldSpec.priority;
      if (spec.preemptionPolicy == null && oldSpec.preemptionPolicy != null) spec.preemptionPolicy = oldSpec.preemptionPolicy;
      attrs.object.spec = spec;
      return;
    }
    const ref = { group: '', resource: 'pods' };
    let pc: PriorityClass | undefined;
    if (spec.priorityClassName) {
      pc = (await attrs.storage.get({ resource: PRIORITY_CLASSES, namespace: '', name: spec.priorityClassName })) as
        PriorityClass | undefined;
      if (!pc) throw ApiError.forbidden(ref, attrs.name, `no PriorityClass with name ${spec.priorityClassName} was found`);
    } else {
      pc = await globalDefault(attrs);
    }
    const value = pc?.value ?? 0;
    if (spec.priority !== undefined && spec.priority !== null && spec.priority !== value) {
      throw ApiError.forbidden(
        ref,
        attrs.name,
        `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
      );
    }
    spec.priority = value;
    if (pc && !spec.priorityClassName) spec.priorityClassName = pc.metadata?.name;
    spec.preemptionPolicy = pc?.preemptionPolicy ?? spec.preemptionPolicy ?? 'PreemptLowerPriority';
    attrs.object.spec = spec;
  },
};
