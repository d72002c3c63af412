/**
 * What server-side apply needs to know about a type (structured-merge-diff's schema): whether a
 * map or struct merges key by key or is replaced whole, and how a list merges — `atomic`
 * (replaced), `set` (scalars, by value) or `map` (objects, by their list-map-keys).
 */
export type ApplyType = ApplyMapType | ApplyListType | ApplyScalarType | ApplyUntypedType;

export interface ApplyMapType {
  readonly kind: 'map';
  /** A struct (named fields) rather than a map of arbitrary keys: an added struct is not owned as such. */
  readonly struct: boolean;
  readonly atomic: boolean;
  field(name: string): ApplyType;
  /** For structs: whether `name` is one of its fields (unknown fields are dropped before storing). */
  knows?(name: string): boolean;
}

export interface ApplyListType {
  readonly kind: 'list';
  readonly listType: 'atomic' | 'set' | 'map';
  readonly keys: readonly string[];
  readonly items: ApplyType;
}

interface ApplyScalarType {
  readonly kind: 'scalar';
}

/** No schema (custom resources without one, opaque fields): objects merge by key, lists are atomic. */
interface ApplyUntypedType {
  readonly kind: 'untyped';
}

export const SCALAR: ApplyScalarType = { kind: 'scalar' };
export const UNTYPED: ApplyUntypedType = { kind: 'untyped' };

const UNTYPED_MAP: ApplyMapType = { kind: 'map', struct: false, atomic: false, field: () => UNTYPED };
const UNTYPED_LIST: ApplyListType = { kind: 'list', listType: 'atomic', keys: [], items: UNTYPED };

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The type to walk `value` with: an untyped value takes the shape of what it holds. */
export function shapeOf(type: ApplyType, value: unknown): ApplyType {
  if (type.kind !== 'untyped') return type;
  if (isObject(value)) return UNTYPED_MAP;
  if (Array.isArray(value)) return UNTYPED_LIST;
  return SCALAR;
}
