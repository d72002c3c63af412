import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { after, before, describe, it } from 'node:test';
import { ApiStatusError, KubeClient } from '../../../libs/client/src/index.js';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';
import { startNodeAgent, type NodeAgent } from '../src/node-agent.js';

let t: TestServer;
let agent: NodeAgent;
let client: KubeClient;

before(async () => {
  t = await startTestServer();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(t.kubeconfig);
  client = new KubeClient(kc);
  agent = await startNodeAgent({
    kubeConfig: kc,
    nodes: 1,
    runtime: 'process',
    leaseIntervalMs: 1000,
    podStartupMs: 50,
    backoffBaseMs: 300,
    backoffMaxMs: 600,
  });
});
after(async () => {
  await agent.stop();
  client.close();
  await t.stop();
});

interface ContainerStatus {
  restartCount: number;
  containerID?: string;
  state: Record<string, { reason?: string; message?: string; exitCode?: number }>;
}
interface PodJson {
  metadata: { uid: string };
  status: { phase?: string; containerStatuses?: ContainerStatus[] };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const v = await fn().catch((e: unknown) => ((last = e), undefined));
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

const getPod = (name: string): Promise<PodJson> => client.get<PodJson>(`/api/v1/namespaces/default/pods/${name}`);

async function createPod(name: string, container: Record<string, unknown>, restartPolicy = 'Never'): Promise<void> {
  await client.request('POST', '/api/v1/namespaces/default/pods', {
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { nodeName: 'node-0', restartPolicy, containers: [{ name: 'main', image: 'ignored:1', ...container }] },
    },
  });
}

async function logs(pod: string, query = ''): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${agent.kubeletPort}/containerLogs/default/${pod}/main${query}`);
  assert.equal(r.status, 200);
  return r.text();
}

const phase = (name: string, want: string) =>
  until(`${name} ${want}`, async () => ((await getPod(name)).status.phase === want ? getPod(name) : undefined));

describe('node-agent --runtime=process', () => {
  it('runs command+args on the host: exit 3 → Terminated Error, stdout and stderr in the log', async () => {
    await createPod('fails', { command: ['sh', '-c'], args: ['echo hello; echo err 1>&2; exit 3'] });
    const p = await phase('fails', 'Failed');
    const term = p.status.containerStatuses?.[0]?.state['terminated'];
    assert.deepEqual([term?.exitCode, term?.reason], [3, 'Error']);
    assert.match(p.status.containerStatuses?.[0]?.containerID ?? '', /^kop-process:\/\/[0-9a-f]{64}$/);
    const log = await logs('fails');
    assert.deepEqual(log.trimEnd().split('\n').sort(), ['err', 'hello']);
  });

  it('a Never pod that exits 0 Succeeds, in its sandbox dir', async () => {
    await createPod('done', { command: ['sh', '-c', 'echo done; pwd'] });
    const p = await phase('done', 'Succeeded');
    assert.equal(p.status.containerStatuses?.[0]?.state['terminated']?.reason, 'Completed');
    assert.equal(await logs('done'), `done\n${path.join(os.tmpdir(), 'kop-pods', p.metadata.uid, 'main')}\n`);
  });

  it('env: literal values and configMapKeyRef/secretKeyRef resolved through the API, $(VAR) expanded', async () => {
    await client.request('POST', '/api/v1/namespaces/default/configmaps', {
      body: { metadata: { name: 'settings' }, data: { greeting: 'hi there' } },
    });
    await client.request('POST', '/api/v1/namespaces/default/secrets', {
      body: { metadata: { name: 'creds' }, data: { token: Buffer.from('s3cret').toString('base64') } },
    });
    await createPod('env', {
      command: ['sh', '-c', 'echo "$GREETING|$TOKEN|$LITERAL|$POD"; echo $(WHO)'],
      env: [
        { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'settings', key: 'greeting' } } },
        { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
        { name: 'LITERAL', value: 'x-$(GREETING)' },
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'WHO', value: 'expanded' },
        { name: 'OPT', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k', optional: true } } },
      ],
    });
    await phase('env', 'Succeeded');
    assert.equal(await logs('env'), 'hi there|s3cret|x-hi there|env\nexpanded\n');
  });

  it('a missing ConfigMap → Waiting CreateContainerConfigError (Pending) until it exists; no command → CreateContainerError', async () => {
    await createPod('needs-cm', {
      command: ['sh', '-c', 'echo "$V"'],
      env: [{ name: 'V', valueFrom: { configMapKeyRef: { name: 'later', key: 'v' } } }],
    });
    const p = await until('CreateContainerConfigError', async () => {
      const p = await getPod('needs-cm');
      return p.status.containerStatuses?.[0]?.state['waiting']?.reason === 'CreateContainerConfigError' ? p : undefined;
    });
    assert.equal(p.status.phase, 'Pending');
    assert.equal(p.status.containerStatuses?.[0]?.state['waiting']?.message, 'configmap "later" not found');
    const r = await t.kubectl(['get', 'pod', 'needs-cm', '--no-headers']);
    assert.match(r.stdout, /CreateContainerConfigError/);
    // The kubelet keeps retrying: once the ConfigMap exists the container runs.
    await client.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'later' }, data: { v: 'now' } } });
    await phase('needs-cm', 'Succeeded');
    assert.equal(await logs('needs-cm'), 'now\n');

    await createPod('no-cmd', {});
    const n = await until('CreateContainerError', async () => {
      const p = await getPod('no-cmd');
      return p.status.containerStatuses?.[0]?.state['waiting']?.reason === 'CreateContainerError' ? p : undefined;
    });
    assert.match(n.status.containerStatuses?.[0]?.state['waiting']?.message ?? '', /no command specified/);
  });

  it('restarts per restartPolicy with back-off (previous log kept); deletion sends SIGTERM and removes the sandbox', async () => {
    await createPod('loop', { command: ['sh', '-c', 'echo run; sleep 0.1; exit 1'] }, 'Always');
    await until('restarted twice', async () => ((await getPod('loop')).status.containerStatuses?.[0]?.restartCount ?? 0) >= 2 || undefined);
    assert.equal(await logs('loop', '?previous=true'), 'run\n');

    await createPod('sleeper', { command: ['sleep', '30'] }, 'Always');
    const p = await phase('sleeper', 'Running');
    const sandbox = path.join(os.tmpdir(), 'kop-pods', p.metadata.uid);
    assert.ok(existsSync(sandbox));
    const t0 = Date.now();
    await client.request('DELETE', '/api/v1/namespaces/default/pods/sleeper', { body: { gracePeriodSeconds: 5 } });
    await until('sleeper gone', async () =>
      getPod('sleeper').then(
        () => undefined,
        (e: unknown) => (e instanceof ApiStatusError && e.code === 404 ? true : undefined),
      ),
    );
    assert.ok(Date.now() - t0 < 4000, 'sleep honours SIGTERM: no wait for the grace period');
    await until('sandbox removed', async () => (existsSync(sandbox) ? undefined : true));
  });
});
