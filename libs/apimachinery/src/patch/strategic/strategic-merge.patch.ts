import { orderElements, partitionByPresence, positions, valueKey } from './element-order.util.js';
import { mergesLists, type PatchField, type PatchSchema } from './patch-meta.model.js';
import { patchErrors } from './strategic-merge.errors.js';

/**
 * Strategic merge patch (application/strategic-merge-patch+json), with upstream's semantics:
 * maps merge recursively and `null` deletes; a list whose field has strategy `merge` merges item by
 * item on its merge key (lists of primitives become a union); other lists are replaced. Directives:
 * `$patch: replace|delete` on maps and list items, `$retainKeys`, `$setElementOrder/<list>` and
 * `$deleteFromPrimitiveList/<list>`. See the SIG api-machinery strategic-merge-patch document.
 *
 * Work is bounded by (patch size + document size) × log: lists are matched through key indexes.
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, schema: PatchSchema): Record<string, unknown> {
  if (!isMap(patch)) throw patchErrors.notAnObject(patch);
  // One deep copy up front lets the merge below work in place without touching the caller's object.
  const target = isMap(original) ? structuredClone(original) : {};
  return mergeMap(target, patch, schema);
}

type JsonMap = Record<string, unknown>;

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVES = '$deleteFromPrimitiveList/';

function isMap(v: unknown): v is JsonMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Own properties only: a patch key such as `__proto__` must never reach the prototype. */
function get(m: JsonMap, key: string): unknown {
  return Object.hasOwn(m, key) ? m[key] : undefined;
}

function set(m: JsonMap, key: string, value: unknown): void {
  Object.defineProperty(m, key, { value, writable: true, enumerable: true, configurable: true });
}

function isDirectiveKey(key: string): boolean {
  return key === DIRECTIVE || key === RETAIN_KEYS || key.startsWith(SET_ORDER) || key.startsWith(DELETE_PRIMITIVES);
}

/** Merges `patch` into `target` (owned by the caller, changed in place) and returns the result. */
function mergeMap(target: JsonMap, patch: JsonMap, schema: PatchSchema): JsonMap {
  const directive = get(patch, DIRECTIVE);
  if (directive === 'replace') {
    const rest = { ...patch };
    delete rest[DIRECTIVE];
    return mergeMap({}, rest, schema);
  }
  if (directive === 'delete') return {};
  if (directive !== undefined && directive !== 'merge') throw patchErrors.unknownPatchType(directive, patch);

  retainKeys(target, patch);
  const ordered = new Set<string>();
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const list = key.slice(SET_ORDER.length);
    if (setElementOrder(target, patch, list, get(patch, key), schema.field(list))) ordered.add(list);
  }
  for (const [key, value] of Object.entries(patch)) {
    if (isDirectiveKey(key) || ordered.has(key)) continue;
    if (value === null) delete target[key];
    else set(target, key, mergeValue(get(target, key), value, schema.field(key)));
  }
  // Deletions last, so that they also remove what a list merge above may have added.
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith(DELETE_PRIMITIVES)) continue;
    if (!Array.isArray(value)) throw patchErrors.badPrimitiveList();
    const list = key.slice(DELETE_PRIMITIVES.length);
    const current = get(target, list);
    if (!Array.isArray(current)) continue;
    const drop = new Set(value.map(valueKey));
    set(
      target,
      list,
      current.filter((v) => !drop.has(valueKey(v))),
    );
  }
  return target;
}

/** `$retainKeys`: clears every field of the live map that the list does not name. */
function retainKeys(target: JsonMap, patch: JsonMap): void {
  const keys = get(patch, RETAIN_KEYS);
  if (keys === undefined) return;
  if (!Array.isArray(keys)) throw patchErrors.badRetainKeys();
  const keep = new Set(keys.filter((k): k is string => typeof k === 'string'));
  for (const [key, value] of Object.entries(patch)) {
    if (value !== null && !isDirectiveKey(key) && !keep.has(key)) throw patchErrors.badRetainKeys();
  }
  for (const key of Object.keys(target)) if (!keep.has(key)) delete target[key];
}

function mergeValue(current: unknown, value: unknown, field: PatchField): unknown {
  if (isMap(value)) return mergeMap(isMap(current) ? current : {}, value, field.schema);
  if (Array.isArray(value)) return mergeList(Array.isArray(current) ? current : [], value, field);
  return value;
}

/** Identity of a list item: its merge key value for maps, the value itself for primitives. */
function itemKey(mergeKey: string | undefined): (v: unknown) => string {
  return (v) => valueKey(mergeKey !== undefined && isMap(v) ? get(v, mergeKey) : v);
}

