import { cloneJson, jsonValuesEqual, ownValue, setOwn } from '../../json/json-value.util.js';
import { shapeOf, isObject, type ApplyListType, type ApplyType } from './apply-schema.model.js';
import { fieldElement, indexElement, keyElement, pathString, valueElement, type FieldPath, type PathElement } from './field-path.model.js';
import { FieldSet } from './field-set.model.js';

/** A value that does not fit its schema (a list-map item without its key, duplicate keys). */
export class TypedValueError extends Error {
  override readonly name = 'TypedValueError';
  constructor(
    readonly path: FieldPath,
    detail: string,
  ) {
    super(`${pathString(path) || '.'}: ${detail}`);
  }
}

/** Key fields upstream's schema defaults, so an item may omit them (`ports[].protocol`). */
const DEFAULTED_KEYS: Readonly<Record<string, unknown>> = { protocol: 'TCP' };

/**
 * The element naming item `i` of a list. `strict` (applied configurations) rejects items without
 * their keys; live objects fall back to the position so that a bad stored object still works.
 */
function itemElement(t: ApplyListType, item: unknown, i: number, path: FieldPath, strict: boolean): PathElement {
  if (t.listType === 'set') return valueElement(item);
  if (t.listType === 'atomic') return indexElement(i);
  if (!isObject(item)) {
    if (strict) throw new TypedValueError(path, `element ${i}: expected an object in an associative list`);
    return indexElement(i);
  }
  const key: Record<string, unknown> = {};
  for (const k of t.keys) {
    const v = ownValue(item, k) ?? DEFAULTED_KEYS[k];
    if (v === undefined) {
      if (strict)
        throw new TypedValueError(
          path,
          `element ${i}: associative list with keys has an element that omits key field ${JSON.stringify(k)} (and doesn't have default value)`,
        );
      return indexElement(i);
    }
    key[k] = v;
  }
  return keyElement(key);
}

function itemsByElement(t: ApplyListType, list: readonly unknown[], path: FieldPath, strict: boolean): Map<PathElement, unknown> {
  const out = new Map<PathElement, unknown>();
  list.forEach((item, i) => {
    const e = itemElement(t, item, i, path, strict);
    if (strict && out.has(e)) throw new TypedValueError(path, `duplicate entries for key ${pathString([e])}`);
    out.set(e, item);
  });
  return out;
}

/** The fields a value sets (upstream's ToFieldSet): leaves, atomic values and list items. */
export function toFieldSet(type: ApplyType, value: unknown, strict: boolean): FieldSet {
  const set = new FieldSet();
  walkFields(type, value, [], set, strict);
  return set;
}

function walkFields(type: ApplyType, v: unknown, path: FieldPath, set: FieldSet, strict: boolean): void {
  const t = shapeOf(type, v);
  if (t.kind === 'map') {
    if (v === null) return;
    if (t.atomic || !isObject(v)) return set.insert(path);
    for (const [k, cv] of Object.entries(v)) walkFields(t.field(k), cv, [...path, fieldElement(k)], set, strict);
    return;
  }
  if (t.kind === 'list') {
    if (v === null && t.listType !== 'atomic') return;
    if (t.listType === 'atomic' || !Array.isArray(v)) return set.insert(path);
    for (const [e, item] of itemsByElement(t, v, path, strict)) {
      const p = [...path, e];
      if (t.listType === 'map') walkFields(t.items, item, p, set, strict);
      set.insert(p);
    }
    return;
  }
  set.insert(path);
}

/** Every path of a value that appears or disappears as a whole (upstream's compare of a missing side). */
function collect(type: ApplyType, v: unknown, path: FieldPath, set: FieldSet, self: boolean): void {
  const t = shapeOf(type, v);
  if (t.kind === 'map' && isObject(v) && !t.atomic) {
    const keys = Object.keys(v);
    if (self || !t.struct || keys.length === 0) set.insert(path);
    for (const k of keys) collect(t.field(k), v[k], [...path, fieldElement(k)], set, false);
    return;
  }
  if (t.kind === 'list' && Array.isArray(v) && t.listType !== 'atomic') {
    if (v.length === 0) return set.insert(path);
    for (const [e, item] of itemsByElement(t, v, path, false)) collect(t.items, item, [...path, e], set, true);
    return;
  }
  set.insert(path);
}

interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

/** What changed from `before` to `after`, field by field as the schema merges them. */
export function compareValues(type: ApplyType, before: unknown, after: unknown): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walkCompare(type, before, after, [], c, false);
  return c;
}

