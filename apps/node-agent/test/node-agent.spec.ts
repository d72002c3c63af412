import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../../../libs/client/src/index.js';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';
import { startNodeAgent, type NodeAgent } from '../src/node-agent.js';

let t: TestServer;
let agent: NodeAgent;
let client: KubeClient;

before(async () => {
  t = await startTestServer();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(t.kubeconfig);
  client = new KubeClient(kc);
  agent = await startNodeAgent({
    kubeConfig: kc,
    nodes: 2,
    leaseIntervalMs: 300,
    nodeStatusIntervalMs: 1000,
    podStartupMs: 100,
    initContainerMs: 100,
    runMs: 500,
    backoffBaseMs: 200,
    backoffMaxMs: 1000,
  });
});
after(async () => {
  await agent.stop();
  client.close();
  await t.stop();
});

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

function rows(s: string): string[][] {
  return s
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s{2,}/));
}

interface PodJson {
  metadata: { name: string; uid: string };
  status: {
    phase?: string;
    podIP?: string;
    hostIP?: string;
    podIPs?: Array<{ ip: string }>;
    startTime?: string;
    conditions?: Array<{ type: string; status: string; reason?: string; lastTransitionTime?: string }>;
    containerStatuses?: Array<{
      name: string;
      ready: boolean;
      started: boolean;
      restartCount: number;
      containerID?: string;
      imageID: string;
      state: Record<string, { reason?: string; exitCode?: number; startedAt?: string }>;
      lastState: Record<string, { exitCode?: number }>;
    }>;
    initContainerStatuses?: Array<{ name: string; state: Record<string, { reason?: string; exitCode?: number }> }>;
  };
}

const pod = (
  name: string,
  node: string,
  extra: { restartPolicy?: string; annotations?: Record<string, string>; init?: boolean } = {},
): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, annotations: extra.annotations ?? {} },
    spec: {
      nodeName: node,
      restartPolicy: extra.restartPolicy ?? 'Always',
      ...(extra.init ? { initContainers: [{ name: 'setup', image: 'busybox:1.36' }] } : {}),
      containers: [{ name: 'main', image: 'nginx:1.27' }],
    },
  });

async function getPod(name: string): Promise<PodJson> {
  return client.get<PodJson>(`/api/v1/namespaces/default/pods/${name}`);
}

