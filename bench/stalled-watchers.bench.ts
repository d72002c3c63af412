import { readFileSync } from 'node:fs';
import net from 'node:net';
import { createTestDatabase } from '../libs/testing/src/test-database.js';
import { request, spawnApiServer } from './bench.util.js';

/**
 * Watchers that never read: each opens a watch on ConfigMaps and then stops reading its socket, while
 * a writer creates large ConfigMaps. Prints the apiserver's RSS before, at the peak and after the
 * writes settle. A slow watcher must be cut off (the client relists), so RSS stays bounded however
 * many stalled watchers there are, instead of holding every unsent event for each of them.
 */
const N_WATCHERS = Number(process.env['BENCH_STALLED_WATCHERS'] ?? 20);
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

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const api = await spawnApiServer(db.url);
  const pid = api.child.pid!;
  const sockets: net.Socket[] = [];
  try {
    await sleep(1000);
    const idle = rssMiB(pid);
    for (let i = 0; i < N_WATCHERS; i++) sockets.push(await stalledWatch(api.url));
    await sleep(500);
    const withWatchers = rssMiB(pid);
    const payload = 'x'.repeat(OBJECT_BYTES);
    let peak = withWatchers;
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
    const ended = sockets.map((s) => new Promise<boolean>((resolve) => {
      s.on('data', () => undefined);
      s.once('end', () => resolve(true));
      s.once('close', () => resolve(true));
      setTimeout(() => resolve(false), 5000);
      s.resume();
    }));
    const cut = (await Promise.all(ended)).filter(Boolean).length;
    const eventMiB = (N_OBJECTS * OBJECT_BYTES) / 2 ** 20;
    console.log(`stalled watchers: ${N_WATCHERS}, events: ${N_OBJECTS} ConfigMaps of ${OBJECT_BYTES / 1024} KiB (${eventMiB.toFixed(0)} MiB per watcher), written in ${writeS.toFixed(1)} s`);
    console.log(`apiserver RSS: idle ${idle.toFixed(0)} MiB, with watchers ${withWatchers.toFixed(0)} MiB, peak ${peak.toFixed(0)} MiB, settled ${settled.toFixed(0)} MiB`);
    console.log(`settled growth over idle: ${(settled - idle).toFixed(0)} MiB (${((settled - idle) / N_WATCHERS).toFixed(1)} MiB per stalled watcher)`);
    console.log(`watch connections closed by the server: ${cut} of ${N_WATCHERS}`);
  } finally {
    for (const s of sockets) s.destroy();
    api.child.kill('SIGTERM');
    await new Promise((r) => api.child.once('exit', r));
    await db.drop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
