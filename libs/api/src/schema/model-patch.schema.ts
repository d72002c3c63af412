import {
  OPAQUE_PATCH_SCHEMA,
  type PatchField,
  type PatchMeta,
  type PatchSchema,
} from '../../../apimachinery/src/patch/strategic/patch-meta.model.js';
import { PATCH_METADATA } from './patch-metadata.table.js';
import type { SchemaRegistry } from './schema.registry.js';
import type { FieldType } from './schema-type.parser.js';

const NO_META: PatchMeta = {};

/** The patch schema of a value of `type`: a model's fields, a map's values, a list's items. */
function typeSchema(reg: SchemaRegistry, type: FieldType): PatchSchema {
  switch (type.kind) {
    case 'model':
      return modelPatchSchema(reg, type.model);
    case 'array':
      return typeSchema(reg, type.items);
    case 'map': {
      const values: PatchField = { meta: NO_META, schema: typeSchema(reg, type.values) };
      return { field: () => values };
    }
    default:
      return OPAQUE_PATCH_SCHEMA;
  }
}

/**
 * The strategic-merge-patch view of a model of the schema registry: nested models are resolved
 * lazily as the patch walks into them, metadata comes from the patch metadata table.
 */
export function modelPatchSchema(reg: SchemaRegistry, model: string): PatchSchema {
  return {
    field(name: string): PatchField {
      const f = reg.model(model)?.byJsonName.get(name);
      if (!f) return { meta: NO_META, schema: OPAQUE_PATCH_SCHEMA };
      const row = PATCH_METADATA[`${model}.${f.propName}`];
      const meta: PatchMeta = row ? { strategy: row.strategy, mergeKey: row.mergeKey } : NO_META;
      return { meta, schema: typeSchema(reg, f.type) };
    },
  };
}
