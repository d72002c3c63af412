import { getSchemaRegistry, type SchemaRegistry } from '../../../../libs/api/src/schema/schema.registry.js';
import type { FieldType } from '../../../../libs/api/src/schema/schema-type.parser.js';
import type { PodTemplateSpec } from '../shared/types.js';

export const HASH_LABEL = 'pod-template-hash';
const TEMPLATE_MODEL = 'V1PodTemplateSpec';

/**
 * A template as the Go value upstream hashes and compares: decoding leaves a null field at its
 * zero value (`creationTimestamp: null` is the zero metav1.Time, which the apiserver and kubectl
 * print back), and nil and empty slices and maps are one value after an apiserver round trip
 * (omitempty) and to apiequality.Semantic. So nulls, empty lists and empty maps are dropped;
 * empty structs stay, as a non-nil pointer differs from nil. Keys are sorted, as spew's SortKeys.
 */
function goForm(reg: SchemaRegistry, t: FieldType | undefined, v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = t?.kind === 'array' ? t.items : undefined;
    return v.map((x) => goForm(reg, items, x));
  }
  if (v === null || typeof v !== 'object') return v;
  const obj = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const model = t?.kind === 'model' ? reg.model(t.model) : undefined;
  for (const key of Object.keys(obj).sort()) {
    const child = obj[key];
    const ft = model ? model.byJsonName.get(key)?.type : t?.kind === 'map' ? t.values : undefined;
    if (child === null || child === undefined) continue;
    if (Array.isArray(child) && child.length === 0) continue;
    if (ft?.kind === 'map' && typeof child === 'object' && Object.keys(child).length === 0) continue;
    out[key] = goForm(reg, ft, child);
  }
  return out;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function withoutHashLabel(template: PodTemplateSpec): PodTemplateSpec {
  const t = structuredClone(template);
  if (t.metadata?.labels) delete t.metadata.labels[HASH_LABEL];
  return t;
}

/** The canonical rendering two templates share exactly when upstream would find them equal. */
function templateKey(template: PodTemplateSpec): string {
  const reg = getSchemaRegistry();
  return canonical(goForm(reg, { kind: 'model', model: TEMPLATE_MODEL }, withoutHashLabel(template)));
}

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Upstream controller.ComputeHash: FNV-1a 32 over the template, then the collision count (when
 * set, even to 0) as 8 little-endian bytes, the decimal sum spelled with SafeEncodeString's
 * vowel-free alphabet. Upstream feeds the hasher go-spew's dump of the Go struct; this feeds the
 * canonical JSON of the same value, so equal templates get equal hashes but the digits differ.
 */
export function podTemplateHash(template: PodTemplateSpec, collisionCount?: number | null): string {
  let h = 0x811c9dc5;
  const feed = (bytes: Uint8Array): void => {
    for (const b of bytes) {
      h ^= b;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  };
  feed(Buffer.from(templateKey(template), 'utf8'));
  if (collisionCount !== undefined && collisionCount !== null) {
    const cc = Buffer.alloc(8);
    cc.writeUInt32LE(collisionCount >>> 0, 0);
    feed(cc);
  }
  return [...String(h)].map((c) => SAFE[c.charCodeAt(0) % SAFE.length]).join('');
}

/** Templates equal but for the pod-template-hash label (upstream EqualIgnoreHash). */
export function templatesEqualIgnoringHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return templateKey(a) === templateKey(b);
}
