import type { ScalarKind } from './proto-schema.types.js';
import { protoError, WIRE_BYTES, WIRE_FIXED32, WIRE_FIXED64, WIRE_VARINT, type ProtoReader } from './proto-wire.reader.js';

export type ScalarValue = string | number | boolean;

/** Go's JSON encoder replaces invalid UTF-8 with U+FFFD; a non-fatal decoder does the same. */
const utf8 = new TextDecoder('utf-8', { fatal: false });

export function wireTypeOf(kind: ScalarKind): number {
  switch (kind) {
    case 'string':
    case 'bytes':
      return WIRE_BYTES;
    case 'double':
    case 'fixed64':
    case 'sfixed64':
      return WIRE_FIXED64;
    case 'float':
    case 'fixed32':
    case 'sfixed32':
      return WIRE_FIXED32;
    default:
      return WIRE_VARINT;
  }
}

/** int64 beyond 2^53 loses precision exactly as JSON.parse would on the JSON path. */
function fromVarint(kind: ScalarKind, v: bigint): ScalarValue {
  switch (kind) {
    case 'bool':
      return v !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, v));
    case 'uint32':
      return Number(BigInt.asUintN(32, v));
    case 'int64':
      return Number(BigInt.asIntN(64, v));
    case 'uint64':
      return Number(v);
    case 'sint32':
    case 'sint64': {
      const zigzag = (v >> 1n) ^ -(v & 1n);
      return Number(kind === 'sint32' ? BigInt.asIntN(32, zigzag) : BigInt.asIntN(64, zigzag));
    }
    default:
      throw protoError(`proto: ${kind} is not a varint type`);
  }
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Reads one scalar whose wire type has already been checked. */
export function readScalar(reader: ProtoReader, kind: ScalarKind): ScalarValue {
  switch (kind) {
    case 'string':
      return utf8.decode(reader.readDelimited().rest());
    case 'bytes':
      return Buffer.from(reader.readDelimited().rest()).toString('base64');
    case 'double':
      return view(reader.readFixed64()).getFloat64(0, true);
    case 'fixed64':
      return Number(view(reader.readFixed64()).getBigUint64(0, true));
    case 'sfixed64':
      return Number(view(reader.readFixed64()).getBigInt64(0, true));
    case 'float':
      return view(reader.readFixed32()).getFloat32(0, true);
    case 'fixed32':
      return view(reader.readFixed32()).getUint32(0, true);
    case 'sfixed32':
      return view(reader.readFixed32()).getInt32(0, true);
    default:
      return fromVarint(kind, reader.readVarint());
  }
}

export function isZeroScalar(v: unknown): boolean {
  return v === 0 || v === false || v === '';
}
