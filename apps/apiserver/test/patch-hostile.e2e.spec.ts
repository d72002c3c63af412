import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';

/**
 * Issue "Hardening" items 8, 12, 13 and 18 (part): prototype keys, nesting depth, hostile bodies,
 * duplicate keys and renaming patches, through HTTP against a server in this process (so that a
 * prototype change on the server shows in this process's Object.prototype).
 */
let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(async () => {
  await t.stop();
});

const CMS = '/api/v1/namespaces/default/configmaps';
const JSON_PATCH = { 'content-type': 'application/json-patch+json' };
const MERGE = { 'content-type': 'application/merge-patch+json' };
const SMP = { 'content-type': 'application/strategic-merge-patch+json' };
const APPLY = { 'content-type': 'application/apply-patch+yaml' };
const YAML = { 'content-type': 'application/yaml' };

interface Status {
  kind?: string;
  status?: string;
  reason?: string;
  code?: number;
  message?: string;
}

interface Reply {
  status: number;
  text: string;
  body: Status & Record<string, unknown>;
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  body?: string | object,
  headers: Record<string, string> = {},
  deadlineMs = 20_000,
): Promise<Reply> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { accept: 'application/json', ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: payload,
    signal: AbortSignal.timeout(deadlineMs),
  });
  const text = await res.text();
  let parsed: Reply['body'] = {};
  try {
    parsed = JSON.parse(text) as Reply['body'];
  } catch {
    parsed = {};
  }
  return { status: res.status, text, body: parsed, headers: res.headers };
}

function assertStatus(r: Reply, code: number, reason: string): void {
  assert.equal(r.status, code, `HTTP ${r.status}: ${r.text.slice(0, 400)}`);
  assert.equal(r.body.kind, 'Status', r.text.slice(0, 400));
  assert.equal(r.body.status, 'Failure');
  assert.equal(r.body.code, code);
  assert.equal(r.body.reason, reason, r.text.slice(0, 400));
}

function assertNoStackText(r: Reply): void {
  assert.doesNotMatch(r.text, /Maximum call stack|RangeError|\n\s+at |\.js:\d+/, r.text.slice(0, 400));
}

const cm = (name: string, data: Record<string, string> = { a: '1' }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

async function get(
  name: string,
): Promise<
  Record<string, unknown> & { data?: Record<string, string>; metadata: { resourceVersion: string; labels?: Record<string, string> } }
> {
  const r = await call('GET', `${CMS}/${name}`);
  assert.equal(r.status, 200, r.text);
  return r.body as never;
}

const PROTO_NAMES = ['__proto__', 'constructor', 'prototype'];
const objectProtoKeys = Object.getOwnPropertyNames(Object.prototype).sort();

function assertPrototypesIntact(): void {
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), objectProtoKeys);
  const probe: Record<string, unknown> = {};
  for (const k of ['x', 'polluted', 'labels', 'a']) assert.equal(probe[k], undefined, `Object.prototype.${k} was set`);
}

