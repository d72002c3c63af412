import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The superuser password of data directories made before passwords were generated. */
export const LEGACY_SUPERUSER_PASSWORD = 'kube-on-postgres';
export const SUPERUSER = 'postgres';
/** The role the control plane connects as: owns its database and schema, nothing more. */
export const APISERVER_ROLE = 'kube';

export interface PostgresCredentials {
  superuserPassword: string;
  apiserverPassword: string;
}

const CREDENTIALS_FILE = 'kube-on-postgres.credentials.json';

/** Hex only: safe in connection URLs and SQL literals alike. */
export function generatePassword(): string {
  return randomBytes(24).toString('hex');
}

export async function readCredentials(dataDir: string): Promise<PostgresCredentials | undefined> {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<PostgresCredentials>;
  if (typeof parsed.superuserPassword !== 'string' || typeof parsed.apiserverPassword !== 'string') {
    throw new Error(`${file} is not a kube-on-postgres credentials file`);
  }
  return { superuserPassword: parsed.superuserPassword, apiserverPassword: parsed.apiserverPassword };
}

/** Written readable by the launcher's user only (0600), atomically. */
export async function writeCredentials(dataDir: string, creds: PostgresCredentials): Promise<void> {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  const tmp = `${file}.tmp`;
  await writeFile(tmp, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}

/** Password authentication (SCRAM) everywhere, local socket included; no trust, no cleartext. */
export const PG_HBA = [
  '# Written by kube-on-postgres at every start: SCRAM passwords for every connection.',
  '# TYPE  DATABASE        USER            ADDRESS                 METHOD',
  'local   all             all                                     scram-sha-256',
  'host    all             all             127.0.0.1/32            scram-sha-256',
  'host    all             all             ::1/128                 scram-sha-256',
  'local   replication     all                                     scram-sha-256',
  'host    replication     all             127.0.0.1/32            scram-sha-256',
  'host    replication     all             ::1/128                 scram-sha-256',
  '',
].join('\n');
