import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterFixture, until } from './lib/api.js';

// sig-network behaviours that need the EndpointSlice controller and running pods.

const { api } = clusterFixture(1);

interface Slice {
  metadata: { name: string; labels?: Record<string, string> };
  endpoints?: Array<{ addresses: string[]; targetRef?: { name: string } }>;
}

async function discoveryHasEndpointSlices(): Promise<void> {
  const groups = (await api.get<{ groups: Array<{ name: string; versions: Array<{ version: string }> }> }>('/apis')).body.groups;
  assert.ok(groups.some((g) => g.name === 'discovery.k8s.io'));
  assert.ok(
    (await api.get<{ versions: Array<{ version: string }> }>('/apis/discovery.k8s.io')).body.versions.some((v) => v.version === 'v1'),
  );
  assert.ok(
    (await api.get<{ resources: Array<{ name: string }> }>('/apis/discovery.k8s.io/v1')).body.resources.some(
      (r) => r.name === 'endpointslices',
    ),
  );
}

async function slicesFor(service: string): Promise<Slice[]> {
  return (
    await api.get<{ items: Slice[] }>(
      `/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3D${service}`,
    )
  ).body.items;
}

async function servedPods(service: string): Promise<string[]> {
  return (await slicesFor(service)).flatMap((s) => (s.endpoints ?? []).map((e) => e.targetRef?.name ?? '')).sort();
}

const pod = (name: string, app: string) => ({
  metadata: { name, labels: { app } },
  spec: { containers: [{ name: 'main', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }] }] },
});
const service = (name: string, app: string) => ({
  metadata: { name },
  spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
});

describe('sig-network EndpointSlices', () => {
  it('[sig-network] EndpointSlice should create Endpoints and EndpointSlices for Pods matching a Service [Conformance]', async () => {
    await discoveryHasEndpointSlices();
    for (const n of ['match-1', 'match-2']) await api.ok('POST', '/api/v1/namespaces/default/pods', pod(n, 'matched'));
    await api.ok('POST', '/api/v1/namespaces/default/pods', pod('other', 'unmatched'));
    await api.ok('POST', '/api/v1/namespaces/default/services', service('matching', 'matched'));
    await until('both pods in slices', async () => (await servedPods('matching')).join() === 'match-1,match-2');
    const eps = await until('endpoints with two addresses', async () => {
      const e = (await api.get<{ subsets?: Array<{ addresses?: Array<{ ip: string }> }> }>('/api/v1/namespaces/default/endpoints/matching'))
        .body;
      return (e.subsets ?? []).flatMap((s) => s.addresses ?? []).length === 2 ? e : undefined;
    });
    assert.ok(eps);
  });

  it('[sig-network] EndpointSlice should create and delete Endpoints and EndpointSlices for a Service with a selector specified [Conformance]', async () => {
    await discoveryHasEndpointSlices();
    await api.ok('POST', '/api/v1/namespaces/default/pods', pod('lifecycle-1', 'lifecycle'));
    await api.ok('POST', '/api/v1/namespaces/default/services', service('lifecycle', 'lifecycle'));
    await until('slice created', async () => (await servedPods('lifecycle')).join() === 'lifecycle-1');
    await until('endpoints created', async () => (await api.get('/api/v1/namespaces/default/endpoints/lifecycle')).status === 200);
    await api.ok('DELETE', '/api/v1/namespaces/default/services/lifecycle');
    await until('slices deleted', async () => (await slicesFor('lifecycle')).length === 0);
    await until('endpoints deleted', async () => (await api.get('/api/v1/namespaces/default/endpoints/lifecycle')).status === 404);
  });
});
