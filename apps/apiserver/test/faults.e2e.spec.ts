import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { spawnApiServerProcess, type ApiServerProcess } from '../../../testing/apiserver.process.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../../../testing/test-database.js';

/**
 * Faults of the database under a running system: the apiserver's PostgreSQL connections are
 * terminated (pg_terminate_backend) or refused while clients write, page through lists and watch on
 * two replicas. Nothing acknowledged may be lost, every watch stream must equal the table history,
 * failures must be retriable Statuses (503/504), and no process may die.
 */

interface Meta {
  name: string;
  resourceVersion: string;
  continue?: string;
}
interface Obj {
  kind?: string;
  metadata: Meta;
  items?: Obj[];
  reason?: string;
  code?: number;
  details?: { retryAfterSeconds?: number };
}
interface Reply {
  status: number;
  json: Obj;
  retryAfter: string | null;
}

let db: TestDatabase;
let dbName: string;
let sql: pg.Client;
const procs: ApiServerProcess[] = [];

before(async () => {
  db = await createTestDatabase();
  dbName = new URL(db.url).pathname.slice(1);
  sql = new pg.Client({ connectionString: db.url, application_name: 'kop-fault-test' });
  await sql.connect();
});
after(async () => {
  await sql?.end();
  for (const p of procs) await p.kill('SIGKILL');
  await db?.drop();
});

async function send(url: string, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Reply> {
  const r = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': contentType, accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await r.text();
  return { status: r.status, json: JSON.parse(text) as Obj, retryAfter: r.headers.get('retry-after') };
}

/** Terminates every connection the apiservers hold on the test database; returns how many. */
async function terminateBackends(): Promise<number> {
  const r = await sql.query<{ n: number }>(
    "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name LIKE 'kube-on-postgres%'",
    [dbName],
  );
  return r.rows[0]?.n ?? 0;
}

/** Terminates the apiservers' connections every `everyMs` until `deadline` (or stopped); resolves to how many. */
function chaos(everyMs: number, deadline: number): { stop: () => Promise<number> } {
  let stopped = false;
  let total = 0;
  const loop = (async () => {
    while (!stopped && Date.now() < deadline) {
      total += await terminateBackends();
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return total;
    },
  };
}

function alive(p: ApiServerProcess): boolean {
  return p.child.exitCode === null && p.child.signalCode === null;
}

interface Stream {
  events: string[];
  ended: string[];
  stop: () => void;
  ready: Promise<void>;
}

/** An HTTP watch that resumes from its last resourceVersion whenever its stream ends. */
function watchForever(url: string, path: string, fromRv: string): Stream {
  const s: Stream = { events: [], ended: [], stop: () => undefined, ready: Promise.resolve() };
  let stopped = false;
  let req: http.ClientRequest | undefined;
  let last = fromRv;
  let first = true;
  let onReady: () => void = () => undefined;
  s.ready = new Promise<void>((r) => (onReady = r));
  const open = (): void => {
    if (stopped) return;
    let buf = '';
    req = http.get(`${url}${path}&resourceVersion=${last}`, (res) => {
      if (first) {
        first = false;
        onReady();
      }
      if (res.statusCode !== 200) s.ended.push(`HTTP ${res.statusCode}`);
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buf += c;
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const ev = JSON.parse(buf.slice(0, nl)) as { type: string; object: Obj };
          buf = buf.slice(nl + 1);
          if (ev.type === 'ERROR') {
            s.ended.push(`ERROR ${JSON.stringify(ev.object)}`);
            continue;
          }
          last = ev.object.metadata.resourceVersion;
          s.events.push(`${ev.type}:${last}:${ev.object.metadata.name}`);
        }
      });
      res.on('end', () => {
        if (!stopped) {
          s.ended.push('stream ended');
          setTimeout(open, 100);
        }
      });
    });
    req.on('error', () => {
      if (!stopped) setTimeout(open, 100);
    });
  };
  open();
  s.stop = () => {
    stopped = true;
    req?.destroy();
  };
  return s;
}

