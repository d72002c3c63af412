// `prestart` (and `pretest`): compile only when the sources changed since the last successful build.
// tsc --incremental still spends ~15-20 s on this machine checking an unchanged tree, so we compare
// a hash of every input's path, size and mtime with dist/.build-stamp and skip tsc when they match.
// `npm run build` always compiles; `--force` here does too.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist', '.build-stamp');
/** Everything tsc reads (tsconfig include + configs), and the lock file for the compiler's own version. */
const INPUT_DIRS = ['apps', 'libs', 'testing', 'conformance', 'bench', 'generated'];
const INPUT_FILES = /^(tsconfig.*\.json|package-lock\.json)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'report', '.data', '.kube']);

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // an input folder that does not exist (yet)
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(p, out);
    } else if (e.isFile()) {
      out.push(p);
    }
  }
}

function inputsHash() {
  const files = [];
  for (const d of INPUT_DIRS) walk(path.join(root, d), files);
  for (const f of readdirSync(root)) if (INPUT_FILES.test(f)) files.push(path.join(root, f));
  files.sort();
  const h = createHash('sha256');
  for (const f of files) {
    const s = statSync(f);
    h.update(`${path.relative(root, f)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex');
}

const force = process.argv.includes('--force');
const hash = inputsHash();
const previous = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
const built = existsSync(path.join(root, 'dist', 'apps', 'launcher', 'src', 'main.js'));
if (!force && built && previous === hash) {
  console.log('build: dist/ is up to date (no source changed since the last build)');
  process.exit(0);
}
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
if (r.status !== 0) process.exit(r.status ?? 1);
// The hash taken before compiling: a file saved during the build makes the next start compile again.
mkdirSync(path.dirname(stampFile), { recursive: true });
writeFileSync(stampFile, `${hash}\n`);
