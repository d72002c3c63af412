import { ApiError, type Status } from '../../../../../libs/apimachinery/src/status.errors.js';

interface Token {
  v: string;
  rv: number;
  start: { namespace: string; name: string };
}

/**
 * Continue tokens carry the snapshot version and the last key, base64url JSON as upstream. A
 * negative version (-1, as etcd3's store) means "continue after the key at the latest version":
 * the token handed out when the snapshot of the original token was compacted.
 */
export function encodeContinue(rv: number, start: { namespace: string; name: string }): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start } satisfies Token)).toString('base64url');
}

/** `rv` undefined: continue at the latest version. */
export function decodeContinue(token: string): { rv: number | undefined; start: { namespace: string; name: string } } {
  const bad = (why: string) => ApiError.badRequest(`continue key is not valid: ${why}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw bad('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  const t = parsed as Partial<Token>;
  if (!t || typeof t !== 'object' || t.v !== 'meta.k8s.io/v1') throw bad('server does not recognize this encoded key');
  if (typeof t.rv !== 'number' || !Number.isSafeInteger(t.rv) || t.rv === 0)
    throw bad('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  const s = t.start;
  if (!s || typeof s.namespace !== 'string' || typeof s.name !== 'string' || s.name === '') throw bad('encoded key is not valid');
  // No stored key can hold a NUL (PostgreSQL text cannot): such a token was not issued by a server.
  if (s.namespace.includes('\0') || s.name.includes('\0')) throw bad('encoded key is not valid');
  return { rv: t.rv > 0 ? t.rv : undefined, start: { namespace: s.namespace, name: s.name } };
}

/**
 * The 410 for a continue token whose snapshot was compacted: its Status carries a token that
 * resumes after the same key at the latest version (etcd3 store's handleCompactedErrorForPaging).
 */
export class ExpiredContinueError extends ApiError {
  constructor(
    message: string,
    readonly resumeToken: string,
  ) {
    super(410, 'Expired', message);
  }

  override toStatus(): Status {
    return { ...super.toStatus(), metadata: { continue: this.resumeToken } };
  }
}
