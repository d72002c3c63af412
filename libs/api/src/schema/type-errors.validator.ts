import { ApiError } from '../../../apimachinery/src/status.errors.js';
import { decodeErrorPrefix, type DecodeTarget } from './unknown-fields.validator.js';
import { getSchemaRegistry, type SchemaRegistry } from './schema.registry.js';
import type { FieldType } from './schema-type.parser.js';

/**
 * JSON values the Go decoder would refuse, worded as encoding/json does:
 * `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`.
 * The struct is the innermost Go struct holding the field; the field path joins JSON names without
 * array indices (Go's error context). Go keeps decoding after a type error and reports the first
 * one, so callers normally surface messages[0]. null is always accepted (Go leaves the zero value).
 */
export function findTypeErrors(model: string, obj: unknown, registry: SchemaRegistry = getSchemaRegistry()): string[] {
  const out: string[] = [];
  const info = registry.model(model);
  if (!info) return out;
  if (!isPlainObject(obj)) {
    if (obj !== null) out.push(`json: cannot unmarshal ${jsonKind(obj)} into Go value of type ${registry.identity(model).goType}`);
    return out;
  }
  checkModel(registry, model, obj, [], out);
  return out;
}

/** The 400 a create/update gets: `Deployment in version "v1" cannot be handled as a Deployment: json: …`. */
export function typeDecodingError(messages: readonly string[], target: DecodeTarget): ApiError {
  return ApiError.badRequest(decodeErrorPrefix(target) + (messages[0] ?? ''));
}

interface Ctx {
  readonly reg: SchemaRegistry;
  /** Go name of the innermost struct. */
  readonly struct: string;
  readonly stack: readonly string[];
  readonly out: string[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  return 'object';
}

function goTypeOf(reg: SchemaRegistry, t: FieldType): string {
  switch (t.kind) {
    case 'string':
      return t.format === 'byte' ? '[]uint8' : 'string';
    case 'integer':
      return t.format;
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'time':
      return t.micro ? 'v1.MicroTime' : 'v1.Time';
    case 'intOrString':
      return 'intstr.IntOrString';
    case 'quantity':
      return 'resource.Quantity';
    case 'any':
      return 'interface {}';
    case 'array':
      return `[]${goTypeOf(reg, t.items)}`;
    case 'map':
      return `map[string]${goTypeOf(reg, t.values)}`;
    case 'model':
      return reg.identity(t.model).goType;
  }
}

function checkModel(reg: SchemaRegistry, model: string, obj: Record<string, unknown>, stack: readonly string[], out: string[]): void {
  const info = reg.model(model);
  if (!info) return;
  const struct = reg.identity(model).goName;
  for (const [key, v] of Object.entries(obj)) {
    const field = info.byJsonName.get(key);
    if (field) checkValue({ reg, struct, stack: [...stack, key], out }, field.type, v);
  }
}

const INT_RANGE = { int32: [-2147483648, 2147483647], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] } as const;

function report(ctx: Ctx, value: string, goType: string): void {
  ctx.out.push(`json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.stack.join('.')} of type ${goType}`);
}

function checkValue(ctx: Ctx, t: FieldType, v: unknown): void {
  if (v === null || v === undefined) return;
  const kind = jsonKind(v);
  switch (t.kind) {
    case 'any':
      return;
    case 'string':
      if (t.format === 'byte') {
        if (kind !== 'string') report(ctx, kind, '[]uint8');
      } else if (kind !== 'string') report(ctx, kind, 'string');
      return;
    case 'boolean':
      if (kind !== 'bool') report(ctx, kind, 'bool');
      return;
    case 'number':
      if (kind !== 'number') report(ctx, kind, 'float64');
      return;
    case 'integer': {
      if (typeof v !== 'number') return report(ctx, kind, t.format);
      const [min, max] = INT_RANGE[t.format];
      if (!Number.isInteger(v) || v < min || v > max) report(ctx, `number ${String(v)}`, t.format);
      return;
    }
    case 'time':
      // metav1.Time has its own UnmarshalJSON: it decodes into a plain string, outside any struct context.
      if (kind !== 'string') ctx.out.push(`json: cannot unmarshal ${kind} into Go value of type string`);
      return;
    case 'intOrString':
      if (typeof v === 'number' && (!Number.isInteger(v) || v < INT_RANGE.int32[0] || v > INT_RANGE.int32[1])) {
        ctx.out.push(`json: cannot unmarshal number ${String(v)} into Go value of type int32`);
      } else if (kind !== 'string' && kind !== 'number') {
        ctx.out.push(`json: cannot unmarshal ${kind} into Go value of type int32`);
      }
      return;
    case 'quantity':
      if (kind !== 'string' && kind !== 'number') {
        ctx.out.push("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
      }
      return;
    case 'array':
      if (!Array.isArray(v)) return report(ctx, kind, goTypeOf(ctx.reg, t));
      for (const item of v) checkValue(ctx, t.items, item);
      return;
    case 'map':
      if (!isPlainObject(v)) return report(ctx, kind, goTypeOf(ctx.reg, t));
      for (const [k, item] of Object.entries(v)) checkValue({ ...ctx, stack: [...ctx.stack, k] }, t.values, item);
      return;
    case 'model':
      if (!isPlainObject(v)) return report(ctx, kind, goTypeOf(ctx.reg, t));
      checkModel(ctx.reg, t.model, v, ctx.stack, ctx.out);
      return;
  }
}
