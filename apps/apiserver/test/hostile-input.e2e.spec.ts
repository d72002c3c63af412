import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';

/**
 * Hostile input at the HTTP edge, through real HTTP (and kubectl where a user would meet it): every
 * answer is the Kubernetes one, a Status with upstream's reason and code, never a 500, a hang or
 * fastify's own error format.
 */
let t: TestServer;
before(async () => {
  t = await startTestServer();
  for (const name of ['c1', 'c2', 'c3']) assert.equal((await call('POST', CMS, cm(name))).status, 201);
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
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; field?: string; message?: string }[] };
  metadata?: { continue?: string; resourceVersion?: string };
  items?: { metadata: { name: string } }[];
}

interface Reply {
  status: number;
  text: string;
  body: Status;
}

/** One request with a hard deadline: a hang fails the test instead of stalling the run. */
async function call(method: string, path: string, body?: string | object, headers: Record<string, string> = {}): Promise<Reply> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { accept: 'application/json', ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: payload,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let parsed: Status = {};
  try {
    parsed = JSON.parse(text) as Status;
  } catch {
    parsed = {};
  }
  return { status: res.status, text, body: parsed };
}

/** A request exactly as written (no Content-Type unless given, the path sent byte for byte). */
function rawRequest(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  const u = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: Number(u.port), method, path, headers, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let parsed: Status = {};
        try {
          parsed = JSON.parse(text) as Status;
        } catch {
          parsed = {};
        }
        resolve({ status: res.statusCode ?? 0, text, body: parsed });
      });
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

function assertStatus(r: Reply, code: number, reason: string): void {
  assert.equal(r.status, code, `HTTP ${r.status}: ${r.text.slice(0, 400)}`);
  assert.equal(r.body.kind, 'Status', r.text.slice(0, 400));
  assert.equal(r.body.apiVersion, 'v1');
  assert.equal(r.body.status, 'Failure');
  assert.equal(r.body.code, code);
  assert.equal(r.body.reason, reason, r.text.slice(0, 400));
  assert.doesNotMatch(r.text, /invalid byte sequence|bigint|Internal error/);
}

const cm = (name: string, data: Record<string, string> = { a: '1' }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

interface WatchLine {
  type: string;
  object: { metadata?: { name?: string } };
}

/** Opens a watch and collects its events; `closed` resolves when the server ends the stream. */
async function openWatch(query: string): Promise<{ status: number; events: WatchLine[]; closed: Promise<void>; abort(): void }> {
  const ctl = new AbortController();
  const res = await fetch(`${t.url}${CMS}?${query}`, { signal: ctl.signal, headers: { accept: 'application/json' } });
  const events: WatchLine[] = [];
  const closed = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body) {
        buf += decoder.decode(chunk as Uint8Array, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i).trim();
          buf = buf.slice(i + 1);
          if (line) events.push(JSON.parse(line) as WatchLine);
        }
      }
    } catch {
      // aborted by the test
    }
  })();
  return { status: res.status, events, closed, abort: () => ctl.abort() };
}

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('NUL bytes in path segments and continue tokens (item 9)', () => {
  it('a name with a NUL is not found for GET, PUT, PATCH and DELETE', async () => {
    assertStatus(await call('GET', `${CMS}/a%00b`), 404, 'NotFound');
    assertStatus(await call('PUT', `${CMS}/a%00b`, cm('a\u0000b')), 404, 'NotFound');
    assertStatus(
      await call('PATCH', `${CMS}/a%00b`, '{"data":{"x":"y"}}', { 'content-type': 'application/merge-patch+json' }),
      404,
      'NotFound',
    );
    assertStatus(await call('DELETE', `${CMS}/a%00b`), 404, 'NotFound');
    assertStatus(await call('GET', '/api/v1/namespaces/a%00b'), 404, 'NotFound');
  });

  it('a namespace with a NUL: objects are not found, creates find no namespace, lists are empty', async () => {
    assertStatus(await call('GET', '/api/v1/namespaces/a%00b/configmaps/x'), 404, 'NotFound');
    const created = await call('POST', '/api/v1/namespaces/a%00b/configmaps', cm('x'));
    assertStatus(created, 404, 'NotFound');
    assert.equal(created.body.details?.kind, 'namespaces');
    for (const q of ['', '?limit=1']) {
      const l = await call('GET', `/api/v1/namespaces/a%00b/configmaps${q}`);
      assert.equal(l.status, 200, l.text);
      assert.deepEqual(l.body.items, []);
    }
  });

  it('a continue token naming a key with a NUL is 400 "continue key is not valid"', async () => {
    const token = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 1, start: { namespace: 'default', name: 'a\u0000b' } })).toString(
      'base64url',
    );
    const r = await call('GET', `${CMS}?limit=1&continue=${token}`);
    assertStatus(r, 400, 'BadRequest');
    assert.match(r.body.message ?? '', /^continue key is not valid/);
  });
});

