/**
 * What a strategic merge patch needs to know about a field: how its list merges. Upstream reads
 * this from struct tags (`patchStrategy`, `patchMergeKey`) or from the OpenAPI extensions
 * `x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key`.
 */
export type PatchStrategy = 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';

export interface PatchMeta {
  readonly strategy?: PatchStrategy;
  /** The field that identifies an item of a list of objects (`name` for containers). */
  readonly mergeKey?: string;
}

/** One field of a patched object: its metadata and the schema of its value (of its items, for a list). */
export interface PatchField {
  readonly meta: PatchMeta;
  readonly schema: PatchSchema;
}

/**
 * The metadata lookup the patch walks with. Unknown fields answer with no metadata and an opaque
 * schema: maps still merge, lists are replaced.
 */
export interface PatchSchema {
  field(name: string): PatchField;
}

const NO_META: PatchMeta = {};

/** A schema that knows nothing: every field is a plain map or an atomic list. */
export const OPAQUE_PATCH_SCHEMA: PatchSchema = {
  field: () => OPAQUE_FIELD,
};

const OPAQUE_FIELD: PatchField = { meta: NO_META, schema: OPAQUE_PATCH_SCHEMA };

/** True when the lists of this field merge item by item (or as a set, for primitives). */
export function mergesLists(meta: PatchMeta): boolean {
  return meta.strategy === 'merge' || meta.strategy === 'merge,retainKeys';
}
