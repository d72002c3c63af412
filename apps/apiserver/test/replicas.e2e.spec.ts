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
});
after(async () => {
  for (const p of procs) await p.kill('SIGKILL');
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

/** Collects `type:rv:name` of every event of an HTTP watch until stopped. */
function collect(url: string, path: string): { events: string[]; stop: () => void; ready: Promise<void> } {
  const events: string[] = [];
  let buf = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  const req = http.get(`${url}${path}`, (res) => {
    onReady();
    res.on('data', (c: Buffer) => {
      buf += c.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const ev = JSON.parse(buf.slice(0, nl)) as { type: string; object: { metadata: { name: string; resourceVersion: string } } };
        buf = buf.slice(nl + 1);
        events.push(`${ev.type}:${ev.object.metadata.resourceVersion}:${ev.object.metadata.name}`);
      }
    });
  });
  req.on('error', () => undefined);
  return { events, stop: () => req.destroy(), ready };
}

describe('several apiserver processes on one database', () => {
  it('K writers on two replicas; watchers on both see the same gapless, ordered history', async () => {
    const a = await spawnApiServerProcess(db.url);
    const b = await spawnApiServerProcess(db.url);
    procs.push(a, b);
    await send(a.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'race' } });
    const list = await send(b.url, 'GET', '/api/v1/namespaces/race/configmaps');
    const from = (list.json['metadata'] as { resourceVersion: string }).resourceVersion;
    const watchers = [a, b, a, b].map((p) => collect(p.url, `/api/v1/namespaces/race/configmaps?watch=1&resourceVersion=${from}`));
    await Promise.all(watchers.map((w) => w.ready));
    const writers = 8;
    const perWriter = 30;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const target = w % 2 === 0 ? a : b;
        for (let i = 0; i < perWriter; i++) {
          const name = `w${w}-${i % 6}`;
          if (i < 6) {
            assert.equal(
              (await send(target.url, 'POST', '/api/v1/namespaces/race/configmaps', { metadata: { name }, data: { i: '0' } })).status,
              201,
            );
          } else if (i < perWriter - 3) {
            const put = await fetch(`${target.url}/api/v1/namespaces/race/configmaps/${name}`, {
              method: 'PATCH',
              headers: { 'content-type': 'application/merge-patch+json' },
              body: JSON.stringify({ data: { i: String(i) } }),
            });
            assert.equal(put.status, 200);
          } else {
            assert.equal((await send(target.url, 'DELETE', `/api/v1/namespaces/race/configmaps/${name}`)).status, 200);
          }
        }
      }),
    );
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const rows = (
      await client.query<{ rv: string; type: number; name: string }>(
        "SELECT rv::text, type, name FROM events WHERE resource = 'configmaps' AND namespace = 'race' AND rv > $1 ORDER BY events.rv",
        [from],
      )
    ).rows;
    await client.end();
    const types = ['', 'ADDED', 'MODIFIED', 'DELETED'];
    const expected = rows.map((r) => `${types[r.type]}:${r.rv}:${r.name}`);
    assert.ok(expected.length > writers * 6 * 2);
    for (let i = 0; i < 100 && watchers.some((w) => w.events.length < expected.length); i++) await new Promise((r) => setTimeout(r, 100));
    for (const w of watchers) {
      w.stop();
      const firstDiff = w.events.findIndex((e, i) => e !== expected[i]);
      assert.deepEqual(
        w.events,
        expected,
        `watcher got ${w.events.length} events, history has ${expected.length}; first difference at ${firstDiff}: ${w.events[firstDiff]} vs ${expected[firstDiff]}`,
      );
    }
  });

  it('a write acknowledged to the client survives kill -9 of the server and a restart', async () => {
    const p = await spawnApiServerProcess(db.url);
    procs.push(p);
    await send(p.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'crash' } });
    const acked: string[] = [];
    let stop = false;
    const storm = Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; !stop; i++) {
          try {
            const r = await send(p.url, 'POST', '/api/v1/namespaces/crash/configmaps', { metadata: { name: `c-${w}-${i}` } });
            if (r.status === 201) acked.push(`c-${w}-${i}`);
          } catch {
            return; // the server is gone
          }
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 700));
    await p.kill('SIGKILL');
    stop = true;
    await storm;
    assert.ok(acked.length > 10, `only ${acked.length} writes acknowledged`);
    const again = await spawnApiServerProcess(db.url);
    procs.push(again);
    const list = await send(again.url, 'GET', '/api/v1/namespaces/crash/configmaps');
    const names = new Set((list.json['items'] as Array<{ metadata: { name: string } }>).map((i) => i.metadata.name));
    for (const n of acked) assert.ok(names.has(n), `acknowledged ${n} was lost`);
  });
});
