import { ApiError } from '../../../apimachinery/src/status.errors.js';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

/** Malformed input is the client's fault: report it the way the apiserver reports decode errors. */
export function protoError(message: string): ApiError {
  return ApiError.badRequest(message);
}

const TRUNCATED = 'unexpected EOF';

/**
 * Cursor over one length-delimited region of the request body. Every read is bounds-checked
 * against the region, so no malformed length can make the decoder look past its input.
 */
export class ProtoReader {
  private pos: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Varints up to 64 bits; the value is reduced to 64 bits as Go does. */
  readVarint(): bigint {
    let result = 0n;
    for (let i = 0, shift = 0n; i < 10; i++, shift += 7n) {
      if (this.pos >= this.end) throw protoError(TRUNCATED);
      const byte = this.buf[this.pos++] ?? 0;
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asUintN(64, result);
    }
    throw protoError('proto: integer overflow');
  }

  /** A varint that must fit a non-negative safe integer (tags, lengths). */
  readSmallVarint(): number {
    const v = this.readVarint();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw protoError('proto: integer overflow');
    return Number(v);
  }

  readFixed32(): Uint8Array {
    return this.take(4);
  }

  readFixed64(): Uint8Array {
    return this.take(8);
  }

  /** A length-delimited payload as a sub-reader over the same buffer (no copy). */
  readDelimited(): ProtoReader {
    const len = this.readSmallVarint();
    if (len > this.end - this.pos) throw protoError(TRUNCATED);
    const sub = new ProtoReader(this.buf, this.pos, this.pos + len);
    this.pos += len;
    return sub;
  }

  /** Bytes left in this region (used after readDelimited to get the payload). */
  rest(): Uint8Array {
    const out = this.buf.subarray(this.pos, this.end);
    this.pos = this.end;
    return out;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.readVarint();
        return;
      case WIRE_FIXED64:
        this.take(8);
        return;
      case WIRE_BYTES:
        this.readDelimited();
        return;
      case WIRE_FIXED32:
        this.take(4);
        return;
      default:
        throw protoError(`proto: illegal wireType ${wireType}`);
    }
  }

  private take(n: number): Uint8Array {
    if (n > this.end - this.pos) throw protoError(TRUNCATED);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
