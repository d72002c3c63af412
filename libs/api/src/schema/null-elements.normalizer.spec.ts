import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeNullElements } from './null-elements.normalizer.js';

function normalized(model: string, json: string): unknown {
  const obj: unknown = JSON.parse(json);
  normalizeNullElements(model, obj);
  return obj;
}

describe('null list elements and map values', () => {
  it('take the Go zero value of their slot', () => {
    const pod = normalized(
      'V1Pod',
      '{"metadata":{"labels":{"a":null},"finalizers":["x",null]},"spec":{"containers":[{"name":"c","args":[null],"ports":[null],' +
        '"resources":{"limits":{"cpu":null}},"lifecycle":{"postStart":{"httpGet":{"port":8080}}}}],' +
        '"securityContext":{"supplementalGroups":[null,7]},"tolerations":[null],"overhead":{"memory":null}}}',
    );
    assert.deepEqual(pod, {
      metadata: { labels: { a: '' }, finalizers: ['x', ''] },
      spec: {
        containers: [
          {
            name: 'c',
            args: [''],
            ports: [{}],
            resources: { limits: { cpu: '0' } },
            lifecycle: { postStart: { httpGet: { port: 8080 } } },
          },
        ],
        securityContext: { supplementalGroups: [0, 7] },
        tolerations: [{}],
        overhead: { memory: '0' },
      },
    });
  });

  it('leave fields, free-form JSON and slots whose zero value is null alone', () => {
    const json =
      '{"metadata":{"name":null,"managedFields":[{"fieldsV1":{"f:a":null}}]},"spec":{"versions":[{"name":"v1","schema":{"openAPIV3Schema":{"enum":[null]}}}]}}';
    assert.deepEqual(normalized('V1CustomResourceDefinition', json), JSON.parse(json));
    const secret = '{"data":{"k":null},"stringData":{"s":null}}';
    assert.deepEqual(normalized('V1Secret', secret), { data: { k: null }, stringData: { s: '' } });
  });
});
