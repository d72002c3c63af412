import { ApiError } from '../../../apimachinery/src/status.errors.js';
import { getSchemaRegistry, type SchemaRegistry } from './schema.registry.js';
import type { FieldType } from './schema-type.parser.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Paths of fields the schema does not know, in document order and in upstream's notation
 * (no leading dot: `spec.foo`, `spec.containers[0].bogus`, `metadata.labelz`; map keys are
 * plain path segments). Maps accept any key; opaque (`any`) fields accept anything. Values of
 * the wrong JSON type are not descended into (findTypeErrors reports those).
 */
export function findUnknownFields(model: string, obj: unknown, registry: SchemaRegistry = getSchemaRegistry()): string[] {
  const out: string[] = [];
  walkModel(registry, model, obj, '', out, false);
  return out;
}

/**
 * Removes the fields the schema does not know (what decoding into the typed object does with
 * fieldValidation Warn or Ignore: unknown fields are never stored) and returns their paths.
 */
export function pruneUnknownFields(model: string, obj: unknown, registry: SchemaRegistry = getSchemaRegistry()): string[] {
  const out: string[] = [];
  walkModel(registry, model, obj, '', out, true);
  return out;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function walkModel(reg: SchemaRegistry, model: string, value: unknown, path: string, out: string[], prune: boolean): void {
  const info = reg.model(model);
  if (!info || !isPlainObject(value)) return;
  for (const [key, v] of Object.entries(value)) {
    const field = info.byJsonName.get(key);
    const p = join(path, key);
    if (!field) {
      out.push(p);
      if (prune) delete value[key];
    } else walkType(reg, field.type, v, p, out, prune);
  }
}

function walkType(reg: SchemaRegistry, type: FieldType, value: unknown, path: string, out: string[], prune: boolean): void {
  switch (type.kind) {
    case 'model':
      walkModel(reg, type.model, value, path, out, prune);
      return;
    case 'array':
      if (Array.isArray(value)) value.forEach((item, i) => walkType(reg, type.items, item, `${path}[${i}]`, out, prune));
      return;
    case 'map':
      if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) walkType(reg, type.values, v, join(path, k), out, prune);
      return;
    default:
      return;
  }
}

/** `unknown field "spec.foo"`: the text of one strict-decoding problem, also the Warn-mode warning. */
function unknownFieldText(path: string): string {
  return `unknown field "${path}"`;
}

/** Warning header values for fieldValidation=Warn: one per unknown field. */
export function unknownFieldWarnings(paths: readonly string[]): string[] {
  return paths.map(unknownFieldText);
}

/** What the decoder was asked to produce; adds upstream's `Kind in version "v" cannot be handled as a Kind: ` prefix. */
export interface DecodeTarget {
  readonly kind: string;
  readonly version: string;
}

export function decodeErrorPrefix(target: DecodeTarget): string {
  return `${target.kind} in version "${target.version}" cannot be handled as a ${target.kind}: `;
}

/**
 * The 400 for fieldValidation=Strict:
 * `strict decoding error: unknown field "spec.foo", unknown field "spec.bar"`
 * (create/update decode the body, so they pass `target` and get the decoder prefix; patch does not).
 */
export function strictDecodingError(paths: readonly string[], target?: DecodeTarget): ApiError {
  const message = `strict decoding error: ${paths.map(unknownFieldText).join(', ')}`;
  return ApiError.badRequest(target ? decodeErrorPrefix(target) + message : message);
}
