import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/main.js');
let t: TestServer;
const children = new Set<ChildProcess>();

before(async () => {
  t = await startTestServer();
});
after(async () => {
  for (const c of children) c.kill('SIGKILL');
  await t.stop();
});

function startAgent(extra: string[] = []): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(
    process.execPath,
    [
      main,
      `--kubeconfig=${t.kubeconfig}`,
      '--nodes=2',
      '--node-name-prefix=sim-',
      '--zone=zone-a',
      '--taints=dedicated=sim:NoSchedule',
      '--lease-interval-ms=500',
      '--pod-startup-ms=1500',
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => (children.delete(child), r(code))));
  return { child, exited, output: () => out };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const jsonpath = async (args: string[]): Promise<string> => (await t.kubectl(args)).stdout;

describe('node-agent process', () => {
  it('registers from flags, shows ContainerCreating then Running, adopts its pods after a restart, and goes NotReady on SIGTERM', async () => {
    const a = startAgent();
    await until('nodes Ready', async () =>
      (await jsonpath(['get', 'nodes', '-o', 'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}'])) === 'True True'
        ? true
        : undefined,
    );
    const labels = await jsonpath([
      'get',
      'node',
      'sim-1',
      '-o',
      'jsonpath={.metadata.labels.topology\\.kubernetes\\.io/zone} {.spec.taints[0].key}={.spec.taints[0].value}:{.spec.taints[0].effect}',
    ]);
    assert.equal(labels, 'zone-a dedicated=sim:NoSchedule');

    const c = await t.kubectl(['run', 'app', '--image=nginx:1.27', '--overrides={"spec":{"nodeName":"sim-1"}}']);
    assert.equal(c.code, 0, c.stderr);
    await until('ContainerCreating', async () =>
      (await jsonpath(['get', 'pod', 'app', '--no-headers'])).includes('ContainerCreating') ? true : undefined,
    );
    const running = await until('Running', async () => {
      const s = await jsonpath([
        'get',
        'pod',
        'app',
        '-o',
        'jsonpath={.status.phase} {.status.podIP} {.status.containerStatuses[0].state.running.startedAt}',
      ]);
      return s.startsWith('Running ') ? s : undefined;
    });
    assert.match(running, /^Running 10\.244\.1\.\d+ \S+Z$/);

    a.child.kill('SIGTERM');
    assert.equal(await a.exited, 0, a.output());
    assert.equal(
      await jsonpath(['get', 'nodes', '-o', 'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].reason}']),
      'KubeletNotReady KubeletNotReady',
    );

    // A restarted agent adopts the nodes and the running pod instead of starting it afresh.
    const b = startAgent();
    await until('nodes Ready again', async () =>
      (await jsonpath(['get', 'nodes', '-o', 'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}'])) === 'True True'
        ? true
        : undefined,
    );
    await new Promise((r) => setTimeout(r, 500));
    const after = await jsonpath([
      'get',
      'pod',
      'app',
      '-o',
      'jsonpath={.status.phase} {.status.podIP} {.status.containerStatuses[0].state.running.startedAt}',
    ]);
    assert.equal(after, running);
    b.child.kill('SIGTERM');
    assert.equal(await b.exited, 0, b.output());
  });
});
