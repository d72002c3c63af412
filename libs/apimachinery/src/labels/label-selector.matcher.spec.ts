import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { labelSelectorMatches, labelSetMatches } from './label-selector.matcher.js';

describe('labelSelectorMatches', () => {
  const labels = { app: 'web', tier: 'front' };

  it('a missing selector matches nothing, an empty one everything', () => {
    assert.equal(labelSelectorMatches(undefined, labels), false);
    assert.equal(labelSelectorMatches(null, labels), false);
    assert.equal(labelSelectorMatches({}, labels), true);
    assert.equal(labelSelectorMatches({}, undefined), true);
  });

  it('matchLabels and every operator', () => {
    assert.equal(labelSelectorMatches({ matchLabels: { app: 'web' } }, labels), true);
    assert.equal(labelSelectorMatches({ matchLabels: { app: 'db' } }, labels), false);
    assert.equal(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, labels), true);
    assert.equal(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels), false);
    assert.equal(labelSelectorMatches({ matchExpressions: [{ key: 'gone', operator: 'NotIn', values: ['x'] }] }, labels), true);
    assert.equal(labelSelectorMatches({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels), true);
    assert.equal(labelSelectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels), false);
  });

  it('an unknown operator matches nothing', () => {
    assert.equal(labelSelectorMatches({ matchExpressions: [{ key: 'app', operator: 'Like', values: ['web'] }] }, labels), false);
  });
});

describe('labelSetMatches', () => {
  it('needs every key with its value; the empty set matches all', () => {
    assert.equal(labelSetMatches({ app: 'web' }, { app: 'web', x: 'y' }), true);
    assert.equal(labelSetMatches({ app: 'web', x: 'z' }, { app: 'web', x: 'y' }), false);
    assert.equal(labelSetMatches({}, {}), true);
  });
});
