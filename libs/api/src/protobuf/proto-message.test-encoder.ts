/**
 * Test-only protobuf encoder built from the same field table, so specs can produce the bodies a
 * Go client would send. Not used by the server.
 */
import type { FieldSchema, MessageSchema, ProtoSchema, ScalarKind } from './proto-schema.types.js';

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const APIEXT = 'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1';

export class ProtoWriter {
  private readonly parts: number[] = [];

  varint(value: bigint | number): this {
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      const byte = Number(v & 0x7fn);
      v >>= 7n;
      this.parts.push(v > 0n ? byte | 0x80 : byte);
    } while (v > 0n);
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2).varint(data.length);
    for (const b of data) this.parts.push(b);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, Buffer.from(s, 'utf8'));
  }

  raw(data: Uint8Array): this {
    for (const b of data) this.parts.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function writeScalar(w: ProtoWriter, field: number, kind: ScalarKind, value: unknown): void {
  switch (kind) {
    case 'string':
      w.string(field, String(value));
      return;
    case 'bytes':
      w.bytes(field, Buffer.from(String(value), 'base64'));
      return;
    case 'bool':
      w.tag(field, 0).varint(value ? 1 : 0);
      return;
    case 'double': {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(Number(value));
      w.tag(field, 1).raw(b);
      return;
    }
    default:
      w.tag(field, 0).varint(BigInt(Math.trunc(Number(value))));
  }
}

function json(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

export class ProtoTestEncoder {
  constructor(private readonly schema: ProtoSchema) {}

  encode(name: string, value: unknown): Uint8Array {
    const special = this.encodeSpecial(name, value);
    if (special) return special;
    const schema = this.schema.message(name);
    if (!schema) throw new Error(`no schema for ${name}`);
    const w = new ProtoWriter();
    if (schema.listWrapper) {
      const items = Array.isArray(value) ? value : [];
      for (const item of items) writeScalar(w, 1, 'string', item);
      return w.finish();
    }
    if (!isRecord(value)) throw new Error(`${name}: expected an object`);
    for (const field of schema.fields) this.encodeField(w, schema, field, value);
    return w.finish();
  }

  private encodeField(w: ProtoWriter, schema: MessageSchema, field: FieldSchema, obj: Record<string, unknown>): void {
    if (field.inline && field.type.kind === 'message') {
      w.bytes(field.number, this.encode(field.type.message, obj));
      return;
    }
    const value = obj[field.jsonName];
    if (value === undefined) return;
    if (field.mapKey) {
      if (!isRecord(value)) throw new Error(`${schema.name}.${field.jsonName}: expected a map`);
      for (const [k, v] of Object.entries(value)) {
        const entry = new ProtoWriter();
        writeScalar(entry, 1, field.mapKey, k);
        this.encodeSingle(entry, 2, field, v);
        w.bytes(field.number, entry.finish());
      }
      return;
    }
    if (field.repeated) {
      if (value === null) return;
      if (!Array.isArray(value)) throw new Error(`${schema.name}.${field.jsonName}: expected a list`);
      for (const item of value) this.encodeSingle(w, field.number, field, item);
      return;
    }
    this.encodeSingle(w, field.number, field, value);
  }

  private encodeSingle(w: ProtoWriter, number: number, field: FieldSchema, value: unknown): void {
    if (field.type.kind === 'message') {
      w.bytes(number, value === null ? new Uint8Array(0) : this.encode(field.type.message, value));
    } else if (value !== null) {
      writeScalar(w, number, field.type.scalar, value);
    }
  }

  private encodeSpecial(name: string, value: unknown): Uint8Array | undefined {
    const w = new ProtoWriter();
    switch (name) {
      case `${META}.Time`:
      case `${META}.MicroTime`: {
        if (value === null) return w.finish();
        const ms = Date.parse(String(value));
        const frac = /\.(\d+)Z$/.exec(String(value))?.[1] ?? '';
        w.tag(1, 0).varint(BigInt(Math.floor(ms / 1000)));
        if (frac) w.tag(2, 0).varint(Number(frac.padEnd(9, '0')));
        return w.finish();
      }
      case 'k8s.io.apimachinery.pkg.api.resource.Quantity':
        return w.string(1, String(value)).finish();
      case 'k8s.io.apimachinery.pkg.util.intstr.IntOrString':
        if (typeof value === 'number') return w.tag(1, 0).varint(0).tag(2, 0).varint(value).string(3, '').finish();
        return w.tag(1, 0).varint(1).tag(2, 0).varint(0).string(3, String(value)).finish();
      case 'k8s.io.apimachinery.pkg.runtime.RawExtension':
      case `${META}.FieldsV1`:
      case `${APIEXT}.JSON`:
        return value === null ? w.finish() : w.bytes(1, json(value)).finish();
      case `${APIEXT}.JSONSchemaPropsOrArray`:
      case `${APIEXT}.JSONSchemaPropsOrStringArray`: {
        const props = `${APIEXT}.JSONSchemaProps`;
        if (!Array.isArray(value)) return w.bytes(1, this.encode(props, value)).finish();
        for (const item of value) {
          if (typeof item === 'string') w.string(2, item);
          else w.bytes(2, this.encode(props, item));
        }
        return w.finish();
      }
      case `${APIEXT}.JSONSchemaPropsOrBool`:
        if (typeof value === 'boolean')
          return w
            .tag(1, 0)
            .varint(value ? 1 : 0)
            .finish();
        return w
          .tag(1, 0)
          .varint(1)
          .bytes(2, this.encode(`${APIEXT}.JSONSchemaProps`, value))
          .finish();
      default:
        return undefined;
    }
  }
}

export const KUBE_MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** `k8s\0` + runtime.Unknown{TypeMeta{apiVersion, kind}, raw}. */
export function kubeEnvelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  const typeMeta = new ProtoWriter().string(1, apiVersion).string(2, kind).finish();
  const unknown = new ProtoWriter().bytes(1, typeMeta).bytes(2, raw).string(3, '').string(4, '').finish();
  return Uint8Array.from([...KUBE_MAGIC, ...unknown]);
}
