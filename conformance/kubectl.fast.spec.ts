import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(async () => {
  await t.stop();
});

const deployment = (name: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: main, image: "nginx:1.27"}]
`;

function lines(s: string): string[][] {
  return s
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s{2,}/));
}

describe('kubectl against the apiserver', () => {
  it('kubectl get ns lists the system namespaces as Active', async () => {
    const r = await t.kubectl(['get', 'ns']);
    assert.equal(r.code, 0, r.stderr);
    const rows = lines(r.stdout);
    assert.deepEqual(rows[0], ['NAME', 'STATUS', 'AGE']);
    assert.deepEqual(
      rows.slice(1).map((x) => `${x[0]} ${x[1]}`),
      ['default Active', 'kube-node-lease Active', 'kube-public Active', 'kube-system Active'],
    );
  });

  it('create -f, get with upstream columns, -o json, delete, and NotFound with exit code 1', async () => {
    const c = await t.kubectl(['create', '-f', '-', '--validate=false'], { stdin: deployment('web') });
    assert.equal(c.code, 0, c.stderr);
    assert.equal(c.stdout.trim(), 'deployment.apps/web created');
    const g = await t.kubectl(['get', 'deploy', '-o', 'wide']);
    assert.equal(g.code, 0, g.stderr);
    const rows = lines(g.stdout);
    assert.deepEqual(rows[0], ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    assert.equal(rows[1]![0], 'web');
    assert.equal(rows[1]![1], '0/2');
    assert.deepEqual(rows[1]!.slice(5), ['main', 'nginx:1.27', 'app=web']);
    const j = await t.kubectl(['get', 'deploy', 'web', '-o', 'json']);
    const obj = JSON.parse(j.stdout) as {
      spec: { strategy: { type: string }; revisionHistoryLimit: number };
      metadata: { generation: number };
    };
    assert.equal(obj.spec.strategy.type, 'RollingUpdate');
    assert.equal(obj.spec.revisionHistoryLimit, 10);
    assert.equal(obj.metadata.generation, 1);
    const dup = await t.kubectl(['create', '-f', '-', '--validate=false'], { stdin: deployment('web') });
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /Error from server \(AlreadyExists\).*deployments\.apps "web" already exists/);
    const d = await t.kubectl(['delete', 'deploy', 'web']);
    assert.equal(d.code, 0, d.stderr);
    assert.equal(d.stdout.trim(), 'deployment.apps "web" deleted');
    const nf = await t.kubectl(['get', 'deploy', 'web']);
    assert.equal(nf.code, 1);
    assert.equal(nf.stderr.trim(), 'Error from server (NotFound): deployments.apps "web" not found');
  });

  it('short names, several kinds at once and kubectl get all', async () => {
    await t.kubectl(['create', '-f', '-', '--validate=false'], { stdin: deployment('api', 1) });
    const r = await t.kubectl(['get', 'deploy,cm']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /deployment\.apps\/api/);
    assert.match(r.stdout, /configmap\/|No resources found|NAME/);
    const all = await t.kubectl(['get', 'all']);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /deployment\.apps\/api\s+0\/1/);
  });

  it('label selectors, field selectors and server-side dry run', async () => {
    await t.kubectl(['create', '-f', '-', '--validate=false'], { stdin: deployment('sel-a', 1) });
    await t.kubectl(['create', '-f', '-', '--validate=false'], { stdin: deployment('sel-b', 1) });
    const l = await t.kubectl(['get', 'deploy', '-l', 'app in (sel-a)', '-o', 'name']);
    assert.equal(l.stdout.trim(), 'deployment.apps/sel-a');
    const f = await t.kubectl(['get', 'deploy', '--field-selector', 'metadata.name=sel-b', '-o', 'name']);
    assert.equal(f.stdout.trim(), 'deployment.apps/sel-b');
    const bad = await t.kubectl(['get', 'pods', '--field-selector', 'spec.bogus=1']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /BadRequest|field label not supported/);
    const dry = await t.kubectl(['create', '-f', '-', '--validate=false', '--dry-run=server'], { stdin: deployment('dry', 1) });
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout.trim(), 'deployment.apps/dry created (server dry run)');
    const gone = await t.kubectl(['get', 'deploy', 'dry']);
    assert.equal(gone.code, 1);
  });

  it('kubectl create <generator> commands (protobuf request bodies) create the objects', async () => {
    const cmds: Array<[string[], string]> = [
      [['create', 'configmap', 'gen-cm', '--from-literal=a=b'], 'configmap/gen-cm created'],
      [['create', 'secret', 'generic', 'gen-secret', '--from-literal=p=q'], 'secret/gen-secret created'],
      [['create', 'deployment', 'gen-deploy', '--image=nginx:1.27', '--replicas=3'], 'deployment.apps/gen-deploy created'],
      [['create', 'namespace', 'gen-ns'], 'namespace/gen-ns created'],
      [['create', 'serviceaccount', 'gen-sa'], 'serviceaccount/gen-sa created'],
      [['create', 'job', 'gen-job', '--image=busybox', '--', 'true'], 'job.batch/gen-job created'],
    ];
    for (const [args, out] of cmds) {
      const r = await t.kubectl(args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout.trim(), out);
    }
    const cm = await t.kubectl(['get', 'cm', 'gen-cm', '-o', 'jsonpath={.data.a}']);
    assert.equal(cm.stdout, 'b');
    const secret = await t.kubectl(['get', 'secret', 'gen-secret', '-o', 'jsonpath={.data.p}']);
    assert.equal(Buffer.from(secret.stdout, 'base64').toString(), 'q');
    const d = await t.kubectl([
      'get',
      'deploy',
      'gen-deploy',
      '-o',
      'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.selector.matchLabels.app}',
    ]);
    assert.equal(d.stdout, '3 nginx:1.27 gen-deploy');
    const job = await t.kubectl(['get', 'job', 'gen-job', '-o', 'jsonpath={.spec.template.spec.containers[0].command}']);
    assert.equal(job.stdout, '["true"]');
  });

  it('kubectl get -w streams changes as they happen', async () => {
    const child = spawn('kubectl', [`--kubeconfig=${t.kubeconfig}`, 'get', 'deploy', '-w', '--output-watch-events'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const waitFor = async (re: RegExp) => {
      for (let i = 0; i < 100 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      return re.test(out);
    };
    assert.ok(await waitFor(/api/), out);
    await t.kubectl(['create', '-f', '-', '--validate=false'], { stdin: deployment('watched', 1) });
    assert.ok(await waitFor(/ADDED\s+watched/), out);
    await t.kubectl(['delete', 'deploy', 'watched']);
    assert.ok(await waitFor(/DELETED\s+watched/), out);
    child.kill();
  });

  it('kubectl create -f validates fields on the server by default (strict) and explain reads the OpenAPI schema', async () => {
    const bad = deployment('strict', 1).replace('replicas: 1', 'replicas: 1\n  bogus: true');
    const r = await t.kubectl(['create', '-f', '-'], { stdin: bad });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /Error from server \(BadRequest\): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.bogus"/,
    );
    const ok = await t.kubectl(['create', '-f', '-'], { stdin: deployment('validated', 1) });
    assert.equal(ok.code, 0, ok.stderr);
    const e = await t.kubectl(['explain', 'deployment.spec.replicas']);
    assert.equal(e.code, 0, e.stderr);
    assert.match(e.stdout, /FIELD: +replicas <integer>/);
    assert.match(e.stdout, /Number of desired pods/);
  });

  it('invalid objects are refused with 422 and kubectl prints the field errors', async () => {
    const bad = deployment('Bad_Name', 1);
    const r = await t.kubectl(['create', '-f', '-', '--validate=false'], { stdin: bad });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /The Deployment "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"/);
  });
});
