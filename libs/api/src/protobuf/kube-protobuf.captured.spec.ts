import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeKubeProtobuf } from './kube-protobuf.decoder.js';

/** Length-prefixed field: tag byte, one-byte length, payload (all payloads here are < 128 bytes). */
function ld(tag: number, payload: number[]): number[] {
  return [tag, payload.length, ...payload];
}
const str = (s: string): number[] => [...Buffer.from(s, 'utf8')];

describe('a body laid out byte for byte as kubectl 1.32 sends it', () => {
  it('kubectl create configmap cm --from-literal=a=b -n default', () => {
    // Go's generated marshaller writes every non-pointer field, zero or not, in field order.
    const objectMeta = [
      ...ld(0x0a, str('cm')), // 1 name
      ...ld(0x12, []), // 2 generateName ""
      ...ld(0x1a, str('default')), // 3 namespace
      ...ld(0x22, []), // 4 selfLink ""
      ...ld(0x2a, []), // 5 uid ""
      ...ld(0x32, []), // 6 resourceVersion ""
      0x38,
      0x00, // 7 generation 0
      ...ld(0x42, []), // 8 creationTimestamp: zero Time is an empty message
    ];
    const configMap = [
      ...ld(0x0a, objectMeta), // 1 metadata
      ...ld(0x12, [...ld(0x0a, str('a')), ...ld(0x12, str('b'))]), // 2 data entry a=b
    ];
    const typeMeta = [...ld(0x0a, str('v1')), ...ld(0x12, str('ConfigMap'))];
    const unknown = [
      ...ld(0x0a, typeMeta), // 1 typeMeta
      ...ld(0x12, configMap), // 2 raw
      ...ld(0x1a, []), // 3 contentEncoding ""
      ...ld(0x22, []), // 4 contentType ""
    ];
    const body = Buffer.from([0x6b, 0x38, 0x73, 0x00, ...unknown]);

    const decoded = decodeKubeProtobuf(body);

    assert.equal(decoded.apiVersion, 'v1');
    assert.equal(decoded.kind, 'ConfigMap');
    assert.deepEqual(decoded.object, {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'cm', namespace: 'default', creationTimestamp: null },
      data: { a: 'b' },
    });
    assert.deepEqual(Object.keys(decoded.object), ['kind', 'apiVersion', 'metadata', 'data']);
  });
});
