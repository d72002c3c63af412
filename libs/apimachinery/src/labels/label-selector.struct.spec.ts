import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { labelSelectorFromStruct, selectorToString } from './label-selector.struct.js';

describe('labelSelectorFromStruct', () => {
  it('nil selects nothing, empty selects everything', () => {
    const nil = labelSelectorFromStruct(undefined).selector;
    assert.equal(nil?.matches({ a: 'b' }), false);
    const all = labelSelectorFromStruct({}).selector;
    assert.equal(all?.empty, true);
    assert.equal(all?.matches({ a: 'b' }), true);
  });

  it('combines matchLabels and matchExpressions', () => {
    const { selector } = labelSelectorFromStruct({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    });
    assert.ok(selector);
    assert.equal(selector.matches({ app: 'web', env: 'dev' }), true);
    assert.equal(selector.matches({ app: 'web', env: 'dev', canary: '1' }), false);
    assert.equal(selector.matches({ app: 'api', env: 'dev' }), false);
  });

  it('reports invalid operators and missing values as field errors', () => {
    const { selector, errors } = labelSelectorFromStruct(
      {
        matchExpressions: [
          { key: 'a', operator: 'Foo' },
          { key: 'b', operator: 'In', values: [] },
          { key: 'c', operator: 'Exists', values: ['x'] },
        ],
      },
      'spec.selector',
    );
    assert.equal(selector, undefined);
    assert.deepEqual(
      errors.map((e) => e.toString()),
      [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Foo": not a valid selector operator',
        "spec.selector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        "spec.selector.matchExpressions[2].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      ],
    );
  });
});

describe('selectorToString (kubectl describe form)', () => {
  it('prints requirements sorted by key', () => {
    assert.equal(selectorToString({ matchLabels: { tier: 'web', app: 'nginx' } }), 'app=nginx,tier=web');
    assert.equal(
      selectorToString({
        matchExpressions: [
          { key: 'env', operator: 'NotIn', values: ['prod', 'dev'] },
          { key: 'b', operator: 'Exists' },
          { key: 'a', operator: 'DoesNotExist' },
        ],
      }),
      '!a,b,env notin (dev,prod)',
    );
  });

  it('prints <none> for nil or empty and <error> for invalid', () => {
    assert.equal(selectorToString(undefined), '<none>');
    assert.equal(selectorToString({}), '<none>');
    assert.equal(selectorToString({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }), '<error>');
  });
});
