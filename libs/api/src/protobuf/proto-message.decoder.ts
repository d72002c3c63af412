import { MAX_DEPTH, type DecodeContext } from './proto-decode.context.js';
import { expectWireType, forEachField } from './proto-field.iterator.js';
import { isZeroScalar, readScalar, wireTypeOf, type ScalarValue } from './proto-scalar.decoder.js';
import type { FieldSchema, MessageSchema, ProtoSchema, ScalarKind } from './proto-schema.types.js';
import { SPECIAL_DECODERS } from './proto-special.decoders.js';
import { protoError, ProtoReader, WIRE_BYTES } from './proto-wire.reader.js';

type EmbeddedDecoder = (raw: Uint8Array, depth: number) => Record<string, unknown>;

const EMPTY = new Uint8Array(0);

function zeroOf(kind: ScalarKind): ScalarValue {
  if (kind === 'string' || kind === 'bytes') return '';
  return kind === 'bool' ? false : 0;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Turns a protobuf message into the JSON object a Go client would have sent for the same value.
 * Go writes every non-pointer scalar even when zero, so zeros are dropped unless the field is a
 * pointer or one JSON always prints (FieldSchema.keepZero).
 */
export class ProtoMessageDecoder implements DecodeContext {
  constructor(
    private readonly schema: ProtoSchema,
    private readonly embedded: EmbeddedDecoder,
  ) {}

  decodeEmbeddedObject(raw: Uint8Array, depth: number): Record<string, unknown> {
    return this.embedded(raw, depth);
  }

  decodeMessage(reader: ProtoReader, messageName: string, depth: number): unknown {
    if (depth > MAX_DEPTH) throw protoError(`proto: exceeded maximum nesting depth of ${MAX_DEPTH}`);
    const special = SPECIAL_DECODERS.get(messageName);
    if (special) return special(reader, depth, this);
    const schema = this.schema.message(messageName);
    if (!schema) throw protoError(`proto: no schema for message ${messageName}`);
    const values = this.readFields(reader, schema, depth);
    if (schema.listWrapper) return values.get(schema.fields[0]?.number ?? 1) ?? [];
    return this.toJson(schema, values);
  }

  private readFields(reader: ProtoReader, schema: MessageSchema, depth: number): Map<number, unknown> {
    const values = new Map<number, unknown>();
    forEachField(reader, schema.name, (number, wireType) => {
      const field = schema.byNumber.get(number);
      if (!field) return false;
      if (field.mapKey) {
        expectWireType(wireType, WIRE_BYTES, schema.name, field.jsonName);
        const entries = (values.get(number) as Map<string, unknown> | undefined) ?? new Map<string, unknown>();
        const [key, value] = this.readMapEntry(reader.readDelimited(), field, field.mapKey, schema.name, depth);
        entries.set(key, value);
        values.set(number, entries);
      } else if (field.type.kind === 'message') {
        expectWireType(wireType, WIRE_BYTES, schema.name, field.jsonName);
        const value = this.decodeMessage(reader.readDelimited(), field.type.message, depth + 1);
        this.store(values, field, value);
      } else {
        this.readScalarField(reader, values, field, field.type.scalar, wireType, schema.name);
      }
      return true;
    });
    return values;
  }

  private readScalarField(
    reader: ProtoReader,
    values: Map<number, unknown>,
    field: FieldSchema,
    kind: ScalarKind,
    wireType: number,
    messageName: string,
  ): void {
    const expected = wireTypeOf(kind);
    if (field.repeated && wireType === WIRE_BYTES && expected !== WIRE_BYTES) {
      const packed = reader.readDelimited();
      while (!packed.done) this.store(values, field, readScalar(packed, kind));
      return;
    }
    expectWireType(wireType, expected, messageName, field.jsonName);
    this.store(values, field, readScalar(reader, kind));
  }

  private store(values: Map<number, unknown>, field: FieldSchema, value: unknown): void {
    if (!field.repeated) {
      values.set(field.number, value);
      return;
    }
    const list = (values.get(field.number) as unknown[] | undefined) ?? [];
    list.push(value);
    values.set(field.number, list);
  }

  private readMapEntry(entry: ProtoReader, field: FieldSchema, keyKind: ScalarKind, messageName: string, depth: number): [string, unknown] {
    let key: ScalarValue = zeroOf(keyKind);
    let value: unknown;
    let hasValue = false;
    forEachField(entry, `${messageName}.${field.jsonName}Entry`, (n, wt) => {
      if (n === 1) {
        expectWireType(wt, wireTypeOf(keyKind), messageName, `${field.jsonName} key`);
        key = readScalar(entry, keyKind);
      } else if (n === 2) {
        hasValue = true;
        if (field.type.kind === 'message') {
          expectWireType(wt, WIRE_BYTES, messageName, `${field.jsonName} value`);
          value = this.decodeMessage(entry.readDelimited(), field.type.message, depth + 1);
        } else {
          expectWireType(wt, wireTypeOf(field.type.scalar), messageName, `${field.jsonName} value`);
          value = readScalar(entry, field.type.scalar);
        }
      } else {
        return false;
      }
      return true;
    });
    if (!hasValue) {
      value =
        field.type.kind === 'message'
          ? this.decodeMessage(new ProtoReader(EMPTY), field.type.message, depth + 1)
          : zeroOf(field.type.scalar);
    }
    return [String(key), value];
  }

  private toJson(schema: MessageSchema, values: Map<number, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const field of schema.fields) {
      if (!values.has(field.number)) continue;
      let value = values.get(field.number);
      if (value instanceof Map) {
        // fromEntries defines own properties, so a "__proto__" key stays an ordinary key.
        value = Object.fromEntries(value);
      } else if (!field.repeated && field.type.kind === 'scalar' && !field.keepZero && isZeroScalar(value)) {
        continue;
      }
      if (field.inline && isPlainObject(value)) Object.assign(out, value);
      else out[field.jsonName] = value;
    }
    return out;
  }
}
