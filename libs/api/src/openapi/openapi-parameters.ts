import type { SchemaStyle } from '../schema/schema-json.builder.js';

/**
 * Request parameters of the generated operations. Inlined on each operation (not `$ref`ed):
 * kubectl's QueryParamVerifierV3 reads `parameters[].name` of the PATCH operation directly, and
 * a `$ref` would hide the name. Descriptions are short paraphrases.
 */
interface ParamDef {
  readonly name: string;
  readonly in: 'query' | 'path';
  readonly type: 'string' | 'integer' | 'boolean';
  readonly description: string;
}

const P = (name: string, type: ParamDef['type'], description: string): ParamDef => ({ name, in: 'query', type, description });

const DEFS = {
  allowWatchBookmarks: P('allowWatchBookmarks', 'boolean', 'Requests watch events of type BOOKMARK; servers may ignore it.'),
  continue: P('continue', 'string', 'The continue token returned by a previous paginated list call.'),
  dryRun: P('dryRun', 'string', 'When present, modifications are not persisted. The only valid value is All.'),
  fieldManager: P('fieldManager', 'string', 'Name of the actor making the change, recorded in managedFields.'),
  fieldSelector: P('fieldSelector', 'string', 'Restricts the returned objects by their fields.'),
  fieldValidation: P('fieldValidation', 'string', 'How to handle unknown or duplicate fields in the body: Ignore, Warn (default) or Strict.'),
  force: P('force', 'boolean', 'Force an apply request past conflicts. Only valid for apply patches.'),
  gracePeriodSeconds: P('gracePeriodSeconds', 'integer', 'Seconds before the object should be deleted; zero means immediately.'),
  ignoreStoreReadErrorWithClusterBreakingPotential: P('ignoreStoreReadErrorWithClusterBreakingPotential', 'boolean', 'Delete objects that cannot be read from storage. Use with care.'),
  labelSelector: P('labelSelector', 'string', 'Restricts the returned objects by their labels.'),
  limit: P('limit', 'integer', 'Maximum number of items to return in one list call.'),
  orphanDependents: P('orphanDependents', 'boolean', 'Deprecated: use propagationPolicy. Whether dependents are orphaned.'),
  pretty: P('pretty', 'string', 'If true, the output is pretty printed.'),
  propagationPolicy: P('propagationPolicy', 'string', 'Garbage collection policy: Orphan, Background or Foreground.'),
  resourceVersion: P('resourceVersion', 'string', 'Constrains which resource versions a request may be served from.'),
  resourceVersionMatch: P('resourceVersionMatch', 'string', 'How resourceVersion applies to list calls: Exact or NotOlderThan.'),
  sendInitialEvents: P('sendInitialEvents', 'boolean', 'Start a watch with synthetic events for the current state, ended by a bookmark.'),
  timeoutSeconds: P('timeoutSeconds', 'integer', 'Timeout for the list or watch call, regardless of activity.'),
  watch: P('watch', 'boolean', 'Watch for changes and return them as a stream of events.'),
  name: { name: 'name', in: 'path', type: 'string', description: 'name of the object' },
  namespace: { name: 'namespace', in: 'path', type: 'string', description: 'object name and auth scope, such as for teams and projects' },
} satisfies Record<string, ParamDef>;

export type ParamName = keyof typeof DEFS;

export const LIST_PARAMS: readonly ParamName[] = [
  'allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion',
  'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch',
];
export const WRITE_PARAMS: readonly ParamName[] = ['dryRun', 'fieldManager', 'fieldValidation'];
export const PATCH_PARAMS: readonly ParamName[] = [...WRITE_PARAMS, 'force'];
export const DELETE_PARAMS: readonly ParamName[] = [
  'dryRun', 'gracePeriodSeconds', 'ignoreStoreReadErrorWithClusterBreakingPotential', 'orphanDependents', 'propagationPolicy',
];
export const DELETE_COLLECTION_PARAMS: readonly ParamName[] = [
  'continue', 'dryRun', 'fieldSelector', 'gracePeriodSeconds', 'ignoreStoreReadErrorWithClusterBreakingPotential',
  'labelSelector', 'limit', 'orphanDependents', 'propagationPolicy', 'resourceVersion', 'resourceVersionMatch',
  'sendInitialEvents', 'timeoutSeconds',
];

/** Renders parameters in the document's dialect (v3: `schema`; v2: inline `type`). */
export function renderParams(names: readonly ParamName[], style: SchemaStyle, kind?: string): Record<string, unknown>[] {
  return names.map((n) => {
    const d: ParamDef = DEFS[n];
    const description = n === 'name' && kind ? `name of the ${kind}` : d.description;
    const base: Record<string, unknown> = { description, in: d.in, name: d.name };
    if (d.in === 'path') base.required = true;
    if (style === 'v3') base.schema = { type: d.type, uniqueItems: true };
    else Object.assign(base, { type: d.type, uniqueItems: true });
    return base;
  });
}
