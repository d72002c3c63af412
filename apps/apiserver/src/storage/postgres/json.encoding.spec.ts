import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeStored, prepareStored, storedMembers } from './json.encoding.js';

/** Strings built from UTF-16 code units, so U+0000, lone and paired surrogates, backslashes and "\u" all occur. */
const UNITS = ['\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00', '\\', 'u', '0', 'd8', 'a', '\uFFFD', '"'];
const str = fc.array(fc.oneof(fc.constantFrom(...UNITS), fc.string({ maxLength: 3 })), { maxLength: 8 }).map((parts) => parts.join(''));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(str, tie('value'), { maxKeys: 4, noNullPrototype: true }),
})).object;

/** What Go's JSON decoder makes of a string: each lone surrogate becomes U+FFFD. */
function goString(s: string): string {
  return (s as string & { toWellFormed(): string }).toWellFormed();
}
function goValue(v: unknown): unknown {
  if (typeof v === 'string') return goString(v);
  if (Array.isArray(v)) return v.map(goValue);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      Object.defineProperty(out, goString(k), { value: goValue(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

/** Whether PostgreSQL's jsonb would accept the text: no \u0000 escape and no lone surrogate escape. */
function jsonbSafe(text: string): boolean {
  for (const m of text.matchAll(/\\+u([0-9a-f]{4})/gi)) {
    const slashes = m[0].length - 5;
    if (slashes % 2 === 0) continue; // an escaped backslash followed by text "uXXXX"
    const code = parseInt(m[1]!, 16);
    if (code === 0 || (code >= 0xd800 && code <= 0xdfff)) return false;
  }
  return true;
}

describe('json.encoding', () => {
  it('stores what upstream would (lone surrogates as U+FFFD, U+0000 kept), in a form jsonb accepts, and reads it back exactly', () => {
    fc.assert(
      fc.property(json, (v) => {
        const { data, text } = prepareStored(v);
        assert.deepEqual(data, goValue(v));
        assert.equal(text, JSON.stringify(data));
        const members = storedMembers(data, text);
        const row = JSON.parse(`{${members}}`) as { data: unknown; exact?: string };
        assert.ok(jsonbSafe(JSON.stringify(row.data)), `jsonb would reject ${members}`);
        assert.deepEqual(decodeStored(row.data, row.exact ?? null), data);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves ordinary objects alone: same reference, no exact text', () => {
    const obj = { metadata: { name: 'a', annotations: { note: 'tab\there' } }, data: { k: 'é😀\uFFFD' } };
    const { data, text } = prepareStored(obj);
    assert.equal(data, obj);
    assert.equal(storedMembers(data, text), `"data":${JSON.stringify(obj)}`);
    assert.equal(decodeStored(data, null), data);
  });
});
