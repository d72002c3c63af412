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

/**
 * The media types /openapi/v2 is asked for, in kube-openapi's order of preference. Both protobuf
 * names are answered with Content-Type `…spec.v2.v1.0+protobuf`, as kube-openapi does: `@` is not
 * a token character, and Go's mime parser (client-go's HTTP cache replay) rejects it.
 */
export const OPENAPI_V2_TYPES = [
  'application/json',
  'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
  'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
] as const;
type OpenApiV2Type = (typeof OPENAPI_V2_TYPES)[number];
export const OPENAPI_V2_PROTOBUF_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/**
 * Chooses the /openapi/v2 representation as kube-openapi does: Accept clauses by falling q (an
 * empty header is `*\/*`), the first served type each clause matches, wildcards allowed. Undefined
 * means 406.
 */
export function negotiateOpenApiV2(accept: string | undefined): OpenApiV2Type | undefined {
  const clauses = (accept?.trim() ? accept : '*/*')
    .split(',')
    .map((c, i) => {
      const [type = '', ...params] = c.split(';').map((s) => s.trim());
      const q = params.map((p) => /^q=([0-9.]+)$/i.exec(p)).find((m) => m)?.[1];
      return { type: type.toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((c) => c.type && c.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const c of clauses) {
    const [t = '', sub = ''] = c.type.split('/');
    const match = OPENAPI_V2_TYPES.find((served) => {
      const [st, ssub] = served.split('/');
      return (t === '*' || t === st) && (sub === '*' || sub === ssub);
    });
    if (match) return match;
  }
  return undefined;
}