describe('node-agent: simulated kubelets', () => {
  it('registers nodes that kubectl shows Ready with VERSION v1.32.0 and ROLES <none>', async () => {
    const r = await t.kubectl(['get', 'nodes', '-o', 'wide']);
    assert.equal(r.code, 0, r.stderr);
    const out = rows(r.stdout);
    assert.deepEqual(out[0]!.slice(0, 7), ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP']);
    assert.deepEqual(
      out.slice(1).map((x) => [x[0], x[1], x[2], x[4], x[5]]),
      [
        ['node-0', 'Ready', '<none>', 'v1.32.0', '10.240.0.2'],
        ['node-1', 'Ready', '<none>', 'v1.32.0', '10.240.0.3'],
      ],
    );
    const n = await client.get<{
      metadata: { labels: Record<string, string>; annotations: Record<string, string> };
      spec: { podCIDR: string };
      status: {
        capacity: Record<string, string>;
        allocatable: Record<string, string>;
        nodeInfo: Record<string, string>;
        conditions: Array<{ type: string; status: string; reason: string; message: string }>;
        daemonEndpoints: { kubeletEndpoint: { Port: number } };
      };
    }>('/api/v1/nodes/node-1');
    assert.equal(n.spec.podCIDR, '10.244.1.0/24');
    assert.equal(n.metadata.labels['kubernetes.io/hostname'], 'node-1');
    assert.equal(n.metadata.labels['node.kubernetes.io/instance-type'], 'kop-sim');
    assert.deepEqual([n.status.capacity['cpu'], n.status.capacity['memory'], n.status.capacity['pods']], ['4', '16Gi', '110']);
    assert.equal(n.status.nodeInfo['containerRuntimeVersion'], 'kop-sim://1.0');
    // The one kubelet server of this process, advertised for the apiserver's pods/log proxy.
    assert.equal(n.status.daemonEndpoints.kubeletEndpoint.Port, agent.kubeletPort);
    assert.equal(n.metadata.annotations['kop.dev/kubelet-url'], `http://127.0.0.1:${agent.kubeletPort}`);
    // Allocatable = capacity minus the default hard eviction thresholds (100Mi memory, 10% nodefs).
    assert.deepEqual(
      [
        n.status.allocatable['cpu'],
        n.status.allocatable['memory'],
        n.status.allocatable['ephemeral-storage'],
        n.status.allocatable['pods'],
      ],
      ['4', `${16 * 1024 * 1024 - 100 * 1024}Ki`, String(Math.floor(100 * 2 ** 30 * 0.9)), '110'],
    );
    assert.deepEqual(
      n.status.conditions.map((c) => `${c.type}=${c.status}/${c.reason}`),
      [
        'MemoryPressure=False/KubeletHasSufficientMemory',
        'DiskPressure=False/KubeletHasNoDiskPressure',
        'PIDPressure=False/KubeletHasSufficientPID',
        'Ready=True/KubeletReady',
      ],
    );
  });

  it('keeps a Lease per node in kube-node-lease and renews it', async () => {
    type Lease = { spec: { holderIdentity: string; leaseDurationSeconds: number; renewTime: string } };
    const first = await client.get<Lease>('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-0');
    assert.equal(first.spec.holderIdentity, 'node-0');
    assert.equal(first.spec.leaseDurationSeconds, 40);
    await until('lease renewal', async () => {
      const l = await client.get<Lease>('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-0');
      return l.spec.renewTime > first.spec.renewTime || undefined;
    });
    const r = await t.kubectl(['get', 'leases', '-n', 'kube-node-lease', '-o', 'name']);
    assert.deepEqual(r.stdout.trim().split('\n'), ['lease.coordination.k8s.io/node-0', 'lease.coordination.k8s.io/node-1']);
  });

  it('runs a pod bound to node-0: Running, IP from the node CIDR, Ready, kubectl -o wide and events', async () => {
    const c = await t.kubectl(['create', '-f', '-'], { stdin: pod('web', 'node-0') });
    assert.equal(c.code, 0, c.stderr);
    const p = await until('web Running and Ready', async () => {
      const p = await getPod('web');
      return p.status.phase === 'Running' && p.status.conditions?.find((x) => x.type === 'Ready')?.status === 'True' ? p : undefined;
    });
    assert.match(p.status.podIP ?? '', /^10\.244\.0\.\d+$/);
    assert.deepEqual(p.status.podIPs, [{ ip: p.status.podIP }]);
    assert.equal(p.status.hostIP, '10.240.0.2');
    assert.ok(p.status.startTime);
    assert.deepEqual(
      p.status.conditions?.map((x) => `${x.type}=${x.status}`),
      ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True'],
    );
    const cs = p.status.containerStatuses?.[0];
    assert.equal(cs?.ready, true);
    assert.equal(cs?.started, true);
    assert.equal(cs?.restartCount, 0);
    assert.match(cs?.containerID ?? '', /^kop-sim:\/\/[0-9a-f]{64}$/);
    assert.match(cs?.imageID ?? '', /^docker\.io\/library\/nginx@sha256:/);
    assert.ok(cs?.state['running']?.startedAt);
    const w = await t.kubectl(['get', 'pods', '-o', 'wide']);
    const row = rows(w.stdout).find((x) => x[0] === 'web');
    assert.deepEqual([row?.[1], row?.[2], row?.[3], row?.[5], row?.[6]], ['1/1', 'Running', '0', p.status.podIP, 'node-0']);
    const ev = await until('kubelet events', async () => {
      const e = await t.kubectl([
        'get',
        'events',
        '--field-selector',
        'involvedObject.name=web',
        '-o',
        'jsonpath={range .items[*]}{.reason}|{.source.component}|{.source.host}|{.message}{"\\n"}{end}',
      ]);
      return e.stdout.includes('Started|') ? e.stdout : undefined;
    });
    assert.match(ev, /^Pulling\|kubelet\|node-0\|Pulling image "nginx:1\.27"$/m);
    assert.match(ev, /^Pulled\|kubelet\|node-0\|Successfully pulled image "nginx:1\.27" in 0s/m);
    assert.match(ev, /^Created\|kubelet\|node-0\|Created container: main$/m);
    assert.match(ev, /^Started\|kubelet\|node-0\|Started container main$/m);
  });

  it('init containers complete before the containers start', async () => {
    await t.kubectl(['create', '-f', '-'], { stdin: pod('with-init', 'node-1', { init: true }) });
    const p = await until('with-init Running', async () => {
      const p = await getPod('with-init');
      return p.status.phase === 'Running' && p.status.containerStatuses?.[0]?.ready ? p : undefined;
    });
    assert.equal(p.status.initContainerStatuses?.[0]?.state['terminated']?.reason, 'Completed');
    assert.match(p.status.podIP ?? '', /^10\.244\.1\.\d+$/);
  });

  it('restartPolicy Never: Succeeded (kubectl Completed); exit-code annotation: Failed (kubectl Error)', async () => {
    await t.kubectl(['create', '-f', '-'], { stdin: pod('job-ok', 'node-0', { restartPolicy: 'Never' }) });
    await t.kubectl(['create', '-f', '-'], {
      stdin: pod('job-bad', 'node-1', { restartPolicy: 'Never', annotations: { 'kop.dev/exit-code': '3' } }),
    });
    const ok = await until('job-ok Succeeded', async () =>
      (await getPod('job-ok')).status.phase === 'Succeeded' ? getPod('job-ok') : undefined,
    );
    const bad = await until('job-bad Failed', async () =>
      (await getPod('job-bad')).status.phase === 'Failed' ? getPod('job-bad') : undefined,
    );
    assert.equal(ok.status.containerStatuses?.[0]?.state['terminated']?.reason, 'Completed');
    assert.equal(ok.status.conditions?.find((x) => x.type === 'Ready')?.reason, 'PodCompleted');
    assert.equal(bad.status.containerStatuses?.[0]?.state['terminated']?.exitCode, 3);
    assert.equal(bad.status.containerStatuses?.[0]?.state['terminated']?.reason, 'Error');
    const g = await t.kubectl(['get', 'pods', 'job-ok', 'job-bad']);
    const out = rows(g.stdout);
    assert.deepEqual(
      out.slice(1).map((x) => [x[0], x[1], x[2]]),
      [
        ['job-ok', '0/1', 'Completed'],
        ['job-bad', '0/1', 'Error'],
      ],
    );
  });

  it('crash-after annotation: restarts, then CrashLoopBackOff with a BackOff event', async () => {
    await t.kubectl(['create', '-f', '-'], { stdin: pod('crasher', 'node-0', { annotations: { 'kop.dev/crash-after-seconds': '0.2' } }) });
    const p = await until('CrashLoopBackOff', async () => {
      const p = await getPod('crasher');
      const cs = p.status.containerStatuses?.[0];
      return cs?.state['waiting']?.reason === 'CrashLoopBackOff' && cs.restartCount >= 1 ? p : undefined;
    });
    assert.equal(p.status.phase, 'Running');
    assert.equal(p.status.containerStatuses?.[0]?.lastState['terminated']?.exitCode, 1);
    assert.equal(p.status.conditions?.find((x) => x.type === 'Ready')?.status, 'False');
    await until('BackOff event', async () => {
      const e = await t.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=crasher,reason=BackOff', '-o', 'name']);
      return e.stdout.trim() || undefined;
    });
    await until(
      'restartCount grows',
      async () => ((await getPod('crasher')).status.containerStatuses?.[0]?.restartCount ?? 0) >= 3 || undefined,
    );
  });

  it('kubectl delete pod (default grace) returns once the agent has stopped and removed it', async () => {
    const started = Date.now();
    const d = await t.kubectl(['delete', 'pod', 'web', '--timeout=20s']);
    assert.equal(d.code, 0, d.stderr);
    assert.equal(d.stdout.trim(), 'pod "web" deleted');
    assert.ok(Date.now() - started < 15_000);
    await assert.rejects(getPod('web'), (e: { code?: number }) => e.code === 404);
    const e = await t.kubectl([
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=web,reason=Killing',
      '-o',
      'jsonpath={.items[*].message}',
    ]);
    assert.equal(e.stdout, 'Stopping container main');
  });

  it('a container slower than the grace period is killed when the grace period ends', async () => {
    await t.kubectl(['create', '-f', '-'], { stdin: pod('slow', 'node-1', { annotations: { 'kop.dev/stop-seconds': '30' } }) });
    await until('slow Running', async () => (await getPod('slow')).status.phase === 'Running' || undefined);
    const started = Date.now();
    const d = await t.kubectl(['delete', 'pod', 'slow', '--grace-period=1']);
    assert.equal(d.code, 0, d.stderr);
    const took = Date.now() - started;
    assert.ok(took >= 900 && took < 10_000, `deletion took ${took} ms`);
  });

  it('stop() marks the nodes NotReady (KubeletNotReady)', async () => {
    await agent.stop();
    const r = await t.kubectl(['get', 'nodes']);
    assert.deepEqual(
      rows(r.stdout)
        .slice(1)
        .map((x) => `${x[0]} ${x[1]}`),
      ['node-0 NotReady', 'node-1 NotReady'],
    );
    const n = await client.get<{ status: { conditions: Array<{ type: string; status: string; reason: string }> } }>('/api/v1/nodes/node-0');
    assert.equal(n.status.conditions.find((c) => c.type === 'Ready')?.reason, 'KubeletNotReady');
  });
});
