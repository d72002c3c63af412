import { execFileSync, spawnSync } from 'node:child_process';
import { StartupError } from '../startup.error.js';

/** The user PostgreSQL runs as when the launcher is root (the server refuses to run as root). */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
  readonly name: string;
}

function idOf(name: string): RunAs | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid, name } : undefined;
  } catch {
    return undefined;
  }
}

/** undefined when not root: PostgreSQL then runs as the launcher's own user. */
export function postgresAccount(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = idOf('postgres');
  if (existing) return existing;
  const made = spawnSync(
    'useradd',
    ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', 'postgres'],
    {
      encoding: 'utf8',
    },
  );
  const created = idOf('postgres');
  if (!created) {
    throw new StartupError(
      `PostgreSQL cannot run as root and there is no \`postgres\` user to run it as (useradd: ${(made.stderr || made.error?.message || 'failed').trim()})`,
      'create a `postgres` system user (e.g. `useradd --system --user-group postgres`), run `npm start` as a non-root user, or set DATABASE_URL to an existing PostgreSQL',
    );
  }
  return created;
}

/** Whether `as` passes `test <flag> path` (e.g. '-x': may enter a directory / run a binary). */
export function canAccess(path: string, as: RunAs, flag: '-x' | '-r' | '-w' = '-x'): boolean {
  return spawnSync('test', [flag, path], { uid: as.uid, gid: as.gid, stdio: 'ignore' }).status === 0;
}
