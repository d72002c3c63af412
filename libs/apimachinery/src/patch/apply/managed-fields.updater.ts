import { isDeepStrictEqual } from 'node:util';
import { isObject } from './apply-schema.model.js';
import { FieldSet } from './field-set.model.js';
import { decodeManagedFields, encodeManagedFields, managerId, type ManagedEntry } from './managed-fields.model.js';
import { ownable, type ManagedScope } from './managed.scope.js';
import { compareValues } from './typed-value.walker.js';

type Obj = Record<string, unknown>;

/** A copy of the object without metadata.managedFields (the field manager's input). */
export function withoutManagedFields(obj: Obj | undefined): Obj {
  if (!obj) return {};
  const meta = obj['metadata'];
  if (!isObject(meta) || !('managedFields' in meta)) return obj;
  const { managedFields: _m, ...rest } = meta;
  return { ...obj, metadata: rest };
}

/** Writes the entries into the object's metadata (removing the field when none is left). */
export function setManagedFields(obj: Obj, entries: Iterable<ManagedEntry>): void {
  const encoded = encodeManagedFields(entries);
  const meta = isObject(obj['metadata']) ? obj['metadata'] : (obj['metadata'] = {});
  // Unchanged ownership keeps the stored value as is, so that a no-op write stays a no-op.
  if (isDeepStrictEqual(meta['managedFields'], encoded)) return;
  if (encoded.length > 0) meta['managedFields'] = encoded;
  else delete meta['managedFields'];
}

function managedOf(obj: Obj | undefined): unknown {
  const meta = obj?.['metadata'];
  return isObject(meta) ? meta['managedFields'] : undefined;
}

/**
 * Records a create, update or (non-apply) patch by `manager` (upstream's managedFieldsUpdater with
 * the Update operation): the fields it added or changed become its own and leave every other set,
 * removed fields leave every set. Managed fields the request carries (non-empty and well-formed)
 * replace the stored ones first, so clients can rewrite ownership (kubectl's apply migration).
 * `next` is changed in place.
 */
export function recordUpdate(live: Obj | undefined, next: Obj, manager: string | undefined, scope: ManagedScope, now: string): void {
  const managers = decodeManagedFields(managedOf(next)) ?? decodeManagedFields(managedOf(live)) ?? new Map<string, ManagedEntry>();
  if (manager === undefined) {
    // A write on the server's own behalf (deletion, finalizers): ownership is carried over.
    setManagedFields(next, managers.values());
    return;
  }
  const cmp = compareValues(scope.schema, withoutManagedFields(live), withoutManagedFields(next));
  const changed = ownable(cmp.added.union(cmp.modified), scope);
  const me = {
    manager,
    operation: 'Update' as const,
    apiVersion: scope.apiVersion,
    ...(scope.subresource ? { subresource: scope.subresource } : {}),
  };
  const id = managerId(me);
  for (const [k, e] of managers) {
    if (k !== id) managers.set(k, { ...e, fields: e.fields.difference(changed).difference(cmp.removed) });
  }
  const prev = managers.get(id);
  const fields = (prev?.fields ?? new FieldSet()).difference(cmp.removed).union(changed);
  const time = changed.isEmpty() ? prev?.time : now;
  managers.set(id, { ...me, ...(time ? { time } : {}), fields });
  setManagedFields(next, managers.values());
}
