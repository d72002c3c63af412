import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createTestDatabase } from '../testing/test-database.js';
import { percentile, spawnApiServer } from './bench.util.js';

/**
 * Issue "Hardening" item 13, measured in one run against the apiserver as its own process:
 *  - server CPU time spent on one hostile body (1.5 MB of JSON, 100,000 keys in a ConfigMap's data)
 *  - /readyz latency while four clients send such bodies back to back
 */
const KEYS = Number(process.env['BENCH_HOSTILE_KEYS'] ?? 100_000);
const SEQUENTIAL = Number(process.env['BENCH_HOSTILE_SEQUENTIAL'] ?? 8);
const PARALLEL = 4;
const LOAD_MS = Number(process.env['BENCH_HOSTILE_LOAD_MS'] ?? 6000);

function hostileBody(name: string): string {
  const data: Record<string, string> = {};
  // 100,000 keys of ~15 bytes each: a body of about 1.5 MB, under the 3 MiB request limit.
  for (let i = 0; i < KEYS; i++) data[`k-${String(i).padStart(6, '0')}`] = 'v';
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
}

/** CPU time (user + system) the process has used so far, in milliseconds (from /proc, clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** One request on its own connection (no keep-alive: a refused body may leave the socket unusable). */
function send(url: string, method: string, body?: string): Promise<{ status: number; body: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: performance.now() - t0 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const { url, child } = await spawnApiServer(db.url);
  const pid = child.pid!;
  try {
    const cms = `${url}/api/v1/namespaces/default/configmaps`;
    const body = hostileBody('hostile');
    const first = await send(cms, 'POST', body);
    console.log(
      `hostile body: ${(Buffer.byteLength(body) / 1e6).toFixed(2)} MB, ${KEYS} keys → HTTP ${first.status} ${first.body.slice(0, 200)}`,
    );

    const c0 = cpuMs(pid);
    const t0 = performance.now();
    for (let i = 0; i < SEQUENTIAL; i++) await send(cms, 'POST', body);
    const perBodyCpu = (cpuMs(pid) - c0) / SEQUENTIAL;
    const perBodyWall = (performance.now() - t0) / SEQUENTIAL;

    const idle: number[] = [];
    for (let i = 0; i < 20; i++) idle.push((await send(`${url}/readyz`, 'GET')).ms);

    let stop = false;
    const senders = Array.from({ length: PARALLEL }, async () => {
      let n = 0;
      while (!stop) {
        await send(cms, 'POST', body);
        n++;
      }
      return n;
    });
    const probes: number[] = [];
    const until = performance.now() + LOAD_MS;
    while (performance.now() < until) {
      probes.push((await send(`${url}/readyz`, 'GET')).ms);
      await new Promise((r) => setTimeout(r, 50));
    }
    stop = true;
    const sent = (await Promise.all(senders)).reduce((a, b) => a + b, 0);
    idle.sort((a, b) => a - b);
    probes.sort((a, b) => a - b);
    console.log(`server CPU per hostile body: ${perBodyCpu.toFixed(0)} ms (wall ${perBodyWall.toFixed(0)} ms, ${SEQUENTIAL} sequential)`);
    console.log(`/readyz idle: p50 ${percentile(idle, 50).toFixed(1)} ms, max ${idle[idle.length - 1]!.toFixed(1)} ms`);
    console.log(
      `/readyz with ${PARALLEL} parallel hostile senders (${sent} bodies in ${LOAD_MS} ms): p50 ${percentile(probes, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(probes, 99).toFixed(1)} ms, max ${probes[probes.length - 1]!.toFixed(1)} ms (${probes.length} probes)`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await db.drop();
  }
}

await main();
