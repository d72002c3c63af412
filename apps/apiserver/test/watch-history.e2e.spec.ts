import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ServerConfig } from '../src/config/server.config.js';
import { createApiServer, type ApiServer } from '../src/server.js';
import { Database } from '../src/storage/postgres/database.js';
import { PostgresStore } from '../src/storage/postgres/postgres.store.js';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';

let t: TestServer;
const closers: Array<() => Promise<void>> = [];

before(async () => {
  // Compaction only when a test asks for it.
  t = await startTestServer({ retentionSeconds: 3600, compactionIntervalSeconds: 3600 });
});
after(async () => {
  for (const c of closers.reverse()) await c();
  await t.stop();
});

async function send(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': contentType },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

const rvOf = (r: { json: Record<string, unknown> }) => Number((r.json['metadata'] as { resourceVersion: string }).resourceVersion);

/** Reads `n` events of an HTTP watch (or what came in `ms`), as `TYPE name label`. */
function watchEvents(url: string, path: string, n: number, ms = 15_000): Promise<string[]> {
  return new Promise((resolve) => {
    const out: string[] = [];
    let buf = '';
    const done = () => {
      clearTimeout(timer);
      req.destroy();
      resolve(out);
    };
    const timer = setTimeout(done, ms);
    const req = http.get(`${url}${path}`, (res) => {
      res.on('data', (c: Buffer) => {
        buf += c.toString();
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const ev = JSON.parse(buf.slice(0, nl)) as {
            type: string;
            object: { metadata?: { name?: string; labels?: Record<string, string> }; code?: number };
          };
          buf = buf.slice(nl + 1);
          const o = ev.object;
          out.push(ev.type === 'ERROR' ? `ERROR ${o.code}` : `${ev.type} ${o.metadata?.name} ${o.metadata?.labels?.['app'] ?? '-'}`);
          if (out.length >= n) done();
        }
      });
      res.on('end', done);
    });
    req.on('error', done);
  });
}

describe('watch history', () => {
  it('a selector watch resumed from history older than the replica cache sees objects leave (DELETED) and enter (ADDED)', async () => {
    const base = '/api/v1/namespaces/default/configmaps';
    assert.equal((await send(t.url, 'POST', base, { metadata: { name: 'leaves', labels: { app: 'x' } } })).status, 201);
    assert.equal((await send(t.url, 'POST', base, { metadata: { name: 'enters', labels: { app: 'y' } } })).status, 201);
    const from = rvOf(await send(t.url, 'GET', base));
    const label = (name: string, app: string) =>
      send(t.url, 'PATCH', `${base}/${name}`, { metadata: { labels: { app } } }, 'application/merge-patch+json');
    assert.equal((await label('leaves', 'y')).status, 200);
    assert.equal((await label('enters', 'x')).status, 200);
    assert.equal((await send(t.url, 'PATCH', `${base}/enters`, { data: { k: 'v' } }, 'application/merge-patch+json')).status, 200);
    assert.equal((await label('leaves', 'z')).status, 200); // out of the selector before and after: nothing

    // A second replica starts now: its cache begins after `from`, so the watch is replayed from the table.
    const config = ServerConfig.fromEnv({ DATABASE_URL: t.db.url }, { port: 0, retentionSeconds: 3600, compactionIntervalSeconds: 3600 });
    const replica: ApiServer = await createApiServer(config, { logger: false });
    closers.push(() => replica.close());
    const sel = `labelSelector=${encodeURIComponent('app=x')}`;
    const expected = ['DELETED leaves x', 'ADDED enters x', 'MODIFIED enters x'];
    const replayed = await watchEvents(replica.url, `${base}?watch=1&resourceVersion=${from}&${sel}`, 3);
    assert.deepEqual(replayed, expected);
    // The same as a watch served from the first replica's memory.
    assert.deepEqual(await watchEvents(t.url, `${base}?watch=1&resourceVersion=${from}&${sel}`, 3), expected);
  });

  it('a replica with an older sample cannot move the compaction horizon back', async () => {
    const base = '/api/v1/namespaces/horizon/configmaps';
    assert.equal((await send(t.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'horizon' } })).status, 201);
    for (const n of ['h0', 'h1', 'h2', 'h3']) assert.equal((await send(t.url, 'POST', base, { metadata: { name: n } })).status, 201);
    const low = await t.server.stack.backend.currentRv();
    const page = await send(t.url, 'GET', `${base}?limit=2`);
    const cont = (page.json['metadata'] as { continue: string }).continue;
    const mid = rvOf(page);
    for (const n of ['h2', 'h3'])
      assert.equal((await send(t.url, 'PUT', `${base}/${n}`, { metadata: { name: n }, data: { v: '1' } })).status, 200);
    const high = await t.server.stack.backend.currentRv();
    // This replica compacts to `high`; another one, whose sample is older, then compacts to `low`.
    await t.server.stack.backend.compact(high);
    const otherDb = new Database(t.db.url, 2);
    closers.push(() => otherDb.close());
    await new PostgresStore(otherDb).compact(low);
    assert.equal(await t.server.stack.backend.compactedRv(), high);
    // So versions between the two stay expired instead of being answered from deleted history.
    const stale = await send(t.url, 'GET', `${base}?limit=2&continue=${cont}`);
    assert.equal(stale.status, 410, `continue at ${mid} after compaction to ${high}: ${JSON.stringify(stale.json)}`);
    assert.equal(stale.json['reason'], 'Expired');
    assert.deepEqual(await watchEvents(t.url, `${base}?watch=1&resourceVersion=${mid}`, 1), ['ERROR 410']);
  });
});
