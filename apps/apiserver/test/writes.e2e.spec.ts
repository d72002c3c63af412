import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { spawnApiServerProcess, type ApiServerProcess } from '../../../testing/apiserver.process.js';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.js';

interface Meta {
  name: string;
  namespace?: string;
  resourceVersion: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface Obj {
  kind?: string;
  metadata: Meta;
  data?: Record<string, string>;
  reason?: string;
  message?: string;
  items?: Obj[];
  code?: number;
}
interface WatchEvent {
  type: string;
  object: Obj;
}

let db: TestDatabase;
let a: ApiServerProcess;
let b: ApiServerProcess;
let sql: pg.Client;

before(async () => {
  db = await createTestDatabase();
  [a, b] = await Promise.all([spawnApiServerProcess(db.url), spawnApiServerProcess(db.url)]);
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  for (const ns of ['race', 'nul', 'batch']) {
    const r = await send(a.url, 'POST', '/api/v1/namespaces', { metadata: { name: ns } });
    assert.equal(r.status, 201);
  }
});
after(async () => {
  await sql?.end();
  await a?.kill('SIGKILL');
  await b?.kill('SIGKILL');
  await db?.drop();
});

/** Sends a body as raw JSON text, so escapes such as \u0000 and \ud800 reach the server as written. */
async function send(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  rawBody?: string,
): Promise<{ status: number; json: Obj; text: string }> {
  const payload = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  const r = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: payload,
    signal: AbortSignal.timeout(20_000),
  });
  const text = await r.text();
  return { status: r.status, json: JSON.parse(text) as Obj, text };
}

/** An HTTP watch whose events are collected as they arrive. */
function watch(url: string, path: string): { events: WatchEvent[]; stop: () => void; ready: Promise<void> } {
  const events: WatchEvent[] = [];
  let buf = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  const req = http.get(`${url}${path}`, (res) => {
    onReady();
    res.setEncoding('utf8');
    res.on('data', (c: string) => {
      buf += c;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        events.push(JSON.parse(buf.slice(0, nl)) as WatchEvent);
        buf = buf.slice(nl + 1);
      }
    });
  });
  req.on('error', () => undefined);
  return { events, stop: () => req.destroy(), ready };
}

