import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeKubeconfig } from '../libs/client/src/kubeconfig.js';
import { Informer, KubeClient, loadKubeConfig } from '../libs/client/src/index.js';
import { createTestDatabase } from '../testing/test-database.js';
import { rate, request, spawnApiServer } from './bench.util.js';

/**
 * In the spirit of scheduler_perf SchedulingBasic: N nodes registered straight through the API (no
 * node agent), then M pods with small requests; the figure is pods bound per second end to end
 * (first pod create → last pod seen bound through a watch), with the apiserver and the scheduler
 * each in their own process. A second figure follows upstream's scheduler_perf method: the pods
 * exist before the scheduler starts, and only scheduling (filter, score, bind) is timed.
 */
const N_NODES = Number(process.env['BENCH_NODES'] ?? 1000);
const N_PODS = Number(process.env['BENCH_PODS'] ?? 10000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 64);
const BIND_CONCURRENCY = process.env['BENCH_BIND_CONCURRENCY'];

function node(i: number): string {
  const allocatable = { cpu: '32', memory: '128Gi', pods: '110', 'ephemeral-storage': '500Gi' };
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    spec: {},
    status: { allocatable, capacity: allocatable, conditions: [{ type: 'Ready', status: 'True' }] },
  });
}

function pod(i: number): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace: 'bench' },
    spec: {
      containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' } } }],
    },
  });
}

const db = await createTestDatabase();
const api = await spawnApiServer(db.url);
const kubeconfig = path.join(mkdtempSync(path.join(os.tmpdir(), 'kop-sched-bench-')), 'config');
await writeKubeconfig(kubeconfig, api.url);
const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/scheduler/src/main.js');
const profDir = process.env['BENCH_SCHEDULER_CPU_PROF'];
const spawnScheduler = () =>
  spawn(
    process.execPath,
    [
      ...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []),
      main,
      `--kubeconfig=${kubeconfig}`,
      '--leader-elect=false',
      '--port=0',
      ...(BIND_CONCURRENCY ? [`--bind-concurrency=${BIND_CONCURRENCY}`] : []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
const synced = (proc: ReturnType<typeof spawnScheduler>) =>
  new Promise<void>((resolve, reject) => {
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (s: string) => s.includes('informers synced') && resolve());
    proc.once('exit', (code) => reject(new Error(`scheduler exited with ${code}`)));
  });
let scheduler = spawnScheduler();
let client: KubeClient | undefined;
let watcher: Informer<{ metadata?: { name?: string }; spec?: { nodeName?: string } }> | undefined;
try {
  const nodeRate = await rate(N_NODES, CONCURRENCY, async (i) => {
    const r = await request(`${api.url}/api/v1/nodes`, 'POST', node(i));
    if (r.status !== 201) throw new Error(`node create failed: ${r.status} ${r.body}`);
  });
  await request(`${api.url}/api/v1/namespaces`, 'POST', JSON.stringify({ metadata: { name: 'bench' } }));
  await synced(scheduler);

  client = new KubeClient(loadKubeConfig([`--kubeconfig=${kubeconfig}`]));
  watcher = new Informer(client, '/api/v1/namespaces/bench/pods');
  const bound = new Set<string>();
  let lastBoundAt = 0;
  let allBound: () => void = () => undefined;
  const done = new Promise<void>((r) => (allBound = r));
  const seen = (p: { metadata?: { name?: string }; spec?: { nodeName?: string } }) => {
    if (!p.spec?.nodeName || bound.has(p.metadata?.name ?? '')) return;
    bound.add(p.metadata?.name ?? '');
    lastBoundAt = performance.now();
    if (bound.size === N_PODS) allBound();
  };
  watcher.on('add', seen).on('update', seen);
  await watcher.start();

  const t0 = performance.now();
  const createRate = await rate(N_PODS, CONCURRENCY, async (i) => {
    const r = await request(`${api.url}/api/v1/namespaces/bench/pods`, 'POST', pod(i));
    if (r.status !== 201) throw new Error(`pod create failed: ${r.status} ${r.body}`);
  });
  const timeout = setTimeout(() => allBound(), 600_000);
  await done;
  clearTimeout(timeout);
  const seconds = (lastBoundAt - t0) / 1000;
  console.log(`scheduler SchedulingBasic: ${N_NODES} nodes, ${N_PODS} pods`);
  console.log(`  nodes created:        ${nodeRate.toFixed(0)}/s`);
  console.log(`  pods created:         ${createRate.toFixed(0)}/s (${CONCURRENCY} clients)`);
  console.log(
    `  pods bound:           ${bound.size}/${N_PODS} in ${seconds.toFixed(2)} s → ${(bound.size / seconds).toFixed(0)} pods/s end to end`,
  );

  // Scheduling alone: pods created while no scheduler runs, then one starts.
  const oldScheduler = scheduler;
  oldScheduler.kill('SIGTERM');
  await new Promise((r) => oldScheduler.once('exit', r));
  await request(`${api.url}/api/v1/namespaces`, 'POST', JSON.stringify({ metadata: { name: 'bench2' } }));
  await rate(N_PODS, CONCURRENCY, async (i) => {
    const r = await request(
      `${api.url}/api/v1/namespaces/bench2/pods`,
      'POST',
      pod(i).replace('"namespace":"bench"', '"namespace":"bench2"'),
    );
    if (r.status !== 201) throw new Error(`pod create failed: ${r.status} ${r.body}`);
  });
  const pending = new Informer<{ metadata?: { name?: string }; spec?: { nodeName?: string } }>(client, '/api/v1/namespaces/bench2/pods');
  const bound2 = new Set<string>();
  let last2 = 0;
  let all2: () => void = () => undefined;
  const done2 = new Promise<void>((r) => (all2 = r));
  const seen2 = (p: { metadata?: { name?: string }; spec?: { nodeName?: string } }) => {
    if (!p.spec?.nodeName || bound2.has(p.metadata?.name ?? '')) return;
    bound2.add(p.metadata?.name ?? '');
    last2 = performance.now();
    if (bound2.size === N_PODS) all2();
  };
  pending.on('add', seen2).on('update', seen2);
  await pending.start();
  scheduler = spawnScheduler();
  await synced(scheduler);
  const t1 = performance.now();
  const timeout2 = setTimeout(() => all2(), 600_000);
  await done2;
  clearTimeout(timeout2);
  pending.stop();
  const s2 = (last2 - t1) / 1000;
  console.log(
    `  scheduling only:      ${bound2.size}/${N_PODS} pre-created pods bound in ${s2.toFixed(2)} s → ${(bound2.size / s2).toFixed(0)} pods/s (target >= 500)`,
  );
} finally {
  watcher?.stop();
  client?.close();
  scheduler.kill('SIGTERM');
  api.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  await db.drop();
}
