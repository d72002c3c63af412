import { expectWireType, forEachField } from './proto-field.iterator.js';
import { protoError, WIRE_VARINT, type ProtoReader } from './proto-wire.reader.js';

/** Seconds of Go's zero time.Time (0001-01-01T00:00:00Z), which JSON prints as null. */
const GO_ZERO_SECONDS = -62135596800n;
const MIN_SECONDS = -62167219200n; // 0000-01-01T00:00:00Z
const MAX_SECONDS = 253402300799n; // 9999-12-31T23:59:59Z

interface Timestamp {
  present: boolean;
  seconds: bigint;
  nanos: bigint;
}

function readTimestamp(reader: ProtoReader, name: string): Timestamp {
  const ts: Timestamp = { present: false, seconds: 0n, nanos: 0n };
  forEachField(reader, name, (n, wt) => {
    if (n !== 1 && n !== 2) return false;
    expectWireType(wt, WIRE_VARINT, name, n === 1 ? 'Seconds' : 'Nanos');
    const v = reader.readVarint();
    ts.present = true;
    if (n === 1) ts.seconds = BigInt.asIntN(64, v);
    else ts.nanos = BigInt.asIntN(32, v);
    return true;
  });
  return ts;
}

function isoSeconds(seconds: bigint): string {
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
    throw protoError('Time.MarshalJSON: year outside of range [0,9999]');
  }
  return new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
}

/** metav1.Time: Go drops the nanoseconds on decode and prints RFC3339 in UTC. */
export function decodeTime(reader: ProtoReader): string | null {
  const ts = readTimestamp(reader, 'k8s.io.apimachinery.pkg.apis.meta.v1.Time');
  if (!ts.present || ts.seconds === GO_ZERO_SECONDS) return null;
  return `${isoSeconds(ts.seconds)}Z`;
}

/** metav1.MicroTime: RFC3339 with exactly six fractional digits (truncated), UTC. */
export function decodeMicroTime(reader: ProtoReader): string | null {
  const ts = readTimestamp(reader, 'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime');
  if (!ts.present) return null;
  const seconds = ts.seconds + floorDiv(ts.nanos, 1_000_000_000n);
  const nanos = ts.nanos - floorDiv(ts.nanos, 1_000_000_000n) * 1_000_000_000n;
  if (seconds === GO_ZERO_SECONDS && nanos === 0n) return null;
  const micros = (nanos / 1000n).toString().padStart(6, '0');
  return `${isoSeconds(seconds)}.${micros}Z`;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** metav1.Duration carries nanoseconds in field 1. */
export function readDurationNanos(reader: ProtoReader): bigint {
  let nanos = 0n;
  const name = 'k8s.io.apimachinery.pkg.apis.meta.v1.Duration';
  forEachField(reader, name, (n, wt) => {
    if (n !== 1) return false;
    expectWireType(wt, WIRE_VARINT, name, 'Duration');
    nanos = BigInt.asIntN(64, reader.readVarint());
    return true;
  });
  return nanos;
}
