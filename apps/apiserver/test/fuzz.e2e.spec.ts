import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';

/**
 * Property-based fuzzing of every way a body enters the apiserver (JSON, YAML and protobuf
 * decoding; JSON, merge and strategic-merge patch; server-side apply), through HTTP against a
 * server in this process. For every input: no 5xx, no hang, a failure is a Status whose code is
 * the HTTP status, and no prototype of this process changes. Fixed seeds: the runs are the same
 * every time; the whole file takes well under a minute.
 */
let t: TestServer;
before(async () => {
  t = await startTestServer();
  for (const name of ['fuzz-merge', 'fuzz-json', 'fuzz-apply']) {
    const r = await call(
      'POST',
      CMS,
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app: 'fuzz' } }, data: { a: '1' } }),
      {},
    );
    assert.equal(r.status, 201, r.text);
  }
  const d = await call('POST', '/apis/apps/v1/namespaces/default/deployments', JSON.stringify(DEPLOYMENT), {});
  assert.equal(d.status, 201, d.text);
});
after(async () => {
  await t.stop();
});

const CMS = '/api/v1/namespaces/default/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments/fuzz-deploy';
const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'fuzz-deploy' },
  spec: {
    selector: { matchLabels: { app: 'fuzz' } },
    template: {
      metadata: { labels: { app: 'fuzz' } },
      spec: { containers: [{ name: 'c', image: 'i', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] }] },
    },
  },
};
const RUNS = Number(process.env['KOP_FUZZ_RUNS'] ?? 200);
/** Fixed by default (the same runs every time); set KOP_FUZZ_SEED to explore other inputs. */
const SEED = Number(process.env['KOP_FUZZ_SEED'] ?? 1000);
const DEADLINE_MS = 15_000;

interface Reply {
  status: number;
  text: string;
}

async function call(method: string, path: string, body: string | Uint8Array, headers: Record<string, string>): Promise<Reply> {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { accept: 'application/json', 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(DEADLINE_MS),
  });
  return { status: res.status, text: await res.text() };
}

const objectProto = Object.getOwnPropertyNames(Object.prototype).sort();
const arrayProto = Object.getOwnPropertyNames(Array.prototype).sort();
const functionProto = Object.getOwnPropertyNames(Function.prototype).sort();
const SENTINELS = ['x', 'polluted', 'a', 'labels', 'app', 'name', 'value', 'op', 'path', '__proto__x'];

/** The property every fuzzed request must have. */
function check(r: Reply, what: string): void {
  assert.ok(r.status < 500, `${what}: HTTP ${r.status} ${r.text.slice(0, 500)}`);
  assert.ok((r.status >= 200 && r.status < 300) || (r.status >= 400 && r.status < 500), `${what}: HTTP ${r.status}`);
  if (r.status >= 400) {
    const s = JSON.parse(r.text) as { kind?: string; code?: number; status?: string };
    assert.equal(s.kind, 'Status', `${what}: ${r.text.slice(0, 300)}`);
    assert.equal(s.status, 'Failure');
    assert.equal(s.code, r.status);
    assert.doesNotMatch(r.text, /Maximum call stack|\n\s+at /);
  }
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), objectProto, `${what}: Object.prototype changed`);
  assert.deepEqual(Object.getOwnPropertyNames(Array.prototype).sort(), arrayProto, `${what}: Array.prototype changed`);
  assert.deepEqual(Object.getOwnPropertyNames(Function.prototype).sort(), functionProto, `${what}: Function.prototype changed`);
  const probe: Record<string, unknown> = {};
  for (const k of SENTINELS) assert.equal(probe[k], undefined, `${what}: ({}).${k} is set`);
  assert.equal(Object.getPrototypeOf(probe), Object.prototype);
}