describe('limit as int64 (item 10)', () => {
  it('a limit beyond int64 is 400 BadRequest', async () => {
    const r = await call('GET', `${CMS}?limit=99999999999999999999`);
    assertStatus(r, 400, 'BadRequest');
    assert.match(r.body.message ?? '', /value out of range/);
    assertStatus(await call('GET', `${CMS}?limit=ten`), 400, 'BadRequest');
  });

  it('int64 max lists everything in one page', async () => {
    const r = await call('GET', `${CMS}?limit=9223372036854775807`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items?.map((i) => i.metadata.name).sort(), ['c1', 'c2', 'c3']);
    assert.equal(r.body.metadata?.continue, undefined);
  });

  it('kubectl pages with a huge --chunk-size', async () => {
    const k = await t.kubectl(['get', 'configmaps', '-n', 'default', '--chunk-size=9223372036854775807', '-o', 'name']);
    assert.equal(k.code, 0, k.stderr);
    assert.match(k.stdout, /configmap\/c1\nconfigmap\/c2\nconfigmap\/c3/);
  });
});

describe('empty bodies without a Content-Type (item 11)', () => {
  it('an empty POST, PUT and PATCH without Content-Type are 4xx Status, not 500', async () => {
    const c = await rawRequest('POST', CMS);
    assertStatus(c, 400, 'BadRequest');
    assert.equal(
      c.body.message,
      "the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: unexpected end of JSON input ()",
    );
    assertStatus(await rawRequest('PUT', `${CMS}/c1`), 400, 'BadRequest');
    const p = await rawRequest('PATCH', `${CMS}/c1`);
    assert.ok(p.status >= 400 && p.status < 500, `HTTP ${p.status}: ${p.text}`);
    assert.equal(p.body.kind, 'Status');
    assert.equal((await call('GET', `${CMS}/c1`)).body.kind, 'ConfigMap');
  });
});

describe('watchers that never read (item 14)', () => {
  it('a stalled watcher is cut off (its socket closed), not kept with its backlog', { timeout: 120_000 }, async () => {
    const u = new URL(t.url);
    const sock = net.connect(Number(u.port), u.hostname);
    await new Promise<void>((resolve, reject) => {
      sock.once('connect', () => resolve());
      sock.once('error', reject);
    });
    try {
      sock.write(`GET ${CMS}?watch=true&resourceVersion=0 HTTP/1.1\r\nHost: ${u.host}\r\nAccept: application/json\r\n\r\n`);
      await new Promise<void>((resolve) => sock.once('data', () => resolve()));
      sock.pause();
      let closed = false;
      sock.once('close', () => (closed = true));
      sock.on('error', () => undefined);
      // 100 events of 256 KiB: far more than the socket buffers and the per-watcher backlog hold.
      const payload = 'x'.repeat(256 * 1024);
      for (let i = 0; i < 100; i++) assert.equal((await call('POST', CMS, cm(`stall-${i}`, { payload }))).status, 201);
      // Stay stalled past the server's patience (10 s without progress), then read again: a watcher
      // that was cut off sees its connection go, instead of a response ended but kept open.
      await new Promise((r) => setTimeout(r, 25_000));
      sock.on('data', () => undefined);
      sock.resume();
      await waitFor(() => closed, 30_000, 'the server to close the stalled watch');
    } finally {
      sock.destroy();
    }
    const healthy = await call('GET', `${CMS}/stall-99`);
    assert.equal(healthy.status, 200);
  });
});

