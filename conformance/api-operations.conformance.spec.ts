import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { Api, names } from './lib/api.js';

// "X API operations" behaviours: discovery of the group, version and resource, then every verb.

let t: TestServer;
let api: Api;
before(async () => {
  t = await startTestServer();
  api = new Api(t.url);
});
after(async () => {
  await t.stop();
});

type Obj = {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string>; resourceVersion?: string };
  status?: Record<string, unknown>;
  [k: string]: unknown;
};
type List = { metadata: { resourceVersion: string }; items: Obj[] };

interface Case {
  codename: string;
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
  make: (name: string) => Record<string, unknown>;
  /** Subresources that discovery must list (e.g. status) and whose update/patch is checked. */
  status?: Record<string, unknown>;
}

async function apiOperations(c: Case): Promise<void> {
  const groups = (await api.get<{ groups: Array<{ name: string; versions: Array<{ version: string }> }> }>('/apis')).body.groups;
  assert.ok(
    groups.some((g) => g.name === c.group),
    `${c.group} in /apis`,
  );
  const group = (await api.get<{ versions: Array<{ version: string }> }>(`/apis/${c.group}`)).body;
  assert.ok(
    group.versions.some((v) => v.version === c.version),
    `${c.version} in /apis/${c.group}`,
  );
  const rl = (await api.get<{ resources: Array<{ name: string; verbs: string[] }> }>(`/apis/${c.group}/${c.version}`)).body.resources;
  const main = rl.find((r) => r.name === c.resource);
  assert.ok(main, `${c.resource} in discovery`);
  for (const verb of ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete', 'deletecollection'])
    assert.ok(main.verbs.includes(verb), verb);
  if (c.status)
    assert.ok(
      rl.some((r) => r.name === `${c.resource}/status`),
      `${c.resource}/status in discovery`,
    );

  const base = `/apis/${c.group}/${c.version}${c.namespaced ? '/namespaces/default' : ''}/${c.resource}`;
  const all = `/apis/${c.group}/${c.version}/${c.resource}`;
  const label = `e2e-${c.resource}`;
  const mk = (n: string) => {
    const o = c.make(n) as Obj;
    return { ...o, metadata: { ...o.metadata, name: n, labels: { [label]: 'true' } } };
  };
  // create ×3, get, list (also across namespaces), watch
  const start = (await api.get<List>(`${base}?labelSelector=${label}%3Dtrue`)).body.metadata.resourceVersion;
  const w = api.watch(`${base}?watch=1&resourceVersion=${start}&labelSelector=${label}%3Dtrue`);
  for (const n of ['op-1', 'op-2', 'op-3']) await api.ok('POST', base, mk(n));
  const got = (await api.get<Obj>(`${base}/op-1`)).body;
  assert.equal(got.metadata.name, 'op-1');
  assert.deepEqual(names((await api.get<List>(`${base}?labelSelector=${label}%3Dtrue`)).body), ['op-1', 'op-2', 'op-3']);
  if (c.namespaced) assert.deepEqual(names((await api.get<List>(`${all}?labelSelector=${label}%3Dtrue`)).body), ['op-1', 'op-2', 'op-3']);
  // patch and update, both seen by the watch
  const patched = await api.mergePatch<Obj>(`${base}/op-1`, { metadata: { annotations: { patched: 'true' } } });
  assert.equal(patched.metadata.annotations?.['patched'], 'true');
  const cur = (await api.get<Obj>(`${base}/op-1`)).body;
  const updated = await api.ok<Obj>('PUT', `${base}/op-1`, {
    ...cur,
    metadata: { ...cur.metadata, annotations: { ...cur.metadata.annotations, updated: 'true' } },
  });
  assert.equal(updated.metadata.annotations?.['updated'], 'true');
  const evs = await w.take(5);
  w.stop();
  assert.deepEqual(
    evs.map((e) => e.type),
    ['ADDED', 'ADDED', 'ADDED', 'MODIFIED', 'MODIFIED'],
  );
  assert.equal(evs[4]!.object.metadata.annotations?.['updated'], 'true');
  // status subresource: get, update, patch
  if (c.status) {
    const st = (await api.get<Obj>(`${base}/op-1/status`)).body;
    const put = await api.ok<Obj>('PUT', `${base}/op-1/status`, { ...st, status: c.status });
    assert.deepEqual(put.status, c.status);
    const sp = await api.mergePatch<Obj>(`${base}/op-1/status`, {
      metadata: { annotations: { 'status-patched': 'true' } },
      status: c.status,
    });
    assert.deepEqual(sp.status, c.status);
  }
  // delete one, deletecollection the rest
  await api.ok('DELETE', `${base}/op-1`);
  assert.equal((await api.get(`${base}/op-1`)).status, 404);
  await api.ok('DELETE', `${base}?labelSelector=${label}%3Dtrue`);
  assert.equal((await api.get<List>(`${base}?labelSelector=${label}%3Dtrue`)).body.items.length, 0);
}

const CASES: Case[] = [
  {
    codename: '[sig-api-machinery] API priority and fairness should support FlowSchema API operations [Conformance]',
    group: 'flowcontrol.apiserver.k8s.io',
    version: 'v1',
    resource: 'flowschemas',
    namespaced: false,
    make: () => ({
      metadata: {},
      spec: {
        priorityLevelConfiguration: { name: 'global-default' },
        matchingPrecedence: 10000,
        rules: [
          {
            subjects: [{ kind: 'Group', group: { name: 'system:authenticated' } }],
            resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'] }],
          },
        ],
      },
    }),
    status: { conditions: [{ type: 'Dangling', status: 'False', reason: 'Found', message: 'e2e' }] },
  },
  {
    codename: '[sig-api-machinery] API priority and fairness should support PriorityLevelConfiguration API operations [Conformance]',
    group: 'flowcontrol.apiserver.k8s.io',
    version: 'v1',
    resource: 'prioritylevelconfigurations',
    namespaced: false,
    make: () => ({ metadata: {}, spec: { type: 'Limited', limited: { nominalConcurrencyShares: 2, limitResponse: { type: 'Reject' } } } }),
    status: { conditions: [{ type: 'ConcurrencyShared', status: 'True', reason: 'E2E', message: 'e2e' }] },
  },
  {
    codename:
      '[sig-api-machinery] ValidatingAdmissionPolicy [Privileged:ClusterAdmin] should support ValidatingAdmissionPolicy API operations [Conformance]',
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    resource: 'validatingadmissionpolicies',
    namespaced: false,
    make: () => ({
      metadata: {},
      spec: {
        matchConstraints: {
          resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] }],
        },
        validations: [{ expression: 'object.spec.replicas <= 100' }],
      },
    }),
    status: {
      observedGeneration: 1,
      conditions: [{ type: 'Ready', status: 'True', reason: 'E2E', message: 'e2e', lastTransitionTime: '2026-01-01T00:00:00Z' }],
    },
  },
  {
    codename:
      '[sig-api-machinery] ValidatingAdmissionPolicy [Privileged:ClusterAdmin] should support ValidatingAdmissionPolicyBinding API operations [Conformance]',
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    resource: 'validatingadmissionpolicybindings',
    namespaced: false,
    make: () => ({ metadata: {}, spec: { policyName: 'replicalimit-policy.example.com', validationActions: ['Deny'] } }),
  },
  {
    codename: '[sig-network] EndpointSlice should support creating EndpointSlice API operations [Conformance]',
    group: 'discovery.k8s.io',
    version: 'v1',
    resource: 'endpointslices',
    namespaced: true,
    make: () => ({
      metadata: {},
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.1.2.3'] }],
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    }),
  },
  {
    codename: '[sig-network] Ingress API should support creating Ingress API operations [Conformance]',
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingresses',
    namespaced: true,
    make: () => ({ metadata: {}, spec: { defaultBackend: { service: { name: 'default-backend', port: { number: 8080 } } } } }),
    status: { loadBalancer: { ingress: [{ ip: '169.1.1.1' }] } },
  },
  {
    codename: '[sig-network] IngressClass API should support creating IngressClass API operations [Conformance]',
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingressclasses',
    namespaced: false,
    make: () => ({ metadata: {}, spec: { controller: 'example.com/e2e' } }),
  },
  {
    codename: '[sig-node] RuntimeClass should support RuntimeClasses API operations [Conformance]',
    group: 'node.k8s.io',
    version: 'v1',
    resource: 'runtimeclasses',
    namespaced: false,
    make: () => ({ metadata: {}, handler: 'runc' }),
  },
  {
    codename: '[sig-storage] CSIStorageCapacity should support CSIStorageCapacities API operations [Conformance]',
    group: 'storage.k8s.io',
    version: 'v1',
    resource: 'csistoragecapacities',
    namespaced: true,
    make: () => ({ metadata: {}, storageClassName: 'e2e', capacity: '1Gi' }),
  },
];

