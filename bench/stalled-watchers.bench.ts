import { readFileSync } from 'node:fs';
import net from 'node:net';
import { createTestDatabase } from '../testing/test-database.js';
import { request, spawnApiServer } from './bench.util.js';

/**
 * Watchers that never read: each opens a watch on ConfigMaps and then stops reading its socket, while
 * a writer creates large ConfigMaps. Prints the apiserver's RSS before, at the peak and after the
 * writes settle. A slow watcher must be cut off (the client relists), so RSS stays bounded however
 * many stalled watchers there are, instead of holding every unsent event for each of them.
 */
/** Stalled-watcher counts to measure, each on its own apiserver after a control run without watchers. */
const N_WATCHER_RUNS = (process.env['BENCH_STALLED_WATCHERS'] ?? '20,60').split(',').map(Number);
const N_OBJECTS = Number(process.env['BENCH_STALLED_OBJECTS'] ?? 160);
const OBJECT_BYTES = 256 * 1024;

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** A raw HTTP watch whose socket is paused once the response headers are in: it never reads again. */
function stalledWatch(url: string): Promise<net.Socket> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(u.port), u.hostname, () => {
      s.write(`GET /api/v1/namespaces/default/configmaps?watch=true HTTP/1.1\r\nHost: ${u.host}\r\nAccept: application/json\r\n\r\n`);
    });
    s.once('data', () => {
      s.pause();
      resolve(s);
    });
    s.on('error', () => undefined);
    s.once('close', () => reject(new Error('watch closed before its headers')));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Run {
  idle: number;
  peak: number;
  settled: number;
  cut: number;
  writeS: number;
}

/** One apiserver on a fresh database: `watchers` stalled watches, then the writes; RSS sampled throughout. */
async function run(watchers: number): Promise<Run> {
  const db = await createTestDatabase();
  const api = await spawnApiServer(db.url);
  const pid = api.child.pid!;
  const sockets: net.Socket[] = [];
  try {
    await sleep(1000);
    const idle = rssMiB(pid);
    for (let i = 0; i < watchers; i++) sockets.push(await stalledWatch(api.url));
    await sleep(500);
    const payload = 'x'.repeat(OBJECT_BYTES);
    let peak = rssMiB(pid);
    const t0 = performance.now();
    for (let i = 0; i < N_OBJECTS; i++) {
      const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `big-${i}` }, data: { payload } });
      const r = await request(`${api.url}/api/v1/namespaces/default/configmaps`, 'POST', body);
      if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.body.slice(0, 200)}`);
      if (i % 10 === 0) peak = Math.max(peak, rssMiB(pid));
    }
    const writeS = (performance.now() - t0) / 1000;
    // Let the server finish handing events to the watchers, then sample for a while.
    let settled = 0;
    for (let i = 0; i < 10; i++) {
      await sleep(1000);
      settled = rssMiB(pid);
      peak = Math.max(peak, settled);
    }
    // Read again: a watcher the server cut off sees its connection end once the backlog is read.
    const ended = sockets.map(
      (s) =>
        new Promise<boolean>((resolve) => {
          s.on('data', () => undefined);
          s.once('end', () => resolve(true));
          s.once('close', () => resolve(true));
          setTimeout(() => resolve(false), 5000);
          s.resume();
        }),
    );
    const cut = (await Promise.all(ended)).filter(Boolean).length;
    return { idle, peak, settled, cut, writeS };
  } finally {
    for (const s of sockets) s.destroy();
    api.child.kill('SIGTERM');
    await new Promise((r) => api.child.once('exit', r));
    await db.drop();
  }
}

async function main(): Promise<void> {
  const eventMiB = (N_OBJECTS * OBJECT_BYTES) / 2 ** 20;
  console.log(`${N_OBJECTS} ConfigMaps of ${OBJECT_BYTES / 1024} KiB written (${eventMiB.toFixed(0)} MiB of events per watcher)`);
  const control = await run(0);
  const growth0 = control.settled - control.idle;
  console.log(
    `no watchers:          RSS idle ${control.idle.toFixed(0)} MiB, peak ${control.peak.toFixed(0)} MiB, settled ${control.settled.toFixed(0)} MiB (growth ${growth0.toFixed(0)} MiB: the watch cache and history)`,
  );
  for (const n of N_WATCHER_RUNS) {
    const r = await run(n);
    const growth = r.settled - r.idle;
    const extra = growth - growth0;
    console.log(
      `${String(n).padStart(3)} stalled watchers: RSS idle ${r.idle.toFixed(0)} MiB, peak ${r.peak.toFixed(0)} MiB, settled ${r.settled.toFixed(0)} MiB; ` +
        `held for the watchers ${extra.toFixed(0)} MiB (${(extra / n).toFixed(1)} MiB each); connections cut by the server ${r.cut} of ${n}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
