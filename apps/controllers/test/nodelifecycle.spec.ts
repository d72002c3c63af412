import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiStatusError } from '../../../libs/client/src/index.js';
import { createNode, createPod, nowIso, startConfiguredHarness } from './configured.harness.js';
import { eventually, type Harness } from './helpers.js';

const GRACE_MS = 1500;
let h: Harness;
before(async () => {
  h = await startConfiguredHarness(['nodelifecycle', 'taint-eviction-controller'], {
    nodeMonitorGracePeriodMs: GRACE_MS,
    nodeMonitorPeriodMs: 200,
    podEvictionTimeoutMs: 300_000,
  });
});
after(async () => {
  await h.stop();
});

interface NodeJson {
  spec?: { taints?: Array<{ key: string; effect: string; timeAdded?: string }> };
  status?: { conditions?: Array<{ type: string; status: string; reason?: string; message?: string; lastHeartbeatTime?: string }> };
}
interface PodJson {
  metadata: { deletionTimestamp?: string };
  status?: { conditions?: Array<{ type: string; status: string; reason?: string }> };
}

const leasePath = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n1';
const microNow = (): string => new Date().toISOString().replace('Z', '000Z');

/** What a kubelet does: post all conditions with a fresh heartbeat. */
async function postStatus(ready: boolean): Promise<void> {
  const t = nowIso();
  const c = (type: string, status: string, reason: string) => ({
    type,
    status,
    reason,
    message: reason,
    lastHeartbeatTime: t,
    lastTransitionTime: t,
  });
  await h.client.request('PATCH', '/api/v1/nodes/n1/status', {
    contentType: 'application/merge-patch+json',
    body: {
      status: {
        conditions: [
          c('MemoryPressure', 'False', 'KubeletHasSufficientMemory'),
          c('DiskPressure', 'False', 'KubeletHasNoDiskPressure'),
          c('PIDPressure', 'False', 'KubeletHasSufficientPID'),
          c('Ready', ready ? 'True' : 'False', 'KubeletReady'),
        ],
      },
    },
  });
}
async function renewLease(): Promise<void> {
  const l = await h.client.get<Record<string, unknown>>(leasePath);
  await h.client.request('PUT', leasePath, {
    body: { ...l, spec: { holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: microNow() } },
  });
}
const node = (): Promise<NodeJson> => h.client.get<NodeJson>('/api/v1/nodes/n1');
const cond = (n: NodeJson, type: string) => n.status?.conditions?.find((c) => c.type === type);
const managedTaints = (n: NodeJson) => (n.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();
const pod = async (name: string): Promise<PodJson | undefined> => {
  try {
    return await h.client.get<PodJson>(`/api/v1/namespaces/default/pods/${name}`);
  } catch (e) {
    if (e instanceof ApiStatusError && e.code === 404) return undefined;
    throw e;
  }
};

describe('node lifecycle and taint eviction', () => {
  it('a renewed lease alone keeps a node healthy past the grace period', async () => {
    await createNode(h.client, 'n1');
    await postStatus(true);
    await h.client.request('POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
      body: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: 'n1' },
        spec: { holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: microNow() },
      },
    });
    const tol = (seconds?: number) => ({
      tolerations: [
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          ...(seconds === undefined ? {} : { tolerationSeconds: seconds }),
        },
      ],
    });
    await createPod(h.client, 'default', 'short', { node: 'n1', ip: '10.1.0.1', ready: true, spec: tol(1) });
    await createPod(h.client, 'default', 'forever', { node: 'n1', ip: '10.1.0.2', ready: true, spec: tol() });
    await createPod(h.client, 'default', 'defaulted', { node: 'n1', ip: '10.1.0.3', ready: true });
    const end = Date.now() + GRACE_MS * 2;
    while (Date.now() < end) {
      await renewLease();
      await new Promise((r) => setTimeout(r, 300));
    }
    const n = await node();
    assert.equal(cond(n, 'Ready')?.status, 'True');
    assert.deepEqual(managedTaints(n), []);
  });

  it('marks a silent node Unknown, taints it unreachable, marks its pods not ready and evicts those out of toleration', async () => {
    const n = await eventually(
      async () => {
        const x = await node();
        return cond(x, 'Ready')?.status === 'Unknown' && managedTaints(x).length === 2 ? x : undefined;
      },
      'node Unknown and tainted',
      10_000,
    );
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      const c = cond(n, type);
      assert.deepEqual([c?.status, c?.reason, c?.message], ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'], type);
    }
    assert.deepEqual(managedTaints(n), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    assert.ok(n.spec?.taints?.find((t) => t.effect === 'NoExecute')?.timeAdded, 'NoExecute taint has timeAdded');
    const k = await h.t.kubectl(['get', 'node', 'n1']);
    assert.match(k.stdout, /n1\s+NotReady\s+/);

    await eventually(
      async () => {
        const p = await pod('short');
        return !p || !!p.metadata.deletionTimestamp;
      },
      'pod with tolerationSeconds=1 evicted',
      10_000,
    );
    const short = await pod('short');
    if (short) assert.equal(short.status?.conditions?.find((c) => c.type === 'DisruptionTarget')?.reason, 'DeletionByTaintManager');
    await eventually(
      async () => (await pod('defaulted'))?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'False',
      'pods marked not ready',
    );
    await new Promise((r) => setTimeout(r, 1000));
    assert.ok(!(await pod('forever'))?.metadata.deletionTimestamp, 'toleration without seconds: kept');
    assert.ok(!(await pod('defaulted'))?.metadata.deletionTimestamp, 'default 300 s toleration: kept for now');
    const ev = await h.t.kubectl(['get', 'events', '-A', '--field-selector', 'reason=NodeNotReady', '-o', 'name']);
    assert.ok(ev.stdout.trim().length > 0, 'NodeNotReady events');
  });

  it('restores when the kubelet is back: lease renewed and Ready posted, taints removed', async () => {
    await renewLease();
    await postStatus(true);
    const n = await eventually(
      async () => {
        const x = await node();
        return managedTaints(x).length === 0 ? x : undefined;
      },
      'taints removed',
      10_000,
    );
    assert.equal(cond(n, 'Ready')?.status, 'True');
    // Stays healthy while both keep coming.
    for (let i = 0; i < 5; i++) {
      await renewLease();
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.equal(cond(await node(), 'Ready')?.status, 'True');
  });
});
