import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { at, child, intOrString, num, path, rec, recs, setDefault, stringMap, str } from './json.access.js';

describe('json access', () => {
  it('reads missing or mistyped values as zero values', () => {
    assert.deepEqual(rec([1]), {});
    assert.deepEqual(recs([{ a: 1 }, 2, null, []]), [{ a: 1 }]);
    assert.equal(str(5), '');
    assert.equal(num(Number.NaN), 0);
    assert.deepEqual(stringMap({ a: 'x', b: 2 }), { a: 'x' });
    assert.deepEqual(stringMap('labels'), {});
  });

  it('follows key chains: `at` stops at the first non-object, `path` reads it as empty', () => {
    const obj = { spec: { template: { metadata: { name: 'n' } } }, list: [1] };
    assert.equal(at(obj, 'spec', 'template', 'metadata', 'name'), 'n');
    assert.equal(path(obj, 'spec', 'template', 'metadata', 'name'), 'n');
    assert.equal(at(obj, 'list', 'length'), undefined);
    assert.equal(path(obj, 'list', 'length'), undefined);
    assert.equal(at(obj, 'spec', 'missing', 'x'), undefined);
    assert.equal(path(obj), obj);
  });

  it('writes defaults only into unset fields and creates missing records', () => {
    const obj: Record<string, unknown> = { a: '', b: 'kept', c: 3 };
    setDefault(obj, 'a', 'x');
    setDefault(obj, 'b', 'y');
    child(obj, 'c')['d'] = 1;
    assert.deepEqual(obj, { a: 'x', b: 'kept', c: { d: 1 } });
  });

  it('renders int-or-string values as Go does', () => {
    assert.equal(intOrString(3.7), '3');
    assert.equal(intOrString('25%'), '25%');
    assert.equal(intOrString(undefined), '');
  });
});
