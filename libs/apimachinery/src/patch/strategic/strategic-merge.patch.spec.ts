import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../status.errors.js';
import { OPAQUE_PATCH_SCHEMA, type PatchMeta, type PatchSchema } from './patch-meta.model.js';
import { applyStrategicMergePatch } from './strategic-merge.patch.js';

/** A literal schema: each field lists its metadata and, for objects, its own fields. */
interface LiteralField extends PatchMeta {
  readonly fields?: Readonly<Record<string, LiteralField>>;
}

function literal(fields: Readonly<Record<string, LiteralField>>): PatchSchema {
  return {
    field(name) {
      const f = Object.hasOwn(fields, name) ? fields[name] : undefined;
      if (!f) return { meta: {}, schema: OPAQUE_PATCH_SCHEMA };
      return { meta: { strategy: f.strategy, mergeKey: f.mergeKey }, schema: literal(f.fields ?? {}) };
    },
  };
}

const container: Record<string, LiteralField> = {
  ports: { strategy: 'merge', mergeKey: 'containerPort' },
  env: { strategy: 'merge', mergeKey: 'name' },
  volumeMounts: { strategy: 'merge', mergeKey: 'mountPath' },
};
const POD = literal({
  metadata: { fields: { finalizers: { strategy: 'merge' }, ownerReferences: { strategy: 'merge', mergeKey: 'uid' } } },
  spec: {
    fields: {
      containers: { strategy: 'merge', mergeKey: 'name', fields: container },
      volumes: { strategy: 'merge,retainKeys', mergeKey: 'name' },
      tolerations: {},
      strategy: { strategy: 'retainKeys' },
    },
  },
});

interface Case {
  readonly name: string;
  readonly original: unknown;
  readonly patch: unknown;
  readonly want: unknown;
}

const spec = (s: unknown) => ({ spec: s });
const cs = (...containers: unknown[]) => spec({ containers });

