import pg from 'pg';
import { APISERVER_ROLE } from './postgres.credentials.js';

/**
 * Makes `database` and everything in its public schema belong to the control plane's own
 * non-superuser role. Idempotent: run at every start, it also upgrades a data directory of the
 * previous version, where the superuser owned everything.
 */
export async function provisionApiserverRole(adminUrl: (db: string) => string, database: string, password: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl('postgres') });
  await admin.connect();
  try {
    const role = admin.escapeIdentifier(APISERVER_ROLE);
    const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APISERVER_ROLE]);
    if (exists.rowCount === 0) await admin.query(`CREATE ROLE ${role}`);
    await admin.query("SET password_encryption = 'scram-sha-256'");
    await admin.query(
      `ALTER ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${admin.escapeLiteral(password)}`,
    );
    const db = admin.escapeIdentifier(database);
    const has = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (has.rowCount === 0) await admin.query(`CREATE DATABASE ${db} OWNER ${role}`);
    else await admin.query(`ALTER DATABASE ${db} OWNER TO ${role}`);
  } finally {
    await admin.end().catch(() => undefined);
  }

  const inDb = new pg.Client({ connectionString: adminUrl(database) });
  await inDb.connect();
  try {
    // Tables (with their row types and linked sequences) first, then what is left.
    await inDb.query(`
      DO $own$
      DECLARE r record;
      BEGIN
        EXECUTE format('ALTER SCHEMA public OWNER TO %I', '${APISERVER_ROLE}');
        FOR r IN SELECT c.oid::regclass AS obj, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relowner <> '${APISERVER_ROLE}'::regrole LOOP
          EXECUTE format('ALTER %s %s OWNER TO %I',
            CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
            r.obj, '${APISERVER_ROLE}');
        END LOOP;
        FOR r IN SELECT c.oid::regclass AS obj FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relowner <> '${APISERVER_ROLE}'::regrole LOOP
          EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', r.obj, '${APISERVER_ROLE}');
        END LOOP;
        FOR r IN SELECT p.oid::regprocedure AS obj, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname = 'public' AND p.proowner <> '${APISERVER_ROLE}'::regrole LOOP
          EXECUTE format('ALTER %s %s OWNER TO %I',
            CASE r.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, r.obj, '${APISERVER_ROLE}');
        END LOOP;
        FOR r IN SELECT t.oid::regtype AS obj FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                 WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd') AND t.typowner <> '${APISERVER_ROLE}'::regrole LOOP
          EXECUTE format('ALTER TYPE %s OWNER TO %I', r.obj, '${APISERVER_ROLE}');
        END LOOP;
      END
      $own$`);
    // The superuser keeps no privileges the role would lack; nothing else may connect.
    await inDb.query(`REVOKE ALL ON DATABASE ${inDb.escapeIdentifier(database)} FROM PUBLIC`);
  } finally {
    await inDb.end().catch(() => undefined);
  }
}