describe('prototype keys are ordinary keys', () => {
  it('a JSON patch through /__proto__ or /constructor/prototype is 422 and changes no prototype', async () => {
    assert.equal((await call('POST', CMS, cm('jp-proto'))).status, 201);
    const before = await get('jp-proto');
    for (const path of [
      '/__proto__/polluted',
      '/constructor/prototype/polluted',
      '/metadata/__proto__/polluted',
      '/data/constructor/prototype/x',
    ]) {
      const r = await call('PATCH', `${CMS}/jp-proto`, [{ op: 'add', path, value: 'yes' }], JSON_PATCH);
      assertStatus(r, 422, 'Invalid');
      assertPrototypesIntact();
    }
    // `test` must not find inherited members (before the fix it passed on any object).
    for (const path of ['/toString', '/constructor', '/__proto__', '/data/hasOwnProperty']) {
      const r = await call(
        'PATCH',
        `${CMS}/jp-proto`,
        [
          { op: 'test', path, value: {} },
          { op: 'add', path: '/data/b', value: '2' },
        ],
        JSON_PATCH,
      );
      assertStatus(r, 422, 'Invalid');
    }
    const afterAll = await get('jp-proto');
    assert.equal(afterAll.metadata.resourceVersion, before.metadata.resourceVersion);
    assert.deepEqual(afterAll.data, { a: '1' });
    // A label selector still only matches objects that have the label.
    assert.equal((await call('POST', CMS, cm('unlabelled'))).status, 201);
    const sel = await call('GET', `${CMS}?labelSelector=polluted%3Dyes`);
    assert.deepEqual((sel.body as { items?: unknown[] }).items, []);
  });

  it('__proto__, constructor and prototype are stored as data keys by create, JSON/YAML, every patch type and apply', async () => {
    const c = await call(
      'POST',
      CMS,
      `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"keys"},"data":{"__proto__":"p","constructor":"c","prototype":"t"}}`,
    );
    assert.equal(c.status, 201, c.text);
    assert.deepEqual((await get('keys')).data, JSON.parse('{"__proto__":"p","constructor":"c","prototype":"t"}'));
    const y = await call(
      'POST',
      CMS,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: keys-yaml}\ndata:\n  __proto__: p\n  constructor: c\n',
      YAML,
    );
    assert.equal(y.status, 201, y.text);
    assert.deepEqual(Object.keys((await get('keys-yaml')).data ?? {}).sort(), ['__proto__', 'constructor']);

    const steps: Array<[string, string, Record<string, string>, string]> = [
      ['merge', '{"data":{"__proto__":"m1","constructor":"m2"}}', MERGE, 'm1'],
      ['strategic', '{"data":{"__proto__":"s1","prototype":"s2"}}', SMP, 's1'],
      [
        'json',
        '[{"op":"replace","path":"/data/__proto__","value":"j1"},{"op":"add","path":"/data/constructor","value":"j2"}]',
        JSON_PATCH,
        'j1',
      ],
    ];
    for (const [what, patch, headers, expected] of steps) {
      const r = await call('PATCH', `${CMS}/keys`, patch, headers);
      assert.equal(r.status, 200, `${what}: ${r.text}`);
      const stored = await get('keys');
      assert.ok(Object.hasOwn(stored.data ?? {}, '__proto__'), `${what}: ${JSON.stringify(stored.data)}`);
      assert.equal(Object.getOwnPropertyDescriptor(stored.data, '__proto__')?.value, expected, what);
      assertPrototypesIntact();
    }
    const applied = await call(
      'PATCH',
      `${CMS}/keys-applied?fieldManager=fuzz`,
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"keys-applied"},"data":{"__proto__":"a1","constructor":"a2"}}',
      APPLY,
    );
    assert.equal(applied.status, 201, applied.text);
    const a = await get('keys-applied');
    assert.deepEqual(Object.keys(a.data ?? {}).sort(), ['__proto__', 'constructor']);
    // Deleting such a key by merge patch removes exactly that key.
    assert.equal((await call('PATCH', `${CMS}/keys`, '{"data":{"__proto__":null}}', MERGE)).status, 200);
    assert.equal(Object.hasOwn((await get('keys')).data ?? {}, '__proto__'), false);
    assertPrototypesIntact();
  });

  it('a label key __proto__ is validated like any other key (422), not dropped', async () => {
    assert.equal((await call('POST', CMS, cm('label-proto'))).status, 201);
    for (const [patch, headers] of [
      ['{"metadata":{"labels":{"__proto__":"x"}}}', MERGE],
      ['{"metadata":{"labels":{"__proto__":"x"}}}', SMP],
      ['[{"op":"add","path":"/metadata/labels","value":{"__proto__":"x"}}]', JSON_PATCH],
    ] as const) {
      const r = await call('PATCH', `${CMS}/label-proto`, patch, headers);
      assertStatus(r, 422, 'Invalid');
      assert.match(r.body.message ?? '', /metadata\.labels/);
    }
    for (const name of PROTO_NAMES) assert.equal(Object.hasOwn((await get('label-proto')).metadata.labels ?? {}, name), false);
  });
});