function mergeList(current: unknown[], patch: unknown[], field: PatchField): unknown[] {
  if (!mergesLists(field.meta)) return patch.map(withoutNulls);
  if (current.length === 0 && patch.length === 0) return current;
  if (!ofMaps(current, patch)) {
    const union = [...new Map([...current, ...patch].map((v) => [valueKey(v), v])).values()];
    const key = itemKey(undefined);
    const { inPatch, serverOnly } = partitionByPresence(union, patch, key);
    return orderElements(inPatch, serverOnly, patch, current, key);
  }
  const mergeKey = field.meta.mergeKey;
  if (mergeKey === undefined) throw patchErrors.noMergeKeyDeclared();
  const key = itemKey(mergeKey);

  let live = current;
  const items: JsonMap[] = [];
  const deleted = new Set<string>();
  let replace = false;
  for (const item of patch as JsonMap[]) {
    const directive = get(item, DIRECTIVE);
    if (directive === undefined) items.push(item);
    else if (directive === 'replace') replace = true;
    else if (directive === 'delete') {
      if (!Object.hasOwn(item, mergeKey)) throw patchErrors.noMergeKey(item, mergeKey);
      deleted.add(key(item));
    } else if (directive === 'merge') throw patchErrors.mergeDirectiveInList();
    else throw patchErrors.unknownPatchType(directive, item);
  }
  if (replace) return items.map(withoutNulls);
  if (deleted.size > 0) live = live.filter((v) => !deleted.has(key(v)));

  const merged = [...live];
  const at = positions(merged, key);
  for (const item of items) {
    if (!Object.hasOwn(item, mergeKey)) throw patchErrors.noMergeKey(item, mergeKey);
    const k = key(item);
    const i = at.get(k);
    if (i === undefined) {
      at.set(k, merged.length);
      merged.push(mergeMap({}, item, field.schema));
    } else {
      const existing = merged[i];
      merged[i] = mergeMap(isMap(existing) ? existing : {}, item, field.schema);
    }
  }
  const { inPatch, serverOnly } = partitionByPresence(merged, items, key);
  return orderElements(inPatch, serverOnly, items, live, key);
}

/** Whether both lists hold maps (true) or primitives (false); lists of lists are refused. */
function ofMaps(current: readonly unknown[], patch: readonly unknown[]): boolean {
  let maps: boolean | undefined;
  for (const v of [...current, ...patch]) {
    if (Array.isArray(v)) throw patchErrors.listOfLists();
    const isObj = isMap(v);
    if (maps !== undefined && maps !== isObj) throw patchErrors.mixedElementTypes(patch);
    maps = isObj;
  }
  return maps ?? false;
}

/**
 * `$setElementOrder/<list>`: merges the list (if the patch carries it) and then orders it: the
 * items named by the directive in its order, the server-only items where the live order puts them.
 * Returns whether the list was handled here.
 */
function setElementOrder(target: JsonMap, patch: JsonMap, list: string, order: unknown, field: PatchField): boolean {
  if (!Array.isArray(order)) throw patchErrors.badSetElementOrder();
  const patchList = get(patch, list);
  if (patchList === null) return false;
  if (patchList !== undefined && !Array.isArray(patchList)) throw patchErrors.badSetElementOrder();
  const liveValue = get(target, list);
  const live = Array.isArray(liveValue) ? liveValue : undefined;
  if (live === undefined && patchList === undefined) return true;

  const mergeKey = field.meta.mergeKey;
  const key = itemKey(mergeKey);
  if (mergeKey !== undefined) {
    for (const v of order) if (!isMap(v) || !Object.hasOwn(v, mergeKey)) throw patchErrors.noMergeKey(v, mergeKey);
  }
  if (patchList !== undefined) checkRelativeOrder(patchList, order, key);

  const merged = patchList === undefined ? (live ?? []) : mergeList(live ?? [], patchList, field);
  const { inPatch, serverOnly } = partitionByPresence(merged, order, key);
  set(target, list, orderElements(inPatch, serverOnly, order, live ?? [], key));
  return true;
}

/** The patch list's items (directives aside) must appear in the `$setElementOrder` list, in its order. */
function checkRelativeOrder(patchList: readonly unknown[], order: readonly unknown[], key: (v: unknown) => string): void {
  const items = patchList.filter((v) => !(isMap(v) && Object.hasOwn(v, DIRECTIVE)));
  let next = 0;
  for (const o of order) {
    const item = items[next];
    if (next < items.length && key(item) === key(o)) next++;
  }
  if (next < items.length) throw patchErrors.orderMismatch(patchList, order);
}

/** Replaced content as upstream stores it after a typed round trip: explicit nulls vanish. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) set(out, k, withoutNulls(x));
  return out;
}
