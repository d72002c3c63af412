import { records, stringOf, type Json } from '../../../../../../libs/apimachinery/src/json/json.access.js';

/**
 * Mutations upstream performs in admission plugins rather than in defaulting: the tolerations are
 * applied by the DefaultTolerationSeconds plugin (create and update), the service account by pod
 * create (upstream's ServiceAccount plugin mutates on create only).
 */
const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const DEFAULT_TOLERATION_SECONDS = 300;

function tolerates(tolerations: Json[], key: string): boolean {
  return tolerations.some((t) => {
    const k = stringOf(t['key']);
    const effect = stringOf(t['effect']);
    return (k === key || k === '') && (effect === 'NoExecute' || effect === '');
  });
}

/** DefaultTolerationSeconds plugin: 300s NoExecute tolerations for not-ready and unreachable nodes. */
export function addDefaultTolerations(spec: Json): void {
  const current = records(spec['tolerations']);
  const added: Json[] = [];
  for (const key of [NOT_READY, UNREACHABLE]) {
    if (!tolerates(current, key)) {
      added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
  }
  if (added.length) spec['tolerations'] = [...(Array.isArray(spec['tolerations']) ? spec['tolerations'] : []), ...added];
}

/** ServiceAccount plugin (the part without I/O): pods run as `default` unless told otherwise. */
export function defaultServiceAccount(spec: Json): void {
  if (!stringOf(spec['serviceAccountName'])) {
    spec['serviceAccountName'] = 'default';
    spec['serviceAccount'] = 'default';
  }
}
