import { createHash } from 'node:crypto';
import { BUILTIN_RESOURCES } from '../builtin-resources.js';
import { groupVersion, type ResourceType } from '../resource.types.js';
import { refPrefix, specialDefinitions, type JsonSchema, type SchemaStyle } from '../schema/schema-json.builder.js';
import { getSchemaRegistry, SchemaRegistry } from '../schema/schema.registry.js';
import { buildPaths } from './openapi-paths.builder.js';
import { encodeOpenApiV2Protobuf } from './openapi-v2.protobuf.js';

/** A document ready to send: body and its ETag/hash (sha512, upper-case hex as upstream). */
interface SerializedDocument {
  readonly json: string;
  readonly hash: string;
}

/** The v2 document as gnostic protobuf, with the ETag of those bytes. */
interface BinaryDocument {
  readonly bytes: Buffer;
  readonly hash: string;
}

interface OpenApiV3Index {
  readonly paths: Record<string, { readonly serverRelativeURL: string }>;
}

interface Cache {
  readonly registry: SchemaRegistry;
  readonly v3: Map<string, SerializedDocument>;
  v2?: SerializedDocument;
  v2Protobuf?: BinaryDocument;
}

/** Documents are built once per resource set (the array identity) and kept while the set lives. */
const caches = new WeakMap<readonly ResourceType[], Cache>();

function cacheFor(resources: readonly ResourceType[]): Cache {
  let c = caches.get(resources);
  if (!c) {
    c = { registry: resources === BUILTIN_RESOURCES ? getSchemaRegistry() : new SchemaRegistry(resources), v3: new Map() };
    caches.set(resources, c);
  }
  return c;
}

function hashOf(data: string | Uint8Array): string {
  return createHash('sha512').update(data).digest('hex').toUpperCase();
}

function serialize(doc: unknown): SerializedDocument {
  const json = JSON.stringify(doc);
  return { json, hash: hashOf(json) };
}

