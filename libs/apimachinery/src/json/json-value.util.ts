/**
 * Helpers for request-supplied JSON values. Every key is an ordinary key: `__proto__`,
 * `constructor` or `prototype` from a client must never read from or write to a prototype, so
 * reads are own-property reads and writes define own properties. Walks are iterative, so a deep
 * value cannot exhaust the stack.
 */
export type JsonMap = Record<string, unknown>;

export function isJsonMap(v: unknown): v is JsonMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The value of an own property, never one inherited from a prototype. */
export function ownValue(m: JsonMap, key: string): unknown {
  return Object.hasOwn(m, key) ? m[key] : undefined;
}

/** Sets an own, enumerable property; unlike `m[key] = v`, a key `__proto__` stays an ordinary key. */
export function setOwn(m: JsonMap, key: string, value: unknown): void {
  Object.defineProperty(m, key, { value, writable: true, enumerable: true, configurable: true });
}

/** A deep copy of a JSON value (own enumerable properties only). */
export function cloneJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const root: unknown = Array.isArray(value) ? [] : {};
  const stack: Array<[unknown, unknown]> = [[value, root]];
  while (stack.length > 0) {
    const [src, dst] = stack.pop()!;
    if (Array.isArray(src)) {
      const out = dst as unknown[];
      for (const v of src) {
        const copy = copyShell(v);
        out.push(copy);
        if (copy !== v) stack.push([v, copy]);
      }
    } else {
      for (const [k, v] of Object.entries(src as JsonMap)) {
        const copy = copyShell(v);
        setOwn(dst as JsonMap, k, copy);
        if (copy !== v) stack.push([v, copy]);
      }
    }
  }
  return root;
}

function copyShell(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  return Array.isArray(v) ? [] : {};
}

/**
 * Nesting depth of a JSON value (a scalar is 0, `{}` and `[]` are 1), counted without recursion;
 * stops early and returns `limit + 1` once the value is deeper than `limit`.
 */
export function jsonDepth(value: unknown, limit = Number.MAX_SAFE_INTEGER): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const depth = d + 1;
    if (depth > max) {
      max = depth;
      if (max > limit) return max;
    }
    const children = Array.isArray(v) ? v : Object.values(v as JsonMap);
    for (const c of children) if (c !== null && typeof c === 'object') stack.push([c, depth]);
  }
  return max;
}

/** Structural equality of JSON values by own properties, without recursion (RFC 6902 `test`). */
export function jsonValuesEqual(a: unknown, b: unknown): boolean {
  const stack: Array<[unknown, unknown]> = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x)) {
      const ys = y as unknown[];
      if (x.length !== ys.length) return false;
      x.forEach((v, i) => stack.push([v, ys[i]]));
      continue;
    }
    const xm = x as JsonMap;
    const ym = y as JsonMap;
    const keys = Object.keys(xm);
    if (keys.length !== Object.keys(ym).length) return false;
    for (const k of keys) {
      if (!Object.hasOwn(ym, k)) return false;
      stack.push([xm[k], ym[k]]);
    }
  }
  return true;
}
