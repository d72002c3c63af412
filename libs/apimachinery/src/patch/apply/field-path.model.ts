/**
 * One step of a field path, in the string form FieldsV1 uses as an object key
 * (structured-merge-diff's PathElement):
 *   `f:<name>`   a field of a struct or a key of a map
 *   `k:<json>`   an item of a list of type map, by its list-map-keys (`k:{"name":"nginx"}`)
 *   `v:<json>`   an item of a list of type set, by its value (`v:"example.com/f"`)
 *   `i:<n>`      an item of an atomic list by position (never owned on its own; kept for completeness)
 */
export type PathElement = string;

/** A path from the root of an object to one field. */
export type FieldPath = readonly PathElement[];

export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

/** Keys are serialized sorted by name, as upstream's FieldList. */
export function keyElement(key: Readonly<Record<string, unknown>>): PathElement {
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(key).sort()) sorted[name] = key[name];
  return `k:${JSON.stringify(sorted)}`;
}

export function valueElement(value: unknown): PathElement {
  return `v:${JSON.stringify(value)}`;
}

export function indexElement(i: number): PathElement {
  return `i:${i}`;
}

/** Sort rank of an element: `.` (the node itself) first, then fields, keys, values, indexes. */
const RANK: Readonly<Record<string, number>> = { f: 1, k: 2, v: 3, i: 4 };

export function compareElements(a: PathElement, b: PathElement): number {
  if (a === b) return 0;
  if (a === '.') return -1;
  if (b === '.') return 1;
  const ra = RANK[a[0] ?? ''] ?? 9;
  const rb = RANK[b[0] ?? ''] ?? 9;
  if (ra !== rb) return ra - rb;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : 1;
}

/** upstream's value.ToString: JSON for strings and compound values, plain for numbers and booleans. */
function valueString(v: unknown): string {
  return JSON.stringify(v);
}

/** One element as upstream prints paths: `.spec`, `[name="nginx"]`, `[="a"]`, `[0]`. */
function elementString(e: PathElement): string {
  const body = e.slice(2);
  switch (e.slice(0, 2)) {
    case 'f:':
      return `.${body}`;
    case 'k:': {
      const key = JSON.parse(body) as Record<string, unknown>;
      return `[${Object.keys(key)
        .map((k) => `${k}=${valueString(key[k])}`)
        .join(',')}]`;
    }
    case 'v:':
      return `[=${valueString(JSON.parse(body))}]`;
    case 'i:':
      return `[${body}]`;
    default:
      return '{{invalid path element}}';
  }
}

/** The whole path as upstream prints it in conflicts: `.spec.template.spec.containers[name="c"].image`. */
export function pathString(path: FieldPath): string {
  return path.map(elementString).join('');
}

/** True for a well-formed `f:`/`k:`/`v:`/`i:` key of FieldsV1. */
export function isPathElement(s: string): boolean {
  const kind = s.slice(0, 2);
  if (kind === 'f:') return true;
  if (kind === 'i:') return /^i:(0|[1-9][0-9]*)$/.test(s);
  if (kind === 'k:' || kind === 'v:') {
    try {
      const v: unknown = JSON.parse(s.slice(2));
      return kind === 'v:' || (typeof v === 'object' && v !== null && !Array.isArray(v));
    } catch {
      return false;
    }
  }
  return false;
}
