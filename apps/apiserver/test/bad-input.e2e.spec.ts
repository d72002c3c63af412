import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(async () => {
  await t.stop();
});

const CMS = '/api/v1/namespaces/default/configmaps';

interface Status {
  kind?: string;
  apiVersion?: string;
  status?: string;
  reason?: string;
  code?: number;
  message?: string;
  details?: { name?: string; kind?: string; causes?: { reason?: string; field?: string; message?: string }[] };
}

interface Reply {
  status: number;
  text: string;
  body: Status;
  ms: number;
}

/** One request with a hard deadline: a hang fails the test instead of stalling the run. */
async function call(
  method: string,
  path: string,
  body?: string | object,
  headers: Record<string, string> = {},
  deadlineMs = 10_000,
): Promise<Reply> {
  const started = Date.now();
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { accept: 'application/json', ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: payload,
    signal: AbortSignal.timeout(deadlineMs),
  });
  const text = await res.text();
  let parsed: Status = {};
  try {
    parsed = JSON.parse(text) as Status;
  } catch {
    parsed = {};
  }
  return { status: res.status, text, body: parsed, ms: Date.now() - started };
}

/** Asserts a failure Status with the given code (and reason, when given). */
function assertStatus(r: Reply, code: number, reason?: string): void {
  assert.equal(r.status, code, `HTTP ${r.status}: ${r.text.slice(0, 400)}`);
  assert.equal(r.body.kind, 'Status', r.text.slice(0, 400));
  assert.equal(r.body.apiVersion, 'v1');
  assert.equal(r.body.status, 'Failure');
  assert.equal(r.body.code, code);
  if (reason !== undefined) assert.equal(r.body.reason, reason, r.text.slice(0, 400));
}

async function assertAbsent(path: string): Promise<void> {
  const r = await call('GET', path);
  assertStatus(r, 404, 'NotFound');
}

const cm = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...extra },
  data: { a: '1' },
});

