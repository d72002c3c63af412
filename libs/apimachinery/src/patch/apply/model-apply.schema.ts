import { PATCH_METADATA, type PatchMetadataRow } from '../../../../api/src/schema/patch-metadata.table.js';
import { getSchemaRegistry, type SchemaRegistry } from '../../../../api/src/schema/schema.registry.js';
import type { FieldType } from '../../../../api/src/schema/schema-type.parser.js';
import { SCALAR, UNTYPED, type ApplyListType, type ApplyMapType, type ApplyType } from './apply-schema.model.js';
import type { ManagedScope } from './managed.scope.js';

/**
 * Structs upstream marks `+structType=atomic`: an applier owns them whole (`f:selector: {}`).
 * The list types come from the patch metadata table, the same source as the OpenAPI documents.
 */
const ATOMIC_STRUCTS = new Set([
  'V1LabelSelector',
  'V1ObjectReference',
  'V1LocalObjectReference',
  'V1TypedLocalObjectReference',
  'V1ConfigMapKeySelector',
  'V1SecretKeySelector',
  'V1ObjectFieldSelector',
  'V1ResourceFieldSelector',
  'V1NodeSelector',
  'V1NodeSelectorTerm',
  'V1SecretReference',
]);

const cache = new Map<string, ApplyMapType>();

/** The apply schema of a client-node model; kinds without one (custom resources) are untyped. */
function modelApplyType(model: string, reg: SchemaRegistry = getSchemaRegistry()): ApplyType {
  const hit = cache.get(model);
  if (hit) return hit;
  const info = reg.model(model);
  if (!info) return UNTYPED;
  const fields = new Map<string, ApplyType>();
  const t: ApplyMapType = {
    kind: 'map',
    struct: true,
    atomic: ATOMIC_STRUCTS.has(model),
    field(name: string): ApplyType {
      let ft = fields.get(name);
      if (ft === undefined) {
        const f = info.byJsonName.get(name);
        ft = f ? fieldType(reg, f.type, PATCH_METADATA[`${model}.${f.propName}`]) : UNTYPED;
        fields.set(name, ft);
      }
      return ft;
    },
    knows: (name: string): boolean => info.byJsonName.has(name),
  };
  cache.set(model, t);
  return t;
}

function fieldType(reg: SchemaRegistry, type: FieldType, row: PatchMetadataRow | undefined): ApplyType {
  switch (type.kind) {
    case 'model':
      return modelApplyType(type.model, reg);
    case 'array':
      return listType(reg, type.items, row);
    case 'map': {
      const values = fieldType(reg, type.values, undefined);
      return { kind: 'map', struct: false, atomic: false, field: () => values };
    }
    case 'any':
      return UNTYPED;
    default:
      return SCALAR;
  }
}

/** Upstream's rule: an explicit list type wins; `patchStrategy: merge` means a map (with a merge key) or a set; else atomic. */
function listType(reg: SchemaRegistry, items: FieldType, row: PatchMetadataRow | undefined): ApplyListType {
  const item = fieldType(reg, items, undefined);
  const merges = row?.strategy === 'merge' || row?.strategy === 'merge,retainKeys';
  const kind = row?.listType ?? (merges ? (row?.mergeKey ? 'map' : 'set') : 'atomic');
  const keys = kind === 'map' ? (row?.listMapKeys ?? (row?.mergeKey ? [row.mergeKey] : [])) : [];
  return { kind: 'list', listType: kind, keys, items: item };
}

/** The scope of a write to an object of `model` served as `apiVersion`. */
export function managedScopeFor(model: string, apiVersion: string, statusSplit: boolean, subresource?: string): ManagedScope {
  return { schema: modelApplyType(model), apiVersion, statusSplit, ...(subresource ? { subresource } : {}) };
}
