import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNode, createPod, setPodStatus, startConfiguredHarness } from './configured.harness.js';
import { eventually, type Harness } from './helpers.js';

let h: Harness;
before(async () => {
  h = await startConfiguredHarness(['endpointslice', 'endpoint', 'garbagecollector'], { maxEndpointsPerSlice: 3 });
  await createNode(h.client, 'node-a', { 'topology.kubernetes.io/zone': 'zone-a' });
});
after(async () => {
  await h.stop();
});

interface Slice {
  metadata: { name: string; labels: Record<string, string>; ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }> };
  addressType: string;
  ports?: Array<{ name: string; port: number; protocol: string }>;
  endpoints: Array<{
    addresses: string[];
    conditions: { ready: boolean; serving: boolean; terminating: boolean };
    nodeName?: string;
    zone?: string;
    hostname?: string;
    targetRef: { kind: string; name: string; uid: string };
  }>;
}
interface Endpoints {
  metadata: { labels?: Record<string, string> };
  subsets?: Array<{
    addresses?: Array<{ ip: string; nodeName?: string; hostname?: string; targetRef: { name: string } }>;
    notReadyAddresses?: Array<{ ip: string }>;
    ports?: Array<{ name?: string; port: number; protocol: string }>;
  }>;
}

const slicesOf = async (svc: string): Promise<Slice[]> =>
  (
    await h.client.get<{ items: Slice[] }>('/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', {
      labelSelector: `kubernetes.io/service-name=${svc}`,
    })
  ).items;
const endpointsOf = (svc: string): Promise<Endpoints> => h.client.get<Endpoints>(`/api/v1/namespaces/default/endpoints/${svc}`);

const web = `apiVersion: v1
kind: Service
metadata: {name: web, labels: {team: blue}}
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http}
  - {name: metrics, port: 9090, targetPort: 9090}
`;

