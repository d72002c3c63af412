import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { kubeconfigYaml } from '../../../libs/client/src/kubeconfig.js';
import { ServerConfig } from '../src/config/server.config.js';
import { createApiServer, type ApiServer } from '../src/server.js';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.js';
import { runKubectl } from '../../../testing/test-server.js';
import { TcpRelay } from '../../../testing/tcp.relay.js';

let db: TestDatabase;
let relay: TcpRelay;
let server: ApiServer;
let kubeconfig: string;
const dir = mkdtempSync(path.join(os.tmpdir(), 'kop-health-'));

before(async () => {
  db = await createTestDatabase();
  const target = new URL(db.url);
  relay = new TcpRelay({ host: target.hostname, port: Number(target.port || 5432) });
  await relay.up();
  const viaRelay = new URL(db.url);
  viaRelay.host = `127.0.0.1:${relay.port}`;
  server = await createApiServer(ServerConfig.fromEnv({ DATABASE_URL: viaRelay.toString() }, { port: 0 }), { logger: false });
  kubeconfig = path.join(dir, 'config');
  writeFileSync(kubeconfig, kubeconfigYaml(server.url));
});
after(async () => {
  await relay.up().catch(() => undefined);
  await server.close();
  await relay.down();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function get(p: string): Promise<{ status: number; body: string; type: string | null }> {
  const r = await fetch(`${server.url}${p}`);
  return { status: r.status, body: await r.text(), type: r.headers.get('content-type') };
}

async function eventually(what: string, cond: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const READY_CHECKS = ['ping', 'log', 'etcd', 'etcd-readiness', 'informer-sync', 'poststarthook/bootstrap-controller', 'shutdown'];

describe('/healthz, /livez and /readyz', () => {
  it('kubectl get --raw=/readyz?verbose lists the named checks as upstream does', async () => {
    const r = await runKubectl(kubeconfig, dir, ['get', '--raw=/readyz?verbose']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${READY_CHECKS.map((c) => `[+]${c} ok`).join('\n')}\nreadyz check passed\n`);
    const live = await runKubectl(kubeconfig, dir, ['get', '--raw=/livez?verbose']);
    assert.equal(live.stdout, '[+]ping ok\n[+]log ok\n[+]etcd ok\n[+]poststarthook/bootstrap-controller ok\nlivez check passed\n');
    for (const p of ['/readyz', '/livez', '/healthz']) {
      const plain = await get(p);
      assert.equal(plain.status, 200);
      assert.equal(plain.body, 'ok');
      assert.equal(plain.type, 'text/plain; charset=utf-8');
    }
  });

  it('serves each check on its own path, and ?exclude= skips checks (unknown names are warned about)', async () => {
    assert.deepEqual(await get('/readyz/etcd').then((r) => [r.status, r.body]), [200, 'ok']);
    assert.deepEqual(await get('/livez/poststarthook/bootstrap-controller').then((r) => [r.status, r.body]), [200, 'ok']);
    assert.equal((await get('/readyz/no-such-check')).status, 404);
    assert.equal((await get('/livez/shutdown')).status, 404, 'shutdown is a readiness check only');
    const ex = await get('/readyz?verbose&exclude=etcd&exclude=nope');
    assert.equal(ex.status, 200);
    assert.match(ex.body, /^\[\+\]ping ok\n\[\+\]log ok\n\[\+\]etcd excluded: ok\n\[\+\]etcd-readiness ok\n/);
    assert.match(ex.body, /warn: some health checks cannot be excluded: no matches for "nope"\nreadyz check passed\n$/);
  });

  it('fails /readyz and /livez while PostgreSQL is unreachable (reason withheld, 500) and recovers without a restart', async () => {
    await relay.down();
    await eventually('readyz to fail', async () => (await get('/readyz')).status === 500);
    const ready = await get('/readyz?verbose');
    assert.equal(ready.status, 500);
    assert.match(
      ready.body,
      /^\[\+\]ping ok\n\[\+\]log ok\n\[-\]etcd failed: reason withheld\n\[-\]etcd-readiness failed: reason withheld\n/,
    );
    assert.match(ready.body, /readyz check failed\n$/);
    // Always verbose on failure, as upstream.
    assert.match((await get('/readyz')).body, /\[-\]etcd failed: reason withheld\n[\s\S]*readyz check failed\n$/);
    assert.equal((await get('/livez')).status, 500);
    const one = await get('/readyz/etcd');
    assert.equal(one.status, 500);
    assert.match(one.body, /^internal server error: /);
    // Excluding the failing checks is how an operator looks past them.
    assert.equal((await get('/livez?exclude=etcd')).status, 200);
    const kubectl = await runKubectl(kubeconfig, dir, ['get', '--raw=/readyz?verbose']);
    assert.notEqual(kubectl.code, 0);
    assert.match(kubectl.stderr, /etcd failed: reason withheld/);

    await relay.up();
    await eventually('readyz to pass again', async () => (await get('/readyz')).status === 200);
    assert.match((await get('/readyz?verbose')).body, /\[\+\]informer-sync ok\n[\s\S]*readyz check passed\n$/);
  });

  it('turns /readyz off once a graceful stop begins (shutdown check)', async () => {
    const health = (await import('../src/http/health/health.checks.js')).HealthChecks;
    server.app.get(health).markShuttingDown();
    const r = await get('/readyz?verbose');
    assert.equal(r.status, 500);
    assert.match(r.body, /\[-\]shutdown failed: reason withheld\nreadyz check failed\n$/);
    assert.equal((await get('/livez')).status, 200, 'a stopping server is still alive');
  });
});