/** Keys that break naive JavaScript, keys the patch formats give meaning to, and random ones. */
const key = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'),
  fc.constantFrom('$patch', '$retainKeys', '$setElementOrder/containers', '$deleteFromPrimitiveList/finalizers', '$setElementOrder/env'),
  fc.constantFrom(
    'apiVersion',
    'kind',
    'metadata',
    'name',
    'namespace',
    'labels',
    'annotations',
    'finalizers',
    'data',
    'spec',
    'template',
    'containers',
    'env',
    'value',
    'status',
    'resourceVersion',
    'managedFields',
  ),
  fc.string({ maxLength: 6 }),
);

/** An object whose keys are own properties even when they are `__proto__`. */
function ownObject(entries: Array<[string, unknown]>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

const { value: jsonValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 8 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map(ownObject),
  ),
}));
const jsonObject = fc.array(fc.tuple(key, jsonValue), { maxLength: 6 }).map(ownObject);

const token = fc.oneof(key, fc.constantFrom('0', '1', '-', '10', '~0', '~1', 'a~1b', '', '01'));
const pointer = fc.oneof(
  fc.constantFrom(
    '',
    '/',
    '/__proto__/x',
    '/constructor/prototype/x',
    '/metadata/labels/__proto__',
    '/data/__proto__',
    '/metadata/__proto__/polluted',
    '/spec/template/spec/containers/0/env/-',
  ),
  fc.array(token, { minLength: 1, maxLength: 5 }).map((ts) => `/${ts.join('/')}`),
);
const operation = fc.record(
  {
    op: fc.oneof(fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test'), fc.string({ maxLength: 4 })),
    path: pointer,
    from: pointer,
    value: jsonValue,
  },
  { requiredKeys: ['op', 'path'] },
);

const target = fc.constantFrom({ path: `${CMS}/fuzz-merge` }, { path: DEPLOY });
const validation = fc.constantFrom('', '?fieldValidation=Strict', '?fieldValidation=Warn', '?fieldValidation=Ignore');

function run<T>(arb: fc.Arbitrary<T>, seed: number, body: (v: T) => Promise<void>): Promise<void> {
  return fc.assert(fc.asyncProperty(arb, body), { seed, numRuns: RUNS, endOnFailure: true });
}

describe('fuzzed bodies never break the server', () => {
  it('JSON merge patch', async () => {
    await run(fc.tuple(target, jsonValue, validation), SEED + 1, async ([tg, patch, v]) => {
      check(
        await call('PATCH', tg.path + v, JSON.stringify(patch) ?? 'null', { 'content-type': 'application/merge-patch+json' }),
        'merge patch',
      );
    });
  });

  it('strategic merge patch (directives, merge keys, retainKeys)', async () => {
    const smp = fc.oneof(
      jsonObject,
      fc
        .tuple(jsonObject, jsonObject)
        .map(([spec, container]) =>
          ownObject([
            [
              'spec',
              ownObject([
                ...Object.entries(spec),
                ['template', { spec: { containers: [ownObject([['name', 'c'], ...Object.entries(container)])] } }],
              ]),
            ],
          ]),
        ),
    );
    await run(fc.tuple(target, smp, validation), SEED + 2, async ([tg, patch, v]) => {
      check(
        await call('PATCH', tg.path + v, JSON.stringify(patch), { 'content-type': 'application/strategic-merge-patch+json' }),
        'strategic merge patch',
      );
    });
  });

  it('JSON patch (RFC 6902), including paths through __proto__ and constructor', async () => {
    const ops = fc.oneof(fc.array(operation, { maxLength: 6 }), jsonValue);
    await run(fc.tuple(target, ops), SEED + 3, async ([tg, patch]) => {
      check(await call('PATCH', tg.path, JSON.stringify(patch) ?? 'null', { 'content-type': 'application/json-patch+json' }), 'json patch');
    });
  });

  it('server-side apply (JSON and YAML)', async () => {
    const config = fc
      .tuple(fc.dictionary(key, fc.string({ maxLength: 4 }), { maxKeys: 4 }), fc.dictionary(key, jsonValue, { maxKeys: 3 }), jsonObject)
      .map(([data, labels, extra]) =>
        ownObject([
          ...Object.entries(extra).filter(([k]) => k !== 'metadata' && k !== 'apiVersion' && k !== 'kind'),
          ['apiVersion', 'v1'],
          ['kind', 'ConfigMap'],
          ['metadata', { name: 'fuzz-apply', labels }],
          ['data', data],
        ]),
      );
    await run(fc.tuple(config, fc.boolean(), validation, fc.boolean()), SEED + 4, async ([cfg, asYaml, v, force]) => {
      const body = asYaml ? toYaml(cfg) : JSON.stringify(cfg);
      const q = `${v || '?'}${v ? '&' : ''}fieldManager=fuzz${force ? '&force=true' : ''}`;
      check(await call('PATCH', `${CMS}/fuzz-apply${q}`, body, { 'content-type': 'application/apply-patch+yaml' }), 'apply');
    });
  });

  it('create with JSON and YAML bodies', async () => {
    let n = 0;
    const body = fc.tuple(jsonObject, fc.boolean(), validation).map(([extra, asYaml, v]) => {
      const obj = ownObject([...Object.entries(extra), ['apiVersion', 'v1'], ['kind', 'ConfigMap']]);
      if (!Object.hasOwn(extra, 'metadata')) obj['metadata'] = { name: `fuzz-create-${n++}` };
      return { text: asYaml ? toYaml(obj) : JSON.stringify(obj), asYaml, v };
    });
    await run(body, SEED + 5, async ({ text, asYaml, v }) => {
      check(await call('POST', CMS + v, text, { 'content-type': asYaml ? 'application/yaml' : 'application/json' }), 'create');
    });
  });

  it('update (PUT) and status-subresource patches', async () => {
    const body = fc
      .tuple(jsonObject, fc.boolean(), validation, fc.constantFrom('merge', 'strategic', 'put'))
      .map(([extra, keepName, v, how]) => {
        const obj = ownObject([...Object.entries(extra), ['apiVersion', 'apps/v1'], ['kind', 'Deployment']]);
        if (keepName && !Object.hasOwn(extra, 'metadata')) obj['metadata'] = { name: 'fuzz-deploy' };
        return { obj, v, how };
      });
    await run(body, SEED + 7, async ({ obj, v, how }) => {
      const r =
        how === 'put'
          ? await call('PUT', DEPLOY + v, JSON.stringify(obj), {})
          : await call('PATCH', `${DEPLOY}/status${v}`, JSON.stringify(obj), {
              'content-type': how === 'merge' ? 'application/merge-patch+json' : 'application/strategic-merge-patch+json',
            });
      check(r, `${how} deployment`);
    });
  });

  it('raw bytes in every content type, protobuf with and without its magic prefix', async () => {
    const types = fc.constantFrom(
      'application/json',
      'application/yaml',
      'application/vnd.kubernetes.protobuf',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
      'application/json-patch+json',
      'application/apply-patch+yaml',
    );
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((b) => Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...b])),
      fc.uint8Array({ maxLength: 64 }),
      fc.string({ maxLength: 64 }).map((s) => new TextEncoder().encode(s)),
      fc
        .constantFrom('{"a":', '[[[[', '- - - -', '&a [*a]', '{"__proto__":{"x":1}}', 'a: &x {b: *x}', '\u0000', '{"a":1}{"a":2}')
        .map((s) => new TextEncoder().encode(s)),
    );
    await run(fc.tuple(types, bytes, fc.boolean()), SEED + 6, async ([type, raw, create]) => {
      const r = create
        ? await call('POST', CMS, raw, { 'content-type': type })
        : await call('PATCH', `${CMS}/fuzz-json${type.includes('apply') ? '?fieldManager=fuzz' : ''}`, raw, { 'content-type': type });
      check(r, `${create ? 'POST' : 'PATCH'} ${type}`);
    });
  });
});