describe('malformed bodies', () => {
  it('JSON nested 20,000 levels deep is 400 BadRequest and stores nothing', async () => {
    const depth = 20_000;
    const body = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"data":{"a":"1"},"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const r = await call('POST', CMS, body);
    assertStatus(r, 400, 'BadRequest');
    await assertAbsent(`${CMS}/deep`);
    // The same depth through a merge patch on an existing object.
    assert.equal((await call('POST', CMS, cm('deep-target'))).status, 201);
    const patch = `{"metadata":{"labels":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`;
    const p = await call('PATCH', `${CMS}/deep-target`, patch, { 'content-type': 'application/merge-patch+json' });
    assertStatus(p, 400, 'BadRequest');
    const after = await call('GET', `${CMS}/deep-target`);
    assert.equal(after.status, 200);
    assert.equal(JSON.parse(after.text).metadata.labels, undefined);
  });

  it('a ConfigMap over the size limit (body under 3 MiB) is 422 Invalid and stores nothing', async () => {
    const big = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'too-big' },
      data: { a: 'x'.repeat(1024 * 1024), b: 'y'.repeat(600 * 1024) },
    };
    const payload = JSON.stringify(big);
    assert.ok(payload.length > 1.5 * 1024 * 1024 && payload.length < 3 * 1024 * 1024);
    const r = await call('POST', CMS, payload);
    assertStatus(r, 422, 'Invalid');
    assert.equal(r.body.details?.name, 'too-big');
    assert.equal(r.body.details?.kind, 'ConfigMap');
    await assertAbsent(`${CMS}/too-big`);
  });

  it('ConfigMap and Secret data over 1 MiB (but small enough to store) is 422 Invalid: Too long', async () => {
    const r = await call('POST', CMS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'over-1mib' },
      data: { a: 'x'.repeat(1024 * 1024 + 1024) },
    });
    assertStatus(r, 422, 'Invalid');
    assert.match(r.body.message ?? '', /^ConfigMap "over-1mib" is invalid: .*Too long/);
    await assertAbsent(`${CMS}/over-1mib`);
    const secrets = '/api/v1/namespaces/default/secrets';
    const s = await call('POST', secrets, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'over-1mib' },
      data: { a: Buffer.alloc(1024 * 1024 + 1024, 1).toString('base64') },
    });
    assertStatus(s, 422, 'Invalid');
    assert.match(s.body.message ?? '', /^Secret "over-1mib" is invalid: .*Too long/);
    await assertAbsent(`${secrets}/over-1mib`);
  });

  it('invalid label key and label value are 422 Invalid with metadata.labels causes', async () => {
    const key = await call('POST', CMS, cm('bad-label-key', { labels: { [`example.com/${'k'.repeat(64)}`]: 'v' } }));
    assertStatus(key, 422, 'Invalid');
    assert.ok(
      key.body.details?.causes?.some((c) => c.field === 'metadata.labels'),
      key.text,
    );
    assert.match(key.body.message ?? '', /name part must be no more than 63 characters/);
    await assertAbsent(`${CMS}/bad-label-key`);

    const value = await call('POST', CMS, cm('bad-label-value', { labels: { ok: 'not valid!' } }));
    assertStatus(value, 422, 'Invalid');
    assert.ok(
      value.body.details?.causes?.some((c) => c.field === 'metadata.labels'),
      value.text,
    );
    assert.match(value.body.message ?? '', /a valid label must be an empty string or consist of alphanumeric characters/);
    await assertAbsent(`${CMS}/bad-label-value`);
  });

  it('a name longer than 253 characters is 422 Invalid on metadata.name', async () => {
    const name = 'n'.repeat(254);
    const r = await call('POST', CMS, cm(name));
    assertStatus(r, 422, 'Invalid');
    assert.ok(
      r.body.details?.causes?.some((c) => c.field === 'metadata.name'),
      r.text,
    );
    assert.match(r.body.message ?? '', /must be no more than 253 characters/);
    const list = JSON.parse((await call('GET', `${CMS}?fieldSelector=metadata.name%3D${name}`)).text) as { items: unknown[] };
    assert.deepEqual(list.items, []);
  });

  it('a namespace name with uppercase letters is 422 Invalid', async () => {
    const r = await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'BadNS' } });
    assertStatus(r, 422, 'Invalid');
    assert.ok(
      r.body.details?.causes?.some((c) => c.field === 'metadata.name'),
      r.text,
    );
    assert.match(r.body.message ?? '', /RFC 1123 label/);
    await assertAbsent('/api/v1/namespaces/BadNS');
  });

  it('a text/plain body is 415 UnsupportedMediaType', async () => {
    const r = await call('POST', CMS, JSON.stringify(cm('plain')), { 'content-type': 'text/plain' });
    assertStatus(r, 415, 'UnsupportedMediaType');
    await assertAbsent(`${CMS}/plain`);
  });

  it('PUT with a body name that differs from the URL is 400 BadRequest', async () => {
    assert.equal((await call('POST', CMS, cm('url-name'))).status, 201);
    const r = await call('PUT', `${CMS}/url-name`, { ...cm('body-name'), data: { changed: 'yes' } });
    assertStatus(r, 400, 'BadRequest');
    assert.equal(r.body.message, 'the name of the object (body-name) does not match the name on the URL (url-name)');
    const kept = JSON.parse((await call('GET', `${CMS}/url-name`)).text) as { data: Record<string, string> };
    assert.deepEqual(kept.data, { a: '1' });
    await assertAbsent(`${CMS}/body-name`);
  });

  it('POST of another type to configmaps is 400 BadRequest', async () => {
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'wrong-type' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      },
    };
    const r = await call('POST', CMS, deploy);
    assertStatus(r, 400, 'BadRequest');
    await assertAbsent(`${CMS}/wrong-type`);
    await assertAbsent('/apis/apps/v1/namespaces/default/deployments/wrong-type');

    const secret = await call('POST', CMS, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'wrong-kind' }, data: {} });
    assertStatus(secret, 400, 'BadRequest');
    await assertAbsent(`${CMS}/wrong-kind`);
    await assertAbsent('/api/v1/namespaces/default/secrets/wrong-kind');
  });
});

describe('malformed query parameters', () => {
  it('bad resourceVersion, limit, timeoutSeconds, selectors and continue tokens are 400 BadRequest', async () => {
    const token = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 'x' })).toString('base64');
    const cases = [
      `${CMS}?resourceVersion=-1`,
      `${CMS}?resourceVersion=1e5`,
      `${CMS}?limit=abc`,
      `${CMS}?timeoutSeconds=abc&watch=1`,
      `${CMS}?labelSelector=a%20in%20(b`,
      `${CMS}?fieldSelector=metadata.name%3D%3D%3D`,
      `${CMS}?limit=1&continue=${encodeURIComponent(token)}`,
    ];
    for (const path of cases) {
      const r = await call('GET', path, undefined, {}, 5000);
      assert.equal(r.status, 400, `${path} → HTTP ${r.status}: ${r.text.slice(0, 300)}`);
      assertStatus(r, 400, 'BadRequest');
    }
  });
});

