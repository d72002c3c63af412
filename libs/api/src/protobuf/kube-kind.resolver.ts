import type { ProtoSchema } from './proto-schema.types.js';

/** API group -> proto package prefix of the built-in groups in the table. */
const GROUP_PACKAGES: ReadonlyMap<string, string> = new Map([
  ['', 'k8s.io.api.core'],
  ['apps', 'k8s.io.api.apps'],
  ['batch', 'k8s.io.api.batch'],
  ['autoscaling', 'k8s.io.api.autoscaling'],
  ['policy', 'k8s.io.api.policy'],
  ['coordination.k8s.io', 'k8s.io.api.coordination'],
  ['discovery.k8s.io', 'k8s.io.api.discovery'],
  ['events.k8s.io', 'k8s.io.api.events'],
  ['networking.k8s.io', 'k8s.io.api.networking'],
  ['rbac.authorization.k8s.io', 'k8s.io.api.rbac'],
  ['scheduling.k8s.io', 'k8s.io.api.scheduling'],
  ['storage.k8s.io', 'k8s.io.api.storage'],
  ['authentication.k8s.io', 'k8s.io.api.authentication'],
  ['apiextensions.k8s.io', 'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions'],
  ['meta.k8s.io', 'k8s.io.apimachinery.pkg.apis.meta'],
]);

const META_PACKAGE = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/** Option kinds every group version registers (clients send them with the resource's apiVersion). */
const SHARED_META_KINDS: ReadonlySet<string> = new Set([
  'DeleteOptions',
  'CreateOptions',
  'UpdateOptions',
  'PatchOptions',
  'GetOptions',
  'ListOptions',
  'Status',
  'WatchEvent',
]);

/** Have object metadata in the proto but are parts of objects, not kinds of their own. */
const NOT_KINDS: ReadonlySet<string> = new Set(['PodTemplateSpec', 'JobTemplateSpec', 'PersistentVolumeClaimTemplate']);

const KIND_RE = /^[A-Z][A-Za-z0-9]*$/;
const VERSION_RE = /^v\d+((alpha|beta)\d+)?$/;

function isTopLevel(schema: ProtoSchema, name: string): boolean {
  const first = schema.message(name)?.fields[0];
  if (!first || first.jsonName !== 'metadata' || first.type.kind !== 'message') return false;
  return first.type.message === `${META_PACKAGE}.ObjectMeta` || first.type.message === `${META_PACKAGE}.ListMeta`;
}

/** The proto message a `apiVersion`/`kind` pair names, or undefined when it is not a known kind. */
export function messageForKind(schema: ProtoSchema, apiVersion: string, kind: string): string | undefined {
  if (!KIND_RE.test(kind) || NOT_KINDS.has(kind)) return undefined;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const prefix = GROUP_PACKAGES.get(group);
  if (!prefix || !VERSION_RE.test(version)) return undefined;
  const own = `${prefix}.${version}.${kind}`;
  if (group !== 'meta.k8s.io' && schema.message(own) && isTopLevel(schema, own)) return own;
  if (SHARED_META_KINDS.has(kind)) {
    const shared = `${META_PACKAGE}.${kind}`;
    if (schema.message(shared)) return shared;
  }
  return undefined;
}
