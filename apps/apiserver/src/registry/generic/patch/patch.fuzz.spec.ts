import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { modelPatchSchema } from '../../../../../../libs/api/src/schema/model-patch.schema.js';
import { getSchemaRegistry } from '../../../../../../libs/api/src/schema/schema.registry.js';
import { cloneJson, jsonDepth, jsonValuesEqual } from '../../../../../../libs/apimachinery/src/json/json-value.util.js';
import { applyStrategicMergePatch } from '../../../../../../libs/apimachinery/src/patch/strategic/strategic-merge.patch.js';
import { ApiError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { applyJsonPatch } from './json.patch.js';
import { applyMergePatch } from './merge.patch.js';

/**
 * Property tests of the patch functions themselves (fixed seeds, fast): whatever the input, they
 * return or throw an ApiError, never change their inputs or any prototype, and keep keys such as
 * `__proto__` as own data. The HTTP-level fuzz suite is apps/apiserver/test/fuzz.e2e.spec.ts.
 */
const key = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    '$patch',
    '$retainKeys',
    '$setElementOrder/containers',
    'spec',
    'template',
    'containers',
    'name',
    'env',
    'a',
  ),
  fc.string({ maxLength: 4 }),
);

function ownObject(entries: Array<[string, unknown]>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 4 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map(ownObject),
  ),
}));
const object = fc.array(fc.tuple(key, value), { maxLength: 5 }).map(ownObject);
const pointer = fc.oneof(
  fc.constantFrom('', '/__proto__/x', '/constructor/prototype/x', '/a/__proto__', '/toString'),
  fc.array(fc.oneof(key, fc.constantFrom('0', '1', '-')), { minLength: 1, maxLength: 4 }).map((t) => `/${t.join('/')}`),
);
const op = fc.record(
  { op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'x'), path: pointer, from: pointer, value },
  { requiredKeys: ['op', 'path'] },
);

const protoNames = Object.getOwnPropertyNames(Object.prototype).sort();
const DEPLOYMENT = modelPatchSchema(getSchemaRegistry(), 'V1Deployment');

/** Runs `f` on copies and checks the invariants every patch function keeps. */
function safely(inputs: unknown[], f: () => unknown): void {
  const before = inputs.map(cloneJson);
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof ApiError, `threw ${String(e)}`);
    assert.ok(e.code >= 400 && e.code < 500, `code ${e.code}: ${e.message}`);
  }
  inputs.forEach((input, i) => assert.ok(jsonValuesEqual(input, before[i]), 'an input was changed'));
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), protoNames);
  assert.equal(({} as Record<string, unknown>)['x'], undefined);
}

describe('patch functions under fuzzing', () => {
  it('merge patch: no throw, inputs and prototypes untouched, idempotent', () => {
    fc.assert(
      fc.property(object, value, (target, patch) => {
        safely([target, patch], () => {
          const once = applyMergePatch(target, patch);
          assert.ok(jsonValuesEqual(applyMergePatch(once, patch), once), 'not idempotent');
        });
      }),
      { seed: 2001, numRuns: 2000 },
    );
  });

  it('merge patch keeps a __proto__ key as an own data key', () => {
    const out = applyMergePatch({}, JSON.parse('{"__proto__":{"x":1},"a":{"__proto__":2}}')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ['__proto__', 'a']);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.equal(({} as Record<string, unknown>)['x'], undefined);
  });

  it('JSON patch: only ApiErrors, inputs and prototypes untouched', () => {
    fc.assert(
      fc.property(object, fc.oneof(fc.array(op, { maxLength: 6 }), value), (target, ops) => {
        safely([target, ops], () => applyJsonPatch(target, ops));
      }),
      { seed: 2002, numRuns: 2000 },
    );
  });

  it('strategic merge patch on the Deployment schema: only 4xx ApiErrors, inputs and prototypes untouched', () => {
    const deployment = fc.tuple(object, object).map(([spec, container]) => ({
      spec: { template: { spec: { containers: [ownObject([['name', 'c'], ...Object.entries(container)])] } }, ...spec },
    }));
    fc.assert(
      fc.property(deployment, fc.oneof(object, deployment), (target, patch) => {
        safely([target, patch], () => applyStrategicMergePatch(target, patch, DEPLOYMENT));
      }),
      { seed: 2003, numRuns: 2000 },
    );
  });

  it('cloneJson and jsonDepth agree with the value, without recursion', () => {
    fc.assert(
      fc.property(value, (v) => {
        assert.ok(jsonValuesEqual(cloneJson(v), v));
        assert.equal(JSON.stringify(cloneJson(v)), JSON.stringify(v));
        const depth = (x: unknown): number => (x !== null && typeof x === 'object' ? 1 + Math.max(0, ...Object.values(x).map(depth)) : 0);
        assert.equal(jsonDepth(v), depth(v));
      }),
      { seed: 2004, numRuns: 1000 },
    );
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.equal(jsonDepth(deep), 100_000);
    assert.equal(jsonDepth(deep, 500), 501);
    assert.ok(jsonValuesEqual(cloneJson(deep), deep));
  });
});