describe('JSON patches found by fuzzing', () => {
  it('an add without a value, or a path below a scalar document, is 422 Invalid (not a 500)', async () => {
    assert.equal((await call('POST', CMS, cm('jp-fuzz'))).status, 201);
    for (const ops of [
      '[{"op":"add","path":""}]',
      '[{"op":"replace","path":"/data/a"}]',
      '[{"op":"add","path":"","value":null},{"op":"add","path":"/0","value":false}]',
      '[{"op":"add","path":"","value":1},{"op":"remove","path":"/a"}]',
    ]) {
      const r = await call('PATCH', `${CMS}/jp-fuzz`, ops, JSON_PATCH);
      assert.ok(r.status === 422, `${ops}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
      assert.equal(r.body.kind, 'Status');
    }
    assert.deepEqual((await get('jp-fuzz')).data, { a: '1' });
  });
});

describe('nesting depth', () => {
  const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('10,000 levels in any body format or patch type is 400 BadRequest "exceeded max depth", never a 500 or a stack trace', async () => {
    assert.equal((await call('POST', CMS, cm('deep-target'))).status, 201);
    const before = await get('deep-target');
    const d = 10_000;
    const cases: Array<[string, string, string, Record<string, string>]> = [
      ['create json', 'POST', `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep-new"},"x":${deepObject(d)}}`, {}],
      [
        'create yaml flow',
        'POST',
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep-new}\nx: ${'{a: '.repeat(d)}1${'}'.repeat(d)}`,
        YAML,
      ],
      ['create yaml sequence', 'POST', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep-new}\nx:\n${'- '.repeat(d)}1\n`, YAML],
      ['merge patch', 'PATCH', `{"x":${deepObject(d)}}`, MERGE],
      ['strategic merge patch', 'PATCH', `{"x":${deepObject(d)}}`, SMP],
      ['json patch', 'PATCH', `[{"op":"add","path":"/x","value":${deepArray(d)}}]`, JSON_PATCH],
      ['apply (JSON)', 'PATCH', `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep-target"},"x":${deepObject(d)}}`, APPLY],
      [
        'apply (YAML flow)',
        'PATCH',
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep-target}\nx: ${'{a: '.repeat(d)}1${'}'.repeat(d)}`,
        APPLY,
      ],
    ];
    for (const [what, method, body, headers] of cases) {
      const path = method === 'POST' ? CMS : `${CMS}/deep-target${headers === APPLY ? '?fieldManager=deep' : ''}`;
      const r = await call(method, path, body, headers);
      assertStatus(r, 400, 'BadRequest');
      assert.match(r.body.message ?? '', /exceeded max depth/, `${what}: ${r.body.message}`);
      assertNoStackText(r);
    }
    assert.equal((await call('GET', `${CMS}/deep-new`)).status, 404);
    assert.equal((await get('deep-target')).metadata.resourceVersion, before.metadata.resourceVersion);
  });

  it('YAML aliases: many uses of a shallow anchor are fine, a chain of anchors that expands too deep is 400', async () => {
    let uses = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: yaml-aliases}\nx: &shared {a: {b: [1, 2]}}\ny:\n';
    for (let i = 0; i < 90; i++) uses += `  - *shared\n`;
    const ok = await call('POST', CMS, uses, YAML);
    assert.equal(ok.status, 201, ok.text.slice(0, 300));
    let chain = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: yaml-chain}\nx0: &a0 [1]\n';
    for (let i = 1; i < 600; i++) chain += `x${i}: &a${i} [*a${i - 1}]\n`;
    const deep = await call('POST', CMS, chain, YAML);
    assertStatus(deep, 400, 'BadRequest');
    assertNoStackText(deep);
    assert.equal((await call('GET', `${CMS}/yaml-chain`)).status, 404);
  });

  it('depths just under and over the limit: no 500 at any depth, and a JSON patch cannot build a deeper object than its body', async () => {
    assert.equal((await call('POST', CMS, cm('depth-walk'))).status, 201);
    for (const d of [100, 450, 499, 500, 501, 2_000]) {
      for (const [body, headers] of [
        [`{"x":${deepObject(d)}}`, MERGE],
        [`{"x":${deepObject(d)}}`, SMP],
        [`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: depth-walk}\nx: ${'{a: '.repeat(d)}1${'}'.repeat(d)}`, APPLY],
      ] as const) {
        const r = await call('PATCH', `${CMS}/depth-walk${headers === APPLY ? '?fieldManager=walk' : ''}`, body, headers);
        assert.ok(r.status === 200 || r.status === 400, `depth ${d} ${headers['content-type']}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
        assertNoStackText(r);
      }
    }
    // Two adds of 300 levels each, the second inside the first: 600 levels in the result.
    const inner = Array.from({ length: 299 }, () => 'a').join('/');
    const r = await call(
      'PATCH',
      `${CMS}/depth-walk`,
      `[{"op":"add","path":"/x","value":${deepObject(300)}},{"op":"add","path":"/x/${inner}","value":${deepObject(300)}}]`,
      JSON_PATCH,
    );
    assertStatus(r, 400, 'BadRequest');
    assert.match(r.body.message ?? '', /exceeded max depth/);
  });
});

