import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findUnknownFields, strictDecodingError, unknownFieldWarnings } from './unknown-fields.validator.js';

describe('findUnknownFields', () => {
  it('reports unknown fields in metadata, spec and nested arrays, in upstream notation', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labelz: { a: 'b' }, labels: { 'any-key': 'ok' } },
      spec: {
        foo: 1,
        replicas: 2,
        template: {
          spec: {
            containers: [
              { name: 'a', image: 'nginx' },
              { name: 'b', bogus: true, ports: [{ containerPort: 80, nodeport: 1 }] },
            ],
          },
        },
      },
    };
    assert.deepEqual(findUnknownFields('V1Deployment', deployment), [
      'metadata.labelz',
      'spec.foo',
      'spec.template.spec.containers[1].bogus',
      'spec.template.spec.containers[1].ports[0].nodeport',
    ]);
  });

  it('accepts any key in maps and anything in opaque fields', () => {
    assert.deepEqual(findUnknownFields('V1ConfigMap', { data: { whatever: 'x' }, metadata: { annotations: { 'a/b': 'c' } } }), []);
    assert.deepEqual(findUnknownFields('V1ControllerRevision', { revision: 1, data: { anything: { goes: [1] } } }), []);
    assert.deepEqual(
      findUnknownFields('V1Pod', { spec: { containers: [{ name: 'a', resources: { limits: { cpu: '1', 'example.com/gpu': '2' } } }] } }),
      [],
    );
  });

  it('descends into map values that are objects', () => {
    const crd = {
      spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: { properties: { size: { type: 'integer', bogus: 1 } } } } }] },
    };
    assert.deepEqual(findUnknownFields('V1CustomResourceDefinition', crd), [
      'spec.versions[0].schema.openAPIV3Schema.properties.size.bogus',
    ]);
  });
});

describe('strict decoding messages', () => {
  it('joins several unknown fields like upstream, with the decoder prefix on create', () => {
    const err = strictDecodingError(['spec.foo', 'spec.bar'], { kind: 'Deployment', version: 'v1' });
    assert.equal(err.code, 400);
    assert.equal(err.reason, 'BadRequest');
    assert.equal(
      err.message,
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo", unknown field "spec.bar"',
    );
    assert.equal(strictDecodingError(['metadata.app']).message, 'strict decoding error: unknown field "metadata.app"');
  });

  it('produces one Warn-mode warning per field', () => {
    assert.deepEqual(unknownFieldWarnings(['spec.foo', 'spec.containers[0].bogus']), [
      'unknown field "spec.foo"',
      'unknown field "spec.containers[0].bogus"',
    ]);
  });
});
