import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../testing/test-server.js';

// kubectl commands users run daily, against the apiserver alone (objects' specs are checked).

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(async () => {
  await t.stop();
});

const deployment = (name: string, labels: Record<string, string> = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: ${JSON.stringify({ app: name, ...labels })}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: main, image: "nginx:1.27"}]
`;

async function jsonpath(resource: string, expr: string): Promise<string> {
  const r = await t.kubectl(['get', resource, '-o', `jsonpath=${expr}`]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

describe('kubectl workflows', () => {
  it('replace, scale, set resources, rollout pause and resume', async () => {
    assert.equal((await t.kubectl(['create', '-f', '-'], { stdin: deployment('wf') })).code, 0);
    const replaced = await t.kubectl(['replace', '-f', '-'], { stdin: deployment('wf').replace('nginx:1.27', 'nginx:1.28') });
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.equal(replaced.stdout.trim(), 'deployment.apps/wf replaced');
    assert.equal(await jsonpath('deploy/wf', '{.spec.template.spec.containers[0].image}'), 'nginx:1.28');
    const scaled = await t.kubectl(['scale', 'deployment/wf', '--replicas=4']);
    assert.equal(scaled.stdout.trim(), 'deployment.apps/wf scaled');
    assert.equal(await jsonpath('deploy/wf', '{.spec.replicas}'), '4');
    const res = await t.kubectl(['set', 'resources', 'deployment/wf', '--limits=cpu=200m,memory=512Mi', '--requests=cpu=100m']);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(await jsonpath('deploy/wf', '{.spec.template.spec.containers[0].resources.limits.cpu}'), '200m');
    assert.equal(await jsonpath('deploy/wf', '{.spec.template.spec.containers[0].resources.requests.cpu}'), '100m');
    const paused = await t.kubectl(['rollout', 'pause', 'deployment/wf']);
    assert.equal(paused.stdout.trim(), 'deployment.apps/wf paused');
    assert.equal(await jsonpath('deploy/wf', '{.spec.paused}'), 'true');
    const resumed = await t.kubectl(['rollout', 'resume', 'deployment/wf']);
    assert.equal(resumed.stdout.trim(), 'deployment.apps/wf resumed');
    assert.equal(await jsonpath('deploy/wf', '{.spec.paused}'), '');
  });

  it('apply --prune removes labelled objects no longer in the files', async (tc) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kop-prune-'));
    tc.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'a.yaml'), deployment('prune-a', { tier: 'pruned' }));
    writeFileSync(path.join(dir, 'b.yaml'), deployment('prune-b', { tier: 'pruned' }));
    const first = await t.kubectl(['apply', '-f', dir, '--prune', '-l', 'tier=pruned']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /deployment.apps\/prune-a created/);
    writeFileSync(path.join(dir, 'b.yaml'), '');
    const second = await t.kubectl(['apply', '-f', path.join(dir, 'a.yaml'), '--prune', '-l', 'tier=pruned']);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /deployment.apps\/prune-a unchanged/);
    assert.match(second.stdout, /deployment.apps\/prune-b pruned/);
    assert.equal((await t.kubectl(['get', 'deploy', 'prune-b'])).code, 1);
  });

  it('apply -k applies a kustomization', async (tc) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kop-kustomize-'));
    tc.after(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'deployment.yaml'), deployment('kust'));
    writeFileSync(
      path.join(dir, 'kustomization.yaml'),
      'resources:\n- deployment.yaml\nnamePrefix: dev-\ncommonLabels:\n  env: dev\nconfigMapGenerator:\n- name: settings\n  literals: [mode=fast]\n',
    );
    const r = await t.kubectl(['apply', '-k', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /deployment.apps\/dev-kust created/);
    assert.match(r.stdout, /configmap\/dev-settings-[a-z0-9]+ created/);
    assert.equal(await jsonpath('deploy/dev-kust', '{.metadata.labels.env}'), 'dev');
  });
});
