import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, listPods, markPodsReady, startHarness, type Harness } from './helpers.js';

let h: Harness;
before(async () => {
  h = await startHarness(['statefulset']);
});
after(async () => {
  await h.stop();
});

interface StsObj {
  metadata: { generation: number };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    currentReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    observedGeneration?: number;
  };
}
type StsPod = Awaited<ReturnType<typeof listPods>>[number] & {
  spec: { hostname?: string; subdomain?: string; volumes?: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }> };
};

const sts = (name: string, extra = '') => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${name}}
spec:
  replicas: 3
  serviceName: ${name}-svc
  selector: {matchLabels: {app: ${name}}}
${extra}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: "nginx:1.27"}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;
const pods = async (app: string): Promise<StsPod[]> => (await listPods(h.client, 'default', `app=${app}`)) as StsPod[];
const names = async (app: string): Promise<string[]> =>
  (await pods(app))
    .filter((p) => !p.metadata.deletionTimestamp)
    .map((p) => p.metadata.name)
    .sort();
const getSts = (n: string) => h.client.get<StsObj>(`/apis/apps/v1/namespaces/default/statefulsets/${n}`);

describe('StatefulSet controller', () => {
  it('creates <name>-<ordinal> one at a time (OrderedReady) with identity, labels and PVCs', async () => {
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: sts('web') })).code, 0);
    for (let i = 0; i < 3; i++) {
      await eventually(async () => (await names('web')).length === i + 1, `pod ${i}`);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal((await names('web')).length, i + 1, 'waits for the previous pod to be ready');
      await markPodsReady(h.client, 'default', 'app=web');
    }
    const ps = await pods('web');
    assert.deepEqual(ps.map((p) => p.metadata.name).sort(), ['web-0', 'web-1', 'web-2']);
    for (const p of ps) {
      const i = p.metadata.name.slice(4);
      assert.equal(p.metadata.labels?.['statefulset.kubernetes.io/pod-name'], p.metadata.name);
      assert.equal(p.metadata.labels?.['apps.kubernetes.io/pod-index'], i);
      assert.match(p.metadata.labels?.['controller-revision-hash'] ?? '', /^web-[a-z0-9]+$/);
      assert.equal(p.spec.hostname, p.metadata.name);
      assert.equal(p.spec.subdomain, 'web-svc');
      assert.equal(p.spec.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName, `data-web-${i}`);
    }
    const pvcs = await h.t.kubectl(['get', 'pvc', '-o', 'name']);
    assert.deepEqual(pvcs.stdout.trim().split('\n').sort(), [
      'persistentvolumeclaim/data-web-0',
      'persistentvolumeclaim/data-web-1',
      'persistentvolumeclaim/data-web-2',
    ]);
    const st = await eventually(async () => {
      const s = (await getSts('web')).status;
      return s?.readyReplicas === 3 && s.availableReplicas === 3 ? s : undefined;
    }, 'ready status');
    assert.equal(st.replicas, 3);
    assert.equal(st.currentReplicas, 3);
    assert.equal(st.updatedReplicas, 3);
    assert.equal(st.currentRevision, st.updateRevision);
    assert.equal(st.currentRevision, ps[0]!.metadata.labels?.['controller-revision-hash']);
    const crs = await h.t.kubectl(['get', 'controllerrevisions', '-o', 'name']);
    assert.equal(crs.stdout.trim(), `controllerrevision.apps/${st.currentRevision}`);
    const g = await h.t.kubectl(['get', 'sts', 'web']);
    assert.match(g.stdout, /web\s+3\/3\s+/);
  });

  it('rolls out a new template from the highest ordinal down to the partition', async () => {
    const before = (await getSts('web')).status!;
    const p = await h.t.kubectl([
      'patch',
      'sts',
      'web',
      '--type=merge',
      '-p',
      '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}},"template":{"spec":{"containers":[{"name":"main","image":"nginx:1.28"}]}}}}',
    ]);
    assert.equal(p.code, 0, p.stderr);
    const st = await eventually(async () => {
      const s = (await getSts('web')).status;
      return s?.updateRevision !== before.updateRevision ? s : undefined;
    }, 'update revision');
    // web-2 is replaced first, then web-1; web-0 stays below the partition.
    for (const ord of [2, 1]) {
      await eventually(
        async () =>
          (await pods('web')).find(
            (x) => x.metadata.name === `web-${ord}` && x.metadata.labels?.['controller-revision-hash'] === st.updateRevision,
          ),
        `web-${ord} updated`,
      );
      await markPodsReady(h.client, 'default', 'app=web');
    }
    const s = await eventually(async () => {
      const x = (await getSts('web')).status;
      return x?.updatedReplicas === 2 && x.readyReplicas === 3 ? x : undefined;
    }, 'partitioned rollout');
    assert.equal(s.currentRevision, before.currentRevision);
    assert.equal(s.currentReplicas, 1);
    const web0 = (await pods('web')).find((x) => x.metadata.name === 'web-0');
    assert.equal(web0?.metadata.labels?.['controller-revision-hash'], before.currentRevision);
  });

  it('scales down highest ordinal first; Parallel creates all at once', async () => {
    assert.equal((await h.t.kubectl(['scale', 'sts', 'web', '--replicas=1'])).code, 0);
    // Every state seen on the way down must be a prefix of the ordinals (highest removed first).
    const seen: string[] = [];
    await eventually(
      async () => {
        const now = (await names('web')).join();
        seen.push(now);
        return now === 'web-0';
      },
      'scaled down to web-0',
      30_000,
    );
    for (const state of seen) assert.ok(['web-0,web-1,web-2', 'web-0,web-1', 'web-0'].includes(state), `unexpected state ${state}`);
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: sts('par', '  podManagementPolicy: Parallel') })).code, 0);
    await eventually(async () => (await names('par')).join() === 'par-0,par-1,par-2', 'parallel pods', 30_000);
  });
});
