import { shapeOf, isObject, type ApplyType } from './apply-schema.model.js';
import type { ManagedScope } from './managed.scope.js';

/**
 * A lower bound on the stored size of `obj` once created: its JSON (keys, quotes, colons and
 * scalars of the fields the schema knows; unknown struct fields are dropped before storing) plus
 * the FieldsV1 of the manager that creates it, where each key of a granular map or struct below
 * the top-level fields other than metadata and status (partly unowned) appears as `"f:<key>":{}`.
 * Lists add their items' JSON but no FieldsV1. One iterative walk that builds nothing, cheap
 * enough to run before validation and the field manager, so that an object that cannot fit is
 * refused before the expensive steps.
 */
export function storedSizeLowerBound(scope: ManagedScope, obj: Record<string, unknown>): number {
  // Managed fields in the request replace the computed ones: then only the JSON counts.
  const meta = obj['metadata'];
  const computed = !(isObject(meta) && Array.isArray(meta['managedFields']) && meta['managedFields'].length > 0);
  let bytes = 0;
  const stack: Array<[ApplyType, unknown, boolean]> = [[scope.schema, obj, false]];
  while (stack.length > 0) {
    const [type, value, owned] = stack.pop()!;
    if (value === null || typeof value !== 'object') {
      bytes += scalarBytes(value);
      continue;
    }
    bytes += 2;
    const t = shapeOf(type, value);
    if (Array.isArray(value)) {
      const items = t.kind === 'list' ? t.items : t;
      for (const v of value) {
        if (v !== null && typeof v === 'object') stack.push([items, v, false]);
        else bytes += scalarBytes(v);
      }
      continue;
    }
    const map = t.kind === 'map' ? t : undefined;
    const granular = owned && map !== undefined && !map.atomic;
    const root = value === obj;
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      if (map?.struct && map.knows && !map.knows(k)) continue;
      bytes += k.length + 3;
      if (granular) bytes += k.length + 7;
      const v = (value as Record<string, unknown>)[k];
      if (v === null || typeof v !== 'object') {
        bytes += scalarBytes(v);
        continue;
      }
      const childOwned = root ? computed && k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind' : granular;
      stack.push([map ? map.field(k) : t, v, childOwned && isObject(v)]);
    }
  }
  return bytes;
}

function scalarBytes(v: unknown): number {
  if (typeof v === 'string') return v.length + 2;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v).length;
  return v === null ? 4 : 0;
}
