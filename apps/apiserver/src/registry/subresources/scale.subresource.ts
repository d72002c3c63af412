import { ApiError, FieldError } from '../../../../../libs/apimachinery/src/status.errors.js';
import type { ResourceType } from '../../../../../libs/api/src/resource.types.js';
import { selectorToString, type LabelSelectorStruct } from '../../../../../libs/apimachinery/src/labels/label-selector.struct.js';
import type { KubeObject } from '../generic/strategy.interface.js';

interface ScaleSpec {
  replicas?: number;
  selector?: unknown;
}

/** The autoscaling/v1 Scale view of a workload (deployments, replicasets, statefulsets, RCs). */
export function scaleOf(rt: ResourceType, obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as ScaleSpec;
  const status = (obj.status ?? {}) as { replicas?: number };
  const md = obj.metadata ?? {};
  const selector =
    rt.resource === 'replicationcontrollers'
      ? selectorToString({ matchLabels: (spec.selector ?? {}) as Record<string, string> })
      : selectorToString(spec.selector as LabelSelectorStruct | undefined);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: md.name,
      namespace: md.namespace,
      uid: md.uid,
      resourceVersion: md.resourceVersion,
      creationTimestamp: md.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, ...(selector ? { selector } : {}) },
  };
}

/** Applies a desired Scale to the workload: only spec.replicas moves. */
export function applyScale(rt: ResourceType, obj: KubeObject, desired: KubeObject): KubeObject {
  const md = desired.metadata ?? {};
  if (md.resourceVersion && md.resourceVersion !== obj.metadata?.resourceVersion) {
    throw ApiError.modified(rt, obj.metadata?.name ?? '');
  }
  const replicas = (desired.spec as ScaleSpec | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw ApiError.invalid('Scale', 'autoscaling', obj.metadata?.name ?? '', [
      FieldError.invalid('spec.replicas', replicas ?? null, 'must be greater than or equal to 0'),
    ]);
  }
  return { ...obj, spec: { ...((obj.spec ?? {}) as object), replicas } };
}
