/**
 * Ordering of a merged list, as upstream's strategic merge patch defines it: items named by the
 * patch (or by its `$setElementOrder` list) keep the patch's relative order, the server-only items
 * keep their live order, and the two are interleaved where the live order relates them. Items the
 * live list does not know (new ones) come before the server-only items that follow them.
 */

/** A comparable identity for a JSON value: primitives by type and value, objects by content. */
export function valueKey(v: unknown): string {
  if (v !== null && typeof v === 'object') return `j:${JSON.stringify(v)}`;
  return `${typeof v}:${String(v)}`;
}

/** First position of each key in `list`. */
export function positions(list: readonly unknown[], keyOf: (v: unknown) => string): Map<string, number> {
  const at = new Map<string, number>();
  list.forEach((v, i) => {
    const k = keyOf(v);
    if (!at.has(k)) at.set(k, i);
  });
  return at;
}

function sortedBy<T>(items: readonly T[], at: ReadonlyMap<string, number>, keyOf: (v: unknown) => string): T[] {
  return items
    .map((item, i) => ({ item, i, rank: at.get(keyOf(item)) }))
    .sort((a, b) => {
      if (a.rank !== undefined && b.rank !== undefined && a.rank !== b.rank) return a.rank - b.rank;
      if (a.rank === undefined && b.rank !== undefined) return 1;
      if (a.rank !== undefined && b.rank === undefined) return -1;
      return a.i - b.i;
    })
    .map((x) => x.item);
}

/** Splits `merged` into the items named in `named` and the rest, both in merged order. */
export function partitionByPresence<T>(
  merged: readonly T[],
  named: readonly unknown[],
  keyOf: (v: unknown) => string,
): { inPatch: T[]; serverOnly: T[] } {
  const keys = new Set(named.map(keyOf));
  const inPatch: T[] = [];
  const serverOnly: T[] = [];
  for (const item of merged) (keys.has(keyOf(item)) ? inPatch : serverOnly).push(item);
  return { inPatch, serverOnly };
}

/** O((n + m) log(n + m)) in the sizes of the lists. */
export function orderElements<T>(
  inPatch: readonly T[],
  serverOnly: readonly T[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  keyOf: (v: unknown) => string,
): T[] {
  const live = positions(serverOrder, keyOf);
  const right = sortedBy(inPatch, positions(patchOrder, keyOf), keyOf);
  const left = sortedBy(serverOnly, live, keyOf);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) {
      out.push(left[i++] as T);
    } else if (i >= left.length) {
      out.push(right[j++] as T);
    } else {
      const li = live.get(keyOf(left[i]));
      const ri = live.get(keyOf(right[j]));
      out.push(li !== undefined && ri !== undefined && li < ri ? (left[i++] as T) : (right[j++] as T));
    }
  }
  return out;
}
