import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNode } from './configured.harness.js';
import { eventually, listPods, markPodsReady, startHarness, type Harness } from './helpers.js';

let h: Harness;
before(async () => {
  h = await startHarness(['daemonset']);
});
after(async () => {
  await h.stop();
});

interface DsObj {
  metadata: { generation: number };
  spec: { template: { spec: { containers: Array<{ image: string }> } } };
  status?: {
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    numberUnavailable?: number;
    numberMisscheduled?: number;
    observedGeneration?: number;
  };
}
type DsPod = Awaited<ReturnType<typeof listPods>>[number] & {
  spec: {
    affinity?: {
      nodeAffinity?: {
        requiredDuringSchedulingIgnoredDuringExecution?: {
          nodeSelectorTerms: Array<{ matchFields?: Array<{ key: string; operator: string; values: string[] }> }>;
        };
      };
    };
    tolerations?: Array<{ key: string; operator: string; effect: string }>;
  };
};

const ds = (name: string, extra = '', image = 'nginx:1.27') => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
${extra}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: "${image}"}]}
`;
const live = async (app: string): Promise<DsPod[]> =>
  ((await listPods(h.client, 'default', `app=${app}`)) as DsPod[]).filter((p) => !p.metadata.deletionTimestamp);
const nodeOf = (p: DsPod): string | undefined =>
  p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]?.matchFields?.[0]?.values[0];
const nodesOf = async (app: string): Promise<string> => (await live(app)).map(nodeOf).sort().join(',');
const getDs = (n: string) => h.client.get<DsObj>(`/apis/apps/v1/namespaces/default/daemonsets/${n}`);
const kubectl = async (args: string[], stdin?: string): Promise<string> => {
  const r = await h.t.kubectl(args, stdin === undefined ? {} : { stdin });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

/** Plays kubelet until the rollout settles: every pending pod becomes Running and Ready. */
async function settle(
  name: string,
  what: string,
  done: (s: NonNullable<DsObj['status']>) => boolean,
): Promise<NonNullable<DsObj['status']>> {
  return eventually(
    async () => {
      await markPodsReady(h.client, 'default', `app=${name}`);
      const d = await getDs(name);
      return d.status && d.status.observedGeneration === d.metadata.generation && done(d.status) ? d.status : undefined;
    },
    what,
    30_000,
  );
}

describe('DaemonSet controller', () => {
  it('runs one pod per eligible node, pinned by node affinity, skipping tainted nodes', async () => {
    await createNode(h.client, 'n1');
    await createNode(h.client, 'n2');
    await createNode(h.client, 'n3');
    await h.client.request('PATCH', '/api/v1/nodes/n3', {
      contentType: 'application/merge-patch+json',
      body: { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } },
    });
    await kubectl(['create', '-f', '-'], ds('agent'));
    await eventually(async () => (await nodesOf('agent')) === 'n1,n2', 'pods on n1 and n2');
    const p = (await live('agent'))[0]!;
    assert.equal(p.spec.nodeName, undefined, 'the scheduler binds, not the controller');
    assert.equal(p.metadata.ownerReferences?.[0]?.kind, 'DaemonSet');
    assert.match(p.metadata.labels?.['controller-revision-hash'] ?? '', /^[a-z0-9]+$/);
    assert.equal(p.metadata.labels?.['pod-template-generation'], '1');
    const tols = (p.spec.tolerations ?? []).map((t) => `${t.key}:${t.effect}`).sort();
    for (const k of [
      'not-ready:NoExecute',
      'unreachable:NoExecute',
      'disk-pressure:NoSchedule',
      'memory-pressure:NoSchedule',
      'pid-pressure:NoSchedule',
      'unschedulable:NoSchedule',
    ])
      assert.ok(tols.includes(`node.kubernetes.io/${k}`), k);
    assert.ok(!tols.includes('node.kubernetes.io/network-unavailable:NoSchedule'), 'only for hostNetwork');

    const st = await settle('agent', 'ready status', (s) => s.numberAvailable === 2);
    assert.deepEqual(
      {
        d: st.desiredNumberScheduled,
        c: st.currentNumberScheduled,
        r: st.numberReady,
        u: st.updatedNumberScheduled,
        a: st.numberAvailable,
        un: st.numberUnavailable,
        m: st.numberMisscheduled,
      },
      { d: 2, c: 2, r: 2, u: 2, a: 2, un: 0, m: 0 },
    );
    const rs = await kubectl(['rollout', 'status', 'daemonset/agent', '--timeout=20s']);
    assert.match(rs, /daemon set "agent" successfully rolled out/);
    assert.match(await kubectl(['get', 'ds', 'agent']), /agent\s+2\s+2\s+2\s+2\s+2\s+/);
    const events = await kubectl(['get', 'events', '--field-selector', 'involvedObject.name=agent', '-o', 'jsonpath={.items[*].reason}']);
    assert.match(events, /SuccessfulCreate/);
    const crs = await kubectl(['get', 'controllerrevisions', '-o', 'name']);
    assert.equal(crs.trim(), `controllerrevision.apps/agent-${p.metadata.labels?.['controller-revision-hash']}`);
  });

  it('follows nodes: added node gets a pod, removed node loses it, tolerated taint is used', async () => {
    await createNode(h.client, 'n4');
    await eventually(async () => (await nodesOf('agent')) === 'n1,n2,n4', 'pod on new node');
    await h.client.request('DELETE', '/api/v1/nodes/n2');
    await eventually(async () => (await nodesOf('agent')) === 'n1,n4', 'pod of removed node deleted');
    const tolerant = ds('tol', '').replace('spec: {containers', 'spec: {tolerations: [{key: dedicated, operator: Exists}], containers');
    await kubectl(['create', '-f', '-'], tolerant);
    await eventually(async () => (await nodesOf('tol')) === 'n1,n3,n4', 'tolerating pods everywhere');
    // A nodeSelector narrows the set; relabelling a node moves the daemon.
    await kubectl(['create', '-f', '-'], ds('sel').replace('spec: {containers', 'spec: {nodeSelector: {role: edge}, containers'));
    await kubectl(['label', 'node', 'n4', 'role=edge']);
    await eventually(async () => (await nodesOf('sel')) === 'n4', 'selected node');
    await kubectl(['label', 'node', 'n4', 'role-']);
    await eventually(async () => (await nodesOf('sel')) === '', 'unselected node loses its pod');
    await kubectl(['delete', 'ds', 'sel', 'tol', '--wait=false']);
  });

  it('rolls out a new template within maxUnavailable; rollout history and undo use ControllerRevisions', async () => {
    await settle('agent', 'settled', (s) => s.numberAvailable === 2 && s.desiredNumberScheduled === 2);
    const oldHash = (await live('agent'))[0]!.metadata.labels?.['controller-revision-hash'];
    // The revision copies the DaemonSet's annotations when it is created, so the cause goes first.
    await kubectl(['annotate', 'daemonset/agent', 'kubernetes.io/change-cause=bump to 1.28']);
    await kubectl(['set', 'image', 'daemonset/agent', 'main=nginx:1.28']);
    // maxUnavailable 1: while a replacement is not ready, the other old pod stays.
    await eventually(
      async () => (await live('agent')).some((p) => p.metadata.labels?.['controller-revision-hash'] !== oldHash),
      'first replacement',
    );
    const mid = await live('agent');
    assert.ok(
      mid.filter((p) => p.metadata.labels?.['controller-revision-hash'] === oldHash).length >= 1,
      'one old pod kept while the new one is not ready',
    );
    await settle('agent', 'rolled out', (s) => s.updatedNumberScheduled === 2 && s.numberAvailable === 2);
    assert.match(await kubectl(['rollout', 'status', 'daemonset/agent', '--timeout=20s']), /successfully rolled out/);

    const hist = await kubectl(['rollout', 'history', 'daemonset/agent']);
    assert.match(hist, /^1\s+<none>$/m);
    assert.match(hist, /^2\s+bump to 1\.28$/m);
    assert.match(await kubectl(['rollout', 'history', 'daemonset/agent', '--revision=1']), /nginx:1\.27/);

    assert.match(await kubectl(['rollout', 'undo', 'daemonset/agent']), /rolled back/);
    assert.equal((await getDs('agent')).spec.template.spec.containers[0]?.image, 'nginx:1.27');
    await settle('agent', 'rolled back', (s) => s.updatedNumberScheduled === 2 && s.numberAvailable === 2);
    const back = await live('agent');
    assert.ok(
      back.every((p) => p.metadata.labels?.['controller-revision-hash'] === oldHash),
      'the old revision is reused',
    );
    const hist2 = await kubectl(['rollout', 'history', 'daemonset/agent']);
    assert.match(hist2, /^2\s+bump to 1\.28$/m);
    assert.match(hist2, /^3\s+<none>$/m);
    assert.doesNotMatch(hist2, /^1\s/m);
    assert.match(await kubectl(['rollout', 'undo', 'daemonset/agent', '--to-revision=2']), /rolled back/);
    assert.equal((await getDs('agent')).spec.template.spec.containers[0]?.image, 'nginx:1.28');
    await settle('agent', 'undo to revision 2', (s) => s.updatedNumberScheduled === 2 && s.numberAvailable === 2);
  });

  it('maxSurge starts the new pod beside the old one; OnDelete waits for the user', async () => {
    await kubectl([
      'patch',
      'ds',
      'agent',
      '--type=merge',
      '-p',
      '{"spec":{"updateStrategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}},"template":{"spec":{"containers":[{"name":"main","image":"nginx:1.29"}]}}}}',
    ]);
    await eventually(async () => (await live('agent')).length === 3, 'a surge pod beside the old one');
    await settle('agent', 'surged rollout', (s) => s.updatedNumberScheduled === 2 && s.numberAvailable === 2);
    await eventually(async () => (await live('agent')).length === 2, 'old pods removed after surge');

    await kubectl([
      'patch',
      'ds',
      'agent',
      '--type=merge',
      '-p',
      '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null},"template":{"spec":{"containers":[{"name":"main","image":"nginx:1.30"}]}}}}',
    ]);
    const st = await settle('agent', 'OnDelete observed', (s) => s.updatedNumberScheduled === 0);
    assert.equal(st.numberAvailable, 2);
    await new Promise((r) => setTimeout(r, 500));
    const before = await live('agent');
    assert.equal(before.length, 2, 'nothing replaced');
    await kubectl(['delete', 'pod', before[0]!.metadata.name, '--wait=false']);
    await settle('agent', 'one pod replaced by hand', (s) => s.updatedNumberScheduled === 1 && s.numberAvailable === 2);
  });
});