describe('API operations behaviours', () => {
  for (const c of CASES) it(c.codename, () => apiOperations(c));
});

describe('sig-storage CSI API lifecycles', () => {
  it('[sig-storage] CSIInlineVolumes should run through the lifecycle of a CSIDriver [Conformance]', async () => {
    const base = '/apis/storage.k8s.io/v1/csidrivers';
    for (const n of ['inline-1', 'inline-2'])
      await api.ok('POST', base, { metadata: { name: n, labels: { 'e2e-csi': 'true' } }, spec: { volumeLifecycleModes: ['Ephemeral'] } });
    assert.equal(
      (await api.mergePatch<Obj>(`${base}/inline-1`, { metadata: { labels: { patched: 'yes' } } })).metadata.labels?.['patched'],
      'yes',
    );
    const cur = (await api.get<Obj>(`${base}/inline-1`)).body;
    assert.equal(
      (
        await api.ok<Obj>('PUT', `${base}/inline-1`, {
          ...cur,
          metadata: { ...cur.metadata, labels: { ...cur.metadata.labels, updated: 'yes' } },
        })
      ).metadata.labels?.['updated'],
      'yes',
    );
    assert.deepEqual(names((await api.get<List>(`${base}?labelSelector=e2e-csi%3Dtrue`)).body), ['inline-1', 'inline-2']);
    await api.ok('DELETE', `${base}/inline-1`);
    await api.ok('DELETE', `${base}?labelSelector=e2e-csi%3Dtrue`);
    assert.equal((await api.get<List>(`${base}?labelSelector=e2e-csi%3Dtrue`)).body.items.length, 0);
  });

  it('[sig-storage] CSINodes CSI Conformance should run through the lifecycle of a csinode [Conformance]', async () => {
    const base = '/apis/storage.k8s.io/v1/csinodes';
    const node = (n: string) => ({ metadata: { name: n, labels: { 'e2e-csinode': 'true' } }, spec: { drivers: [] } });
    await api.ok('POST', base, node('csinode-1'));
    assert.equal((await api.get<Obj>(`${base}/csinode-1`)).body.metadata.name, 'csinode-1');
    assert.equal(
      (await api.mergePatch<Obj>(`${base}/csinode-1`, { metadata: { labels: { patched: 'yes' } } })).metadata.labels?.['patched'],
      'yes',
    );
    assert.deepEqual(names((await api.get<List>(`${base}?labelSelector=e2e-csinode%3Dtrue`)).body), ['csinode-1']);
    await api.ok('DELETE', `${base}/csinode-1`);
    assert.equal((await api.get(`${base}/csinode-1`)).status, 404);
    await api.ok('POST', base, node('csinode-2'));
    const cur = (await api.get<Obj>(`${base}/csinode-2`)).body;
    assert.equal(cur.metadata.name, 'csinode-2');
    assert.equal(
      (
        await api.ok<Obj>('PUT', `${base}/csinode-2`, {
          ...cur,
          metadata: { ...cur.metadata, labels: { ...cur.metadata.labels, updated: 'yes' } },
        })
      ).metadata.labels?.['updated'],
      'yes',
    );
    await api.ok('DELETE', `${base}?labelSelector=e2e-csinode%3Dtrue`);
    assert.equal((await api.get(`${base}/csinode-2`)).status, 404);
  });

  const attachment = (n: string) => ({
    metadata: { name: n, labels: { 'e2e-va': 'true' } },
    spec: { attacher: 'e2e.example.com', nodeName: 'node-e2e', source: { persistentVolumeName: `pv-${n}` } },
  });
  it('[sig-storage] VolumeAttachment Conformance should run through the lifecycle of a VolumeAttachment [Conformance]', async () => {
    const base = '/apis/storage.k8s.io/v1/volumeattachments';
    await api.ok('POST', base, attachment('va-1'));
    assert.equal((await api.get<Obj>(`${base}/va-1`)).body.metadata.name, 'va-1');
    assert.equal(
      (await api.mergePatch<Obj>(`${base}/va-1`, { metadata: { labels: { patched: 'yes' } } })).metadata.labels?.['patched'],
      'yes',
    );
    assert.deepEqual(names((await api.get<List>(`${base}?labelSelector=patched%3Dyes`)).body), ['va-1']);
    await api.ok('DELETE', `${base}/va-1`);
    assert.equal((await api.get(`${base}/va-1`)).status, 404);
    for (const n of ['va-2', 'va-3']) {
      await api.ok('POST', base, attachment(n));
      const cur = (await api.get<Obj>(`${base}/${n}`)).body;
      assert.equal(
        (
          await api.ok<Obj>('PUT', `${base}/${n}`, {
            ...cur,
            metadata: { ...cur.metadata, labels: { ...cur.metadata.labels, updated: 'yes' } },
          })
        ).metadata.labels?.['updated'],
        'yes',
      );
    }
    await api.ok('DELETE', `${base}?labelSelector=e2e-va%3Dtrue`);
    assert.equal((await api.get<List>(`${base}?labelSelector=e2e-va%3Dtrue`)).body.items.length, 0);
  });

  it('[sig-storage] VolumeAttachment Conformance should apply changes to a volumeattachment status [Conformance]', async () => {
    const base = '/apis/storage.k8s.io/v1/volumeattachments';
    await api.ok('POST', base, attachment('va-status'));
    assert.equal(
      (await api.mergePatch<Obj>(`${base}/va-status`, { metadata: { labels: { patched: 'yes' } } })).metadata.labels?.['patched'],
      'yes',
    );
    const st = (await api.get<Obj & { status?: { attached?: boolean } }>(`${base}/va-status/status`)).body;
    assert.equal(st.status?.attached ?? false, false);
    const p = await api.mergePatch<Obj & { status: { attached: boolean } }>(`${base}/va-status/status`, { status: { attached: true } });
    assert.equal(p.status.attached, true);
    const cur = (await api.get<Obj>(`${base}/va-status`)).body;
    const u = await api.ok<Obj & { status: { attached: boolean } }>('PUT', `${base}/va-status/status`, {
      ...cur,
      status: { attached: false },
    });
    assert.equal(u.status.attached, false);
    await api.ok('DELETE', `${base}/va-status`);
    assert.equal((await api.get(`${base}/va-status`)).status, 404);
  });
});

