import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { spawnApiServerProcess, type ApiServerProcess } from '../../../testing/apiserver.process.js';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.js';

let db: TestDatabase;
const procs: ApiServerProcess[] = [];

before(async () => {
  db = await createTestDatabase();
  // Both replicas keep two seconds of history and compact every second (inherited by the processes).
  process.env['KOP_HISTORY_RETENTION_SECONDS'] = '2';
  process.env['KOP_COMPACTION_INTERVAL_SECONDS'] = '1';
});
after(async () => {
  for (const p of procs) {
    p.child.kill('SIGCONT');
    await p.kill('SIGKILL');
  }
  await db.drop();
});

async function send(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

interface WatchLine {
  type: string;
  object: { code?: number; reason?: string; message?: string; metadata?: { name?: string } };
}

/** An HTTP watch that records its events and whether the server ended the stream. */
function openWatch(url: string, path: string): { lines: WatchLine[]; ended: Promise<void>; ready: Promise<void>; stop: () => void } {
  const lines: WatchLine[] = [];
  let buf = '';
  let onReady: () => void = () => undefined;
  let onEnd: () => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  const ended = new Promise<void>((r) => (onEnd = r));
  const req = http.get(`${url}${path}`, (res) => {
    onReady();
    res.on('data', (c: Buffer) => {
      buf += c.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        lines.push(JSON.parse(buf.slice(0, nl)) as WatchLine);
        buf = buf.slice(nl + 1);
      }
    });
    res.on('end', onEnd);
    res.on('close', onEnd);
  });
  req.on('error', onEnd);
  return { lines, ended, ready, stop: () => req.destroy() };
}

async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const names = (list: { json: Record<string, unknown> }) =>
  (list.json['items'] as Array<{ metadata: { name: string } }>).map((i) => i.metadata.name);

describe('a replica stalled longer than the history retention', () => {
  it('re-snapshots on waking: lists drop what was deleted meanwhile, open watches end with 410 Expired', async () => {
    const a = await spawnApiServerProcess(db.url);
    const b = await spawnApiServerProcess(db.url);
    procs.push(a, b);
    assert.equal((await send(a.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'stall' } })).status, 201);
    for (const n of ['keep', 'gone']) {
      assert.equal(
        (await send(a.url, 'POST', '/api/v1/namespaces/stall/configmaps', { metadata: { name: n }, data: { v: '0' } })).status,
        201,
      );
    }
    const seen = await send(b.url, 'GET', '/api/v1/namespaces/stall/configmaps');
    assert.deepEqual(names(seen), ['gone', 'keep']);
    const rv = (seen.json['metadata'] as { resourceVersion: string }).resourceVersion;
    const w = openWatch(b.url, `/api/v1/namespaces/stall/configmaps?watch=1&resourceVersion=${rv}`);
    await within(w.ready, 30_000, 'watch on the replica opens');

    b.child.kill('SIGSTOP');
    assert.equal((await send(a.url, 'DELETE', '/api/v1/namespaces/stall/configmaps/gone')).status, 200);
    const upd = await send(a.url, 'PUT', '/api/v1/namespaces/stall/configmaps/keep', { metadata: { name: 'keep' }, data: { v: '1' } });
    assert.equal(upd.status, 200);
    const lastRv = Number((upd.json['metadata'] as { resourceVersion: string }).resourceVersion);
    // The awake replica compacts past the deletion: its history row is gone.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // The horizon moves first, then the rows below it go: wait for both.
      await until('the awake replica compacts the deletion away', 60_000, async () => {
        const r = await client.query<{ value: string; deleted: number }>(
          "SELECT value::text, (SELECT count(*)::int FROM events WHERE resource = 'configmaps' AND type = 3) AS deleted FROM storage_meta WHERE key = 'compacted'",
        );
        return Number(r.rows[0]?.value ?? 0) >= lastRv && r.rows[0]?.deleted === 0;
      });
    } finally {
      await client.end();
    }
    b.child.kill('SIGCONT');

    await within(w.ended, 30_000, 'the stalled replica ends the open watch');
    const last = w.lines[w.lines.length - 1];
    assert.equal(last?.type, 'ERROR', `events: ${JSON.stringify(w.lines)}`);
    assert.equal(last.object.code, 410);
    assert.equal(last.object.reason, 'Expired');
    assert.match(last.object.message ?? '', /^too old resource version: /);

    const relist = await send(b.url, 'GET', '/api/v1/namespaces/stall/configmaps');
    assert.deepEqual(names(relist), ['keep'], 'the deleted object is not listed by the replica that slept through its deletion');
    const keep = (relist.json['items'] as Array<{ data: { v: string } }>)[0];
    assert.equal(keep?.data.v, '1');
    const cached = await send(b.url, 'GET', '/api/v1/namespaces/stall/configmaps?resourceVersion=0');
    assert.deepEqual(names(cached), ['keep'], 'resourceVersion=0 lists from the rebuilt cache');

    // A watch from the list's version works again and sees new changes.
    const from = (relist.json['metadata'] as { resourceVersion: string }).resourceVersion;
    const w2 = openWatch(b.url, `/api/v1/namespaces/stall/configmaps?watch=1&resourceVersion=${from}`);
    await within(w2.ready, 30_000, 'second watch opens');
    assert.equal((await send(a.url, 'DELETE', '/api/v1/namespaces/stall/configmaps/keep')).status, 200);
    await until('the new watch sees the deletion', 30_000, () => Promise.resolve(w2.lines.length > 0));
    w2.stop();
    assert.equal(w2.lines[0]?.type, 'DELETED');
    assert.equal(w2.lines[0]?.object.metadata?.name, 'keep');
  });
});