async function untilSql(what: string, query: string): Promise<void> {
  const end = Date.now() + 15_000;
  for (;;) {
    const r = await sql.query<{ n: number }>(query);
    if ((r.rows[0]?.n ?? 0) > 0) return;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('an unconditional delete racing a write', () => {
  it('the DELETED event carries the object as deleted: a label-selector watch on the deleting replica keeps nothing', async () => {
    // The delete reads the object outside the selector; a relabel into the selector commits before
    // the delete does. Its DELETED event must carry the deleted row (inside the selector), or the
    // watcher, which saw the object enter, never sees it go.
    const rowLock = new pg.Client({ connectionString: db.url });
    await rowLock.connect();
    const rowLockPid = (await rowLock.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const start = await send(a.url, 'GET', '/api/v1/namespaces/race/configmaps');
    const w = watch(
      a.url,
      `/api/v1/namespaces/race/configmaps?watch=1&labelSelector=app%3Dx&resourceVersion=${start.json.metadata.resourceVersion}`,
    );
    await w.ready;
    const rounds = 8;
    try {
      for (let i = 0; i < rounds; i++) {
        const name = `d-${i}`;
        const created = await send(a.url, 'POST', '/api/v1/namespaces/race/configmaps', {
          metadata: { name, labels: { app: 'y' } },
          data: { k: 'v' },
        });
        assert.equal(created.status, 201);
        // Another writer moves the object into the selector. Its transaction holds the write lock
        // until the DELETE below has read the object (labels app=y) and waits for that lock.
        const { resourceVersion, ...meta } = created.json.metadata;
        const relabelled = { ...created.json, metadata: { ...meta, labels: { app: 'x' } } };
        await sql.query('BEGIN');
        await sql.query('SELECT kop_write($1::jsonb)', [
          JSON.stringify([
            { op: 'update', resource: 'configmaps', namespace: 'race', name, expectRv: Number(resourceVersion), data: relabelled },
          ]),
        ]);
        const del = send(a.url, 'DELETE', `/api/v1/namespaces/race/configmaps/${name}`);
        await untilSql(
          'the DELETE waiting for the write lock',
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        );
        // A third session queues for the row first, so that after the relabel commits the delete
        // waits for the row until the replica has seen the relabel: its own DELETED event then
        // continues the stream and is delivered without a read of the history table.
        await rowLock.query('BEGIN');
        const locked = rowLock.query(
          "SELECT 1 FROM objects WHERE resource = 'configmaps' AND namespace = 'race' AND name = $1 FOR UPDATE",
          [name],
        );
        await untilSql(
          'the row lock queued',
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ${rowLockPid} AND wait_event_type = 'Lock'`,
        );
        await sql.query('COMMIT');
        await locked;
        await until(`${name} entering the selector`, () => w.events.some((e) => e.object.metadata.name === name));
        await rowLock.query('COMMIT');
        const gone = await del;
        assert.equal(gone.status, 200, gone.text);
      }
      // A sentinel proves the watch has caught up with everything before it.
      assert.equal(
        (await send(a.url, 'POST', '/api/v1/namespaces/race/configmaps', { metadata: { name: 'sentinel', labels: { app: 'x' } } })).status,
        201,
      );
      await until('the sentinel on the watch', () => w.events.some((e) => e.object.metadata.name === 'sentinel'));
    } finally {
      w.stop();
      await rowLock.end();
    }
    const live = new Set<string>();
    for (const e of w.events) {
      if (e.type === 'DELETED') live.delete(e.object.metadata.name);
      else live.add(e.object.metadata.name);
    }
    assert.deepEqual([...live], ['sentinel'], `the watch still holds deleted objects: ${[...live].join(', ')}`);
    for (let i = 0; i < rounds; i++) {
      const mine = w.events
        .filter((e) => e.object.metadata.name === `d-${i}`)
        .map((e) => `${e.type} app=${e.object.metadata.labels?.['app']}`);
      assert.deepEqual(mine, ['ADDED app=x', 'DELETED app=x'], `d-${i}`);
    }
  });
});

describe('strings PostgreSQL jsonb rejects', () => {
  // As upstream: U+0000 is kept; a lone surrogate is replaced by U+FFFD when the body is decoded.
  const RAW = String.raw`{"metadata":{"name":"NAME","labels":{"app":"nul"},"annotations":{"a":"x\u0000y","lone":"p\ud800q"}},"data":{"k":"\u0000","pair":"\ud83d\ude00","lone-low":"\udc00"}}`;
  const ANNOTATIONS = { a: 'x\u0000y', lone: 'p\uFFFDq' };
  const DATA = { k: '\u0000', pair: '\u{1F600}', 'lone-low': '\uFFFD' };
  function check(o: Obj | undefined, where: string): void {
    assert.ok(o, `${where}: missing`);
    assert.deepEqual(o.metadata.annotations, ANNOTATIONS, `${where}: annotations`);
    assert.deepEqual(o.data, DATA, `${where}: data`);
  }

  it('are stored and returned as upstream does, by create, get, lists, paged lists, watches on both replicas and selectors', async () => {
    const start = await send(b.url, 'GET', '/api/v1/namespaces/nul/configmaps');
    const rv0 = start.json.metadata.resourceVersion;
    const wa = watch(a.url, `/api/v1/namespaces/nul/configmaps?watch=1&resourceVersion=${rv0}`);
    const wb = watch(b.url, `/api/v1/namespaces/nul/configmaps?watch=1&labelSelector=app%3Dnul&resourceVersion=${rv0}`);
    await Promise.all([wa.ready, wb.ready]);
    for (const name of ['s1', 's2', 's3']) {
      const r = await send(a.url, 'POST', '/api/v1/namespaces/nul/configmaps', undefined, RAW.replace('NAME', name));
      assert.equal(r.status, 201, r.text);
      check(r.json, `create ${name}`);
    }
    // An update keeps the strings (the stored object is read back and written again).
    const patched = await fetch(`${b.url}/api/v1/namespaces/nul/configmaps/s2`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { labels: { extra: 'yes' } } }),
    });
    assert.equal(patched.status, 200);
    check((await patched.json()) as Obj, 'patch');
    for (const [server, label] of [
      [a, 'A'],
      [b, 'B'],
    ] as const) {
      check((await send(server.url, 'GET', '/api/v1/namespaces/nul/configmaps/s1')).json, `get on ${label}`);
      const list = await send(server.url, 'GET', '/api/v1/namespaces/nul/configmaps?labelSelector=app%3Dnul');
      assert.equal(list.json.items?.length, 3);
      for (const item of list.json.items ?? []) check(item, `list on ${label}`);
      // Paged: the first page from the current rows, the next ones rebuilt from the history rows.
      let cont = '';
      const paged: Obj[] = [];
      do {
        const page = await send(
          server.url,
          'GET',
          `/api/v1/namespaces/nul/configmaps?limit=1${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
        );
        assert.equal(page.status, 200, page.text);
        paged.push(...(page.json.items ?? []));
        cont = (page.json.metadata as Meta & { continue?: string }).continue ?? '';
      } while (cont);
      assert.deepEqual(
        paged.map((o) => o.metadata.name),
        ['s1', 's2', 's3'],
      );
      for (const item of paged) check(item, `paged list on ${label}`);
      const byName = await send(server.url, 'GET', '/api/v1/namespaces/nul/configmaps?fieldSelector=metadata.name%3Ds3');
      assert.deepEqual(
        byName.json.items?.map((o) => o.metadata.name),
        ['s3'],
      );
    }
    assert.equal((await send(a.url, 'DELETE', '/api/v1/namespaces/nul/configmaps/s3')).status, 200);
    // Replica B learns every change from the history table, replica A from its own writes.
    for (const w of [wa, wb]) {
      await until('5 events', () => w.events.length >= 5);
      w.stop();
      assert.deepEqual(
        w.events.map((e) => `${e.type} ${e.object.metadata.name}`),
        ['ADDED s1', 'ADDED s2', 'ADDED s3', 'MODIFIED s2', 'DELETED s3'],
      );
      for (const e of w.events) check(e.object, `watch event ${e.type} ${e.object.metadata.name}`);
    }
    // A fresh process: its cache starts from the rows, and its watch from an old version replays the history table.
    const c = await spawnApiServerProcess(db.url);
    try {
      const wc = watch(c.url, `/api/v1/namespaces/nul/configmaps?watch=1&resourceVersion=${rv0}`);
      await until('replayed events', () => wc.events.length >= 5);
      wc.stop();
      for (const e of wc.events) check(e.object, `replayed ${e.type} ${e.object.metadata.name}`);
      check((await send(c.url, 'GET', '/api/v1/namespaces/nul/configmaps?resourceVersion=0')).json.items?.[0], 'list from a fresh cache');
    } finally {
      await c.kill('SIGKILL');
    }
  });

  it('names: a lone surrogate becomes U+FFFD as upstream; U+0000, which no key column can hold, is refused as Invalid', async () => {
    const lone = await send(
      a.url,
      'POST',
      '/api/v1/namespaces/nul/events',
      undefined,
      String.raw`{"metadata":{"name":"ev\ud800"},"involvedObject":{"namespace":"nul"},"reason":"r"}`,
    );
    assert.equal(lone.status, 201, lone.text);
    assert.equal(lone.json.metadata.name, 'ev\uFFFD');
    const got = await send(b.url, 'GET', `/api/v1/namespaces/nul/events/${encodeURIComponent('ev\uFFFD')}`);
    assert.equal(got.status, 200, got.text);
    const nul = await send(
      a.url,
      'POST',
      '/api/v1/namespaces/nul/events',
      undefined,
      String.raw`{"metadata":{"name":"ev\u0000"},"involvedObject":{"namespace":"nul"},"reason":"r"}`,
    );
    assert.equal(nul.status, 422, nul.text);
    assert.equal(nul.json.kind, 'Status');
    assert.equal(nul.json.reason, 'Invalid');
    const missing = await send(a.url, 'GET', '/api/v1/namespaces/nul/events/ev%00');
    assert.equal(missing.status, 404, missing.text);
  });

  it('field selectors match the original strings (core/v1 Event reason)', async () => {
    const ev = String.raw`{"metadata":{"name":"e1"},"involvedObject":{"kind":"ConfigMap","namespace":"nul","name":"s1"},"reason":"Bad\u0000Reason","message":"m\u0000"}`;
    const r = await send(a.url, 'POST', '/api/v1/namespaces/nul/events', undefined, ev);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.reason, 'Bad\u0000Reason');
    for (const server of [a, b]) {
      const hit = await send(
        server.url,
        'GET',
        `/api/v1/namespaces/nul/events?fieldSelector=${encodeURIComponent('reason=Bad\u0000Reason')}`,
      );
      assert.equal(hit.status, 200, hit.text);
      assert.deepEqual(
        hit.json.items?.map((o) => o.message),
        ['m\u0000'],
      );
      const miss = await send(
        server.url,
        'GET',
        `/api/v1/namespaces/nul/events?fieldSelector=${encodeURIComponent('reason=Bad\uFFFDReason')}`,
      );
      assert.deepEqual(miss.json.items, []);
    }
  });
});

describe('batched writes succeed or fail alone', () => {
  it('concurrent writers batched with writes holding U+0000 and lone surrogates all succeed', async () => {
    const rounds = 3;
    const per = 60;
    let statuses: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const res = await Promise.all(
        Array.from({ length: per }, (_, i) => {
          const name = `r${round}-${i}`;
          return i % 3 === 0
            ? send(a.url, 'POST', '/api/v1/namespaces/batch/configmaps', undefined, RAW_BATCH.replace('NAME', name))
            : send(a.url, 'POST', '/api/v1/namespaces/batch/configmaps', { metadata: { name }, data: { i: String(i) } });
        }),
      );
      statuses = statuses.concat(res.map((r) => r.status));
    }
    assert.deepEqual(
      statuses.filter((s) => s !== 201),
      [],
      'every create succeeds',
    );
    const list = await send(b.url, 'GET', '/api/v1/namespaces/batch/configmaps');
    assert.equal(list.json.items?.length, rounds * per);
    const odd = (list.json.items ?? []).filter((o) => o.data?.['v'] !== undefined);
    assert.equal(odd.length, rounds * (per / 3));
    for (const o of odd) assert.equal(o.data?.['v'], 'a\u0000b\uFFFD');
  });
});

const RAW_BATCH = String.raw`{"metadata":{"name":"NAME"},"data":{"v":"a\u0000b\udbff"}}`;
