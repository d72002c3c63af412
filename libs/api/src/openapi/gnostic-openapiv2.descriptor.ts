import type { INamespace } from 'protobufjs/light.js';

/**
 * The protobuf messages of an OpenAPI v2 document as kubectl decodes `/openapi/v2` served as
 * `application/com.github.proto-openapi.spec.v2@v1.0+protobuf`: package `openapi.v2` of
 * google/gnostic (openapiv2/OpenAPIv2.proto). Field numbers and types are the upstream facts; the
 * field names are ours (only numbers reach the wire). Only the messages a Kubernetes document uses
 * are declared (OAuth2 security schemes are left out).
 */
type Field = readonly [id: number, name: string, type: string, repeated?: 'r'];
interface MessageDef {
  readonly fields: readonly Field[];
  /** Fields that form the message's single `oneof` (gnostic names it `oneof`). */
  readonly oneof?: readonly string[];
}

const VE = (id: number): Field => [id, 'vendorExtension', 'NamedAny', 'r'];
const named = (value: string): MessageDef => ({ fields: [[1, 'name', 'string'], [2, 'value', value]] });
const map = (entry: string): MessageDef => ({ fields: [[1, 'additionalProperties', entry, 'r']] });

/** Validation keywords shared (with different numbering) by parameters, items and headers. */
function validations(first: number): Field[] {
  const names: Array<[string, string, 'r'?]> = [
    ['default', 'Any'], ['maximum', 'double'], ['exclusiveMaximum', 'bool'], ['minimum', 'double'], ['exclusiveMinimum', 'bool'],
    ['maxLength', 'int64'], ['minLength', 'int64'], ['pattern', 'string'], ['maxItems', 'int64'], ['minItems', 'int64'],
    ['uniqueItems', 'bool'], ['enum', 'Any', 'r'], ['multipleOf', 'double'],
  ];
  return names.map(([n, t, r], i) => (r ? [first + i, n, t, r] : [first + i, n, t]));
}

/** Query and formData parameters (they also carry allowEmptyValue). */
const queryLike: MessageDef = {
  fields: [
    [1, 'required', 'bool'], [2, 'in', 'string'], [3, 'description', 'string'], [4, 'name', 'string'], [5, 'allowEmptyValue', 'bool'],
    [6, 'type', 'string'], [7, 'format', 'string'], [8, 'items', 'PrimitivesItems'], [9, 'collectionFormat', 'string'],
    ...validations(10), VE(23),
  ],
};
/** Header and path parameters. */
const pathLike: MessageDef = {
  fields: [
    [1, 'required', 'bool'], [2, 'in', 'string'], [3, 'description', 'string'], [4, 'name', 'string'],
    [5, 'type', 'string'], [6, 'format', 'string'], [7, 'items', 'PrimitivesItems'], [8, 'collectionFormat', 'string'],
    ...validations(9), VE(22),
  ],
};

