import type { SchemaRegistry } from './schema.registry.js';
import { FIELD_EXTENSIONS, OPAQUE_FIELDS, type OpaqueType } from './schema-overrides.table.js';
import type { FieldType } from './schema-type.parser.js';

/** A JSON Schema object as it appears in an OpenAPI document. */
export type JsonSchema = { [key: string]: unknown };

/**
 * v3 wraps a `$ref` that carries a description in `allOf` (siblings of `$ref` are ignored in
 * OpenAPI 3.0); swagger 2.0 puts them side by side. Both as kube-apiserver serves them.
 */
export type SchemaStyle = 'v3' | 'v2';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** Definition names of the special scalar/opaque types. */
export const SPECIAL_DEFINITIONS = {
  time: `${META}.Time`,
  microTime: `${META}.MicroTime`,
  fieldsV1: `${META}.FieldsV1`,
  patch: `${META}.Patch`,
  quantity: 'io.k8s.apimachinery.pkg.api.resource.Quantity',
  intOrString: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  rawExtension: 'io.k8s.apimachinery.pkg.runtime.RawExtension',
} as const;

const APIEXT = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';

const OPAQUE_DEFINITIONS: Readonly<Record<OpaqueType, string>> = {
  FieldsV1: SPECIAL_DEFINITIONS.fieldsV1,
  RawExtension: SPECIAL_DEFINITIONS.rawExtension,
  JSON: `${APIEXT}.JSON`,
  JSONSchemaPropsOrBool: `${APIEXT}.JSONSchemaPropsOrBool`,
  JSONSchemaPropsOrArray: `${APIEXT}.JSONSchemaPropsOrArray`,
  CustomResourceSubresourceStatus: `${APIEXT}.CustomResourceSubresourceStatus`,
};

export function refPrefix(style: SchemaStyle): string {
  return style === 'v3' ? '#/components/schemas/' : '#/definitions/';
}

/** Schemas of the types client-node has no model for; descriptions are ours. */
export function specialDefinitions(style: SchemaStyle): Record<string, JsonSchema> {
  const intOrString: JsonSchema =
    style === 'v3'
      ? {
          description: 'An int32 or a string.',
          format: 'int-or-string',
          oneOf: [{ type: 'integer' }, { type: 'string' }],
          'x-kubernetes-int-or-string': true,
        }
      : { description: 'An int32 or a string.', format: 'int-or-string', type: 'string' };
  const opaque = (description: string): JsonSchema => ({ description, type: 'object' });
  return {
    [SPECIAL_DEFINITIONS.time]: { description: 'An RFC 3339 timestamp with second precision.', format: 'date-time', type: 'string' },
    [SPECIAL_DEFINITIONS.microTime]: {
      description: 'An RFC 3339 timestamp with microsecond precision.',
      format: 'date-time',
      type: 'string',
    },
    [SPECIAL_DEFINITIONS.fieldsV1]: opaque('The set of fields of a managed fields entry, in the FieldsV1 encoding.'),
    [SPECIAL_DEFINITIONS.patch]: opaque('The body of a PATCH request.'),
    [SPECIAL_DEFINITIONS.quantity]: {
      description: 'A fixed-point decimal number with an optional unit suffix, such as 100m or 1Gi.',
      type: 'string',
    },
    [SPECIAL_DEFINITIONS.intOrString]: intOrString,
    [SPECIAL_DEFINITIONS.rawExtension]: opaque('An embedded object in any serialization.'),
    [OPAQUE_DEFINITIONS.JSON]: { description: 'Any JSON value.', 'x-kubernetes-preserve-unknown-fields': true },
    [OPAQUE_DEFINITIONS.JSONSchemaPropsOrBool]: { description: 'A JSONSchemaProps or a boolean.' },
    [OPAQUE_DEFINITIONS.JSONSchemaPropsOrArray]: { description: 'A JSONSchemaProps or an array of JSONSchemaProps.' },
    [OPAQUE_DEFINITIONS.CustomResourceSubresourceStatus]: opaque('Enables the status subresource of a custom resource.'),
  };
}

function ref(style: SchemaStyle, name: string): JsonSchema {
  return { $ref: refPrefix(style) + name };
}

/** Schema of a value of `type`, without description (used for items and map values too). */
function typeSchema(reg: SchemaRegistry, type: FieldType, style: SchemaStyle, opaque: OpaqueType | undefined): JsonSchema {
  switch (type.kind) {
    case 'string':
      return type.format ? { format: type.format, type: 'string' } : { type: 'string' };
    case 'integer':
      return { format: type.format, type: 'integer' };
    case 'number':
      return type.format ? { format: type.format, type: 'number' } : { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'time':
      return ref(style, type.micro ? SPECIAL_DEFINITIONS.microTime : SPECIAL_DEFINITIONS.time);
    case 'intOrString':
      return ref(style, SPECIAL_DEFINITIONS.intOrString);
    case 'quantity':
      return ref(style, SPECIAL_DEFINITIONS.quantity);
    case 'any':
      return opaque ? ref(style, OPAQUE_DEFINITIONS[opaque]) : { type: 'object' };
    case 'array':
      return { items: itemSchema(reg, type.items, style), type: 'array' };
    case 'map':
      return { additionalProperties: itemSchema(reg, type.values, style), type: 'object' };
    case 'model':
      return ref(style, reg.identity(type.model).definitionName);
  }
}

function itemSchema(reg: SchemaRegistry, type: FieldType, style: SchemaStyle): JsonSchema {
  const s = typeSchema(reg, type, style, undefined);
  if (style === 'v3' && type.kind === 'model') return { allOf: [s], default: {} };
  return s;
}

function withDescription(s: JsonSchema, description: string | undefined, style: SchemaStyle): JsonSchema {
  if (style === 'v3' && typeof s.$ref === 'string') return description === undefined ? { allOf: [s] } : { allOf: [s], description };
  return description === undefined ? s : { ...s, description };
}

/**
 * client-node drops the description of fields whose type is another model (`metadata`, `spec`);
 * the referenced type's own description is the closest text it still has.
 */
function describe(reg: SchemaRegistry, model: string, propName: string, type: FieldType): string | undefined {
  const own = reg.fieldDescription(model, propName);
  if (own !== undefined || type.kind !== 'model') return own;
  return reg.description(type.model);
}

/** The component/definition schema of one client-node model. */
export function buildModelSchema(reg: SchemaRegistry, model: string, style: SchemaStyle): JsonSchema | undefined {
  const info = reg.model(model);
  if (!info) return undefined;
  const properties: Record<string, JsonSchema> = {};
  for (const f of [...info.fields].sort((a, b) => (a.jsonName < b.jsonName ? -1 : a.jsonName > b.jsonName ? 1 : 0))) {
    const key = `${model}.${f.propName}`;
    const base = typeSchema(reg, f.type, style, OPAQUE_FIELDS[key]);
    properties[f.jsonName] = { ...withDescription(base, describe(reg, model, f.propName, f.type), style), ...FIELD_EXTENSIONS[key] };
  }
  const schema: JsonSchema = {};
  const description = reg.description(model);
  if (description !== undefined) schema.description = description;
  schema.properties = properties;
  const required = reg.requiredFields(model);
  if (required.length) schema.required = required;
  schema.type = 'object';
  return schema;
}
