import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../apimachinery/src/status.errors.js';
import { decodeKubeProtobuf } from './kube-protobuf.decoder.js';
import { KUBE_MAGIC, kubeEnvelope, ProtoTestEncoder, ProtoWriter } from './proto-message.test-encoder.js';
import { protoSchema } from './proto-schema.loader.js';

const encoder = new ProtoTestEncoder(protoSchema());

function rejects400(body: Uint8Array, message?: RegExp): void {
  assert.throws(
    () => decodeKubeProtobuf(body),
    (err: unknown) => {
      assert.ok(err instanceof ApiError, `expected ApiError, got ${String(err)}`);
      assert.equal(err.code, 400);
      assert.equal(err.reason, 'BadRequest');
      if (message) assert.match(err.message, message);
      return true;
    },
  );
}

const withMagic = (...bytes: number[]): Uint8Array => Uint8Array.from([...KUBE_MAGIC, ...bytes]);
const configMap = (raw: Uint8Array): Uint8Array => kubeEnvelope('v1', 'ConfigMap', raw);

/** A chain of `depth` JSONSchemaProps nested through `not` inside a CRD. */
function deepCrd(depth: number): Uint8Array {
  let props: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < depth; i++) props = new ProtoWriter().bytes(28, props).finish();
  const validation = new ProtoWriter().bytes(1, props).finish();
  const version = new ProtoWriter().string(1, 'v1').bytes(4, validation).finish();
  const spec = new ProtoWriter().bytes(7, version).finish();
  return kubeEnvelope('apiextensions.k8s.io/v1', 'CustomResourceDefinition', new ProtoWriter().bytes(2, spec).finish());
}

describe('decodeKubeProtobuf rejects malformed input with 400', () => {
  it('body without the k8s\\0 prefix', () => {
    rejects400(Buffer.from('{"kind":"Pod","apiVersion":"v1"}'), /expected prefix \[107 56 115 0\]/);
    rejects400(new Uint8Array(0), /expected prefix/);
    rejects400(Uint8Array.of(0x6b, 0x38, 0x73), /expected prefix/);
  });

  it('envelope without a kind', () => {
    rejects400(withMagic(), /Kind' is missing/);
  });

  it('truncated varint and length past the end', () => {
    rejects400(withMagic(0x0a, 0xff), /unexpected EOF/);
    rejects400(withMagic(0x12, 0x05, 0x01), /unexpected EOF/);
    rejects400(configMap(Uint8Array.of(0x0a, 0x10, 0x0a, 0x02)), /unexpected EOF/);
  });

  it('varint longer than ten bytes', () => {
    rejects400(configMap(Uint8Array.of(0x38, ...new Array<number>(11).fill(0xff))), /integer overflow/);
  });

  it('wrong wire type for a known field', () => {
    rejects400(configMap(Uint8Array.of(0x08, 0x01)), /wrong wireType = 0 for field metadata in ConfigMap/);
    rejects400(configMap(Uint8Array.of(0x20, 0x01, 0x22, 0x00)), /wrong wireType = 2 for field immutable/);
  });

  it('illegal wire types and tag 0', () => {
    rejects400(configMap(Uint8Array.of(0x7f)), /illegal wireType 7/);
    rejects400(configMap(Uint8Array.of(0x00)), /illegal tag 0/);
    rejects400(configMap(Uint8Array.of(0x7b)), /illegal wireType 3/);
    rejects400(configMap(Uint8Array.of(0x0b)), /wrong wireType = 3 for field metadata/);
  });

  it('kinds that are not registered', () => {
    rejects400(kubeEnvelope('v1', 'Frobnicator', new Uint8Array(0)), /no kind "Frobnicator" is registered for version "v1"/);
    rejects400(kubeEnvelope('example.com/v1', 'Widget', new Uint8Array(0)), /no kind "Widget"/);
    rejects400(kubeEnvelope('v1', 'PodSpec', new Uint8Array(0)), /no kind "PodSpec"/);
    rejects400(kubeEnvelope('v1', 'meta.v1.ObjectMeta', new Uint8Array(0)), /no kind/);
  });

  it('nesting deeper than 100 messages', () => {
    assert.doesNotThrow(() => decodeKubeProtobuf(deepCrd(90)));
    rejects400(deepCrd(200), /maximum nesting depth of 100/);
  });

  it('RawExtension envelopes nested without end', () => {
    let raw = kubeEnvelope('v1', 'ConfigMap', new Uint8Array(0));
    for (let i = 0; i < 150; i++) {
      const rev = new ProtoWriter().bytes(2, new ProtoWriter().bytes(1, raw).finish()).finish();
      raw = kubeEnvelope('apps/v1', 'ControllerRevision', rev);
    }
    rejects400(raw, /maximum nesting depth/);
  });

  it('RawExtension that is neither JSON nor protobuf', () => {
    const rev = new ProtoWriter().bytes(2, new ProtoWriter().bytes(1, Buffer.from('not json')).finish()).finish();
    rejects400(kubeEnvelope('apps/v1', 'ControllerRevision', rev), /not valid JSON/);
  });

  it('IntOrString with an impossible type and invalid quantities', () => {
    const port = new ProtoWriter().tag(1, 0).varint(7).finish();
    const svcPort = new ProtoWriter().bytes(4, port).finish();
    const spec = new ProtoWriter().bytes(1, svcPort).finish();
    rejects400(kubeEnvelope('v1', 'Service', new ProtoWriter().bytes(2, spec).finish()), /impossible IntOrString/);
    const quota = encoder.encode('k8s.io.api.core.v1.ResourceQuota', { spec: { hard: { cpu: 'lots' } } });
    rejects400(kubeEnvelope('v1', 'ResourceQuota', quota), /quantities must match/);
  });
});

describe('decodeKubeProtobuf tolerates what Go tolerates', () => {
  it('skips unknown field numbers of every wire type', () => {
    const raw = new ProtoWriter()
      .tag(99, 0)
      .varint(5)
      .bytes(100, Uint8Array.of(1, 2, 3))
      .tag(101, 1)
      .raw(new Uint8Array(8))
      .tag(102, 5)
      .raw(new Uint8Array(4))
      .bytes(1, new ProtoWriter().string(1, 'cm').tag(50, 0).varint(1).finish())
      .finish();
    assert.deepEqual(decodeKubeProtobuf(configMap(raw)).object, { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'cm' } });
  });

  it('accepts packed repeated scalars', () => {
    const packed = new ProtoWriter().varint(1).varint(2).varint(300).finish();
    const ctx = new ProtoWriter().bytes(4, packed).finish();
    const podSpec = new ProtoWriter().bytes(14, ctx).finish();
    const pod = new ProtoWriter().bytes(2, podSpec).finish();
    const { object } = decodeKubeProtobuf(kubeEnvelope('v1', 'Pod', pod));
    assert.deepEqual(object.spec, { securityContext: { supplementalGroups: [1, 2, 300] } });
  });

  it('int64 beyond 2^53 loses precision like JSON.parse', () => {
    const spec = new ProtoWriter()
      .tag(3, 0)
      .varint(2n ** 62n + 1n)
      .finish();
    const { object } = decodeKubeProtobuf(kubeEnvelope('batch/v1', 'Job', new ProtoWriter().bytes(2, spec).finish()));
    assert.deepEqual(object.spec, { activeDeadlineSeconds: Number(2n ** 62n + 1n) });
  });

  it('map keys named __proto__ stay plain keys', () => {
    const cm = encoder.encode('k8s.io.api.core.v1.ConfigMap', { data: { __proto__x: 'ignored' } });
    const entry = new ProtoWriter().string(1, '__proto__').string(2, 'v').finish();
    const raw = Uint8Array.from([...cm, ...new ProtoWriter().bytes(2, entry).finish()]);
    const data = decodeKubeProtobuf(configMap(raw)).object.data as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(data), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(data, '__proto__')?.value, 'v');
  });
});

