import { getSchemaRegistry, type SchemaRegistry } from './schema.registry.js';
import type { FieldType } from './schema-type.parser.js';

/**
 * What Go's encoding/json leaves in a list element or map value that arrives as `null`: decoding
 * null is a no-op, so the slot keeps its type's zero value — "" in a []string, 0 in an []int32, an
 * empty struct in a []Container. Stored as null here, the element would come back as null, which no
 * Kubernetes client expects. Slots whose zero value marshals as null (pointers, nested slices and
 * maps, []byte, times, free-form JSON) stay null. Fields (as opposed to elements) are left alone.
 */
export function normalizeNullElements(model: string, obj: unknown, registry: SchemaRegistry = getSchemaRegistry()): void {
  if (isPlainObject(obj)) walkModel(registry, model, obj);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON rendering of a Go zero value, or undefined when that rendering is null. */
function zeroValue(t: FieldType): unknown {
  switch (t.kind) {
    case 'string':
      return t.format === 'byte' ? undefined : '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'intOrString':
      return 0;
    case 'quantity':
      return '0';
    case 'model':
      return {};
    case 'time':
    case 'any':
    case 'array':
    case 'map':
      return undefined;
  }
}

function walkModel(reg: SchemaRegistry, model: string, obj: Record<string, unknown>): void {
  const info = reg.model(model);
  if (!info) return;
  for (const [key, v] of Object.entries(obj)) {
    const field = info.byJsonName.get(key);
    if (field) walkValue(reg, field.type, v);
  }
}

function walkValue(reg: SchemaRegistry, t: FieldType, v: unknown): void {
  if (v === null || v === undefined) return;
  switch (t.kind) {
    case 'array':
      if (!Array.isArray(v)) return;
      v.forEach((item, i) => {
        if (item === null) {
          const zero = zeroValue(t.items);
          if (zero !== undefined) v[i] = zero;
        } else {
          walkValue(reg, t.items, item);
        }
      });
      return;
    case 'map':
      if (!isPlainObject(v)) return;
      for (const [k, item] of Object.entries(v)) {
        if (item === null) {
          const zero = zeroValue(t.values);
          if (zero !== undefined) v[k] = zero;
        } else {
          walkValue(reg, t.values, item);
        }
      }
      return;
    case 'model':
      if (isPlainObject(v)) walkModel(reg, t.model, v);
      return;
    default:
      return;
  }
}
