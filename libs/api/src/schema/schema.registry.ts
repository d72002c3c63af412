import * as k8s from '@kubernetes/client-node';
import { BUILTIN_RESOURCES } from '../builtin-resources.js';
import type { ResourceType } from '../resource.types.js';
import { modelDocs } from './model-docs.reader.js';
import { identify, PINNED_GROUPS, type ModelIdentity } from './model-name.mapper.js';
import { OPAQUE_FIELDS, QUANTITY_FIELDS } from './schema-overrides.table.js';
import { parseFieldType, type FieldType } from './schema-type.parser.js';
import { buildModelSchema, type JsonSchema, type SchemaStyle } from './schema-json.builder.js';

interface ModelField {
  /** JSON name on the wire ('default'). */
  readonly jsonName: string;
  /** client-node property name ('_default'); key of the descriptions and override tables. */
  readonly propName: string;
  readonly type: FieldType;
}

interface ModelInfo {
  readonly name: string;
  readonly fields: readonly ModelField[];
  readonly byJsonName: ReadonlyMap<string, ModelField>;
}

interface AttributeRow {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

function attributeRows(model: string): AttributeRow[] | undefined {
  const cls: unknown = (k8s as unknown as Record<string, unknown>)[model];
  if (typeof cls !== 'function') return undefined;
  const rows: unknown = (cls as unknown as { attributeTypeMap?: unknown }).attributeTypeMap;
  if (!Array.isArray(rows)) return undefined;
  return rows
    .filter((r): r is AttributeRow => {
      if (typeof r !== 'object' || r === null) return false;
      const o = r as Record<string, unknown>;
      return typeof o.name === 'string' && typeof o.baseName === 'string' && typeof o.type === 'string';
    })
    .map((r) => ({ ...r, format: typeof r.format === 'string' ? r.format : '' }));
}

/** Replaces what client-node lost (Quantity, opaque types) using the override tables. */
function refine(model: string, propName: string, type: FieldType): FieldType {
  const key = `${model}.${propName}`;
  if (QUANTITY_FIELDS.has(key)) {
    if (type.kind === 'map') return { kind: 'map', values: { kind: 'quantity' } };
    if (type.kind === 'string') return { kind: 'quantity' };
  }
  if (OPAQUE_FIELDS[key] !== undefined) return { kind: 'any' };
  return type;
}

/** Models referenced by a field type. */
function referencedModels(type: FieldType): string[] {
  switch (type.kind) {
    case 'model':
      return [type.model];
    case 'array':
      return referencedModels(type.items);
    case 'map':
      return referencedModels(type.values);
    default:
      return [];
  }
}

/**
 * The schema source of truth: every client-node model reachable from the served kinds, with the
 * upstream names. Built lazily; descriptions are read on demand.
 */
export class SchemaRegistry {
  private readonly models = new Map<string, ModelInfo | null>();
  private readonly groups = new Map<string, string>();
  private readonly identities = new Map<string, ModelIdentity>();

  constructor(resources: readonly ResourceType[]) {
    const ordered = [...resources.filter((r) => r.group === ''), ...resources.filter((r) => r.group !== '')];
    for (const r of ordered) {
      this.claim(r.model, r.group);
      this.claim(`${r.model}List`, r.group);
    }
    for (const [model, group] of Object.entries(PINNED_GROUPS)) this.claim(model, group);
  }

  /** Walks the model graph and records the first group that reaches each type (mapping rule 3). */
  private claim(root: string, group: string): void {
    const stack = [root];
    while (stack.length) {
      const m = stack.pop();
      if (m === undefined || this.groups.has(m)) continue;
      const info = this.model(m);
      if (!info) continue;
      this.groups.set(m, group);
      for (const f of info.fields) stack.push(...referencedModels(f.type));
    }
  }

  model(name: string): ModelInfo | undefined {
    let info = this.models.get(name);
    if (info === undefined) {
      const rows = attributeRows(name);
      info = rows
        ? (() => {
            const fields = rows.map((r) => ({
              jsonName: r.baseName,
              propName: r.name,
              type: refine(name, r.name, parseFieldType(r.type, r.format)),
            }));
            return { name, fields, byJsonName: new Map(fields.map((f) => [f.jsonName, f])) };
          })()
        : null;
      this.models.set(name, info);
    }
    return info ?? undefined;
  }

  has(name: string): boolean {
    return this.model(name) !== undefined;
  }

  identity(name: string): ModelIdentity {
    let id = this.identities.get(name);
    if (!id) {
      id = identify(name, this.groups.get(name));
      this.identities.set(name, id);
    }
    return id;
  }

  description(name: string): string | undefined {
    return modelDocs(name).description;
  }

  fieldDescription(name: string, propName: string): string | undefined {
    return modelDocs(name).fields.get(propName);
  }

  requiredFields(name: string): string[] {
    const info = this.model(name);
    if (!info) return [];
    const req = modelDocs(name).required;
    return info.fields.filter((f) => req.has(f.propName)).map((f) => f.jsonName);
  }

  /** All models reachable from `roots` (roots included), in a stable order. */
  closure(roots: readonly string[]): string[] {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length) {
      const m = stack.pop();
      if (m === undefined || seen.has(m) || !this.has(m)) continue;
      seen.add(m);
      for (const f of this.model(m)?.fields ?? []) stack.push(...referencedModels(f.type));
    }
    return [...seen].sort();
  }

  /** The OpenAPI schema of one model (refs point at components/definitions by upstream name). */
  schemaFor(name: string, style: SchemaStyle = 'v3'): JsonSchema | undefined {
    return buildModelSchema(this, name, style);
  }

  /** The model and definition name of a served resource. */
  resourceSchema(r: Pick<ResourceType, 'model'>): { model: string; definitionName: string } {
    return { model: r.model, definitionName: this.identity(r.model).definitionName };
  }
}

let shared: SchemaRegistry | undefined;

/** The registry for the built-in kinds. */
export function getSchemaRegistry(): SchemaRegistry {
  shared ??= new SchemaRegistry(BUILTIN_RESOURCES);
  return shared;
}
