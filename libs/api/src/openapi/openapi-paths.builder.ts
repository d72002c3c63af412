import { groupVersion, type ResourceType } from '../resource.types.js';
import { refPrefix, SPECIAL_DEFINITIONS, type JsonSchema, type SchemaStyle } from '../schema/schema-json.builder.js';
import type { SchemaRegistry } from '../schema/schema.registry.js';
import {
  DELETE_COLLECTION_PARAMS,
  DELETE_PARAMS,
  LIST_PARAMS,
  PATCH_PARAMS,
  renderParams,
  WRITE_PARAMS,
  type ParamName,
} from './openapi-parameters.js';

/** Paths, operations and the models they reference, for one group/version. */
interface PathsResult {
  readonly paths: Record<string, Record<string, unknown>>;
  /** client-node models the operations refer to (request/response bodies). */
  readonly models: ReadonlySet<string>;
}

interface Gvk {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

const OBJECT_MEDIA = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const LIST_MEDIA = [...OBJECT_MEDIA, 'application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];
const WATCH_MEDIA = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
  'application/json;stream=watch',
  'application/vnd.kubernetes.protobuf;stream=watch',
];
const PATCH_MEDIA = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

/** 'rbac.authorization.k8s.io' -> ['rbac', 'authorization']; '' -> ['core']. */
function groupWords(group: string): string[] {
  if (group === '') return ['core'];
  return group.replace(/\.k8s\.io$/, '').split('.');
}
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function operationPrefix(group: string, version: string): string {
  return groupWords(group).map(cap).join('') + cap(version);
}

function tagOf(group: string, version: string): string {
  const [first = '', ...rest] = groupWords(group);
  return `${first}${rest.map(cap).join('')}_${version}`;
}

function pathPrefix(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

class OperationFactory {
  readonly models = new Set<string>();

  constructor(
    private readonly reg: SchemaRegistry,
    private readonly style: SchemaStyle,
    private readonly tag: string,
  ) {}

  ref(model: string): JsonSchema {
    this.models.add(model);
    return { $ref: refPrefix(this.style) + this.reg.identity(model).definitionName };
  }

  op(o: {
    action: string;
    gvk: Gvk;
    id: string;
    description: string;
    params: readonly ParamName[];
    body?: { schema: JsonSchema; media: readonly string[] };
    responses: ReadonlyArray<readonly [code: string, description: string, schema: JsonSchema]>;
    media?: readonly string[];
  }): Record<string, unknown> {
    const media = o.media ?? OBJECT_MEDIA;
    const out: Record<string, unknown> = { description: o.description, operationId: o.id };
    const params = renderParams(o.params, this.style);
    const responses: Record<string, unknown> = {};
    for (const [code, description, schema] of o.responses) {
      responses[code] =
        this.style === 'v3' ? { content: Object.fromEntries(media.map((m) => [m, { schema }])), description } : { description, schema };
    }
    responses['401'] = { description: 'Unauthorized' };
    if (this.style === 'v3') {
      if (params.length) out.parameters = params;
      if (o.body)
        out.requestBody = { content: Object.fromEntries(o.body.media.map((m) => [m, { schema: o.body?.schema }])), required: true };
    } else {
      const all = o.body ? [{ in: 'body', name: 'body', required: true, schema: o.body.schema }, ...params] : params;
      if (all.length) out.parameters = all;
      out.consumes = o.body ? [...o.body.media] : ['*/*'];
      out.produces = [...media];
      out.schemes = ['https'];
    }
    out.responses = responses;
    out.tags = [this.tag];
    out['x-kubernetes-action'] = o.action;
    out['x-kubernetes-group-version-kind'] = { group: o.gvk.group, kind: o.gvk.kind, version: o.gvk.version };
    return out;
  }
}

/** Builds every path kube-apiserver serves for the resources of one group/version. */
export function buildPaths(
  reg: SchemaRegistry,
  resources: readonly ResourceType[],
  group: string,
  version: string,
  style: SchemaStyle,
): PathsResult {
  const f = new OperationFactory(reg, style, tagOf(group, version));
  const prefix = pathPrefix(group, version);
  const opPrefix = operationPrefix(group, version);
  const paths: Record<string, Record<string, unknown>> = {};
  const pathParams = (names: ParamName[], kind?: string): Record<string, unknown>[] => renderParams(names, style, kind);
  const status = f.ref('V1Status');

  paths[`${prefix}/`] = {
    get: (() => {
      const o = f.op({
        action: 'get',
        gvk: { group, version, kind: 'APIResourceList' },
        id: `get${opPrefix}APIResources`,
        description: 'get available resources',
        params: [],
        responses: [['200', 'OK', f.ref('V1APIResourceList')]],
      });
      delete o['x-kubernetes-action'];
      delete o['x-kubernetes-group-version-kind'];
      return o;
    })(),
  };

  for (const r of resources) {
    if (groupVersion(r) !== groupVersion({ group, version })) continue;
    const gvk: Gvk = { group, version, kind: r.kind };
    const K = r.kind;
    const obj = f.ref(r.model);
    const list = reg.has(`${r.model}List`) ? f.ref(`${r.model}List`) : obj;
    const watchEvent = f.ref('V1WatchEvent');
    const ns = r.namespaced ? 'Namespaced' : '';
    const base = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.resource}` : `${prefix}/${r.resource}`;
    const watchBase = r.namespaced ? `${prefix}/watch/namespaces/{namespace}/${r.resource}` : `${prefix}/watch/${r.resource}`;
    const scopeParams: ParamName[] = r.namespaced ? ['namespace'] : [];
    const writeBody = (schema: JsonSchema) => ({ schema, media: ['*/*'] });
    const patchBody = { schema: { $ref: refPrefix(style) + SPECIAL_DEFINITIONS.patch }, media: PATCH_MEDIA };

    paths[base] = {
      delete: f.op({
        action: 'deletecollection',
        gvk,
        id: `delete${opPrefix}Collection${ns}${K}`,
        description: `delete collection of ${K}`,
        params: DELETE_COLLECTION_PARAMS,
        body: writeBody(f.ref('V1DeleteOptions')),
        responses: [['200', 'OK', status]],
      }),
      get: f.op({
        action: 'list',
        gvk,
        id: `list${opPrefix}${ns}${K}`,
        description: `list or watch objects of kind ${K}`,
        params: LIST_PARAMS,
        responses: [['200', 'OK', list]],
        media: LIST_MEDIA,
      }),
      parameters: pathParams([...scopeParams, 'pretty']),
      post: f.op({
        action: 'post',
        gvk,
        id: `create${opPrefix}${ns}${K}`,
        description: `create a ${K}`,
        params: WRITE_PARAMS,
        body: writeBody(obj),
        responses: [
          ['200', 'OK', obj],
          ['201', 'Created', obj],
          ['202', 'Accepted', obj],
        ],
      }),
    };
    paths[`${base}/{name}`] = {
      delete: f.op({
        action: 'delete',
        gvk,
        id: `delete${opPrefix}${ns}${K}`,
        description: `delete a ${K}`,
        params: DELETE_PARAMS,
        body: writeBody(f.ref('V1DeleteOptions')),
        responses: [
          ['200', 'OK', status],
          ['202', 'Accepted', status],
        ],
      }),
      get: f.op({
        action: 'get',
        gvk,
        id: `read${opPrefix}${ns}${K}`,
        description: `read the specified ${K}`,
        params: [],
        responses: [['200', 'OK', obj]],
      }),
      parameters: pathParams(['name', ...scopeParams, 'pretty'], K),
      patch: f.op({
        action: 'patch',
        gvk,
        id: `patch${opPrefix}${ns}${K}`,
        description: `partially update the specified ${K}`,
        params: PATCH_PARAMS,
        body: patchBody,
        responses: [
          ['200', 'OK', obj],
          ['201', 'Created', obj],
        ],
      }),
      put: f.op({
        action: 'put',
        gvk,
        id: `replace${opPrefix}${ns}${K}`,
        description: `replace the specified ${K}`,
        params: WRITE_PARAMS,
        body: writeBody(obj),
        responses: [
          ['200', 'OK', obj],
          ['201', 'Created', obj],
        ],
      }),
    };
    if (r.namespaced) {
      paths[`${prefix}/${r.resource}`] = {
        get: f.op({
          action: 'list',
          gvk,
          id: `list${opPrefix}${K}ForAllNamespaces`,
          description: `list or watch objects of kind ${K}`,
          params: [],
          responses: [['200', 'OK', list]],
          media: LIST_MEDIA,
        }),
        parameters: pathParams([...LIST_PARAMS, 'pretty']),
      };
      paths[`${prefix}/watch/${r.resource}`] = {
        get: f.op({
          action: 'watchlist',
          gvk,
          id: `watch${opPrefix}${K}ListForAllNamespaces`,
          description: `watch individual changes to a list of ${K}. deprecated: use the 'watch' parameter with a list operation instead.`,
          params: [],
          responses: [['200', 'OK', watchEvent]],
          media: WATCH_MEDIA,
        }),
        parameters: pathParams([...LIST_PARAMS, 'pretty']),
      };
    }
    paths[watchBase] = {
      get: f.op({
        action: 'watchlist',
        gvk,
        id: `watch${opPrefix}${ns}${K}List`,
        description: `watch individual changes to a list of ${K}. deprecated: use the 'watch' parameter with a list operation instead.`,
        params: [],
        responses: [['200', 'OK', watchEvent]],
        media: WATCH_MEDIA,
      }),
      parameters: pathParams([...LIST_PARAMS, ...scopeParams, 'pretty']),
    };
    paths[`${watchBase}/{name}`] = {
      get: f.op({
        action: 'watch',
        gvk,
        id: `watch${opPrefix}${ns}${K}`,
        description: `watch changes to an object of kind ${K}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`,
        params: [],
        responses: [['200', 'OK', watchEvent]],
        media: WATCH_MEDIA,
      }),
      parameters: pathParams([...LIST_PARAMS, 'name', ...scopeParams, 'pretty'], K),
    };

    for (const sub of r.subresources ?? []) {
      const p = `${base}/{name}/${sub}`;
      const params = pathParams(['name', ...scopeParams, 'pretty'], K);
      const Sub = cap(sub);
      if (sub === 'status' || sub === 'scale' || sub === 'ephemeralcontainers') {
        const isScale = sub === 'scale';
        const sgvk: Gvk = isScale ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : gvk;
        const s = isScale ? f.ref('V1Scale') : obj;
        const what = sub === 'status' ? 'status of' : sub === 'scale' ? 'scale of' : 'ephemeralcontainers of';
        paths[p] = {
          get: f.op({
            action: 'get',
            gvk: sgvk,
            id: `read${opPrefix}${ns}${K}${Sub}`,
            description: `read ${what} the specified ${K}`,
            params: [],
            responses: [['200', 'OK', s]],
          }),
          parameters: params,
          patch: f.op({
            action: 'patch',
            gvk: sgvk,
            id: `patch${opPrefix}${ns}${K}${Sub}`,
            description: `partially update ${what} the specified ${K}`,
            params: PATCH_PARAMS,
            body: patchBody,
            responses: [
              ['200', 'OK', s],
              ['201', 'Created', s],
            ],
          }),
          put: f.op({
            action: 'put',
            gvk: sgvk,
            id: `replace${opPrefix}${ns}${K}${Sub}`,
            description: `replace ${what} the specified ${K}`,
            params: WRITE_PARAMS,
            body: writeBody(s),
            responses: [
              ['200', 'OK', s],
              ['201', 'Created', s],
            ],
          }),
        };
      } else if (sub === 'binding' || sub === 'eviction') {
        const model = sub === 'binding' ? 'V1Binding' : 'V1Eviction';
        const sgvk: Gvk =
          sub === 'binding' ? { group: '', version: 'v1', kind: 'Binding' } : { group: 'policy', version: 'v1', kind: 'Eviction' };
        const s = f.ref(model);
        paths[p] = {
          parameters: params,
          post: f.op({
            action: 'post',
            gvk: sgvk,
            id: `create${opPrefix}${ns}${K}${Sub}`,
            description: `create ${sub} of a ${K}`,
            params: WRITE_PARAMS,
            body: writeBody(s),
            responses: [
              ['200', 'OK', s],
              ['201', 'Created', s],
              ['202', 'Accepted', s],
            ],
          }),
        };
      } else if (sub === 'finalize') {
        paths[p] = {
          parameters: params,
          put: f.op({
            action: 'put',
            gvk,
            id: `replace${opPrefix}${ns}${K}${Sub}`,
            description: `replace finalize of the specified ${K}`,
            params: WRITE_PARAMS,
            body: writeBody(obj),
            responses: [
              ['200', 'OK', obj],
              ['201', 'Created', obj],
            ],
          }),
        };
      } else if (sub === 'log') {
        paths[p] = {
          get: f.op({
            action: 'get',
            gvk,
            id: `read${opPrefix}${ns}${K}Log`,
            description: `read log of the specified ${K}`,
            params: [],
            responses: [['200', 'OK', { type: 'string' }]],
            media: ['text/plain', 'application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'],
          }),
          parameters: params,
        };
      }
    }
  }
  return { paths, models: f.models };
}
