import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';
import { Informer, KubeClient } from '../libs/client/src/index.js';
import { startTestServer } from '../testing/test-server.js';
import { rate } from './bench.util.js';

/**
 * One node-agent process hosting BENCH_NODES simulated kubelets against a test apiserver; pods are
 * created already bound (spec.nodeName, round-robin), so no scheduler is involved. Figures: time to
 * all nodes Ready, time to all pods Running, agent RSS, and whether every node lease was renewed
 * within its interval + 2 s for the whole run (renewTime gaps, as the node lifecycle controller sees them).
 */
const N_NODES = Number(process.env['BENCH_NODES'] ?? 1000);
const N_PODS = Number(process.env['BENCH_PODS'] ?? 30000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
const LEASE_MS = Number(process.env['BENCH_LEASE_INTERVAL_MS'] ?? 10_000);
/** After the last pod runs, keep watching leases this long (at least two renewals per node). */
const SETTLE_MS = Number(process.env['BENCH_SETTLE_MS'] ?? 2.5 * LEASE_MS);
const LATE_MS = LEASE_MS + 2000;

interface Named {
  metadata?: { name?: string; [k: string]: unknown };
  [k: string]: unknown;
}
type NodeJson = Named & { status?: { conditions?: Array<{ type: string; status: string }> } };
type PodJson = Named & { status?: { phase?: string } };
type LeaseJson = Named & { spec?: { renewTime?: string } };

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

const t = await startTestServer();
const kc = new k8s.KubeConfig();
kc.loadFromFile(t.kubeconfig);
const client = new KubeClient(kc);
const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/node-agent/src/main.js');

// Leases: renewTime gaps per node, plus how long since the last renewal when the run ends; and the
// gaps between seeing renewals arrive, which is what the node lifecycle controller goes by.
const lastRenew = new Map<string, number>();
const lastSeen = new Map<string, number>();
let maxGap = 0;
let maxSeenGap = 0;
let lateRenewals = 0;
let renewals = 0;
const leases = new Informer<LeaseJson>(client, '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases');
const onLease = (l: LeaseJson): void => {
  const name = l.metadata?.name ?? '';
  const at = Date.parse(l.spec?.renewTime ?? '');
  const prev = lastRenew.get(name);
  lastRenew.set(name, at);
  if (prev === undefined || at <= prev) return;
  const seen = Date.now();
  const prevSeen = lastSeen.get(name);
  lastSeen.set(name, seen);
  if (prevSeen !== undefined) maxSeenGap = Math.max(maxSeenGap, seen - prevSeen);
  renewals++;
  maxGap = Math.max(maxGap, at - prev);
  if (at - prev > LATE_MS) lateRenewals++;
};
leases.on('add', onLease).on('update', onLease);

const ready = new Set<string>();
let allReady: () => void = () => undefined;
const nodesReady = new Promise<void>((r) => (allReady = r));
const nodes = new Informer<NodeJson>(client, '/api/v1/nodes');
const onNode = (n: NodeJson): void => {
  if (n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True') ready.add(n.metadata?.name ?? '');
  if (ready.size >= N_NODES) allReady();
};
nodes.on('add', onNode).on('update', onNode);

const running = new Set<string>();
let allRunning: () => void = () => undefined;
const podsRunning = new Promise<void>((r) => (allRunning = r));
const pods = new Informer<PodJson>(client, '/api/v1/namespaces/bench/pods');
const onPod = (p: PodJson): void => {
  if (p.status?.phase === 'Running') running.add(p.metadata?.name ?? '');
  if (running.size >= N_PODS) allRunning();
};
pods.on('add', onPod).on('update', onPod);
await Promise.all([leases.start(), nodes.start(), pods.start()]);

const agent = spawn(process.execPath, [main, `--kubeconfig=${t.kubeconfig}`, `--nodes=${N_NODES}`, `--lease-interval-ms=${LEASE_MS}`], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
// The agent prints its own figures (lease round trips, event-loop delay, events dropped) on SIGTERM.
let agentStats = '';
let agentOut = '';
agent.stdout.setEncoding('utf8').on('data', (chunk: string) => {
  agentOut = (agentOut + chunk).slice(-65536);
  const m = /node-agent: stats (\{.*\})\n/.exec(agentOut);
  if (m) agentStats = m[1]!;
});
let peakRss = 0;
const sampler = setInterval(() => {
  if (agent.pid !== undefined && agent.exitCode === null) peakRss = Math.max(peakRss, rssKiB(agent.pid));
}, 250);
try {
  const t0 = performance.now();
  await nodesReady;
  const readyS = (performance.now() - t0) / 1000;
  const rssNodes = rssKiB(agent.pid!);

  await client.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'bench' } } });
  const t1 = performance.now();
  const createRate = await rate(N_PODS, CONCURRENCY, async (i) => {
    await client.request('POST', '/api/v1/namespaces/bench/pods', {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `pod-${i}` },
        spec: { nodeName: `node-${i % N_NODES}`, containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10' }] },
      },
    });
  });
  await podsRunning;
  const runningS = (performance.now() - t1) / 1000;
  const rssPods = rssKiB(agent.pid!);

  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const now = Date.now();
  const stale = [...lastRenew.values()].filter((at) => now - at > LATE_MS).length;
  const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;
  console.log(`node-agent: 1 process, ${N_NODES} nodes, ${N_PODS} pods (bound round-robin), lease interval ${LEASE_MS / 1000} s`);
  console.log(`  all nodes Ready:     ${readyS.toFixed(1)} s after spawn`);
  console.log(`  pods created:        ${createRate.toFixed(0)}/s (${CONCURRENCY} clients)`);
  console.log(`  all pods Running:    ${runningS.toFixed(1)} s after the first create → ${(N_PODS / runningS).toFixed(0)} pods/s`);
  console.log(`  agent RSS:           ${mib(rssNodes)} with nodes only, ${mib(rssPods)} with all pods, peak ${mib(peakRss)}`);
  console.log(
    `  lease renewals:      ${renewals} seen, max gap ${(maxGap / 1000).toFixed(1)} s, ${lateRenewals} later than ${LATE_MS / 1000} s, ${stale} stale at the end`,
  );
  console.log(`  lease arrivals:      max gap between seeing two renewals of a node ${(maxSeenGap / 1000).toFixed(1)} s`);
  console.log(`  leases on time:      ${lateRenewals === 0 && stale === 0 && lastRenew.size === N_NODES ? 'yes' : 'NO'}`);
} finally {
  clearInterval(sampler);
  leases.stop();
  nodes.stop();
  pods.stop();
  const exited = new Promise((r) => agent.once('exit', r));
  agent.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
  if (agent.exitCode === null) agent.kill('SIGKILL');
  if (agentStats) console.log(`  agent's own figures: ${agentStats}`);
  client.close();
  await t.stop();
}