describe('hostile bodies', () => {
  function hostile(name: string): string {
    const data: Record<string, string> = {};
    for (let i = 0; i < 100_000; i++) data[`k-${String(i).padStart(6, '0')}`] = 'v';
    return JSON.stringify(cm(name, data));
  }

  function send(path: string, method: string, body?: string): Promise<{ status: number; ms: number }> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(`${t.url}${path}`, { method, agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('a 1.5 MB body of 100,000 keys is 413 RequestEntityTooLarge, and /readyz answers while four are sent in parallel', async () => {
    const body = hostile('hostile');
    assert.ok(body.length > 1_400_000 && body.length < 3 * 1024 * 1024);
    const r = await call('POST', CMS, body);
    assertStatus(r, 413, 'RequestEntityTooLarge');
    assert.match(r.body.message ?? '', /^Request entity too large: /);
    assert.equal((await call('GET', `${CMS}/hostile`)).status, 404);

    let stop = false;
    const senders = Array.from({ length: 4 }, async () => {
      const codes = new Set<number>();
      while (!stop) codes.add((await send(CMS, 'POST', body)).status);
      return codes;
    });
    const probes: number[] = [];
    const until = performance.now() + 4_000;
    while (performance.now() < until) {
      const p = await send('/readyz', 'GET');
      assert.equal(p.status, 200);
      probes.push(p.ms);
      await new Promise((res) => setTimeout(res, 50));
    }
    stop = true;
    for (const codes of await Promise.all(senders)) assert.deepEqual([...codes], [413]);
    probes.sort((a, b) => a - b);
    // Target 200 ms (bench/hostile-body.bench.ts measures it); before the fix the median was over 3 s.
    // The bound here is loose because the test runs on a shared, loaded machine.
    assert.ok(
      probes[Math.floor(probes.length / 2)]! < 1_000,
      `readyz median ${probes[Math.floor(probes.length / 2)]} ms: ${probes.map((p) => p.toFixed(0)).join(' ')}`,
    );
  });

  it('a hostile body that is also malformed gets the error upstream answers first (400 or 422), not the 413', async () => {
    const data: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) data[`k-${String(i).padStart(6, '0')}`] = 'v';
    const typed = await call('POST', CMS, JSON.stringify({ ...cm('hostile-typed', {}), data: { ...data, bad: 1 } }));
    assertStatus(typed, 400, 'BadRequest');
    const strict = await call('POST', `${CMS}?fieldValidation=Strict`, JSON.stringify({ ...cm('hostile-strict', {}), data, bogus: 1 }));
    assertStatus(strict, 400, 'BadRequest');
    assert.match(strict.body.message ?? '', /strict decoding error: unknown field "bogus"/);
    const invalid = await call('POST', CMS, JSON.stringify({ ...cm('Hostile-Invalid-Name', {}), data }));
    assertStatus(invalid, 422, 'Invalid');
  });

  it('a large object that fits is still stored (the early size bound never refuses what the store accepts)', async () => {
    const data: Record<string, string> = {};
    for (let i = 0; i < 20_000; i++) data[`k-${String(i).padStart(6, '0')}`] = 'v'.repeat(20);
    const r = await call('POST', CMS, cm('large-ok', data));
    assert.equal(r.status, 201, r.text.slice(0, 300));
    assert.equal(Object.keys((await get('large-ok')).data ?? {}).length, 20_000);
  });
});

describe('duplicate keys and renaming patches', () => {
  const dup = (name: string) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"},"data":{"a":"1","a":"2","b":"x"}}`;

  it('fieldValidation=Strict refuses duplicate JSON keys with 400 `duplicate field`', async () => {
    const r = await call('POST', `${CMS}?fieldValidation=Strict`, dup('dup-strict'));
    assertStatus(r, 400, 'BadRequest');
    assert.equal(
      r.body.message,
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "data.a"',
    );
    assert.equal((await call('GET', `${CMS}/dup-strict`)).status, 404);
    // Unknown and duplicated at once: reported as unknown only, as upstream's typed decoding does.
    const both = await call(
      'POST',
      `${CMS}?fieldValidation=Strict`,
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup-strict"},"bogus":1,"bogus":2}',
    );
    assertStatus(both, 400, 'BadRequest');
    assert.equal(
      both.body.message,
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"',
    );
    // In a merge patch too (no decoder prefix on patches).
    assert.equal((await call('POST', CMS, cm('dup-patch'))).status, 201);
    const p = await call('PATCH', `${CMS}/dup-patch?fieldValidation=Strict`, '{"data":{"c":"1","c":"2"}}', MERGE);
    assertStatus(p, 400, 'BadRequest');
    assert.equal(p.body.message, 'strict decoding error: duplicate field "data.c"');
  });

  it('fieldValidation=Warn (the default) answers a Warning per duplicate and keeps the last value; Ignore keeps it silently', async () => {
    for (const [mode, name] of [
      ['Warn', 'dup-warn'],
      [undefined, 'dup-default'],
    ] as const) {
      const r = await call('POST', `${CMS}${mode ? `?fieldValidation=${mode}` : ''}`, dup(name));
      assert.equal(r.status, 201, r.text);
      assert.equal(r.headers.get('warning'), '299 - "duplicate field \\"data.a\\""');
      assert.deepEqual((await get(name)).data, { a: '2', b: 'x' });
    }
    // The header is a proper quoted-string: kubectl (client-go) unquotes and prints it, as upstream.
    const k = await t.kubectl(['create', '--validate=warn', '-f', '-'], {
      stdin: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"warn-kubectl"},"bogus":1}',
    });
    assert.equal(k.code, 0, k.stderr);
    assert.match(k.stderr, /Warning: unknown field "bogus"/);
    const ignored = await call('POST', `${CMS}?fieldValidation=Ignore`, dup('dup-ignore'));
    assert.equal(ignored.status, 201, ignored.text);
    assert.equal(ignored.headers.get('warning'), null);
    assert.deepEqual((await get('dup-ignore')).data, { a: '2', b: 'x' });
    // PUT as well.
    const cur = await get('dup-ignore');
    const put = await call(
      'PUT',
      `${CMS}/dup-ignore`,
      `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup-ignore","resourceVersion":"${cur.metadata.resourceVersion}"},"data":{"z":"1","z":"3"}}`,
    );
    assert.equal(put.status, 200, put.text);
    assert.equal(put.headers.get('warning'), '299 - "duplicate field \\"data.z\\""');
    assert.deepEqual((await get('dup-ignore')).data, { z: '3' });
  });

  it('YAML bodies: a repeated key is go-yaml\'s "already set in map", per fieldValidation, and every warning is its own header', async () => {
    const y = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  aa: "1"\n  aa: "2"\nbogus: 1\n`;
    const strict = await call('POST', `${CMS}?fieldValidation=Strict`, y('ydup-strict'), YAML);
    assertStatus(strict, 400, 'BadRequest');
    assert.equal(
      strict.body.message,
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: line 7: key "aa" already set in map, unknown field "bogus"',
    );
    const warn = await call('POST', CMS, y('ydup-warn'), YAML);
    assert.equal(warn.status, 201, warn.text);
    assert.equal(warn.headers.get('warning'), '299 - "line 7: key \\"aa\\" already set in map", 299 - "unknown field \\"bogus\\""');
    assert.deepEqual((await get('ydup-warn')).data, { aa: '2' });
    const ignore = await call('POST', `${CMS}?fieldValidation=Ignore`, y('ydup-ignore'), YAML);
    assert.equal(ignore.status, 201, ignore.text);
    assert.equal(ignore.headers.get('warning'), null);
    // Server-side apply decodes YAML (a JSON body included).
    const applied = await call(
      'PATCH',
      `${CMS}/ydup-apply?fieldManager=m&fieldValidation=Strict`,
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ydup-apply"},"data":{"a":"1","a":"2"}}',
      APPLY,
    );
    assertStatus(applied, 400, 'BadRequest');
    assert.equal(applied.body.message, 'strict decoding error: line 1: key "a" already set in map');
  });

  it('a patch that changes metadata.name or metadata.namespace is 400 BadRequest and changes nothing', async () => {
    assert.equal((await call('POST', CMS, cm('renamed'))).status, 201);
    const before = await get('renamed');
    const cases: Array<[string, Record<string, string>, string]> = [
      [
        '[{"op":"replace","path":"/metadata/name","value":"other"}]',
        JSON_PATCH,
        'the name of the object (other) does not match the name on the URL (renamed)',
      ],
      ['[{"op":"remove","path":"/metadata/name"}]', JSON_PATCH, 'the name of the object () does not match the name on the URL (renamed)'],
      ['{"metadata":{"name":"other"}}', MERGE, 'the name of the object (other) does not match the name on the URL (renamed)'],
      ['{"metadata":{"name":"other"}}', SMP, 'the name of the object (other) does not match the name on the URL (renamed)'],
      [
        '[{"op":"replace","path":"/metadata/namespace","value":"kube-system"}]',
        JSON_PATCH,
        'the namespace of the object (kube-system) does not match the namespace on the request (default)',
      ],
      [
        '{"metadata":{"namespace":"kube-system"}}',
        MERGE,
        'the namespace of the object (kube-system) does not match the namespace on the request (default)',
      ],
    ];
    for (const [patch, headers, message] of cases) {
      const r = await call('PATCH', `${CMS}/renamed`, patch, headers);
      assertStatus(r, 400, 'BadRequest');
      assert.equal(r.body.message, message);
    }
    assert.equal((await get('renamed')).metadata.resourceVersion, before.metadata.resourceVersion);
    assert.equal((await call('GET', `${CMS}/other`)).status, 404);
    assert.equal((await call('GET', '/api/v1/namespaces/kube-system/configmaps/renamed')).status, 404);
  });
});
