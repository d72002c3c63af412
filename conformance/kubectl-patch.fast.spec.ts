import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../testing/test-server.js';

/**
 * kubectl's patching commands: they all send strategic merge patches computed from the Go types
 * (label, annotate, set, edit, rollout restart) or from our OpenAPI patch metadata (apply, diff).
 * There is no controller manager here: only the stored specs are checked.
 */
let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(async () => {
  await t.stop();
});

interface Container {
  name: string;
  image?: string;
  ports?: { containerPort: number }[];
  env?: { name: string; value?: string }[];
}
interface Deployment {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { replicas: number; template: { metadata: { annotations?: Record<string, string> }; spec: { containers: Container[] } } };
}

const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: main, image: "nginx:1.27", ports: [{containerPort: 80}], env: [{name: X, value: "1"}]}
      - {name: side, image: "busybox:1.36", command: [sleep, "3600"]}
`;

async function ok(args: string[], opts?: Parameters<TestServer['kubectl']>[1]): Promise<string> {
  const r = await t.kubectl(args, opts);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

async function getDeployment(name: string): Promise<Deployment> {
  return JSON.parse(await ok(['get', 'deployment', name, '-o', 'json'])) as Deployment;
}

function container(d: Deployment, name: string): Container {
  const c = d.spec.template.spec.containers.find((x) => x.name === name);
  assert.ok(c, `container ${name}`);
  return c;
}

describe('kubectl patching commands (strategic merge patch)', () => {
  before(async () => {
    await ok(['create', '-f', '-'], { stdin: web });
    await ok(['run', 'x', '--image=nginx:1.27']);
  });

  it('kubectl patch (strategic by default) merges the container by name and keeps its other fields', async () => {
    const out = await ok([
      'patch',
      'deployment',
      'web',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"nginx:1.28"}]}}}}',
    ]);
    assert.equal(out, 'deployment.apps/web patched');
    const d = await getDeployment('web');
    assert.deepEqual(
      d.spec.template.spec.containers.map((c) => c.name),
      ['main', 'side'],
    );
    assert.equal(container(d, 'main').image, 'nginx:1.28');
    assert.deepEqual(
      container(d, 'main').ports?.map((p) => p.containerPort),
      [80],
    );
    assert.deepEqual(container(d, 'main').env, [{ name: 'X', value: '1' }]);
    assert.equal(container(d, 'side').image, 'busybox:1.36');
    const again = await ok([
      'patch',
      'deployment',
      'web',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"nginx:1.28"}]}}}}',
    ]);
    assert.equal(again, 'deployment.apps/web patched (no change)');
  });

  it('kubectl patch reports a missing merge key as upstream does', async () => {
    const r = await t.kubectl([
      'patch',
      'deployment',
      'web',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"image":"nginx:1.28"}]}}}}',
    ]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'Error from server: map: map[image:nginx:1.28] does not contain declared merge key: name');
  });

  it('kubectl set image', async () => {
    assert.equal(await ok(['set', 'image', 'deployment/web', 'main=nginx:1.29']), 'deployment.apps/web image updated');
    const d = await getDeployment('web');
    assert.equal(container(d, 'main').image, 'nginx:1.29');
    assert.equal(container(d, 'side').image, 'busybox:1.36');
  });

  it('kubectl set env adds to every container and keeps existing variables', async () => {
    assert.equal(await ok(['set', 'env', 'deployment/web', 'FOO=bar']), 'deployment.apps/web env updated');
    const d = await getDeployment('web');
    assert.deepEqual(container(d, 'main').env, [
      { name: 'X', value: '1' },
      { name: 'FOO', value: 'bar' },
    ]);
    assert.deepEqual(container(d, 'side').env, [{ name: 'FOO', value: 'bar' }]);
    assert.equal(await ok(['set', 'env', 'deployment/web', '-c', 'main', 'X-']), 'deployment.apps/web env updated');
    assert.deepEqual(container(await getDeployment('web'), 'main').env, [{ name: 'FOO', value: 'bar' }]);
  });

  it('kubectl label (with and without --overwrite, and removal) and kubectl annotate', async () => {
    assert.equal(await ok(['label', 'pod', 'x', 'a=b']), 'pod/x labeled');
    const clash = await t.kubectl(['label', 'pod', 'x', 'a=c']);
    assert.equal(clash.code, 1);
    assert.match(clash.stderr, /'a' already has a value \(b\), and --overwrite is false/);
    assert.equal(await ok(['label', 'pod', 'x', 'a=c', '--overwrite']), 'pod/x labeled');
    assert.equal(await ok(['get', 'pod', 'x', '-o', 'jsonpath={.metadata.labels.a}']), 'c');
    assert.equal(await ok(['label', 'pod', 'x', 'a-']), 'pod/x unlabeled');
    assert.equal(await ok(['get', 'pod', 'x', '-o', 'jsonpath={.metadata.labels.a}']), '');
    assert.equal(await ok(['annotate', 'pod', 'x', 'note=hello']), 'pod/x annotated');
    assert.equal(await ok(['get', 'pod', 'x', '-o', 'jsonpath={.metadata.annotations.note}']), 'hello');
  });

  it('kubectl edit with an EDITOR that rewrites a value', async (tc) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kop-edit-'));
    tc.after(() => rmSync(dir, { recursive: true, force: true }));
    const editor = path.join(dir, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/replicas: 3/replicas: 5/" "$1"\n');
    chmodSync(editor, 0o755);
    const out = await ok(['edit', 'deployment', 'web'], { env: { EDITOR: editor, KUBE_EDITOR: editor } });
    assert.equal(out, 'deployment.apps/web edited');
    const d = await getDeployment('web');
    assert.equal(d.spec.replicas, 5);
    assert.equal(container(d, 'main').image, 'nginx:1.29');
  });

  it('kubectl rollout restart sets the restartedAt annotation of the template', async () => {
    assert.equal(await ok(['rollout', 'restart', 'deployment/web']), 'deployment.apps/web restarted');
    const d = await getDeployment('web');
    assert.match(d.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'] ?? '', /^\d{4}-\d\d-\d\dT/);
  });
});

describe('kubectl apply (client-side) and diff', () => {
  const app = (replicas: number, extra: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  labels: {app: app${extra}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers:
      - name: main
        image: "nginx:1.27"
        env: [{name: A, value: "1"}${extra ? ', {name: B, value: "2"}' : ''}]
`;

  it('create, configure, unchanged, and removal of a field through last-applied', async () => {
    assert.equal(await ok(['apply', '-f', '-'], { stdin: app(1, ', team: web') }), 'deployment.apps/app created');
    let d = await getDeployment('app');
    assert.ok(d.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']);
    assert.equal(d.metadata.labels?.['team'], 'web');

    assert.equal(await ok(['apply', '-f', '-'], { stdin: app(2, ', team: web') }), 'deployment.apps/app configured');
    assert.equal((await getDeployment('app')).spec.replicas, 2);

    assert.equal(await ok(['apply', '-f', '-'], { stdin: app(2, ', team: web') }), 'deployment.apps/app unchanged');

    assert.equal(await ok(['apply', '-f', '-'], { stdin: app(2, '') }), 'deployment.apps/app configured');
    d = await getDeployment('app');
    assert.equal(d.metadata.labels?.['team'], undefined);
    assert.deepEqual(container(d, 'main').env, [{ name: 'A', value: '1' }]);
  });

  it('kubectl diff exits 1 with a diff when the file differs and 0 when it does not', async () => {
    const same = await t.kubectl(['diff', '-f', '-'], { stdin: app(2, '') });
    assert.equal(same.code, 0, same.stderr + same.stdout);
    assert.equal(same.stdout, '');
    const changed = await t.kubectl(['diff', '-f', '-'], { stdin: app(4, '') });
    assert.equal(changed.code, 1, changed.stderr);
    assert.match(changed.stdout, /^-\s+replicas: 2$/m);
    assert.match(changed.stdout, /^\+\s+replicas: 4$/m);
    assert.equal((await getDeployment('app')).spec.replicas, 2);
  });
});
