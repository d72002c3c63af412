import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../testing/test-server.js';

/**
 * Server-side apply as kubectl and API clients use it: field ownership in metadata.managedFields,
 * conflicts with other managers, --force-conflicts, migration from client-side apply, dry run.
 */
let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(async () => {
  await t.stop();
});

interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: string;
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}
interface Obj {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string>; managedFields?: ManagedEntry[] };
  spec?: { replicas?: number; template?: { spec: { containers: { name: string; image: string }[] } } };
  data?: Record<string, string>;
}

function deployment(replicas: number, images: Record<string, string>, labels: Record<string, string> = {}): string {
  const containers = Object.entries(images)
    .map(([name, image]) => `      - {name: ${name}, image: "${image}"}`)
    .join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: ${JSON.stringify(labels)}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
${containers}
`;
}

async function ok(args: string[], stdin?: string): Promise<string> {
  const r = await t.kubectl(args, stdin === undefined ? undefined : { stdin });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

async function get(kind: string, name: string): Promise<Obj> {
  return JSON.parse(await ok(['get', kind, name, '-o', 'json', '--show-managed-fields'])) as Obj;
}

function entry(o: Obj, manager: string, operation: 'Apply' | 'Update'): ManagedEntry | undefined {
  return o.metadata.managedFields?.find((e) => e.manager === manager && e.operation === operation);
}

describe('kubectl apply --server-side', () => {
  it('creates the object and records the applier as owner', async () => {
    const out = await ok(['apply', '--server-side', '-f', '-'], deployment(2, { main: 'nginx:1.27' }, { tier: 'web' }));
    assert.equal(out, 'deployment.apps/web serverside-applied');
    const d = await get('deployment', 'web');
    const e = entry(d, 'kubectl', 'Apply');
    assert.ok(e, JSON.stringify(d.metadata.managedFields));
    assert.equal(e.apiVersion, 'apps/v1');
    assert.equal(e.fieldsType, 'FieldsV1');
    assert.match(e.time ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const spec = e.fieldsV1['f:spec'] as Record<string, Record<string, unknown>>;
    assert.deepEqual(spec['f:replicas'], {});
    assert.deepEqual(spec['f:selector'], {});
    const containers =
      ((spec['f:template'] as Record<string, Record<string, unknown>>)['f:spec'] as Record<string, Record<string, unknown>>)[
        'f:containers'
      ] ?? {};
    assert.deepEqual(containers['k:{"name":"main"}'], { '.': {}, 'f:image': {}, 'f:name': {} });
    // Applying the same configuration again changes nothing, not even the resourceVersion.
    const rv = (await get('deployment', 'web')).metadata as { resourceVersion?: string };
    await ok(['apply', '--server-side', '-f', '-'], deployment(2, { main: 'nginx:1.27' }, { tier: 'web' }));
    assert.equal(((await get('deployment', 'web')).metadata as { resourceVersion?: string }).resourceVersion, rv.resourceVersion);
    // kubectl get -o yaml hides managed fields unless asked.
    assert.doesNotMatch(await ok(['get', 'deployment', 'web', '-o', 'yaml']), /managedFields/);
  });

  it('conflicts with kubectl scale, --force-conflicts takes the field', async () => {
    await ok(['scale', 'deployment', 'web', '--replicas=5']);
    let d = await get('deployment', 'web');
    const scaler = d.metadata.managedFields?.find((e) => e.subresource === 'scale');
    assert.ok(scaler, JSON.stringify(d.metadata.managedFields));
    assert.equal(scaler.operation, 'Update');
    assert.deepEqual(scaler.fieldsV1, { 'f:spec': { 'f:replicas': {} } });

    const r = await t.kubectl(['apply', '--server-side', '-f', '-'], { stdin: deployment(3, { main: 'nginx:1.27' }, { tier: 'web' }) });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      new RegExp(
        `Apply failed with 1 conflict: conflict with "${scaler.manager}" with subresource "scale" using apps/v1: \\.spec\\.replicas`,
      ),
    );
    assert.match(r.stderr, /Please review the fields above--they currently have other managers/);
    assert.equal((await get('deployment', 'web')).spec?.replicas, 5);

    // Applying the live value shares ownership: no conflict.
    await ok(['apply', '--server-side', '-f', '-'], deployment(5, { main: 'nginx:1.27' }, { tier: 'web' }));

    assert.equal(
      await ok(['apply', '--server-side', '--force-conflicts', '-f', '-'], deployment(3, { main: 'nginx:1.27' }, { tier: 'web' })),
      'deployment.apps/web serverside-applied',
    );
    d = await get('deployment', 'web');
    assert.equal(d.spec?.replicas, 3);
    assert.equal(
      d.metadata.managedFields?.find((e) => e.subresource === 'scale'),
      undefined,
      'the scaler lost its only field',
    );
  });

  it('removes fields the applier no longer applies', async () => {
    await ok(
      ['apply', '--server-side', '-f', '-'],
      deployment(3, { main: 'nginx:1.27', side: 'busybox:1.36' }, { tier: 'web', extra: 'x' }),
    );
    await ok(['apply', '--server-side', '-f', '-'], deployment(3, { main: 'nginx:1.28' }, { tier: 'web' }));
    const d = await get('deployment', 'web');
    assert.deepEqual(
      d.spec?.template?.spec.containers.map((c) => `${c.name}=${c.image}`),
      ['main=nginx:1.28'],
    );
    assert.deepEqual(d.metadata.labels, { tier: 'web' });
  });

  it('--dry-run=server stores nothing', async () => {
    const out = await ok(['apply', '--server-side', '--dry-run=server', '-f', '-'], deployment(9, { main: 'nginx:1.29' }, { tier: 'web' }));
    assert.equal(out, 'deployment.apps/web serverside-applied (server dry run)');
    assert.equal((await get('deployment', 'web')).spec?.replicas, 3);
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dry}\ndata: {a: "1"}\n';
    assert.equal(
      await ok(['apply', '--server-side', '--dry-run=server', '-f', '-'], cm),
      'configmap/dry serverside-applied (server dry run)',
    );
    const r = await t.kubectl(['get', 'configmap', 'dry']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /NotFound|not found/);
  });

  it('takes over from client-side apply', async () => {
    const v1 = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: csa}\ndata: {a: "1", b: "2"}\n';
    assert.equal(await ok(['apply', '-f', '-'], v1), 'configmap/csa created');
    let cm = await get('configmap', 'csa');
    assert.ok(entry(cm, 'kubectl-client-side-apply', 'Update'), JSON.stringify(cm.metadata.managedFields));
    const v2 = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: csa}\ndata: {a: "10", b: "2"}\n';
    assert.equal(await ok(['apply', '--server-side', '-f', '-'], v2), 'configmap/csa serverside-applied');
    cm = await get('configmap', 'csa');
    assert.deepEqual(cm.data, { a: '10', b: '2' });
    assert.equal(entry(cm, 'kubectl-client-side-apply', 'Update'), undefined, JSON.stringify(cm.metadata.managedFields));
    const ssa = entry(cm, 'kubectl', 'Apply');
    assert.ok(ssa);
    assert.deepEqual(ssa.fieldsV1['f:data'], { 'f:a': {}, 'f:b': {} });
  });

  it('records Update managers for kubectl create and edits', async () => {
    await ok(['create', 'configmap', 'made', '--from-literal=k=v']);
    const cm = await get('configmap', 'made');
    const e = entry(cm, 'kubectl-create', 'Update');
    assert.ok(e, JSON.stringify(cm.metadata.managedFields));
    assert.deepEqual(e.fieldsV1, { 'f:data': { '.': {}, 'f:k': {} } });
    await ok(['label', 'configmap', 'made', 'x=y']);
    const labelled = await get('configmap', 'made');
    assert.deepEqual(entry(labelled, 'kubectl-label', 'Update')?.fieldsV1, { 'f:metadata': { 'f:labels': { '.': {}, 'f:x': {} } } });
  });
});

describe('apply over HTTP (two field managers)', () => {
  const url = (manager: string | undefined, force = false): string =>
    `${t.url}/api/v1/namespaces/default/configmaps/shared?${manager ? `fieldManager=${manager}` : ''}${force ? '&force=true' : ''}`;
  const send = (u: string, body: string): Promise<Response> =>
    fetch(u, { method: 'PATCH', headers: { 'content-type': 'application/apply-patch+yaml', accept: 'application/json' }, body });
  const cm = (data: Record<string, string>): string =>
    JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared' }, data });

  it('requires fieldManager', async () => {
    const res = await send(url(undefined), cm({ a: '1' }));
    assert.equal(res.status, 422);
    const status = (await res.json()) as { message: string; reason: string };
    assert.equal(status.reason, 'Invalid');
    assert.equal(status.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  });

  it('creates, conflicts between managers, and force moves ownership', async () => {
    const created = await send(url('alpha'), cm({ a: '1', b: '1' }));
    assert.equal(created.status, 201);
    assert.equal((await send(url('beta'), cm({ a: '1' }))).status, 200, 'same value: shared');
    const conflict = await send(url('beta'), cm({ a: '2' }));
    assert.equal(conflict.status, 409);
    const status = (await conflict.json()) as {
      reason: string;
      message: string;
      details: { causes: { reason: string; message: string; field: string }[] };
    };
    assert.equal(status.reason, 'Conflict');
    assert.equal(status.message, 'Apply failed with 1 conflict: conflict with "alpha": .data.a');
    assert.deepEqual(status.details.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "alpha"', field: '.data.a' }]);

    const forced = await send(url('beta', true), cm({ a: '2' }));
    assert.equal(forced.status, 200);
    const obj = (await forced.json()) as Obj;
    assert.deepEqual(obj.data, { a: '2', b: '1' });
    const managers = obj.metadata.managedFields ?? [];
    assert.deepEqual(
      managers.map((e) => [e.manager, e.operation, e.fieldsV1]),
      [
        ['alpha', 'Apply', { 'f:data': { 'f:b': {} } }],
        ['beta', 'Apply', { 'f:data': { 'f:a': {} } }],
      ],
    );
    // alpha re-applying without b removes it; a stays (beta owns it).
    const again = (await (await send(url('alpha'), cm({}))).json()) as Obj;
    assert.deepEqual(again.data, { a: '2' });
  });

  it('rejects force on other patch types', async () => {
    const res = await fetch(`${t.url}/api/v1/namespaces/default/configmaps/shared?force=true`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: '{}',
    });
    assert.equal(res.status, 422);
  });
});
