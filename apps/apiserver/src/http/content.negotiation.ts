import { ApiError } from '../../../../libs/apimachinery/src/status.errors.js';

export type ResponseShape = { format: 'json' | 'yaml'; table: boolean; tableVersion: 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1' };

/**
 * Reads the Accept header as kube-apiserver does for resources: JSON (default), YAML, or the
 * meta.k8s.io Table form that kubectl asks for. Protobuf-only clients get 406.
 */
export function negotiate(accept: string | undefined): ResponseShape {
  if (!accept) return { format: 'json', table: false, tableVersion: 'meta.k8s.io/v1' };
  let sawOther = false;
  for (const clause of accept.split(',')) {
    const [type, ...params] = clause.split(';').map((s) => s.trim());
    const p = new Map(params.map((x) => x.split('=').map((y) => y.trim()) as [string, string]));
    const mt = (type ?? '').toLowerCase();
    const as = p.get('as');
    if (as === 'Table') {
      const v = p.get('v');
      const g = p.get('g');
      if (g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1') && (mt === 'application/json' || mt === 'application/yaml')) {
        return { format: mt === 'application/yaml' ? 'yaml' : 'json', table: true, tableVersion: `meta.k8s.io/${v}` };
      }
      continue;
    }
    if (as !== undefined) continue;
    if (mt === 'application/json' || mt === '*/*' || mt === 'application/*' || mt === 'application/json-patch+json') {
      return { format: 'json', table: false, tableVersion: 'meta.k8s.io/v1' };
    }
    if (mt === 'application/yaml') return { format: 'yaml', table: false, tableVersion: 'meta.k8s.io/v1' };
    sawOther = true;
  }
  if (sawOther) {
    throw new ApiError(406, 'NotAcceptable', `only the following media types are accepted: application/json, application/yaml`);
  }
  return { format: 'json', table: false, tableVersion: 'meta.k8s.io/v1' };
}
