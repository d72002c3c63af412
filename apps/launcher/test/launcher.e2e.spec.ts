import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { freePort } from '../../../libs/testing/src/apiserver.process.js';
import { runKubectl } from '../../../libs/testing/src/test-server.js';

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/main.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'kop-launcher-'));
const children: ChildProcess[] = [];

after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
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

async function start(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [main], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 600 && !out.includes('control plane ready'); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(out, /control plane ready/, out);
  return { child, output: () => out };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

describe('npm start (the launcher)', () => {
  it('runs the whole control plane on an embedded PostgreSQL, writes a kubeconfig, keeps data across restarts and stops cleanly on Ctrl-C', async () => {
    const env = {
      DATABASE_URL: '',
      KOP_DATA_DIR: path.join(dir, 'data'),
      KOP_PORT: String(await freePort()),
      KOP_PG_PORT: String(await freePort()),
      KOP_KUBECONFIG: path.join(dir, 'kube', 'config'),
    };
    delete (env as Record<string, string | undefined>)['DATABASE_URL'];
    const first = await start(env);
    assert.ok(existsSync(env.KOP_KUBECONFIG));
    const ns = await runKubectl(env.KOP_KUBECONFIG, dir, ['get', 'ns', '-o', 'name']);
    assert.equal(ns.code, 0, ns.stderr);
    assert.match(ns.stdout, /namespace\/kube-system/);
    // The whole plane runs: simulated nodes register, and a Deployment gets scheduled and rolled out.
    for (let i = 0; i < 100; i++) {
      const nodes = await runKubectl(env.KOP_KUBECONFIG, dir, ['get', 'nodes', '--no-headers']);
      if ((nodes.stdout.match(/\bReady\b/g) ?? []).length === 3) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(((await runKubectl(env.KOP_KUBECONFIG, dir, ['get', 'nodes', '--no-headers'])).stdout.match(/\bReady\b/g) ?? []).length, 3);
    assert.equal((await runKubectl(env.KOP_KUBECONFIG, dir, ['create', 'deployment', 'web', '--image=nginx', '--replicas=2'])).code, 0);
    const rollout = await runKubectl(env.KOP_KUBECONFIG, dir, ['rollout', 'status', 'deployment/web', '--timeout=60s'], { timeoutMs: 70_000 });
    assert.equal(rollout.code, 0, rollout.stderr);
    assert.match(rollout.stdout, /successfully rolled out/);
    const cm = await runKubectl(env.KOP_KUBECONFIG, dir, ['create', '-f', '-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kept}\ndata: {a: b}\n' });
    assert.equal(cm.code, 0, cm.stderr);
    assert.ok([0, 130].includes((await stop(first.child)) ?? -1), "exit code of Ctrl-C");
    assert.equal(await portOpen(Number(env.KOP_PORT)), false, 'apiserver still listening after Ctrl-C');
    assert.equal(await portOpen(Number(env.KOP_PG_PORT)), false, 'embedded PostgreSQL still running after Ctrl-C');
    const second = await start(env);
    const got = await runKubectl(env.KOP_KUBECONFIG, dir, ['get', 'cm', 'kept', '-o', 'jsonpath={.data.a}']);
    assert.equal(got.stdout, 'b', got.stderr);
    assert.ok([0, 130].includes((await stop(second.child)) ?? -1));
  });
});