const MESSAGES: Record<string, MessageDef> = {
  Any: { fields: [[2, 'yaml', 'string']] },
  NamedAny: named('Any'),
  Document: {
    fields: [
      [1, 'swagger', 'string'], [2, 'info', 'Info'], [3, 'host', 'string'], [4, 'basePath', 'string'], [5, 'schemes', 'string', 'r'],
      [6, 'consumes', 'string', 'r'], [7, 'produces', 'string', 'r'], [8, 'paths', 'Paths'], [9, 'definitions', 'Definitions'],
      [10, 'parameters', 'ParameterDefinitions'], [11, 'responses', 'ResponseDefinitions'], [12, 'security', 'SecurityRequirement', 'r'],
      [13, 'securityDefinitions', 'SecurityDefinitions'], [14, 'tags', 'Tag', 'r'], [15, 'externalDocs', 'ExternalDocs'], VE(16),
    ],
  },
  Info: {
    fields: [
      [1, 'title', 'string'], [2, 'version', 'string'], [3, 'description', 'string'], [4, 'termsOfService', 'string'],
      [5, 'contact', 'Contact'], [6, 'license', 'License'], VE(7),
    ],
  },
  Contact: { fields: [[1, 'name', 'string'], [2, 'url', 'string'], [3, 'email', 'string'], VE(4)] },
  License: { fields: [[1, 'name', 'string'], [2, 'url', 'string'], VE(3)] },
  ExternalDocs: { fields: [[1, 'description', 'string'], [2, 'url', 'string'], VE(3)] },
  Tag: { fields: [[1, 'name', 'string'], [2, 'description', 'string'], [3, 'externalDocs', 'ExternalDocs'], VE(4)] },
  Paths: { fields: [VE(1), [2, 'path', 'NamedPathItem', 'r']] },
  NamedPathItem: named('PathItem'),
  PathItem: {
    fields: [
      [1, 'ref', 'string'], [2, 'get', 'Operation'], [3, 'put', 'Operation'], [4, 'post', 'Operation'], [5, 'delete', 'Operation'],
      [6, 'options', 'Operation'], [7, 'head', 'Operation'], [8, 'patch', 'Operation'], [9, 'parameters', 'ParametersItem', 'r'], VE(10),
    ],
  },
  Operation: {
    fields: [
      [1, 'tags', 'string', 'r'], [2, 'summary', 'string'], [3, 'description', 'string'], [4, 'externalDocs', 'ExternalDocs'],
      [5, 'operationId', 'string'], [6, 'produces', 'string', 'r'], [7, 'consumes', 'string', 'r'], [8, 'parameters', 'ParametersItem', 'r'],
      [9, 'responses', 'Responses'], [10, 'schemes', 'string', 'r'], [11, 'deprecated', 'bool'], [12, 'security', 'SecurityRequirement', 'r'], VE(13),
    ],
  },
  ParametersItem: { fields: [[1, 'parameter', 'Parameter'], [2, 'jsonReference', 'JsonReference']], oneof: ['parameter', 'jsonReference'] },
  JsonReference: { fields: [[1, 'ref', 'string'], [2, 'description', 'string']] },
  Parameter: { fields: [[1, 'bodyParameter', 'BodyParameter'], [2, 'nonBodyParameter', 'NonBodyParameter']], oneof: ['bodyParameter', 'nonBodyParameter'] },
  BodyParameter: {
    fields: [[1, 'description', 'string'], [2, 'name', 'string'], [3, 'in', 'string'], [4, 'required', 'bool'], [5, 'schema', 'Schema'], VE(6)],
  },
  NonBodyParameter: {
    fields: [
      [1, 'headerParameterSubSchema', 'HeaderParameterSubSchema'], [2, 'formDataParameterSubSchema', 'FormDataParameterSubSchema'],
      [3, 'queryParameterSubSchema', 'QueryParameterSubSchema'], [4, 'pathParameterSubSchema', 'PathParameterSubSchema'],
    ],
    oneof: ['headerParameterSubSchema', 'formDataParameterSubSchema', 'queryParameterSubSchema', 'pathParameterSubSchema'],
  },
  QueryParameterSubSchema: queryLike,
  FormDataParameterSubSchema: queryLike,
  HeaderParameterSubSchema: pathLike,
  PathParameterSubSchema: pathLike,
  PrimitivesItems: {
    fields: [[1, 'type', 'string'], [2, 'format', 'string'], [3, 'items', 'PrimitivesItems'], [4, 'collectionFormat', 'string'], ...validations(5), VE(18)],
  },
  Responses: { fields: [[1, 'responseCode', 'NamedResponseValue', 'r'], VE(2)] },
  NamedResponseValue: named('ResponseValue'),
  ResponseValue: { fields: [[1, 'response', 'Response'], [2, 'jsonReference', 'JsonReference']], oneof: ['response', 'jsonReference'] },
  Response: {
    fields: [[1, 'description', 'string'], [2, 'schema', 'SchemaItem'], [3, 'headers', 'Headers'], [4, 'examples', 'Examples'], VE(5)],
  },
  SchemaItem: { fields: [[1, 'schema', 'Schema'], [2, 'fileSchema', 'FileSchema']], oneof: ['schema', 'fileSchema'] },
  FileSchema: {
    fields: [
      [1, 'format', 'string'], [2, 'title', 'string'], [3, 'description', 'string'], [4, 'default', 'Any'], [5, 'required', 'string', 'r'],
      [6, 'type', 'string'], [7, 'readOnly', 'bool'], [8, 'externalDocs', 'ExternalDocs'], [9, 'example', 'Any'], VE(10),
    ],
  },
  Headers: map('NamedHeader'),
  NamedHeader: named('Header'),
  Header: {
    fields: [[1, 'type', 'string'], [2, 'format', 'string'], [3, 'items', 'PrimitivesItems'], [4, 'collectionFormat', 'string'], ...validations(5), [18, 'description', 'string'], VE(19)],
  },
  Examples: map('NamedAny'),
  Schema: {
    fields: [
      [1, 'ref', 'string'], [2, 'format', 'string'], [3, 'title', 'string'], [4, 'description', 'string'], [5, 'default', 'Any'],
      [6, 'multipleOf', 'double'], [7, 'maximum', 'double'], [8, 'exclusiveMaximum', 'bool'], [9, 'minimum', 'double'],
      [10, 'exclusiveMinimum', 'bool'], [11, 'maxLength', 'int64'], [12, 'minLength', 'int64'], [13, 'pattern', 'string'],
      [14, 'maxItems', 'int64'], [15, 'minItems', 'int64'], [16, 'uniqueItems', 'bool'], [17, 'maxProperties', 'int64'],
      [18, 'minProperties', 'int64'], [19, 'required', 'string', 'r'], [20, 'enum', 'Any', 'r'],
      [21, 'additionalProperties', 'AdditionalPropertiesItem'], [22, 'type', 'TypeItem'], [23, 'items', 'ItemsItem'],
      [24, 'allOf', 'Schema', 'r'], [25, 'properties', 'Properties'], [26, 'discriminator', 'string'], [27, 'readOnly', 'bool'],
      [28, 'xml', 'Xml'], [29, 'externalDocs', 'ExternalDocs'], [30, 'example', 'Any'], VE(31),
    ],
  },
  AdditionalPropertiesItem: { fields: [[1, 'schema', 'Schema'], [2, 'boolean', 'bool']], oneof: ['schema', 'boolean'] },
  TypeItem: { fields: [[1, 'value', 'string', 'r']] },
  ItemsItem: { fields: [[1, 'schema', 'Schema', 'r']] },
  Properties: map('NamedSchema'),
  NamedSchema: named('Schema'),
  Xml: { fields: [[1, 'name', 'string'], [2, 'namespace', 'string'], [3, 'prefix', 'string'], [4, 'attribute', 'bool'], [5, 'wrapped', 'bool'], VE(6)] },
  Definitions: map('NamedSchema'),
  ParameterDefinitions: map('NamedParameter'),
  NamedParameter: named('Parameter'),
  ResponseDefinitions: map('NamedResponse'),
  NamedResponse: named('Response'),
  SecurityRequirement: map('NamedStringArray'),
  NamedStringArray: named('StringArray'),
  StringArray: { fields: [[1, 'value', 'string', 'r']] },
  SecurityDefinitions: map('NamedSecurityDefinitionsItem'),
  NamedSecurityDefinitionsItem: named('SecurityDefinitionsItem'),
  SecurityDefinitionsItem: {
    fields: [[1, 'basicAuthenticationSecurity', 'BasicAuthenticationSecurity'], [2, 'apiKeySecurity', 'ApiKeySecurity']],
    oneof: ['basicAuthenticationSecurity', 'apiKeySecurity'],
  },
  BasicAuthenticationSecurity: { fields: [[1, 'type', 'string'], [2, 'description', 'string'], VE(3)] },
  ApiKeySecurity: { fields: [[1, 'type', 'string'], [2, 'name', 'string'], [3, 'in', 'string'], [4, 'description', 'string'], VE(5)] },
};

/** The table above as a protobufjs JSON namespace (`Root.fromJSON`). */
export function gnosticOpenApiV2Namespace(): INamespace {
  const nested: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(MESSAGES)) {
    const fields: Record<string, { id: number; type: string; rule?: 'repeated' }> = {};
    for (const [id, field, type, repeated] of def.fields) fields[field] = repeated ? { id, type, rule: 'repeated' } : { id, type };
    nested[name] = def.oneof ? { fields, oneofs: { oneof: { oneof: [...def.oneof] } } } : { fields };
  }
  return { nested: { openapi: { nested: { v2: { nested } } } } } as INamespace;
}
