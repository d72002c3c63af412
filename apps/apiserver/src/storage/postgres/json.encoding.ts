/**
 * Strings Kubernetes accepts but jsonb does not, and how they are stored.
 *
 * - A lone UTF-16 surrogate (`"\ud800"`) cannot exist in a Go string: upstream's JSON decoder
 *   replaces it with U+FFFD, so the stored and returned object carries U+FFFD. `prepareStored` does
 *   the same before anything is stored.
 * - U+0000 is kept by upstream, but jsonb rejects it. Such an object is stored with its exact JSON
 *   text in the `exact` column (TEXT holds the escape `\u0000` as six characters), and `data` gets a
 *   copy with U+FFFD in its place for SQL readers (`storedMembers`). Every reader decodes through `decodeStored`, so the
 *   encoding is invisible to clients; rows without `exact` (all older rows) read as before.
 */

/** Any character that may need attention; one native scan per string on the write path. */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this looks for
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

/** The value as upstream would hold it after decoding: lone surrogates become U+FFFD. Same reference when nothing changes. */
export function wellFormed<T>(v: T): T {
  if (!someString(v, hasLoneSurrogate)) return v;
  return mapStrings(v, (s) => s.replace(LONE_SURROGATES, '\uFFFD')) as T;
}

/**
 * JSON.stringify writes a lone surrogate as the escape \udXXX (paired ones stay raw) and U+0000 as
 * \u0000, so the text of an object tells cheaply whether it needs attention. A literal backslash
 * followed by such letters may send an object down the slow path needlessly, never wrongly.
 */
const LONE_ESCAPE = /\\ud[89a-f]/;
const NUL_ESCAPE = '\\u0000';

/** The object as it will be stored (well-formed, as upstream decodes it) and its JSON text. */
export function prepareStored<T>(obj: T): { data: T; text: string } {
  const text = JSON.stringify(obj);
  if (!LONE_ESCAPE.test(text)) return { data: obj, text };
  const data = wellFormed(obj);
  return data === obj ? { data, text } : { data, text: JSON.stringify(data) };
}

/**
 * The stored columns of an object as JSON members for kop_write: `"data":…` alone when jsonb can
 * hold it, else a copy with U+FFFD for U+0000 and `"exact":` the text itself.
 */
export function storedMembers(data: unknown, text: string): string {
  if (!text.includes(NUL_ESCAPE)) return `"data":${text}`;
  return `"data":${JSON.stringify(mapStrings(data, (s) => s.replaceAll('\u0000', '\uFFFD')))},"exact":${JSON.stringify(text)}`;
}

/** The object a row stores: its exact text when present, else its jsonb data. */
export function decodeStored<T>(data: T, exact: string | null | undefined): T {
  return exact == null ? data : (JSON.parse(exact) as T);
}
