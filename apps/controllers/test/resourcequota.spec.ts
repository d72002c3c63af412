import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPod, setPodStatus, startConfiguredHarness } from './configured.harness.js';
import { eventually, type Harness } from './helpers.js';

let h: Harness;
before(async () => {
  h = await startConfiguredHarness(['resourcequota'], {});
  await h.t.kubectl(['create', '-f', '-'], { stdin: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: q}\n' });
});
after(async () => {
  await h.stop();
});

const quota = `apiVersion: v1
kind: ResourceQuota
metadata: {name: compute, namespace: q}
spec:
  hard:
    pods: "10"
    requests.cpu: "2"
    requests.memory: 2Gi
    limits.cpu: "4"
    limits.memory: 4Gi
    configmaps: "5"
    secrets: "5"
    services: "3"
    persistentvolumeclaims: "2"
    count/deployments.apps: "2"
`;
type Used = Record<string, string>;
const used = async (name = 'compute'): Promise<Used | undefined> =>
  (await h.client.get<{ status?: { used?: Used } }>(`/api/v1/namespaces/q/resourcequotas/${name}`)).status?.used;
const resources = (cpu: string, mem: string) => ({
  containers: [{ name: 'main', image: 'nginx', resources: { requests: { cpu, memory: mem }, limits: { cpu, memory: mem } } }],
});

describe('ResourceQuota controller', () => {
  it('computes status.used for every hard key from what exists in the namespace', async () => {
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: quota })).code, 0);
    const empty = await eventually(async () => ((await used())?.['pods'] === '0' ? used() : undefined), 'initial usage');
    assert.deepEqual(empty, {
      pods: '0',
      'requests.cpu': '0',
      'requests.memory': '0',
      'limits.cpu': '0',
      'limits.memory': '0',
      configmaps: '0',
      secrets: '0',
      services: '0',
      persistentvolumeclaims: '0',
      'count/deployments.apps': '0',
    });

    await createPod(h.client, 'q', 'a', { spec: resources('500m', '128Mi') });
    await createPod(h.client, 'q', 'b', { spec: resources('1', '256Mi') });
    await createPod(h.client, 'q', 'done', { spec: resources('1', '1Gi') });
    await h.client.request('PATCH', '/api/v1/namespaces/q/pods/done/status', {
      contentType: 'application/merge-patch+json',
      body: { status: { phase: 'Succeeded' } },
    });
    await h.client.request('POST', '/api/v1/namespaces/q/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1' } },
    });
    await h.client.request('POST', '/api/v1/namespaces/q/secrets', {
      body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' } },
    });
    await h.client.request('POST', '/api/v1/namespaces/q/services', {
      body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }] } },
    });
    await h.client.request('POST', '/apis/apps/v1/namespaces/q/deployments', {
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: {
          replicas: 0,
          selector: { matchLabels: { a: 'b' } },
          template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'm', image: 'nginx' }] } },
        },
      },
    });
    const u = await eventually(async () => {
      const x = await used();
      return x?.['pods'] === '2' && x['count/deployments.apps'] === '1' && x['services'] === '1' ? x : undefined;
    }, 'usage after creates');
    assert.deepEqual(u, {
      pods: '2',
      'requests.cpu': '1500m',
      'requests.memory': '384Mi',
      'limits.cpu': '1500m',
      'limits.memory': '384Mi',
      configmaps: '1',
      secrets: '1',
      services: '1',
      persistentvolumeclaims: '0',
      'count/deployments.apps': '1',
    });

    const d = await h.t.kubectl(['describe', 'quota', 'compute', '-n', 'q']);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /Resource\s+Used\s+Hard/);
    assert.match(d.stdout, /pods\s+2\s+10/);
    assert.match(d.stdout, /requests\.cpu\s+1500m\s+2/);
    assert.match(d.stdout, /requests\.memory\s+384Mi\s+2Gi/);
    const g = await h.t.kubectl(['get', 'quota', '-n', 'q']);
    assert.match(g.stdout, /compute\s+.*pods: 2\/10/);
  });

  it('follows deletes and phase changes; a BestEffort-scoped quota counts only pods without resources', async () => {
    await h.client.request('DELETE', '/api/v1/namespaces/q/pods/a', {
      body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 },
    });
    await setPodStatus(h.client, 'q', 'b', '10.0.0.1', true);
    await eventually(async () => (await used())?.['requests.cpu'] === '1', 'cpu after delete');
    await h.client.request('POST', '/api/v1/namespaces/q/resourcequotas', {
      body: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'be' }, spec: { hard: { pods: '5' }, scopes: ['BestEffort'] } },
    });
    await createPod(h.client, 'q', 'plain');
    await eventually(async () => (await used('be'))?.['pods'] === '1', 'best-effort pods = 1');
    await eventually(async () => (await used())?.['pods'] === '2', 'all pods = 2');
  });
});
