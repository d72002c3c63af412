import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProtoWriter } from './proto-message.test-encoder.js';
import { readScalar } from './proto-scalar.decoder.js';
import { ProtoReader } from './proto-wire.reader.js';

function read(kind: Parameters<typeof readScalar>[1], bytes: Uint8Array): unknown {
  return readScalar(new ProtoReader(bytes), kind);
}

describe('readScalar', () => {
  it('negative int32 arrives as a ten-byte varint', () => {
    assert.equal(read('int32', new ProtoWriter().varint(-1).finish()), -1);
    assert.equal(read('int64', new ProtoWriter().varint(-5).finish()), -5);
  });

  it('zigzag, fixed and floating kinds', () => {
    assert.equal(read('sint32', new ProtoWriter().varint(3).finish()), -2);
    assert.equal(read('sint64', new ProtoWriter().varint(4).finish()), 2);
    assert.equal(read('double', Uint8Array.from(Buffer.from([0, 0, 0, 0, 0, 0, 4, 64]))), 2.5);
    assert.equal(read('sfixed32', Uint8Array.of(0xff, 0xff, 0xff, 0xff)), -1);
    assert.equal(read('bool', Uint8Array.of(2)), true);
  });

  it('strings are UTF-8 with invalid bytes replaced; bytes are base64', () => {
    assert.equal(read('string', Uint8Array.of(4, 0x68, 0xc3, 0xa9, 0xff)), 'hé\ufffd');
    assert.equal(read('bytes', Uint8Array.of(2, 0xde, 0xad)), '3q0=');
  });
});
