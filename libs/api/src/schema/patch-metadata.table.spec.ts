import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_RESOURCES } from '../builtin-resources.js';
import { openApiV2Document, openApiV3Document } from '../openapi/openapi-document.service.js';
import { applyStrategicMergePatch } from '../../../apimachinery/src/patch/strategic/strategic-merge.patch.js';
import { modelPatchSchema } from './model-patch.schema.js';
import { PATCH_METADATA } from './patch-metadata.table.js';
import { getSchemaRegistry } from './schema.registry.js';

type Doc = {
  components?: { schemas?: Record<string, Doc> };
  definitions?: Record<string, Doc>;
  properties?: Record<string, Record<string, unknown>>;
};

describe('patch metadata table', () => {
  const reg = getSchemaRegistry();

  it('names only list (or object) fields that exist in the models', () => {
    for (const key of Object.keys(PATCH_METADATA)) {
      const [model = '', field = ''] = key.split('.');
      const f = reg.model(model)?.byJsonName.get(field);
      assert.ok(f, `${key} is not a field of a known model`);
      assert.ok(f.type.kind === 'array' || f.type.kind === 'model', `${key} is neither a list nor an object`);
    }
  });

  it('is published on the field schemas of both OpenAPI documents', () => {
    const v3 = JSON.parse(openApiV3Document([...BUILTIN_RESOURCES], 'v1')?.json ?? '{}') as Doc;
    const v2 = JSON.parse(openApiV2Document([...BUILTIN_RESOURCES]).json) as Doc;
    for (const [doc, defs] of [
      [v3, v3.components?.schemas],
      [v2, v2.definitions],
    ] as const) {
      assert.ok(doc);
      const containers = defs?.['io.k8s.api.core.v1.PodSpec']?.properties?.['containers'];
      assert.equal(containers?.['x-kubernetes-patch-merge-key'], 'name');
      assert.equal(containers?.['x-kubernetes-patch-strategy'], 'merge');
      assert.equal(containers?.['x-kubernetes-list-type'], 'map');
      assert.deepEqual(containers?.['x-kubernetes-list-map-keys'], ['name']);
      const ports = defs?.['io.k8s.api.core.v1.ServiceSpec']?.properties?.['ports'];
      assert.deepEqual(ports?.['x-kubernetes-list-map-keys'], ['port', 'protocol']);
      assert.equal(defs?.['io.k8s.api.core.v1.PodSpec']?.properties?.['tolerations']?.['x-kubernetes-list-type'], 'atomic');
    }
  });

  it('drives the patch through nested models of a Deployment', () => {
    const current = {
      metadata: { name: 'web', finalizers: ['a'] },
      spec: {
        template: { spec: { containers: [{ name: 'main', image: 'x', ports: [{ containerPort: 80 }] }], tolerations: [{ key: 'k' }] } },
      },
    };
    const patch = {
      metadata: { finalizers: ['b'] },
      spec: { template: { spec: { containers: [{ name: 'main', ports: [{ containerPort: 81 }] }], tolerations: [{ key: 'j' }] } } },
    };
    // Without $setElementOrder, items new to the live list come first (upstream's interleaving).
    assert.deepEqual(applyStrategicMergePatch(current, patch, modelPatchSchema(reg, 'V1Deployment')), {
      metadata: { name: 'web', finalizers: ['b', 'a'] },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'main', image: 'x', ports: [{ containerPort: 81 }, { containerPort: 80 }] }],
            tolerations: [{ key: 'j' }],
          },
        },
      },
    });
  });
});