const TYPES = ['', 'ADDED', 'MODIFIED', 'DELETED'];

/** The table history of a namespace's ConfigMaps after `fromRv`, as watch events. */
async function history(namespace: string, fromRv: string): Promise<Array<{ rv: number; type: string; name: string }>> {
  const rows = await sql.query<{ rv: string; type: number; name: string }>(
    "SELECT rv::text, type, name FROM events WHERE resource = 'configmaps' AND namespace = $1 AND rv > $2 ORDER BY events.rv",
    [namespace, fromRv],
  );
  return rows.rows.map((r) => ({ rv: Number(r.rv), type: TYPES[r.type]!, name: r.name }));
}

describe('database faults', () => {
  it('a database that refuses connections gives retriable 503 Statuses; the apiserver survives and catches up', async () => {
    const a = await spawnApiServerProcess(db.url);
    procs.push(a);
    assert.equal((await send(a.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'down' } })).status, 201);
    for (let i = 0; i < 3; i++) {
      assert.equal((await send(a.url, 'POST', '/api/v1/namespaces/down/configmaps', { metadata: { name: `c${i}` } })).status, 201);
    }
    const rv0 = (await send(a.url, 'GET', '/api/v1/namespaces/down/configmaps')).json.metadata.resourceVersion;
    const w = watchForever(a.url, '/api/v1/namespaces/down/configmaps?watch=1', rv0);
    await w.ready;
    const admin = new pg.Client({ connectionString: testServerUrl() });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${dbName} WITH ALLOW_CONNECTIONS false`);
      await terminateBackends();
      // pg_terminate_backend only signals: wait until the backends are gone.
      for (let i = 0; i < 200; i++) {
        const left = await sql.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'kube-on-postgres%'",
          [dbName],
        );
        if (left.rows[0]?.n === 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const paged = await send(a.url, 'GET', '/api/v1/namespaces/down/configmaps?limit=2');
      const write = await send(a.url, 'POST', '/api/v1/namespaces/down/configmaps', { metadata: { name: 'during' } });
      const get = await send(a.url, 'GET', '/api/v1/namespaces/down/configmaps/c1');
      for (const [what, r] of [
        ['paged list', paged],
        ['create', write],
        ['get', get],
      ] as const) {
        assert.equal(r.status, 503, `${what}: ${JSON.stringify(r.json)}`);
        assert.equal(r.json.kind, 'Status');
        assert.equal(r.json.reason, 'ServiceUnavailable', what);
        assert.equal(r.json.details?.retryAfterSeconds, 1, what);
        assert.equal(r.retryAfter, '1', what);
      }
      assert.ok(alive(a), 'the apiserver died');
    } finally {
      await admin.query(`ALTER DATABASE ${dbName} WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    // Back: the write goes through (nothing of the refused one was stored) and the open watch sees it.
    const again = await send(a.url, 'POST', '/api/v1/namespaces/down/configmaps', { metadata: { name: 'during' } });
    assert.equal(again.status, 201, JSON.stringify(again.json));
    for (let i = 0; i < 300 && !w.events.some((e) => e.endsWith(':during')); i++) await new Promise((r) => setTimeout(r, 50));
    w.stop();
    assert.deepEqual(w.events, [`ADDED:${again.json.metadata.resourceVersion}:during`]);
    assert.ok(alive(a));
    await a.kill('SIGKILL');
  });

  it('connections terminated under paged lists: every page is 200 or a 503 Status, and the process lives', async (t) => {
    const a = await spawnApiServerProcess(db.url);
    procs.push(a);
    assert.equal((await send(a.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'pages' } })).status, 201);
    for (let i = 0; i < 200; i += 20) {
      const batch = Array.from({ length: 20 }, (_, j) =>
        send(a.url, 'POST', '/api/v1/namespaces/pages/configmaps', { metadata: { name: `p${String(i + j).padStart(3, '0')}` } }),
      );
      for (const r of await Promise.all(batch)) assert.equal(r.status, 201);
    }
    const statuses = new Map<number, number>();
    let complete = 0;
    const deadline = Date.now() + 4000;
    const killer = chaos(30, deadline);
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (Date.now() < deadline && alive(a)) {
          let cont = '';
          let names: string[] = [];
          for (;;) {
            const r = await send(
              a.url,
              'GET',
              `/api/v1/namespaces/pages/configmaps?limit=15${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
            ).catch(() => undefined);
            if (!r) return; // the server is gone: asserted below
            statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
            if (r.status !== 200) {
              assert.equal(r.status, 503, JSON.stringify(r.json));
              assert.equal(r.json.reason, 'ServiceUnavailable');
              assert.equal(r.retryAfter, '1');
              // As client-go does on Retry-After: the same page again.
              await new Promise((res) => setTimeout(res, 50));
              continue;
            }
            names = names.concat((r.json.items ?? []).map((o) => o.metadata.name));
            cont = r.json.metadata.continue ?? '';
            if (!cont) {
              assert.equal(names.length, 200);
              complete++;
              break;
            }
          }
        }
      }),
    );
    const terminated = await killer.stop();
    t.diagnostic(
      `terminated ${terminated} connections; pages by status ${JSON.stringify(Object.fromEntries(statuses))}; ${complete} paged lists completed`,
    );
    assert.ok(alive(a), `the apiserver died (exit ${a.child.exitCode}, signal ${a.child.signalCode})`);
    assert.ok(terminated > 20, `only ${terminated} connections terminated`);
    assert.ok(complete > 0, 'no paged list completed');
    assert.deepEqual(
      [...statuses.keys()].filter((s) => s !== 200 && s !== 503),
      [],
    );
    assert.equal((await send(a.url, 'GET', '/api/v1/namespaces/pages/configmaps?limit=1')).status, 200);
    await a.kill('SIGKILL');
  });

  it('connections terminated under writes, paged lists and watches on two replicas: the exact history survives', async (t) => {
    const [a, b] = await Promise.all([spawnApiServerProcess(db.url), spawnApiServerProcess(db.url)]);
    procs.push(a, b);
    const replicas = [a, b];
    assert.equal((await send(a.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'chaos' } })).status, 201);
    const rv0 = (await send(b.url, 'GET', '/api/v1/namespaces/chaos/configmaps')).json.metadata.resourceVersion;
    const watchers = [a, b, a, b].map((p) => watchForever(p.url, '/api/v1/namespaces/chaos/configmaps?watch=1', rv0));
    await Promise.all(watchers.map((w) => w.ready));

    const acked: Array<{ type: string; rv?: number; name: string }> = [];
    const unexpected: string[] = [];
    const pagedLists: Array<{ rv: number; names: string[] }> = [];
    const tally = new Map<number, number>();
    const record = (what: string, r: Reply, ok: number[]): boolean => {
      tally.set(r.status, (tally.get(r.status) ?? 0) + 1);
      if (ok.includes(r.status)) return true;
      // Retriable losses are allowed; a 404/409 may follow a write whose outcome was unknown (504).
      if ([503, 504, 404, 409].includes(r.status) && r.json.kind === 'Status') return false;
      unexpected.push(`${what}: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
      return false;
    };
    const deadline = Date.now() + 8000;
    const killer = chaos(150, deadline);
    const writers = Array.from({ length: 6 }, async (_, w) => {
      const p = replicas[w % 2]!;
      for (let k = 0; Date.now() < deadline; k++) {
        const name = `w${w}-${k}`;
        const c = await send(p.url, 'POST', '/api/v1/namespaces/chaos/configmaps', { metadata: { name }, data: { v: '0' } });
        if (record(`create ${name}`, c, [201])) acked.push({ type: 'ADDED', rv: Number(c.json.metadata.resourceVersion), name });
        const u = await send(
          p.url,
          'PATCH',
          `/api/v1/namespaces/chaos/configmaps/${name}`,
          { data: { v: '1' } },
          'application/merge-patch+json',
        );
        if (record(`patch ${name}`, u, [200])) acked.push({ type: 'MODIFIED', rv: Number(u.json.metadata.resourceVersion), name });
        if (k % 2 === 0) {
          const d = await send(p.url, 'DELETE', `/api/v1/namespaces/chaos/configmaps/${name}`);
          if (record(`delete ${name}`, d, [200])) acked.push({ type: 'DELETED', name });
        }
      }
    });
    const listers = Array.from({ length: 2 }, async (_, l) => {
      const p = replicas[l % 2]!;
      while (Date.now() < deadline) {
        let cont = '';
        let rv = 0;
        const names: string[] = [];
        for (;;) {
          const r = await send(
            p.url,
            'GET',
            `/api/v1/namespaces/chaos/configmaps?limit=7${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
          );
          if (!record('paged list', r, [200])) {
            // As client-go does on Retry-After: the same page again.
            await new Promise((res) => setTimeout(res, 50));
            continue;
          }
          rv ||= Number(r.json.metadata.resourceVersion);
          names.push(...(r.json.items ?? []).map((o) => o.metadata.name));
          cont = r.json.metadata.continue ?? '';
          if (!cont) {
            pagedLists.push({ rv, names });
            break;
          }
        }
      }
    });
    await Promise.all([...writers, ...listers]);
    const terminated = await killer.stop();
    t.diagnostic(
      `terminated ${terminated} connections; responses by status ${JSON.stringify(Object.fromEntries(tally))}; ${acked.length} writes acknowledged; ${pagedLists.length} paged lists completed`,
    );
    assert.ok(a.child.exitCode === null && b.child.exitCode === null, 'an apiserver died');
    assert.deepEqual(unexpected, [], 'only retriable failures are allowed');
    assert.ok(terminated > 20, `only ${terminated} connections terminated`);

    const table = await history('chaos', rv0);
    const expected = table.map((e) => `${e.type}:${e.rv}:${e.name}`);
    assert.ok(acked.length > 30, `only ${acked.length} writes acknowledged`);
    // Every acknowledged write is in the history, at the version the client was given.
    const byRv = new Map(table.map((e) => [e.rv, e]));
    for (const ack of acked) {
      if (ack.rv !== undefined) {
        assert.deepEqual(
          byRv.get(ack.rv),
          { rv: ack.rv, type: ack.type, name: ack.name },
          `acknowledged ${ack.type} ${ack.name}@${ack.rv}`,
        );
      } else {
        assert.ok(
          table.some((e) => e.type === 'DELETED' && e.name === ack.name),
          `acknowledged delete of ${ack.name}`,
        );
      }
    }
    // Every completed paged list is the state of the table at the list's version.
    assert.ok(pagedLists.length > 0, 'no paged list completed');
    for (const pl of pagedLists) {
      const live = new Map<string, string>();
      for (const e of table) if (e.rv <= pl.rv) live.set(e.name, e.type);
      const want = [...live]
        .filter(([, t]) => t !== 'DELETED')
        .map(([n]) => n)
        .sort();
      assert.deepEqual([...pl.names].sort(), want, `paged list at ${pl.rv}`);
    }
    // Each watcher's stream is gapless, ordered and equal to the table history.
    for (let i = 0; i < 400 && watchers.some((w) => w.events.length < expected.length); i++) await new Promise((r) => setTimeout(r, 50));
    for (const [i, w] of watchers.entries()) {
      w.stop();
      const firstDiff = w.events.findIndex((e, j) => e !== expected[j]);
      assert.deepEqual(
        w.events,
        expected,
        `watcher ${i} (${w.ended.join('; ') || 'never ended'}): ${w.events.length} events, history ${expected.length}; first difference at ${firstDiff}: ${w.events[firstDiff]} vs ${expected[firstDiff]}`,
      );
    }
  });
});
