/**
 * Strings Kubernetes accepts but jsonb does not, and how they are stored.
 *
 * - A lone UTF-16 surrogate (`"\ud800"`) cannot exist in a Go string: upstream's JSON decoder
 *   replaces it with U+FFFD, so the stored and returned object carries U+FFFD. `wellFormed` does the
 *   same before anything is stored.
 * - U+0000 is kept by upstream, but jsonb rejects it. Such an object is stored with its exact JSON
 *   text in the `exact` column (TEXT holds the escape `\u0000` as six characters), and `data` gets a
 *   copy with U+FFFD in its place for SQL readers. Every reader decodes through `decodeStored`, so the
 *   encoding is invisible to clients; rows without `exact` (all older rows) read as before.
 */

/** Any character that may need attention; one native scan per string on the write path. */
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

function someString(v: unknown, test: (s: string) => boolean): boolean {
  if (typeof v === 'string') return test(v);
  if (Array.isArray(v)) return v.some((x) => someString(x, test));
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) if (test(k) || someString(x, test)) return true;
  }
  return false;
}

/** A copy with every string (keys too) passed through `fix`. */
function mapStrings(v: unknown, fix: (s: string) => string): unknown {
  if (typeof v === 'string') return fix(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, fix));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      // defineProperty: a "__proto__" key from JSON must stay a plain property.
      Object.defineProperty(out, fix(k), { value: mapStrings(x, fix), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}

function hasLoneSurrogate(s: string): boolean {
  return SUSPECT.test(s) && LONE_SURROGATE.test(s);
}

function hasNul(s: string): boolean {
  return s.includes('\u0000');
}

/** The value as upstream would hold it after decoding: lone surrogates become U+FFFD. Same reference when nothing changes. */
export function wellFormed<T>(v: T): T {
  if (!someString(v, hasLoneSurrogate)) return v;
  return mapStrings(v, (s) => s.replace(LONE_SURROGATES, '\uFFFD')) as T;
}

/** Column values for an object: `data` for jsonb, and `exact` only when jsonb cannot hold it. */
export function encodeStored(obj: unknown): { data: unknown; exact?: string } {
  if (!someString(obj, hasNul)) return { data: obj };
  return { data: mapStrings(obj, (s) => s.replaceAll('\u0000', '\uFFFD')), exact: JSON.stringify(obj) };
}

/** The object a row stores: its exact text when present, else its jsonb data. */
export function decodeStored<T>(data: T, exact: string | null | undefined): T {
  return exact == null ? data : (JSON.parse(exact) as T);
}
