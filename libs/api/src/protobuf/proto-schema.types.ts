/** Shapes of the field table in proto-schema.json once indexed for decoding. */

export type ScalarKind =
  | 'double'
  | 'float'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'sint32'
  | 'sint64'
  | 'fixed32'
  | 'fixed64'
  | 'sfixed32'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

export type ValueType = { readonly kind: 'scalar'; readonly scalar: ScalarKind } | { readonly kind: 'message'; readonly message: string };

export interface FieldSchema {
  readonly number: number;
  readonly jsonName: string;
  readonly type: ValueType;
  /** Present for `map<K, V>` fields; `type` is then the value type. */
  readonly mapKey?: ScalarKind;
  readonly repeated: boolean;
  /** Embedded Go struct: its JSON fields sit in the parent object. */
  readonly inline: boolean;
  /** A zero scalar on the wire is meaningful (Go pointer, or a field JSON always prints). */
  readonly keepZero: boolean;
}

export interface MessageSchema {
  /** Fully qualified proto name: `k8s.io.api.apps.v1.Deployment`. */
  readonly name: string;
  /** Declaration order, which is the Go struct order JSON output follows. */
  readonly fields: readonly FieldSchema[];
  readonly byNumber: ReadonlyMap<number, FieldSchema>;
  /** `+protobuf.nullable` list wrapper (Verbs, ExtraValue): JSON shows the bare list. */
  readonly listWrapper: boolean;
}

export interface ProtoSchema {
  readonly kubernetes: string;
  message(name: string): MessageSchema | undefined;
}