/** 'api/v1' for the core group, 'apis/apps/v1' otherwise: the key under /openapi/v3. */
function openApiPathKey(r: Pick<ResourceType, 'group' | 'version'>): string {
  return r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`;
}

/** Accepts 'apps/v1', 'v1', 'api/v1', 'apis/apps/v1' (with or without leading slash). */
function parseGroupVersion(gv: string): { group: string; version: string } | undefined {
  const s = gv.replace(/^\/+/, '').replace(/^openapi\/v3\//, '');
  const parts = s.split('/');
  if (parts[0] === 'api' && parts.length === 2 && parts[1]) return { group: '', version: parts[1] };
  if (parts[0] === 'apis' && parts.length === 3 && parts[1] && parts[2]) return { group: parts[1], version: parts[2] };
  if (parts.length === 1 && parts[0]) return { group: '', version: parts[0] };
  if (parts.length === 2 && parts[0] && parts[1]) return { group: parts[0], version: parts[1] };
  return undefined;
}

function groupVersions(resources: readonly ResourceType[]): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of resources) {
    const key = groupVersion(r);
    if (!seen.has(key)) seen.set(key, { group: r.group, version: r.version });
  }
  return [...seen.values()];
}

/** The group-version-kinds a top-level model is served as in this document. */
function gvkExtensions(
  reg: SchemaRegistry,
  resources: readonly ResourceType[],
  gvs: ReadonlyArray<{ group: string; version: string }>,
): Map<string, Array<Record<string, string>>> {
  const out = new Map<string, Array<Record<string, string>>>();
  const add = (model: string, group: string, version: string, kind: string): void => {
    const list = out.get(model) ?? [];
    if (!list.some((g) => g.group === group && g.version === version && g.kind === kind)) list.push({ group, kind, version });
    out.set(model, list);
  };
  for (const r of resources) {
    add(r.model, r.group, r.version, r.kind);
    if (reg.has(`${r.model}List`)) add(`${r.model}List`, r.group, r.version, `${r.kind}List`);
  }
  add('V1Status', '', 'v1', 'Status');
  add('V1Scale', 'autoscaling', 'v1', 'Scale');
  add('V1Eviction', 'policy', 'v1', 'Eviction');
  add('V1Binding', '', 'v1', 'Binding');
  add('V1APIResourceList', '', 'v1', 'APIResourceList');
  // DeleteOptions and WatchEvent are registered in every group version upstream.
  for (const { group, version } of [{ group: '', version: 'v1' }, ...gvs]) {
    add('V1DeleteOptions', group, version, 'DeleteOptions');
    add('V1WatchEvent', group, version, 'WatchEvent');
  }
  return out;
}

function collectRefs(value: unknown, prefix: string, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, prefix, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(prefix)) into.add(v.slice(prefix.length));
      else collectRefs(v, prefix, into);
    }
  }
}

function buildSchemas(
  reg: SchemaRegistry,
  resources: readonly ResourceType[],
  gvs: ReadonlyArray<{ group: string; version: string }>,
  roots: Iterable<string>,
  paths: unknown,
  style: SchemaStyle,
): Record<string, JsonSchema> {
  const gvks = gvkExtensions(reg, resources, gvs);
  const schemas: Record<string, JsonSchema> = {};
  for (const model of reg.closure([...roots])) {
    const s = reg.schemaFor(model, style);
    if (!s) continue;
    const gvk = gvks.get(model);
    if (gvk) s['x-kubernetes-group-version-kind'] = gvk;
    schemas[reg.identity(model).definitionName] = s;
  }
  const refs = new Set<string>();
  collectRefs([schemas, paths], refPrefix(style), refs);
  for (const [name, s] of Object.entries(specialDefinitions(style))) if (refs.has(name)) schemas[name] = s;
  return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const INFO = { title: 'Kubernetes', version: 'v1.32.0' };

function buildV3(c: Cache, resources: readonly ResourceType[], gv: { group: string; version: string }): SerializedDocument {
  const { paths, models } = buildPaths(c.registry, resources, gv.group, gv.version, 'v3');
  const schemas = buildSchemas(c.registry, resources, [gv], models, paths, 'v3');
  return serialize({
    components: {
      schemas,
      securitySchemes: { BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' } },
    },
    info: INFO,
    openapi: '3.0.0',
    paths,
  });
}

/** The OpenAPI v3 document of one group/version, or undefined when nothing is served there. */
export function openApiV3Document(resources: readonly ResourceType[], gv: string): SerializedDocument | undefined {
  const parsed = parseGroupVersion(gv);
  if (!parsed || !resources.some((r) => r.group === parsed.group && r.version === parsed.version)) return undefined;
  const c = cacheFor(resources);
  const key = openApiPathKey(parsed);
  let doc = c.v3.get(key);
  if (!doc) {
    doc = buildV3(c, resources, parsed);
    c.v3.set(key, doc);
  }
  return doc;
}

/** The /openapi/v3 discovery body: one entry per served group/version with its hashed URL. */
export function openApiV3Index(resources: readonly ResourceType[]): OpenApiV3Index {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of groupVersions(resources)) {
    const key = openApiPathKey(gv);
    const doc = openApiV3Document(resources, key);
    if (doc) paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${doc.hash}` };
  }
  return { paths };
}

/** The swagger 2.0 document of everything served, for /openapi/v2. */
export function openApiV2Document(resources: readonly ResourceType[]): SerializedDocument {
  const c = cacheFor(resources);
  if (!c.v2) {
    const gvs = groupVersions(resources);
    const paths: Record<string, Record<string, unknown>> = {};
    const models = new Set<string>();
    for (const gv of gvs) {
      const r = buildPaths(c.registry, resources, gv.group, gv.version, 'v2');
      Object.assign(paths, r.paths);
      for (const m of r.models) models.add(m);
    }
    const definitions = buildSchemas(c.registry, resources, gvs, models, paths, 'v2');
    c.v2 = serialize({
      definitions,
      info: INFO,
      paths,
      security: [{ BearerToken: [] }],
      securityDefinitions: {
        BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' },
      },
      swagger: '2.0',
    });
  }
  return c.v2;
}

/** /openapi/v2 as kubectl downloads it for client-side validation (gnostic protobuf). */
export function openApiV2Protobuf(resources: readonly ResourceType[]): BinaryDocument {
  const c = cacheFor(resources);
  if (!c.v2Protobuf) {
    const bytes = Buffer.from(encodeOpenApiV2Protobuf(JSON.parse(openApiV2Document(resources).json) as Record<string, unknown>));
    c.v2Protobuf = { bytes, hash: hashOf(bytes) };
  }
  return c.v2Protobuf;
}
