import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { applyJsonPatch } from './json.patch.js';
import { applyMergePatch } from './merge.patch.js';

describe('JSON merge patch (RFC 7386 examples)', () => {
  const cases: Array<[unknown, unknown, unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, want] of cases) {
    it(`${JSON.stringify(target)} + ${JSON.stringify(patch)}`, () => assert.deepEqual(applyMergePatch(target, patch), want));
  }
});

describe('JSON patch (RFC 6902)', () => {
  const ok: Array<[string, unknown, unknown[], unknown]> = [
    ['add to an object', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { foo: 'bar', baz: 'qux' }],
    ['add into an array', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
    ['append with -', { foo: [1] }, [{ op: 'add', path: '/foo/-', value: 2 }], { foo: [1, 2] }],
    ['remove', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    ['replace', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
    [
      'move',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    ['copy', { a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }], { a: { b: 1 }, c: { b: 1 } }],
    ['test passes', { a: [1, { b: 2 }] }, [{ op: 'test', path: '/a', value: [1, { b: 2 }] }], { a: [1, { b: 2 }] }],
    [
      'escaped keys',
      { 'a/b': 1, 'm~n': 2 },
      [
        { op: 'replace', path: '/a~1b', value: 3 },
        { op: 'remove', path: '/m~0n' },
      ],
      { 'a/b': 3 },
    ],
  ];
  for (const [name, doc, patch, want] of ok) it(name, () => assert.deepEqual(applyJsonPatch(doc, patch), want));

  const failing: Array<[string, unknown, unknown, number]> = [
    ['test fails → 422', { a: 1 }, [{ op: 'test', path: '/a', value: 2 }], 422],
    ['remove of a missing key → 422', { a: 1 }, [{ op: 'remove', path: '/b' }], 422],
    ['index out of range → 422', { a: [1] }, [{ op: 'add', path: '/a/5', value: 1 }], 422],
    ['not an array → 400', { a: 1 }, { op: 'add' }, 400],
    ['unknown op → 400', { a: 1 }, [{ op: 'frobnicate', path: '/a' }], 400],
    ['more than 10,000 operations → 413', {}, Array.from({ length: 10_001 }, () => ({ op: 'test', path: '', value: {} })), 413],
  ];
  for (const [name, doc, patch, code] of failing) {
    it(name, () =>
      assert.throws(
        () => applyJsonPatch(doc, patch),
        (e: unknown) => e instanceof ApiError && e.code === code,
      ),
    );
  }

  it('an exponential copy (CVE-2019-1002100 shape) is refused quickly', () => {
    const patch = [{ op: 'add', path: '/a', value: ['x'.repeat(1000)] }];
    for (let i = 0; i < 40; i++) patch.push({ op: 'copy', from: '/a', path: '/a/-' } as never);
    const t0 = Date.now();
    assert.throws(
      () => applyJsonPatch({}, patch),
      (e: unknown) => e instanceof ApiError && e.code < 500,
    );
    assert.ok(Date.now() - t0 < 2000);
  });
});