describe('decodeKubeProtobuf stays bounded on hostile input', () => {
  function seeded(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }

  it('random and mutated bodies either decode or fail with 400', () => {
    const rand = seeded(42);
    const deploy = encoder.encode('k8s.io.api.apps.v1.Deployment', {
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }] }] } },
      },
    });
    const valid = kubeEnvelope('apps/v1', 'Deployment', deploy);
    for (let i = 0; i < 3000; i++) {
      let body: Uint8Array;
      if (i % 3 === 0) {
        body = Uint8Array.from([...KUBE_MAGIC, ...Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256))]);
      } else if (i % 3 === 1) {
        body = valid.slice(0, Math.floor(rand() * valid.length));
      } else {
        body = valid.slice();
        for (let k = 0; k < 3; k++) body[4 + Math.floor(rand() * (body.length - 4))] = Math.floor(rand() * 256);
      }
      try {
        decodeKubeProtobuf(body);
      } catch (err) {
        assert.ok(err instanceof ApiError && err.code === 400, `case ${i}: ${String(err)}`);
      }
    }
  });

  it('a large body decodes in time linear in its size', () => {
    const data: Record<string, string> = {};
    for (let i = 0; i < 50_000; i++) data[`key-${i}`] = 'v'.repeat(10);
    const body = configMap(encoder.encode('k8s.io.api.core.v1.ConfigMap', { metadata: { name: 'big' }, data }));
    const start = performance.now();
    const { object } = decodeKubeProtobuf(body);
    const ms = performance.now() - start;
    assert.equal(Object.keys(object.data as object).length, 50_000);
    assert.ok(ms < 3000, `took ${ms}ms for ${body.length} bytes`);
  });
});
