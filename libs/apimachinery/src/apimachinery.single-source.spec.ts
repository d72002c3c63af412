import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/** The checkout: this spec runs from dist/libs/apimachinery/src. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

describe('apimachinery helpers exist once, in libs', () => {
  it('the apiserver re-exports no libs/apimachinery module', () => {
    const reexports = sources('apps/apiserver').filter((f) =>
      /^export\s+(\*|\{[^}]*\}|type\s*\{[^}]*\})\s+from\s+'[^']*libs\/apimachinery\//m.test(readFileSync(path.join(ROOT, f), 'utf8')),
    );
    assert.deepEqual(reexports, []);
  });

  it('no app source or test helper formats metav1 time by hand', () => {
    const handRolled = sources('apps')
      .filter((f) => !f.endsWith('.spec.ts'))
      .filter((f) => /toISOString\(\)\s*\.replace\(/.test(readFileSync(path.join(ROOT, f), 'utf8')));
    assert.deepEqual(handRolled, []);
  });
});
