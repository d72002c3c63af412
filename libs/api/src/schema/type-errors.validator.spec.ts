import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findTypeErrors, typeDecodingError } from './type-errors.validator.js';

describe('findTypeErrors', () => {
  it('words a string replicas as kube-apiserver does', () => {
    const errors = findTypeErrors('V1Deployment', { spec: { replicas: 'x' } });
    assert.deepEqual(errors, ['json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32']);
    assert.equal(
      typeDecodingError(errors, { kind: 'Deployment', version: 'v1' }).message,
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('names the element type for arrays and drops indices from the field path', () => {
    const d = { spec: { template: { spec: { containers: [{ name: 'a', ports: { containerPort: 80 } }] } } } };
    assert.deepEqual(findTypeErrors('V1Deployment', d), [
      'json: cannot unmarshal object into Go struct field Container.spec.template.spec.containers.ports of type []v1.ContainerPort',
    ]);
    assert.deepEqual(findTypeErrors('V1Pod', { spec: { containers: [{ name: 'a', command: ['sleep', 5] }] } }), [
      'json: cannot unmarshal number into Go struct field Container.spec.containers.command of type string',
    ]);
    assert.deepEqual(findTypeErrors('V1Service', { spec: { ports: [{ port: '80' }] } }), [
      'json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32',
    ]);
  });

  it('accepts null, int-or-string, quantities and maps of strings', () => {
    const pod = {
      metadata: { labels: { a: 'b' }, name: null },
      spec: {
        containers: [
          {
            name: 'a',
            ports: [{ containerPort: 80 }],
            resources: { limits: { cpu: 1, memory: '1Gi' } },
            livenessProbe: { httpGet: { port: 'http' } },
          },
        ],
      },
    };
    assert.deepEqual(findTypeErrors('V1Pod', pod), []);
    assert.deepEqual(findTypeErrors('V1ConfigMap', { data: ['x'] }), [
      'json: cannot unmarshal array into Go struct field ConfigMap.data of type map[string]string',
    ]);
    assert.deepEqual(findTypeErrors('V1Deployment', { spec: { replicas: 1.5 } }), [
      'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ]);
  });
});
