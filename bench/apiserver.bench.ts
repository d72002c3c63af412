import http from 'node:http';
import pg from 'pg';
import { createTestDatabase } from '../testing/test-database.js';
import { percentile, rate, request, spawnApiServer } from './bench.util.js';

/**
 * Issue "Foundation" figures, measured in one run on this machine:
 *  - ConfigMap creates/s over HTTP at 1 and 32 clients next to raw single-row SQL inserts/s
 *  - watch delivery latency (create sent → event received) p50/p99 with 1,000 open watches
 *  - list latency for 10,000 ConfigMaps in one namespace (full list and kubectl-style pages of 500)
 */
const N_CREATE = Number(process.env['BENCH_CREATES'] ?? 3000);
const N_LIST = Number(process.env['BENCH_LIST_OBJECTS'] ?? 10000);
const N_WATCHERS = Number(process.env['BENCH_WATCHERS'] ?? 1000);

function configMap(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels: { bench: 'true' } },
    data: { key: 'value', other: 'x'.repeat(64) },
  });
}

async function createNamespace(url: string, name: string): Promise<void> {
  await request(`${url}/api/v1/namespaces`, 'POST', JSON.stringify({ metadata: { name } }));
}

async function rawSql(dbUrl: string, n: number, concurrency: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: dbUrl, max: concurrency });
  await pool.query('CREATE TABLE IF NOT EXISTS bench_raw (id bigserial PRIMARY KEY, name text NOT NULL, data jsonb NOT NULL)');
  const body = configMap('raw');
  const r = await rate(n, concurrency, async (i) => {
    await pool.query('INSERT INTO bench_raw (name, data) VALUES ($1, $2::jsonb)', [`raw-${concurrency}-${i}`, body]);
  });
  await pool.end();
  return r;
}

async function httpCreates(url: string, ns: string, n: number, concurrency: number): Promise<number> {
  await createNamespace(url, ns);
  return rate(n, concurrency, async (i) => {
    const r = await request(`${url}/api/v1/namespaces/${ns}/configmaps`, 'POST', configMap(`cm-${i}`));
    if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.body}`);
  });
}

async function watchLatency(url: string, watchers: number, events: number): Promise<{ p50: number; p99: number; delivered: number }> {
  await createNamespace(url, 'watch');
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const agent = new http.Agent({ keepAlive: false, maxSockets: watchers + 10 });
  const reqs: http.ClientRequest[] = [];
  let ready = 0;
  await new Promise<void>((resolve, reject) => {
    for (let w = 0; w < watchers; w++) {
      const req = http.get(
        `${url}/api/v1/namespaces/watch/configmaps?watch=1&resourceVersion=1&allowWatchBookmarks=false`,
        { agent },
        (res) => {
          if (++ready === watchers) resolve();
          let buf = '';
          res.on('data', (c: Buffer) => {
            const now = performance.now();
            buf += c.toString();
            let nl;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl);
              buf = buf.slice(nl + 1);
              const m = /"name":"(ev-\d+)"/.exec(line);
              const t0 = m ? sentAt.get(m[1]!) : undefined;
              if (t0 !== undefined && line.startsWith('{"type":"ADDED"')) latencies.push(now - t0);
            }
          });
        },
      );
      req.on('error', reject);
      reqs.push(req);
    }
  });
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 0; i < events; i++) {
    const name = `ev-${i}`;
    sentAt.set(name, performance.now());
    await request(`${url}/api/v1/namespaces/watch/configmaps`, 'POST', configMap(name));
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 2000));
  for (const r of reqs) r.destroy();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), delivered: latencies.length };
}

async function listLatency(url: string, n: number): Promise<{ full: number[]; paged: number[] }> {
  await httpCreates(url, 'list', n, 32);
  const full: number[] = [];
  const paged: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const r = await request(`${url}/api/v1/namespaces/list/configmaps`, 'GET');
    full.push(performance.now() - t0);
    const items = (JSON.parse(r.body) as { items: unknown[] }).items.length;
    if (items !== n) throw new Error(`list returned ${items} items`);
  }
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    let cont = '';
    let count = 0;
    do {
      const r = await request(`${url}/api/v1/namespaces/list/configmaps?limit=500${cont ? `&continue=${cont}` : ''}`, 'GET', undefined, {
        accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
      });
      const body = JSON.parse(r.body) as { rows: unknown[]; metadata: { continue?: string } };
      count += body.rows.length;
      cont = body.metadata.continue ?? '';
    } while (cont);
    paged.push(performance.now() - t0);
    if (count !== n) throw new Error(`paged list returned ${count}`);
  }
  full.sort((a, b) => a - b);
  paged.sort((a, b) => a - b);
  return { full, paged };
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const { url, child } = await spawnApiServer(db.url);
  try {
    const fmt = (x: number) => x.toFixed(0);
    // Warm-up so JIT and pools are hot.
    await httpCreates(url, 'warm', 300, 8);
    const raw1 = await rawSql(db.url, N_CREATE, 1);
    const http1 = await httpCreates(url, 'c1', N_CREATE, 1);
    const raw32 = await rawSql(db.url, N_CREATE * 3, 32);
    const http32 = await httpCreates(url, 'c32', N_CREATE * 3, 32);
    console.log(`creates/s  1 client : HTTP ${fmt(http1)}  raw SQL ${fmt(raw1)}  ratio ${(http1 / raw1).toFixed(2)}  (target >= 800/s)`);
    console.log(
      `creates/s 32 clients: HTTP ${fmt(http32)}  raw SQL ${fmt(raw32)}  ratio ${(http32 / raw32).toFixed(2)}  (target >= 3000/s and >= 0.25x)`,
    );
    const w = await watchLatency(url, N_WATCHERS, 100);
    console.log(
      `watch latency with ${N_WATCHERS} watches: p50 ${w.p50.toFixed(1)} ms  p99 ${w.p99.toFixed(1)} ms  (${w.delivered} deliveries; target p99 <= 50 ms)`,
    );
    const l = await listLatency(url, N_LIST);
    console.log(
      `list ${N_LIST} ConfigMaps: full list p50 ${fmt(percentile(l.full, 50))} ms p99 ${fmt(percentile(l.full, 99))} ms; kubectl-style pages of 500 (Table) p50 ${fmt(percentile(l.paged, 50))} ms p99 ${fmt(percentile(l.paged, 99))} ms  (target p99 <= 1000 ms)`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