describe('EndpointSlice and Endpoints controllers', () => {
  it('publish ready and not-ready pods with named targetPorts resolved per pod', async () => {
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: web })).code, 0);
    // An empty placeholder slice while nothing matches, as upstream.
    const placeholder = await eventually(
      async () => ((await slicesOf('web')).length === 1 ? (await slicesOf('web'))[0] : undefined),
      'placeholder slice',
    );
    assert.deepEqual(placeholder.endpoints, []);
    assert.match(placeholder.metadata.name, /^web-[a-z0-9]{5}$/);

    const ports = (n: number) => ({ containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: n }] }] });
    await createPod(h.client, 'default', 'web-1', {
      labels: { app: 'web' },
      node: 'node-a',
      ip: '10.0.0.11',
      ready: true,
      spec: ports(8080),
    });
    await createPod(h.client, 'default', 'web-2', {
      labels: { app: 'web' },
      node: 'node-a',
      ip: '10.0.0.12',
      ready: false,
      spec: ports(8080),
    });
    await createPod(h.client, 'default', 'web-3', {
      labels: { app: 'web' },
      node: 'node-a',
      ip: '10.0.0.13',
      ready: true,
      spec: ports(8081),
    });
    await createPod(h.client, 'default', 'web-noip', { labels: { app: 'web' }, node: 'node-a' });
    await createPod(h.client, 'default', 'other', { labels: { app: 'other' }, node: 'node-a', ip: '10.0.0.99', ready: true });

    const slices = await eventually(async () => {
      const s = await slicesOf('web');
      return s.reduce((n, x) => n + x.endpoints.length, 0) === 3 && s.length === 2 ? s : undefined;
    }, 'two slices (one per port set)');
    const by8080 = slices.find((s) => s.ports?.some((p) => p.port === 8080))!;
    assert.deepEqual(by8080.ports, [
      { name: 'http', protocol: 'TCP', port: 8080 },
      { name: 'metrics', protocol: 'TCP', port: 9090 },
    ]);
    assert.equal(by8080.addressType, 'IPv4');
    assert.deepEqual(by8080.metadata.labels, {
      team: 'blue',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    assert.deepEqual(
      by8080.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.controller]),
      [['Service', 'web', true]],
    );
    const e1 = by8080.endpoints.find((e) => e.targetRef.name === 'web-1')!;
    const e2 = by8080.endpoints.find((e) => e.targetRef.name === 'web-2')!;
    assert.deepEqual(e1.addresses, ['10.0.0.11']);
    assert.deepEqual(e1.conditions, { ready: true, serving: true, terminating: false });
    assert.deepEqual(e2.conditions, { ready: false, serving: false, terminating: false });
    assert.equal(e1.nodeName, 'node-a');
    assert.equal(e1.zone, 'zone-a');
    assert.equal(e1.targetRef.kind, 'Pod');

    const ep = await eventually(async () => {
      const e = await endpointsOf('web');
      return (e.subsets ?? []).length === 3 ? e : undefined;
    }, 'endpoints subsets (repacked per port: 8080, 8081 and 9090 have different address sets)');
    assert.deepEqual(ep.metadata.labels, { team: 'blue' });
    const s8080 = ep.subsets!.find((s) => s.ports?.some((p) => p.port === 8080))!;
    assert.deepEqual(
      s8080.addresses?.map((a) => [a.ip, a.nodeName, a.targetRef.name]),
      [['10.0.0.11', 'node-a', 'web-1']],
    );
    assert.deepEqual(
      s8080.notReadyAddresses?.map((a) => a.ip),
      ['10.0.0.12'],
    );
    assert.deepEqual(s8080.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const s9090 = ep.subsets!.find((s) => s.ports?.some((p) => p.port === 9090))!;
    assert.deepEqual(
      s9090.addresses?.map((a) => a.ip),
      ['10.0.0.11', '10.0.0.13'],
    );

    const gs = await h.t.kubectl(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web']);
    assert.equal(gs.code, 0, gs.stderr);
    assert.match(gs.stdout, /^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE/);
    assert.match(gs.stdout, /web-[a-z0-9]{5}\s+IPv4\s+8080,9090\s+(10\.0\.0\.11,10\.0\.0\.12|10\.0\.0\.12,10\.0\.0\.11)\s+/);
    const ge = await h.t.kubectl(['get', 'endpoints', 'web']);
    assert.match(ge.stdout, /web\s+[0-9.:,]+ \+ 1 more\.\.\.\s+/);
  });

  it('follows readiness, termination and deletion', async () => {
    await setPodStatus(h.client, 'default', 'web-2', '10.0.0.12', true);
    await eventually(async () => (await slicesOf('web')).flatMap((s) => s.endpoints).every((e) => e.conditions.ready), 'all ready');
    await eventually(async () => (await endpointsOf('web')).subsets?.every((s) => !s.notReadyAddresses), 'no notReadyAddresses');
    // A finalizer keeps the deleted pod around as terminating.
    await h.client.request('PATCH', '/api/v1/namespaces/default/pods/web-1', {
      contentType: 'application/merge-patch+json',
      body: { metadata: { finalizers: ['example.com/hold'] } },
    });
    await h.client.request('DELETE', '/api/v1/namespaces/default/pods/web-1');
    await eventually(async () => {
      const e = (await slicesOf('web')).flatMap((s) => s.endpoints).find((x) => x.targetRef.name === 'web-1');
      return e && e.conditions.terminating && !e.conditions.ready && e.conditions.serving;
    }, 'terminating endpoint');
    await eventually(async () => !JSON.stringify(await endpointsOf('web')).includes('10.0.0.11'), 'terminating pod left Endpoints');
    await h.client.request('PATCH', '/api/v1/namespaces/default/pods/web-1', {
      contentType: 'application/merge-patch+json',
      body: { metadata: { finalizers: null } },
    });
    // Upstream would keep the pod until its grace period ends; this apiserver deletes it with the last finalizer.
    await h.client
      .request('DELETE', '/api/v1/namespaces/default/pods/web-1', {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 },
      })
      .catch(() => undefined);
    await eventually(async () => (await slicesOf('web')).flatMap((s) => s.endpoints).length === 2, 'deleted pod removed');
  });

  it('splits a port set over slices of at most --max-endpoints-per-slice, and reuses them when shrinking', async () => {
    for (let i = 0; i < 7; i++)
      await createPod(h.client, 'default', `many-${i}`, { labels: { app: 'many' }, node: 'node-a', ip: `10.0.1.${i + 1}`, ready: true });
    await h.client.request('POST', '/api/v1/namespaces/default/services', {
      body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'many' }, spec: { selector: { app: 'many' }, ports: [{ port: 80 }] } },
    });
    const slices = await eventually(async () => {
      const s = await slicesOf('many');
      return s.reduce((n, x) => n + x.endpoints.length, 0) === 7 ? s : undefined;
    }, '7 endpoints');
    assert.deepEqual(slices.map((s) => s.endpoints.length).sort(), [1, 3, 3]);
    assert.deepEqual(slices[0]!.ports, [{ name: '', protocol: 'TCP', port: 80 }]);
    const ips = slices.flatMap((s) => s.endpoints.map((e) => e.addresses[0]));
    assert.equal(new Set(ips).size, 7, 'no endpoint twice');
    // Bound pods are deleted gracefully (no kubelet here to confirm), so force them.
    for (let i = 0; i < 6; i++)
      await h.client.request('DELETE', `/api/v1/namespaces/default/pods/many-${i}`, {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 },
      });
    const left = await eventually(async () => {
      const s = await slicesOf('many');
      return s.length === 1 && s[0]!.endpoints.length === 1 ? s : undefined;
    }, 'one slice left');
    assert.equal(left[0]!.endpoints[0]!.addresses[0], '10.0.1.7');
    await h.t.kubectl(['delete', 'service', 'many']);
    await eventually(async () => (await slicesOf('many')).length === 0, 'slices collected with the service');
    await eventually(async () => {
      try {
        await endpointsOf('many');
        return false;
      } catch {
        return true;
      }
    }, 'endpoints deleted with the service');
  });

  it('headless: hostname for pods of its subdomain, headless label, no ports needed', async () => {
    await createPod(h.client, 'default', 'db-0', {
      labels: { app: 'db' },
      node: 'node-a',
      ip: '10.0.2.1',
      ready: true,
      spec: { hostname: 'db-0', subdomain: 'db' },
    });
    await h.client.request('POST', '/api/v1/namespaces/default/services', {
      body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: { app: 'db' } } },
    });
    const s = await eventually(async () => (await slicesOf('db')).find((x) => x.endpoints.length === 1), 'headless slice');
    assert.equal(s.metadata.labels['service.kubernetes.io/headless'], '');
    assert.equal(s.endpoints[0]!.hostname, 'db-0');
    assert.deepEqual(s.ports ?? [], []);
    const ep = await eventually(
      async () => ((await endpointsOf('db')).subsets?.length ? endpointsOf('db') : undefined),
      'headless endpoints',
    );
    assert.deepEqual(ep.subsets, [
      { addresses: [{ ip: '10.0.2.1', hostname: 'db-0', nodeName: 'node-a', targetRef: ep.subsets?.[0]?.addresses?.[0]?.targetRef }] },
    ]);
    assert.equal(ep.metadata.labels?.['service.kubernetes.io/headless'], '');
  });

  it('leaves services without a selector and their user-managed Endpoints alone', async () => {
    await h.client.request('POST', '/api/v1/namespaces/default/services', {
      body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { ports: [{ port: 5432 }] } },
    });
    await h.client.request('POST', '/api/v1/namespaces/default/endpoints', {
      body: {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'ext' },
        subsets: [{ addresses: [{ ip: '192.168.1.5' }], ports: [{ port: 5432 }] }],
      },
    });
    await new Promise((r) => setTimeout(r, 700));
    assert.equal((await slicesOf('ext')).length, 0);
    assert.equal((await endpointsOf('ext')).subsets?.[0]?.addresses?.[0]?.ip, '192.168.1.5');
  });
});