function walkCompare(type: ApplyType, a: unknown, b: unknown, path: FieldPath, c: Comparison, item: boolean): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) return collect(type, b, path, c.added, item);
  if (b === undefined) return collect(type, a, path, c.removed, item);
  const t = shapeOf(type, b);
  if (t.kind === 'map' && !t.atomic && isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      walkCompare(t.field(k), ownValue(a, k), ownValue(b, k), [...path, fieldElement(k)], c, false);
    }
    return;
  }
  if (t.kind === 'list' && t.listType !== 'atomic' && Array.isArray(a) && Array.isArray(b) && (a.length > 0 || b.length > 0)) {
    const ia = itemsByElement(t, a, path, false);
    const ib = itemsByElement(t, b, path, false);
    for (const e of new Set([...ia.keys(), ...ib.keys()])) walkCompare(t.items, ia.get(e), ib.get(e), [...path, e], c, true);
    return;
  }
  if (!jsonValuesEqual(a, b)) c.modified.insert(path);
}

/**
 * Merges an applied configuration into the live value (upstream's typed Merge): maps and structs
 * key by key, set and map lists item by item, everything atomic replaced. A null in the
 * configuration removes the field.
 */
export function mergeValues(type: ApplyType, live: unknown, config: unknown, path: FieldPath = []): unknown {
  if (config === undefined) return cloneJson(live);
  if (live === undefined || live === null || config === null) return cloneJson(config);
  const t = shapeOf(type, config);
  if (t.kind === 'map' && !t.atomic && isObject(live) && isObject(config)) {
    const out = cloneJson(live) as Record<string, unknown>;
    for (const [k, cv] of Object.entries(config)) {
      if (cv === null) delete out[k];
      else setOwn(out, k, mergeValues(t.field(k), ownValue(live, k), cv, [...path, fieldElement(k)]));
    }
    return out;
  }
  if (t.kind === 'list' && t.listType !== 'atomic' && Array.isArray(live) && Array.isArray(config)) {
    return mergeLists(t, live, config, path);
  }
  return cloneJson(config);
}

/**
 * Items in the configuration's order; live items the configuration does not name stay where they
 * were relative to the items around them.
 */
function mergeLists(t: ApplyListType, live: readonly unknown[], config: readonly unknown[], path: FieldPath): unknown[] {
  const l = [...itemsByElement(t, live, path, false).keys()];
  const lItems = itemsByElement(t, live, path, false);
  const rItems = itemsByElement(t, config, path, true);
  const r = [...rItems.keys()];
  const out: unknown[] = [];
  const done = new Set<PathElement>();
  const emit = (e: PathElement): void => {
    done.add(e);
    const li = lItems.get(e);
    const ri = rItems.get(e);
    out.push(ri === undefined ? cloneJson(li) : t.listType === 'map' ? mergeValues(t.items, li, ri, [...path, e]) : cloneJson(ri));
  };
  let li = 0;
  let ri = 0;
  while (li < l.length || ri < r.length) {
    const le = l[li];
    const re = r[ri];
    if (le !== undefined && done.has(le)) {
      li++;
      continue;
    }
    if (re !== undefined && done.has(re)) {
      ri++;
      continue;
    }
    if (le !== undefined && (re === undefined || le === re || !rItems.has(le))) {
      emit(le);
      li++;
      if (le === re) ri++;
      continue;
    }
    if (re !== undefined) {
      emit(re);
      ri++;
    }
  }
  return out;
}

/**
 * Removes the field at `path` from `obj` (in place), and any map or list it leaves empty, as
 * upstream's RemoveItems drops what a removal empties.
 */
export function removePath(type: ApplyType, obj: Record<string, unknown>, path: FieldPath): void {
  removeAt(type, obj, path, 0);
}

function removeAt(type: ApplyType, v: unknown, path: FieldPath, i: number): boolean {
  const e = path[i];
  if (e === undefined) return false;
  const last = i === path.length - 1;
  const t = shapeOf(type, v);
  if (t.kind === 'map' && isObject(v) && e.startsWith('f:')) {
    const k = e.slice(2);
    if (!Object.hasOwn(v, k)) return false;
    if (last || removeAt(t.field(k), v[k], path, i + 1)) delete v[k];
    return Object.keys(v).length === 0;
  }
  if (t.kind === 'list' && Array.isArray(v)) {
    const at = v.findIndex((item, n) => itemElement(t, item, n, path, false) === e);
    if (at < 0) return false;
    if (last) v.splice(at, 1);
    else removeAt(t.items, v[at], path, i + 1);
    return v.length === 0;
  }
  return false;
}