describe('watch timeoutSeconds (item 15)', () => {
  for (const timeout of ['0', '3000000']) {
    it(`timeoutSeconds=${timeout} keeps the watch open`, async () => {
      const w = await openWatch(`watch=true&timeoutSeconds=${timeout}&resourceVersion=0`);
      assert.equal(w.status, 200);
      let ended = false;
      void w.closed.then(() => (ended = true));
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(ended, false, 'the watch closed at once');
      const name = `late-${timeout}`;
      assert.equal((await call('POST', CMS, cm(name))).status, 201);
      await waitFor(
        () => w.events.some((e) => e.type === 'ADDED' && e.object.metadata?.name === name),
        15_000,
        'the event on the open watch',
      );
      w.abort();
      await w.closed;
    });
  }

  it('timeoutSeconds=1 ends the watch', async () => {
    const w = await openWatch('watch=true&timeoutSeconds=1');
    await Promise.race([w.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('watch did not end')), 15_000))]);
  });

  it('timeoutSeconds beyond int64 is 400 BadRequest', async () => {
    assertStatus(await call('GET', `${CMS}?watch=true&timeoutSeconds=99999999999999999999`), 400, 'BadRequest');
  });
});

describe('query booleans as upstream converts them (item 16)', () => {
  it('watch=True (the Python client) watches; False and 0 list', async () => {
    for (const v of ['True', 'TRUE', 'yes']) {
      const w = await openWatch(`watch=${v}&allowWatchBookmarks=True&timeoutSeconds=5`);
      assert.equal(w.status, 200);
      await waitFor(() => w.events.some((e) => e.type === 'ADDED' && e.object.metadata?.name === 'c1'), 15_000, `ADDED c1 with watch=${v}`);
      w.abort();
      await w.closed;
    }
    for (const v of ['False', '0', 'FALSE']) {
      const l = await call('GET', `${CMS}?watch=${v}`);
      assert.equal(l.status, 200, l.text);
      assert.equal((l.body as { kind?: string }).kind, 'ConfigMapList');
    }
  });
});

describe('Status bodies byte for byte (item 17)', () => {
  it('404 NotFound as kube-apiserver writes it', async () => {
    const r = await call('GET', `${CMS}/nope`);
    assert.equal(
      r.text,
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \\"nope\\" not found","reason":"NotFound","details":{"name":"nope","kind":"configmaps"},"code":404}\n',
    );
  });

  it('409 AlreadyExists and a group in details when there is one', async () => {
    const r = await call('POST', CMS, cm('c1'));
    assert.equal(
      r.text,
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \\"c1\\" already exists","reason":"AlreadyExists","details":{"name":"c1","kind":"configmaps"},"code":409}\n',
    );
    const d = await call('GET', '/apis/apps/v1/namespaces/default/deployments/nope');
    assert.equal(
      d.text,
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \\"nope\\" not found","reason":"NotFound","details":{"name":"nope","group":"apps","kind":"deployments"},"code":404}\n',
    );
  });

  it('a finished delete answers the Status the upstream store returns (no code, no empty group)', async () => {
    const created = await call('POST', CMS, cm('to-delete'));
    const uid = (created.body as { metadata?: { uid?: string } }).metadata?.uid;
    const r = await call('DELETE', `${CMS}/to-delete`);
    assert.equal(r.status, 200);
    assert.equal(
      r.text,
      `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"name":"to-delete","kind":"configmaps","uid":"${uid}"}}\n`,
    );
  });

  it('422 Invalid: details before code, causes as reason, message, field', async () => {
    const r = await call('POST', CMS, cm('Bad_Name'));
    assert.equal(r.status, 422);
    assert.ok(r.text.endsWith('\n'));
    assert.deepEqual(Object.keys(JSON.parse(r.text) as object), [
      'kind',
      'apiVersion',
      'metadata',
      'status',
      'message',
      'reason',
      'details',
      'code',
    ]);
    assert.deepEqual(Object.keys(r.body.details?.causes?.[0] ?? {}), ['reason', 'message', 'field']);
  });
});

