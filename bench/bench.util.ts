import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { spawnApiServerProcess } from '../testing/apiserver.process.js';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** The apiserver as its own process, as in production (the load generator must not share its event loop). */
export async function spawnApiServer(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const p = await spawnApiServerProcess(databaseUrl);
  return { url: p.url, child: p.child };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 2048 });

export function request(
  url: string,
  method: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (body) req.end(body);
    else req.end();
  });
}

/** Runs `n` jobs with `concurrency` workers; returns jobs per second. */
export async function rate(n: number, concurrency: number, job: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= n) return;
        await job(i);
      }
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}
