/**
 * The shape of one field, parsed from client-node's `attributeTypeMap` type strings
 * ('Array<V1Container>', '{ [key: string]: string; }', 'IntOrString' …).
 *
 * client-node only distinguishes 'number'; the integer formats survive in the `format` column
 * (int32/int64), so `number` with such a format becomes an integer here. A number without a
 * format stays 'number' (none exist in client-node 2.0.1, but CRDs may add them later).
 */
export type FieldType =
  | { readonly kind: 'string'; readonly format?: 'byte' }
  | { readonly kind: 'integer'; readonly format: 'int32' | 'int64' }
  | { readonly kind: 'number'; readonly format?: 'double' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'time'; readonly micro: boolean }
  | { readonly kind: 'intOrString' }
  | { readonly kind: 'quantity' }
  | { readonly kind: 'any' }
  | { readonly kind: 'array'; readonly items: FieldType }
  | { readonly kind: 'map'; readonly values: FieldType }
  | { readonly kind: 'model'; readonly model: string };

const MAP_RE = /^\{ \[key: string\]: (.+); \}$/;
const ARRAY_RE = /^Array<(.+)>$/;

export function parseFieldType(type: string, format: string): FieldType {
  const t = type.trim();
  const map = MAP_RE.exec(t);
  if (map?.[1]) return { kind: 'map', values: parseFieldType(map[1], format) };
  const arr = ARRAY_RE.exec(t);
  if (arr?.[1]) return { kind: 'array', items: parseFieldType(arr[1], format) };
  switch (t) {
    case 'string':
      return format === 'byte' ? { kind: 'string', format: 'byte' } : { kind: 'string' };
    case 'number':
      if (format === 'int32' || format === 'int64') return { kind: 'integer', format };
      return format === 'double' ? { kind: 'number', format: 'double' } : { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'Date':
      return { kind: 'time', micro: format === 'date-time-micro' };
    // client-node names the microsecond timestamp as a model; on the wire it is an RFC 3339 string.
    case 'V1MicroTime':
      return { kind: 'time', micro: true };
    case 'IntOrString':
      return { kind: 'intOrString' };
    case 'any':
    case 'object':
      return { kind: 'any' };
    default:
      return { kind: 'model', model: t };
  }
}
