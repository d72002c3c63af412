import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';

// What an update re-applies (admission on UPDATE), what resourceVersion "0" means on a PUT, and
// what a null list element decodes to: each as a real kube-apiserver answers.

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(async () => {
  await t.stop();
});

interface Reply {
  status: number;
  text: string;
  body: Record<string, unknown>;
}

async function call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Reply> {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  return { status: res.status, text, body: parsed };
}

function meta(o: Record<string, unknown>): { resourceVersion?: string; labels?: Record<string, string> } {
  return (o['metadata'] ?? {}) as { resourceVersion?: string; labels?: Record<string, string> };
}

async function kubectlOk(args: string[], stdin?: string): Promise<string> {
  const r = await t.kubectl(args, stdin === undefined ? {} : { stdin });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

describe('kubectl replace re-runs update admission (item 26)', () => {
  const podManifest = (image: string, extraSpec = '') => `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
${extraSpec}  tolerations: [{key: dedicated, operator: Equal, value: web, effect: NoSchedule}]
  containers: [{name: main, image: "${image}"}]
`;

  it('the manifest that created a pod replaces it: priority, preemptionPolicy and default tolerations come back', async () => {
    await kubectlOk(
      ['create', '-f', '-'],
      `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
preemptionPolicy: Never
`,
    );
    // serviceAccountName is spelled out: upstream's ServiceAccount plugin mutates on create only
    // (and, without automountServiceAccountToken: false, would have added a token volume the
    // manifest lacks).
    const withSa = (image: string) =>
      podManifest(image, '  priorityClassName: high\n  serviceAccountName: default\n  automountServiceAccountToken: false\n');
    await kubectlOk(['create', '-f', '-'], withSa('nginx:1.27'));
    const created = JSON.parse(await kubectlOk(['get', 'pod/web', '-o', 'json'])) as { spec: Record<string, unknown> };
    assert.equal(created.spec['priority'], 1000);

    assert.equal((await kubectlOk(['replace', '-f', '-'], withSa('nginx:1.28'))).trim(), 'pod/web replaced');
    const pod = JSON.parse(await kubectlOk(['get', 'pod/web', '-o', 'json'])) as {
      spec: Record<string, unknown>;
      metadata: { generation?: number };
    };
    assert.equal((pod.spec['containers'] as Array<{ image: string }>)[0]?.image, 'nginx:1.28');
    assert.equal(pod.spec['priority'], 1000);
    assert.equal(pod.spec['priorityClassName'], 'high');
    assert.equal(pod.spec['preemptionPolicy'], 'Never');
    assert.deepEqual(pod.spec['tolerations'], [
      { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' },
      ...DEFAULT_TOLERATIONS,
    ]);
    assert.deepEqual(pod.spec['tolerations'], created.spec['tolerations']);

    // The same manifest again is a no-op replace, as upstream.
    assert.equal((await kubectlOk(['replace', '-f', '-'], withSa('nginx:1.28'))).trim(), 'pod/web replaced');
  });

  it('a manifest without serviceAccountName is refused as upstream refuses it, naming only that field', async () => {
    const r = await t.kubectl(['replace', '-f', '-'], {
      stdin: podManifest('nginx:1.28', '  priorityClassName: high\n  automountServiceAccountToken: false\n'),
    });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /The Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than/);
    assert.match(r.stderr, /core\.PodSpec\{\n- \tServiceAccountName: "default",\n {2}\}/);
    // Neither what admission re-applies nor the deprecated alias shows up in the diff.
    assert.doesNotMatch(r.stderr.slice(r.stderr.indexOf('core.PodSpec')), /Priority|PreemptionPolicy|Tolerations|ServiceAccount: /);
    assert.doesNotMatch(r.stderr, /spec\.tolerations: Forbidden/);
  });

  it('a PUT still may not change the priority admission computed', async () => {
    const cur = await call('GET', '/api/v1/namespaces/default/pods/web');
    const spec = cur.body['spec'] as Record<string, unknown>;
    const r = await call('PUT', '/api/v1/namespaces/default/pods/web', { ...cur.body, spec: { ...spec, priority: 5 } });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body['reason'], 'Invalid');
    const after = await call('GET', '/api/v1/namespaces/default/pods/web');
    assert.equal((after.body['spec'] as Record<string, unknown>)['priority'], 1000);
  });

  it('kubectl replace of the manifest that created a Deployment succeeds', async () => {
    const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: main, image: "${image}"}]}
`;
    await kubectlOk(['create', '-f', '-'], deployment('nginx:1.27'));
    assert.equal((await kubectlOk(['replace', '-f', '-'], deployment('nginx:1.27'))).trim(), 'deployment.apps/web replaced');
    assert.equal((await kubectlOk(['replace', '-f', '-'], deployment('nginx:1.28'))).trim(), 'deployment.apps/web replaced');
    assert.equal(
      await kubectlOk(['get', 'deploy/web', '-o', 'jsonpath={.spec.template.spec.containers[0].image} {.metadata.generation}']),
      'nginx:1.28 2',
    );
  });
});

describe('resourceVersion "0" on update (item 27)', () => {
  const CM = '/api/v1/namespaces/default/configmaps';

  it('is an unconditional update, like an unset version', async () => {
    const created = await call('POST', CM, { metadata: { name: 'rv0' }, data: { a: '1' } });
    assert.equal(created.status, 201, created.text);
    const r = await call('PUT', `${CM}/rv0`, { metadata: { name: 'rv0', resourceVersion: '0' }, data: { a: '2' } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body['data'], { a: '2' });
    assert.notEqual(meta(r.body).resourceVersion, meta(created.body).resourceVersion);
    assert.notEqual(meta(r.body).resourceVersion, '0');
    // A real but stale version is still a conflict.
    const stale = await call('PUT', `${CM}/rv0`, {
      metadata: { name: 'rv0', resourceVersion: meta(created.body).resourceVersion },
      data: { a: '3' },
    });
    assert.equal(stale.status, 409, stale.text);
    assert.equal(stale.body['reason'], 'Conflict');
    const patched = await call(
      'PATCH',
      `${CM}/rv0`,
      { metadata: { resourceVersion: '0' }, data: { a: '3' } },
      'application/merge-patch+json',
    );
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(patched.body['data'], { a: '3' });
    // Through kubectl replace, which sends the manifest's version as is.
    const out = await kubectlOk(
      ['replace', '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: rv0, resourceVersion: "0"}\ndata: {a: "4"}\n',
    );
    assert.equal(out.trim(), 'configmap/rv0 replaced');
    assert.equal(await kubectlOk(['get', 'cm/rv0', '-o', 'jsonpath={.data.a}']), '4');
  });

  it('is refused with 422 by a kind that requires a version, as an unset one is', async () => {
    const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        ],
      },
    };
    const created = await call('POST', CRDS, crd);
    assert.equal(created.status, 201, created.text);
    const expected =
      'customresourcedefinitions.apiextensions.k8s.io "widgets.example.com" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update';
    for (const rv of [undefined, '0']) {
      const r = await call('PUT', `${CRDS}/widgets.example.com`, {
        ...crd,
        metadata: { ...crd.metadata, resourceVersion: rv, labels: { x: 'y' } },
      });
      assert.equal(r.status, 422, r.text);
      assert.equal(r.body['reason'], 'Invalid');
      assert.equal(r.body['message'], expected);
      assert.deepEqual(r.body['details'], {
        name: 'widgets.example.com',
        group: 'apiextensions.k8s.io',
        kind: 'customresourcedefinitions',
        causes: [
          { reason: 'FieldValueInvalid', message: 'Invalid value: 0: must be specified for an update', field: 'metadata.resourceVersion' },
        ],
      });
    }
    // A patch that sets the version to "0" asks for the same unconditional write.
    const patch0 = await call(
      'PATCH',
      `${CRDS}/widgets.example.com`,
      { metadata: { resourceVersion: '0', labels: { x: 'y' } } },
      'application/merge-patch+json',
    );
    assert.equal(patch0.status, 422, patch0.text);
    assert.equal(patch0.body['message'], expected);
    const unchanged = await call('GET', `${CRDS}/widgets.example.com`);
    assert.equal(meta(unchanged.body).resourceVersion, meta(created.body).resourceVersion);
    const ok = await call('PUT', `${CRDS}/widgets.example.com`, {
      ...crd,
      metadata: { ...crd.metadata, resourceVersion: meta(created.body).resourceVersion, labels: { x: 'y' } },
    });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(meta(ok.body).labels, { x: 'y' });
    const patched = await call(
      'PATCH',
      `${CRDS}/widgets.example.com`,
      { metadata: { labels: { x: 'z' } } },
      'application/merge-patch+json',
    );
    assert.equal(patched.status, 200, patched.text);
  });

  it('a missing object is still 404, not 422', async () => {
    const r = await call('PUT', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/nothing.example.com', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'nothing.example.com', resourceVersion: '0' },
    });
    assert.equal(r.status, 404, r.text);
  });
});

describe('null list elements decode to the Go zero value (item 29)', () => {
  const PODS = '/api/v1/namespaces/default/pods';

  it('strings become "", integers 0, map values "" on create, update and patch', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nulls', labels: { app: 'nulls', empty: null } },
      spec: {
        securityContext: { supplementalGroups: [1000, null] },
        containers: [{ name: 'main', image: 'busybox:1', args: ['sleep', null, '3600'], env: [{ name: 'A', value: 'x' }] }],
      },
    };
    const created = await call('POST', PODS, pod);
    assert.equal(created.status, 201, created.text);
    const spec = created.body['spec'] as { securityContext: { supplementalGroups: unknown[] }; containers: Array<{ args: unknown[] }> };
    assert.deepEqual(spec.containers[0]?.args, ['sleep', '', '3600']);
    assert.deepEqual(spec.securityContext.supplementalGroups, [1000, 0]);
    assert.deepEqual(meta(created.body).labels, { app: 'nulls', empty: '' });
    // Stored that way, not only answered that way.
    const got = await call('GET', `${PODS}/nulls`);
    assert.deepEqual((got.body['spec'] as typeof spec).containers[0]?.args, ['sleep', '', '3600']);

    const patched = await call(
      'PATCH',
      `${PODS}/nulls`,
      { metadata: { annotations: { note: null, keep: 'y' } }, spec: { containers: [{ name: 'main', image: 'busybox:2' }] } },
      'application/strategic-merge-patch+json',
    );
    assert.equal(patched.status, 200, patched.text);
    // A null in a merge patch deletes; it is not an element.
    assert.deepEqual((patched.body['metadata'] as { annotations?: unknown }).annotations, { keep: 'y' });

    const cm = await call('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'nulls', finalizers: null },
      data: { a: null },
    });
    assert.equal(cm.status, 201, cm.text);
    assert.deepEqual(cm.body['data'], { a: '' });
  });

  it('a null object in a list becomes an empty struct, which validation then judges', async () => {
    const r = await call('POST', PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'null-port' },
      spec: { containers: [{ name: 'main', image: 'busybox:1', ports: [null] }] },
    });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body['reason'], 'Invalid');
    assert.match(String(r.body['message']), /spec\.containers\[0\]\.ports\[0\]\.containerPort: Required value/);
    assert.equal((await call('GET', `${PODS}/null-port`)).status, 404);
  });
});
