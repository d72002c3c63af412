import { ApiError, FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { ResourceType } from '../../../../../../libs/api/src/resource.types.js';
import { selectorToString, type LabelSelectorStruct } from '../../../../../../libs/apimachinery/src/labels/label-selector.struct.js';
import { managerFromUserAgent } from '../../../../../../libs/apimachinery/src/patch/apply/managed-fields.model.js';
import { bodyFormat } from '../../../http/body.decoder.js';
import { parseQuery, WriteQuery } from '../../../http/query.options.js';
import { applyPatch } from '../patch/patch.apply.js';
import type { SubresourceHandler } from '../resource.definition.js';
import type { KubeObject } from '../strategy.interface.js';

/** How the workload writes its selector: a LabelSelector (apps) or a plain label map (ReplicationController). */
interface ScaleOptions {
  readonly selector: 'struct' | 'map';
}

interface ScaleSpec {
  replicas?: number;
  selector?: unknown;
}

/** The autoscaling/v1 Scale view of a workload (deployments, replicasets, statefulsets, RCs). */
function scaleOf(obj: KubeObject, opts: ScaleOptions = { selector: 'struct' }): KubeObject {
  const spec = (obj.spec ?? {}) as ScaleSpec;
  const status = (obj.status ?? {}) as { replicas?: number };
  const md = obj.metadata ?? {};
  const selector =
    opts.selector === 'map'
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
function applyScale(rt: ResourceType, obj: KubeObject, desired: KubeObject): KubeObject {
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

/** The scale subresource (upstream ScaleREST): GET, PUT and PATCH of an autoscaling/v1 Scale. */
export function scaleSubresource(opts: ScaleOptions = { selector: 'struct' }): SubresourceHandler {
  return {
    methods: ['GET', 'PUT', 'PATCH'],
    discoveryVerbs: ['get', 'patch', 'update'],
    responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    async handle(req, store) {
      const { def, namespace, name } = req;
      if (req.method === 'GET') return { type: 'raw', code: 200, body: scaleOf(await store.get(def, namespace, name), opts) };
      const q = parseQuery(WriteQuery, { ...req.query });
      const format = bodyFormat(req.contentType);
      const body = req.body();
      const ctx = { dryRun: q.dryRun === 'All', fieldManager: q.fieldManager || managerFromUserAgent(req.userAgent) };
      const updated = await store.updateSubresource(
        def,
        namespace,
        name,
        'scale',
        (current) => {
          const currentScale = scaleOf(current, opts);
          const desired = req.method === 'PUT' ? (body as KubeObject) : applyPatch(format, currentScale, body, 'V1Scale');
          return applyScale(def, current, desired);
        },
        ctx,
      );
      return { type: 'raw', code: 200, body: scaleOf(updated, opts) };
    },
  };
}