const CASES: readonly Case[] = [
  {
    name: 'maps merge recursively, null deletes, scalars replace',
    original: { metadata: { labels: { a: '1', b: '2' } }, spec: { x: 1 } },
    patch: { metadata: { labels: { b: null, c: '3' } }, spec: { x: 2 } },
    want: { metadata: { labels: { a: '1', c: '3' } }, spec: { x: 2 } },
  },
  {
    name: 'containers merge by name and keep their other fields',
    original: cs({ name: 'main', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }, { name: 'side', image: 'busybox' }),
    patch: cs({ name: 'main', image: 'nginx:1.28' }),
    want: cs({ name: 'main', image: 'nginx:1.28', ports: [{ containerPort: 80 }] }, { name: 'side', image: 'busybox' }),
  },
  {
    name: 'a new container comes before the server-only ones (as the kubectl patch docs show)',
    original: cs({ name: 'a', image: 'nginx' }),
    patch: cs({ name: 'b', image: 'redis' }),
    want: cs({ name: 'b', image: 'redis' }, { name: 'a', image: 'nginx' }),
  },
  {
    name: 'ports merge by containerPort inside a matched container',
    original: cs({ name: 'main', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] }),
    patch: cs({ name: 'main', ports: [{ containerPort: 443, name: 'https' }] }),
    want: cs({
      name: 'main',
      ports: [
        { containerPort: 80, name: 'http' },
        { containerPort: 443, name: 'https' },
      ],
    }),
  },
  {
    name: '$patch: delete removes a container by merge key',
    original: cs({ name: 'a' }, { name: 'b' }, { name: 'c' }),
    patch: cs({ name: 'b', $patch: 'delete' }),
    want: cs({ name: 'a' }, { name: 'c' }),
  },
  {
    name: '$patch: replace on a list replaces it with the other items',
    original: cs({ name: 'a', image: 'x' }, { name: 'b' }),
    patch: cs({ name: 'c', image: 'y' }, { $patch: 'replace' }),
    want: cs({ name: 'c', image: 'y' }),
  },
  {
    name: '$patch: replace on a map replaces the map',
    original: { metadata: { labels: { a: '1' } }, spec: { x: 1 } },
    patch: { metadata: { labels: { b: '2', $patch: 'replace' } } },
    want: { metadata: { labels: { b: '2' } }, spec: { x: 1 } },
  },
  {
    name: '$patch: delete on a map empties it',
    original: { spec: { template: { a: 1 } } },
    patch: { spec: { template: { $patch: 'delete' } } },
    want: { spec: { template: {} } },
  },
  {
    name: '$setElementOrder orders containers; the patch list only carries changes',
    original: cs({ name: 'a', image: '1' }, { name: 'b', image: '2' }, { name: 'c', image: '3' }),
    patch: spec({ '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }, { name: 'b' }], containers: [{ name: 'a', image: '9' }] }),
    want: cs({ name: 'c', image: '3' }, { name: 'a', image: '9' }, { name: 'b', image: '2' }),
  },
  {
    name: '$setElementOrder with a delete: the deleted item is gone, the rest in order',
    original: cs({ name: 'a' }, { name: 'b' }, { name: 'c' }),
    patch: spec({ '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }], containers: [{ name: 'b', $patch: 'delete' }] }),
    want: cs({ name: 'c' }, { name: 'a' }),
  },
  {
    name: '$setElementOrder on a list of primitives',
    original: { metadata: { finalizers: ['a', 'b', 'c'] } },
    patch: { metadata: { '$setElementOrder/finalizers': ['b', 'c', 'a'] } },
    want: { metadata: { finalizers: ['b', 'c', 'a'] } },
  },
  {
    name: 'finalizers (merge, primitives) are a union',
    original: { metadata: { finalizers: ['a', 'b'] } },
    patch: { metadata: { finalizers: ['b', 'c'] } },
    want: { metadata: { finalizers: ['a', 'b', 'c'] } },
  },
  {
    name: '$deleteFromPrimitiveList removes finalizers',
    original: { metadata: { finalizers: ['a', 'b', 'c'] } },
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'], '$setElementOrder/finalizers': ['a', 'c'] } },
    want: { metadata: { finalizers: ['a', 'c'] } },
  },
  {
    name: 'tolerations (no metadata) are replaced',
    original: spec({ tolerations: [{ key: 'a', operator: 'Exists' }] }),
    patch: spec({ tolerations: [{ key: 'b', operator: 'Exists' }] }),
    want: spec({ tolerations: [{ key: 'b', operator: 'Exists' }] }),
  },
  {
    name: 'unknown lists are replaced, unknown maps merged',
    original: { other: { list: [1, 2], keep: true } },
    patch: { other: { list: [3] } },
    want: { other: { list: [3], keep: true } },
  },
  {
    name: '$retainKeys clears the fields it does not name (deployment strategy example)',
    original: spec({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } } }),
    patch: spec({ strategy: { $retainKeys: ['type'], type: 'Recreate' } }),
    want: spec({ strategy: { type: 'Recreate' } }),
  },
  {
    name: '$retainKeys on a volume switches its source',
    original: spec({ volumes: [{ name: 'v', emptyDir: {} }] }),
    patch: spec({ volumes: [{ name: 'v', $retainKeys: ['name', 'hostPath'], hostPath: { path: '/x' } }] }),
    want: spec({ volumes: [{ name: 'v', hostPath: { path: '/x' } }] }),
  },
  {
    name: 'env merges by name and a new list is taken from the patch',
    original: cs({ name: 'main', image: 'x' }),
    patch: cs({ name: 'main', env: [{ name: 'FOO', value: 'bar' }] }),
    want: cs({ name: 'main', image: 'x', env: [{ name: 'FOO', value: 'bar' }] }),
  },
  {
    name: 'nulls inside merged items delete, directives never reach the result',
    original: cs({ name: 'main', image: 'x', command: ['sh'] }),
    patch: cs({
      name: 'main',
      command: null,
      env: [
        { name: 'A', value: '1' },
        { name: 'B', $patch: 'delete' },
      ],
    }),
    want: cs({ name: 'main', image: 'x', env: [{ name: 'A', value: '1' }] }),
  },
];

describe('applyStrategicMergePatch', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assert.deepEqual(applyStrategicMergePatch(c.original, c.patch, POD), c.want);
    });
  }

  it('does not change the original object', () => {
    const original = cs({ name: 'main', image: 'a' });
    const before = structuredClone(original);
    applyStrategicMergePatch(original, cs({ name: 'main', image: 'b' }), POD);
    assert.deepEqual(original, before);
  });

  it('keeps __proto__ keys as plain data', () => {
    const out = applyStrategicMergePatch({}, JSON.parse('{"__proto__": {"polluted": true}}') as unknown, POD);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.deepEqual(Object.keys(out), ['__proto__']);
  });

  const failures: ReadonlyArray<{ name: string; patch: unknown; code: number; reason: string; message: RegExp }> = [
    {
      name: 'a list item without its merge key',
      patch: cs({ image: 'nginx' }),
      code: 400,
      reason: '',
      message: /^map: map\[image:nginx\] does not contain declared merge key: name$/,
    },
    {
      name: 'an unknown $patch',
      patch: { spec: { $patch: 'bogus' } },
      code: 400,
      reason: '',
      message: /^unknown patch type: bogus in map/,
    },
    {
      name: 'a malformed $retainKeys',
      patch: spec({ strategy: { $retainKeys: 'type' } }),
      code: 400,
      reason: 'BadRequest',
      message: /invalid patch format of retainKeys/,
    },
    {
      name: 'a patched field missing from $retainKeys',
      patch: spec({ strategy: { $retainKeys: ['type'], rollingUpdate: {} } }),
      code: 400,
      reason: 'BadRequest',
      message: /retainKeys/,
    },
    {
      name: 'a malformed $deleteFromPrimitiveList',
      patch: { metadata: { '$deleteFromPrimitiveList/finalizers': 'a' } },
      code: 400,
      reason: 'BadRequest',
      message: /primitive list/,
    },
    {
      name: 'a malformed $setElementOrder',
      patch: spec({ '$setElementOrder/containers': 'a' }),
      code: 400,
      reason: 'BadRequest',
      message: /setElementOrder/,
    },
    {
      name: 'a patch list out of the $setElementOrder order',
      patch: spec({ '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b' }, { name: 'a' }] }),
      code: 400,
      reason: '',
      message: /doesn't match \$setElementOrder list/,
    },
    {
      name: 'a list of lists',
      patch: { metadata: { finalizers: [['a']] } },
      code: 422,
      reason: 'Invalid',
      message: /rejected our request/,
    },
    { name: 'a patch that is not an object', patch: [1], code: 400, reason: 'BadRequest', message: /cannot unmarshal array/ },
  ];
  for (const f of failures) {
    it(`refuses ${f.name} (${f.code})`, () => {
      const original = { metadata: { finalizers: ['x'] }, ...cs({ name: 'a' }, { name: 'b' }) };
      assert.throws(
        () => applyStrategicMergePatch(original, f.patch, POD),
        (e: unknown) => {
          assert.ok(e instanceof ApiError);
          const s = e.toStatus();
          assert.equal(s.code, f.code);
          assert.equal(s.reason, f.reason);
          assert.match(s.message, f.message);
          return true;
        },
      );
    });
  }

  it('merges a long list in bounded time', () => {
    const n = 20_000;
    const original = cs(...Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image: 'x' })));
    const patch = cs(...Array.from({ length: n }, (_, i) => ({ name: `c${n - 1 - i}`, image: 'y' })));
    const started = performance.now();
    const out = applyStrategicMergePatch(original, patch, POD) as { spec: { containers: { image: string }[] } };
    assert.equal(out.spec.containers.length, n);
    assert.ok(out.spec.containers.every((c) => c.image === 'y'));
    assert.ok(performance.now() - started < 2000);
  });
});
