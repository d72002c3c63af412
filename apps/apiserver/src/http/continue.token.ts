import { ApiError } from '../../../../libs/apimachinery/src/status.errors.js';

interface Token {
  v: string;
  rv: number;
  start: { namespace: string; name: string };
}

/** Continue tokens carry the snapshot version and the last key, base64url JSON as upstream. */
export function encodeContinue(rv: number, start: { namespace: string; name: string }): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start } satisfies Token)).toString('base64url');
}

export function decodeContinue(token: string): { rv: number; start: { namespace: string; name: string } } {
  const bad = (why: string) => ApiError.badRequest(`continue key is not valid: ${why}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw bad('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  const t = parsed as Partial<Token>;
  if (!t || typeof t !== 'object' || t.v !== 'meta.k8s.io/v1') throw bad('server does not recognize this encoded key');
  if (typeof t.rv !== 'number' || !Number.isSafeInteger(t.rv) || t.rv <= 0) throw bad('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  const s = t.start;
  if (!s || typeof s.namespace !== 'string' || typeof s.name !== 'string' || s.name === '') throw bad('encoded key is not valid');
  // No stored key can hold a NUL (PostgreSQL text cannot): such a token was not issued by a server.
  if (s.namespace.includes('\0') || s.name.includes('\0')) throw bad('encoded key is not valid');
  return { rv: t.rv, start: { namespace: s.namespace, name: s.name } };
}