describe('quota, priority classes and endpoints over the API', () => {
  const quota = (name: string, cpu: string, memory: string) => ({
    metadata: { name, labels: { 'e2e-quota': 'true' } },
    spec: { hard: { cpu, memory } },
  });
  type Quota = Obj & { spec: { hard: Record<string, string> } };

  it('[sig-api-machinery] ResourceQuota should be able to update and delete ResourceQuota. [Conformance]', async () => {
    const base = '/api/v1/namespaces/default/resourcequotas';
    const created = await api.ok<Quota>('POST', base, quota('rq-update', '1', '500Mi'));
    assert.deepEqual(created.spec.hard, { cpu: '1', memory: '500Mi' });
    const updated = await api.ok<Quota>('PUT', `${base}/rq-update`, { ...created, spec: { hard: { cpu: '2', memory: '1Gi' } } });
    assert.deepEqual(updated.spec.hard, { cpu: '2', memory: '1Gi' });
    assert.deepEqual((await api.get<Quota>(`${base}/rq-update`)).body.spec.hard, { cpu: '2', memory: '1Gi' });
    await api.ok('DELETE', `${base}/rq-update`);
    assert.equal((await api.get(`${base}/rq-update`)).status, 404);
  });

  it('[sig-api-machinery] ResourceQuota should manage the lifecycle of a ResourceQuota [Conformance]', async () => {
    const base = '/api/v1/namespaces/default/resourcequotas';
    await api.ok('POST', base, quota('rq-life', '1', '500Mi'));
    const all = (await api.get<List>('/api/v1/resourcequotas?labelSelector=e2e-quota%3Dtrue')).body;
    assert.deepEqual(names(all), ['rq-life']);
    const patched = await api.mergePatch<Quota>(`${base}/rq-life`, {
      metadata: { labels: { patched: 'true' } },
      spec: { hard: { cpu: '2', memory: '1Gi' } },
    });
    assert.equal(patched.metadata.labels?.['patched'], 'true');
    assert.deepEqual(patched.spec.hard, { cpu: '2', memory: '1Gi' });
    await api.ok('DELETE', `${base}?labelSelector=e2e-quota%3Dtrue`);
    assert.equal((await api.get<List>(`${base}?labelSelector=e2e-quota%3Dtrue`)).body.items.length, 0);
  });

  it('[sig-scheduling] SchedulerPreemption [Serial] PriorityClass endpoints verify PriorityClass endpoints can be operated with different HTTP methods [Conformance]', async () => {
    const base = '/apis/scheduling.k8s.io/v1/priorityclasses';
    for (const n of ['p1', 'p2']) await api.ok('POST', base, { metadata: { name: n }, value: n === 'p1' ? 100 : 200 });
    assert.ok(names((await api.get<List>(base)).body).includes('p1'));
    const patched = await api.mergePatch<Obj & { description: string }>(`${base}/p1`, { description: 'patched' });
    assert.equal(patched.description, 'patched');
    const cur = (await api.get<Obj & { description: string }>(`${base}/p2`)).body;
    assert.equal(
      (await api.ok<Obj & { description: string }>('PUT', `${base}/p2`, { ...cur, description: 'updated' })).description,
      'updated',
    );
    assert.equal((await api.call('PATCH', `${base}/p1`, { value: 999 }, 'application/merge-patch+json')).status, 422);
    const latest = (await api.get<Obj>(`${base}/p2`)).body;
    assert.equal((await api.call('PUT', `${base}/p2`, { ...latest, value: 999 })).status, 422);
    assert.equal((await api.get<Obj & { value: number }>(`${base}/p2`)).body.value, 200);
  });

  it('[sig-network] Services should test the lifecycle of an Endpoint [Conformance]', async () => {
    const base = '/api/v1/namespaces/default/endpoints';
    const start = (await api.get<List>(base)).body.metadata.resourceVersion;
    const w = api.watch(`${base}?watch=1&resourceVersion=${start}&labelSelector=test-endpoint-static%3Dtrue`);
    await api.ok('POST', base, {
      metadata: { name: 'e2e-endpoint', labels: { 'test-endpoint-static': 'true' } },
      subsets: [{ addresses: [{ ip: '10.0.0.24' }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }],
    });
    assert.equal((await api.get<Obj>(`${base}/e2e-endpoint`)).body.metadata.name, 'e2e-endpoint');
    const cur = (await api.get<Obj>(`${base}/e2e-endpoint`)).body;
    const upd = await api.ok<Obj>('PUT', `${base}/e2e-endpoint`, {
      ...cur,
      metadata: { ...cur.metadata, labels: { ...cur.metadata.labels, 'test-service': 'updated' } },
    });
    assert.equal(upd.metadata.labels?.['test-service'], 'updated');
    const patched = await api.mergePatch<Obj & { subsets: Array<{ addresses: Array<{ ip: string }>; ports: Array<{ port: number }> }> }>(
      `${base}/e2e-endpoint`,
      {
        metadata: { labels: { 'test-service': 'patched' } },
        subsets: [{ addresses: [{ ip: '10.0.0.25' }], ports: [{ name: 'http-test', port: 8080, protocol: 'TCP' }] }],
      },
    );
    assert.equal(patched.subsets[0]!.addresses[0]!.ip, '10.0.0.25');
    assert.equal(patched.subsets[0]!.ports[0]!.port, 8080);
    await api.ok('DELETE', `${base}?labelSelector=test-endpoint-static%3Dtrue`);
    const evs = await w.take(4);
    w.stop();
    assert.deepEqual(
      evs.map((e) => e.type),
      ['ADDED', 'MODIFIED', 'MODIFIED', 'DELETED'],
    );
  });
});
