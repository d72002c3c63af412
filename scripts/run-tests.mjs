// `npm test`: runs every compiled spec with node's test runner against a real PostgreSQL.
// The server is KOP_TEST_DATABASE_URL, else the machine's PostgreSQL at 127.0.0.1:5432 (database
// `test`) when reachable, else an embedded PostgreSQL started here. Each test file creates its own
// database on it. `--conformance` runs the whole conformance suite instead of the fast subset.
// `--fast` (`npm run test:fast`) runs only the unit and storage/registry specs: those under
// apps/*/src, libs and testing; no app e2e (apps/*/test), no conformance, no benchmarks.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const conformanceOnly = process.argv.includes('--conformance');
const fastOnly = process.argv.includes('--fast');

async function reachable(url) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

function specs(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (e === 'node_modules') continue;
    if (statSync(p).isDirectory()) specs(p, out);
    else if (e.endsWith('.spec.js')) out.push(p);
  }
  return out;
}

let embedded;
let url = process.env.KOP_TEST_DATABASE_URL;
if (!url) {
  const local = 'postgresql://postgres@127.0.0.1:5432/test';
  if (await reachable(local)) url = local;
}
if (!url) {
  const { startEmbeddedPostgres } = await import(path.join(root, 'dist/apps/launcher/src/embedded-postgres.js'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kop-test-pg-'));
  // As root PostgreSQL runs as `postgres`, which must be able to enter the folder (mkdtemp makes it 0700).
  chmodSync(dir, 0o755);
  embedded = await startEmbeddedPostgres(path.join(dir, 'data'), 55432 + Math.floor(Math.random() * 1000), 'test');
  url = embedded.adminUrl;
  console.log(`# using an embedded PostgreSQL for tests (${dir})`);
}

const dist = path.join(root, 'dist');
// tsc never deletes outputs: a spec whose source was moved or deleted must not run from a stale dist/.
const all = specs(dist)
  .filter((f) => existsSync(path.join(root, path.relative(dist, f).replace(/\.js$/, '.ts'))))
  .sort();
const fastTier = (f) => /^(apps\/[^/]+\/src|libs|testing)\//.test(path.relative(dist, f).split(path.sep).join('/'));
// `npm test` runs everything but specs named *.slow.spec.ts; `npm run conformance` runs the
// conformance suite (slow ones included) and writes the coverage report.
const files = conformanceOnly
  ? all.filter((f) => f.includes(`${path.sep}conformance${path.sep}`))
  : all.filter((f) => !f.endsWith('.slow.spec.js') && (!fastOnly || fastTier(f)));
if (files.length === 0) {
  console.error('no test files found: run `npm run build` first');
  process.exit(1);
}
const tapFile = path.join(root, 'conformance', 'report', 'results.tap');
const reporters = conformanceOnly
  ? ['--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`]
  : ['--test-reporter=spec'];
if (conformanceOnly) (await import('node:fs')).mkdirSync(path.dirname(tapFile), { recursive: true });
const child = spawn(process.execPath, ['--test', '--test-concurrency=1', ...reporters, ...files], {
  stdio: 'inherit',
  env: { ...process.env, KOP_TEST_DATABASE_URL: url, KOP_ROOT: root },
});
const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
await embedded?.stop().catch(() => undefined);
if (conformanceOnly) {
  const { writeReport } = await import('./conformance-report.mjs');
  writeReport(tapFile, path.join(root, 'conformance'));
}
process.exit(code);