describe('URLs, headers and options at upstream sizes (item 18)', () => {
  it('a bad percent escape in the path is a 400 Status', async () => {
    const r = await rawRequest('GET', `${CMS}/%zz`, { accept: 'application/json' });
    assertStatus(r, 400, 'BadRequest');
  });

  it('a 20 KB label selector and a 200 KB URL are served, not 431', async () => {
    const values = Array.from({ length: 3000 }, (_, i) => `v${i}`).join(',');
    const r = await call('GET', `${CMS}?labelSelector=${encodeURIComponent(`k in (${values})`)}`);
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.deepEqual(r.body.items, []);
    const big = await call('GET', `${CMS}?labelSelector=${encodeURIComponent(`k notin (${values})`)}&pad=${'p'.repeat(200_000)}`);
    assert.equal(big.status, 200, big.text.slice(0, 300));
    const k = await t.kubectl(['get', 'configmaps', '-n', 'default', '-l', `k notin (${values})`, '-o', 'name']);
    assert.equal(k.code, 0, k.stderr);
    assert.match(k.stdout, /configmap\/c1/);
  });

  it('fieldManager longer than 128 bytes is 422 on the request options', async () => {
    const long = 'm'.repeat(129);
    const c = await call('POST', `${CMS}?fieldManager=${long}`, cm('fm-long'));
    assertStatus(c, 422, 'Invalid');
    assert.equal(c.body.message, 'CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: must have at most 128 bytes');
    assert.deepEqual(c.body.details?.causes, [
      { reason: 'FieldValueTooLong', message: 'Too long: must have at most 128 bytes', field: 'fieldManager' },
    ]);
    assertStatus(await call('GET', `${CMS}/fm-long`), 404, 'NotFound');
    const p = await call('PATCH', `${CMS}/c1?fieldManager=${long}`, '{"data":{"b":"2"}}', {
      'content-type': 'application/merge-patch+json',
    });
    assertStatus(p, 422, 'Invalid');
    assert.match(p.body.message ?? '', /^PatchOptions\.meta\.k8s\.io "" is invalid/);
    const u = await call('PUT', `${CMS}/c1?fieldManager=${long}`, cm('c1'));
    assert.match(u.body.message ?? '', /^UpdateOptions\.meta\.k8s\.io "" is invalid/);
    assert.equal((await call('POST', `${CMS}?fieldManager=${'m'.repeat(128)}`, cm('fm-ok'))).status, 201);
  });

  it('DELETE on the namespaces collection is 405 MethodNotAllowed and deletes nothing', async () => {
    assert.equal((await call('POST', '/api/v1/namespaces', { metadata: { name: 'keep-me' } })).status, 201);
    const r = await call('DELETE', '/api/v1/namespaces');
    assert.equal(
      r.text,
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server does not allow this method on the requested resource","reason":"MethodNotAllowed","details":{},"code":405}\n',
    );
    const ns = await call('GET', '/api/v1/namespaces/keep-me');
    assert.equal(ns.status, 200);
    assert.equal((ns.body as { metadata?: { deletionTimestamp?: string } }).metadata?.deletionTimestamp, undefined);
    const disc = (await call('GET', '/api/v1')).body as unknown as { resources: { name: string; verbs: string[] }[] };
    assert.ok(!disc.resources.find((x) => x.name === 'namespaces')!.verbs.includes('deletecollection'));
  });
});