describe('abusive and malformed patches', () => {
  it('a json-patch of 20,000 self-doubling copy operations is refused quickly (CVE-2019-1002100)', async () => {
    assert.equal((await call('POST', CMS, { ...cm('jp-bomb'), metadata: { name: 'jp-bomb', finalizers: ['example.com/x'] } })).status, 201);
    const ops = Array.from({ length: 20_000 }, () => ({ op: 'copy', from: '/metadata/finalizers', path: '/metadata/finalizers/-' }));
    const r = await call('PATCH', `${CMS}/jp-bomb`, ops, { 'content-type': 'application/json-patch+json' }, 5000);
    assert.ok(r.ms < 5000, `took ${r.ms} ms`);
    assertStatus(r, 413, 'RequestEntityTooLarge');
    assert.equal(r.body.message, 'The allowed maximum operations in a JSON patch is 10000, got 20000');

    // Under the operation limit, the accumulated copy-size limit (JSONPatchMaxCopyBytes) stops the exponential growth;
    // upstream reports a failed json-patch application as 422 Invalid.
    const few = Array.from({ length: 60 }, () => ({ op: 'copy', from: '/metadata/finalizers', path: '/metadata/finalizers/-' }));
    const r2 = await call('PATCH', `${CMS}/jp-bomb`, few, { 'content-type': 'application/json-patch+json' }, 5000);
    assert.ok(r2.ms < 5000, `took ${r2.ms} ms`);
    assertStatus(r2, 422, 'Invalid');

    const after = JSON.parse((await call('GET', `${CMS}/jp-bomb`)).text) as { metadata: { finalizers: string[] } };
    assert.deepEqual(after.metadata.finalizers, ['example.com/x']);
    // Let the namespace stay clean: drop the finalizer so a later delete is immediate.
    await call('PATCH', `${CMS}/jp-bomb`, { metadata: { finalizers: null } }, { 'content-type': 'application/merge-patch+json' });
  });

  it('a merge patch that is a JSON array is 422 Invalid on field patch and changes nothing', async () => {
    assert.equal((await call('POST', CMS, cm('mp-array'))).status, 201);
    const before = JSON.parse((await call('GET', `${CMS}/mp-array`)).text) as { metadata: { resourceVersion: string } };
    const r = await call('PATCH', `${CMS}/mp-array`, [{ data: { a: '2' } }], { 'content-type': 'application/merge-patch+json' });
    // RFC 7386 replaces the document with the array, which then does not decode as an object:
    // upstream answers `"" is invalid: patch: Invalid value: "[...]": couldn't get version/kind; json parse error: ...`.
    assertStatus(r, 422, 'Invalid');
    assert.ok(
      r.body.details?.causes?.some((c) => c.field === 'patch'),
      r.text,
    );
    const after = JSON.parse((await call('GET', `${CMS}/mp-array`)).text) as {
      metadata: { resourceVersion: string };
      data: Record<string, string>;
    };
    assert.deepEqual(after.data, { a: '1' });
    assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
  });
});

describe('preconditions, unknown paths, methods and races', () => {
  it('DELETE with a mismatched uid precondition is 409 Conflict and deletes nothing', async () => {
    const created = JSON.parse((await call('POST', CMS, cm('precond'))).text) as { metadata: { uid: string } };
    const wrong = '00000000-0000-0000-0000-000000000000';
    const r = await call('DELETE', `${CMS}/precond`, { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: wrong } });
    assertStatus(r, 409, 'Conflict');
    assert.match(
      r.body.message ?? '',
      new RegExp(`Precondition failed: UID in precondition: ${wrong}, UID in object meta: ${created.metadata.uid}`),
    );
    assert.equal((await call('GET', `${CMS}/precond`)).status, 200);
    const ok = await call('DELETE', `${CMS}/precond`, {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      preconditions: { uid: created.metadata.uid },
    });
    assert.equal(ok.status, 200, ok.text);
    await assertAbsent(`${CMS}/precond`);
  });

  it('an unknown group/version is a 404 NotFound Status', async () => {
    for (const path of [
      '/apis/nope.example.com/v1',
      '/apis/nope.example.com/v1/namespaces/default/widgets',
      '/apis/apps/v9/deployments',
      '/api/v2/pods',
    ]) {
      const r = await call('GET', path);
      assertStatus(r, 404, 'NotFound');
    }
  });

  it('PATCH on a collection is 405 MethodNotAllowed', async () => {
    const r = await call('PATCH', CMS, { data: { a: '2' } }, { 'content-type': 'application/merge-patch+json' });
    assertStatus(r, 405, 'MethodNotAllowed');
  });

  it('100 concurrent creates of one name: exactly one 201 and 99 409 AlreadyExists', async () => {
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) => call('POST', CMS, { ...cm('race'), data: { i: String(i) } }, {}, 20_000)),
    );
    const codes = replies.map((r) => r.status);
    assert.equal(codes.filter((c) => c === 201).length, 1, `codes: ${[...new Set(codes)].join(',')}`);
    const conflicts = replies.filter((r) => r.status === 409);
    assert.equal(conflicts.length, 99);
    for (const c of conflicts) {
      assert.equal(c.body.reason, 'AlreadyExists');
      assert.equal(c.body.message, 'configmaps "race" already exists');
    }
    const winner = JSON.parse(replies.find((r) => r.status === 201)!.text) as { data: Record<string, string> };
    const stored = JSON.parse((await call('GET', `${CMS}/race`)).text) as { data: Record<string, string> };
    assert.deepEqual(stored.data, winner.data);
  });
});
