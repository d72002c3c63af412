import { protoError, type ProtoReader } from './proto-wire.reader.js';

const MAX_FIELD_NUMBER = 2 ** 29 - 1;

/**
 * Walks the fields of one message region. `visit` reads the value and returns true, or returns
 * false to have the field skipped (unknown numbers are ignored, as Go's generated code does).
 */
export function forEachField(reader: ProtoReader, messageName: string, visit: (fieldNumber: number, wireType: number) => boolean): void {
  while (!reader.done) {
    const tag = reader.readSmallVarint();
    const fieldNumber = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (fieldNumber === 0 || fieldNumber > MAX_FIELD_NUMBER) {
      throw protoError(`proto: ${shortName(messageName)}: illegal tag ${fieldNumber} (wire type ${wireType})`);
    }
    if (!visit(fieldNumber, wireType)) reader.skip(wireType);
  }
}

export function expectWireType(actual: number, expected: number, messageName: string, field: string): void {
  if (actual !== expected) {
    throw protoError(`proto: wrong wireType = ${actual} for field ${field} in ${shortName(messageName)}`);
  }
}

function shortName(messageName: string): string {
  return messageName.slice(messageName.lastIndexOf('.') + 1);
}
