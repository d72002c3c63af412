import { ApiError } from '../../status.errors.js';
import { UntypedPatchError } from '../strategic/strategic-merge.errors.js';
import { isObject } from './apply-schema.model.js';
import { applyConflictError, type ApplyConflict } from './apply-conflict.errors.js';
import { FieldSet } from './field-set.model.js';
import { decodeManagedFields, managerId, type ManagedEntry } from './managed-fields.model.js';
import { setManagedFields, withoutManagedFields } from './managed-fields.updater.js';
import { ownable, type ManagedScope } from './managed.scope.js';
import { compareValues, mergeValues, removePath, toFieldSet, TypedValueError } from './typed-value.walker.js';

type Obj = Record<string, unknown>;

interface ApplyOptions {
  readonly manager: string;
  readonly force: boolean;
  readonly scope: ManagedScope;
  /** RFC 3339 time recorded on the applier's entry. */
  readonly now: string;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** The manager whose applies take over from client-side apply (upstream's lastAppliedManager). */
const KUBECTL = 'kubectl';

function gvk(config: Obj): string {
  const gv = typeof config['apiVersion'] === 'string' ? config['apiVersion'] : '';
  return `${gv.includes('/') ? gv : `/${gv}`}, Kind=${typeof config['kind'] === 'string' ? config['kind'] : ''}`;
}

function annotations(obj: Obj): Record<string, unknown> | undefined {
  const meta = obj['metadata'];
  return isObject(meta) && isObject(meta['annotations']) ? meta['annotations'] : undefined;
}

/**
 * Server-side apply (structured-merge-diff's Updater.Apply behind upstream's field manager):
 * merges `config` into `live` (undefined: the object is created), drops what this manager applied
 * before and no longer does (unless someone else owns it), and records ownership. Changing a field
 * another manager owns is a conflict unless `force` moves it to this manager.
 * Returns the new object with metadata.managedFields set.
 */
export function serverSideApply(live: Obj | undefined, config: Obj, opts: ApplyOptions): Obj {
  const { scope, manager } = opts;
  const cfgMeta = config['metadata'];
  if (isObject(cfgMeta) && cfgMeta['managedFields'] !== undefined && cfgMeta['managedFields'] !== null) {
    throw ApiError.badRequest('metadata.managedFields must be nil');
  }
  const managers =
    decodeManagedFields(isObject(live?.['metadata']) ? live['metadata']['managedFields'] : undefined) ?? new Map<string, ManagedEntry>();
  const base = withoutManagedFields(live);
  let merged: Obj;
  let applied: FieldSet;
  try {
    // Merged into the live object as stored (managed fields included) so that a no-op apply keeps it byte for byte.
    merged = mergeValues(scope.schema, live ?? {}, config) as Obj;
    applied = ownable(toFieldSet(scope.schema, config, true), scope);
  } catch (e) {
    // Upstream answers this client error with a reasonless 500; here it is a 400 with upstream's text.
    if (e instanceof TypedValueError) throw new UntypedPatchError(`failed to create typed patch object (${gvk(config)}): ${e.message}`);
    throw e;
  }
  const me = {
    manager,
    operation: 'Apply' as const,
    apiVersion: scope.apiVersion,
    ...(scope.subresource ? { subresource: scope.subresource } : {}),
  };
  const id = managerId(me);
  const previous = managers.get(id);
  let others = new FieldSet();
  for (const [k, e] of managers) if (k !== id) others = others.union(e.fields);

  // Fields this manager applied last time and dropped now go, unless someone still owns them.
  if (previous) {
    for (const p of previous.fields.difference(applied).paths()) {
      if (!applied.hasPrefix(p) && !others.hasPrefix(p)) removePath(scope.schema, merged, p);
    }
  }

  const cmp = compareValues(scope.schema, base, withoutManagedFields(merged));
  const changed = cmp.added.union(cmp.modified);
  const conflicts: ApplyConflict[] = [];
  for (const [k, e] of managers) {
    if (k === id) continue;
    for (const path of e.fields.intersection(changed).paths()) conflicts.push({ owner: e, path });
  }
  if (conflicts.length > 0 && !opts.force && !takesOverClientSideApply(manager, live, conflicts, scope)) {
    throw applyConflictError(conflicts);
  }
  for (const [k, e] of managers) {
    if (k !== id) managers.set(k, { ...e, fields: e.fields.difference(changed).difference(cmp.removed) });
  }
  const noop = changed.isEmpty() && cmp.removed.isEmpty();
  const time = noop && previous?.time ? previous.time : opts.now;
  managers.set(id, { ...me, time, fields: applied });

  if (manager === KUBECTL && annotations(merged)?.[LAST_APPLIED] !== undefined) {
    // kubectl's server-side apply keeps a client-side apply annotation in step (lastAppliedUpdater).
    annotations(merged)![LAST_APPLIED] = buildLastApplied(config);
  }
  setManagedFields(merged, managers.values());
  return merged;
}

/**
 * kubectl moving from client-side to server-side apply: conflicts on fields recorded in the
 * last-applied annotation are not conflicts (upstream's lastAppliedManager).
 */
function takesOverClientSideApply(
  manager: string,
  live: Obj | undefined,
  conflicts: readonly ApplyConflict[],
  scope: ManagedScope,
): boolean {
  if (manager !== KUBECTL || !live) return false;
  const raw = annotations(live)?.[LAST_APPLIED];
  if (typeof raw !== 'string') return false;
  let allowed: FieldSet;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!isObject(parsed)) return false;
    allowed = toFieldSet(scope.schema, parsed, false);
  } catch {
    return false;
  }
  return conflicts.every((c) => allowed.has(c.path));
}

/** The annotation's value: the applied configuration without the annotation itself. */
function buildLastApplied(config: Obj): string {
  const copy = structuredClone(config);
  const a = annotations(copy);
  if (a) delete a[LAST_APPLIED];
  return JSON.stringify(copy);
}
