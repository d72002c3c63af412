import protobuf from 'protobufjs/light.js';
import { stringify } from 'yaml';
import { gnosticOpenApiV2Namespace } from './gnostic-openapiv2.descriptor.js';

/**
 * Swagger 2.0 JSON → gnostic `openapi.v2.Document` protobuf, the body kube-apiserver serves for
 * `/openapi/v2` when asked for `application/com.github.proto-openapi.spec.v2@v1.0+protobuf` (kube-openapi
 * compiles its JSON document with gnostic's `ParseDocument` and marshals it). The mapping follows
 * gnostic's compiler: named maps become repeated (name, value) pairs in document order, `x-` keys
 * become vendor extensions whose value is YAML text, `type`/`items`/`additionalProperties`
 * unions become their wrapper messages. protobufjs does the wire encoding.
 */
type Json = Record<string, unknown>;

let documentType: protobuf.Type | undefined;
function documentMessage(): protobuf.Type {
  documentType ??= protobuf.Root.fromJSON(gnosticOpenApiV2Namespace()).lookupType('openapi.v2.Document');
  return documentType;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const entries = (v: unknown): Array<[string, unknown]> => (isObject(v) ? Object.entries(v) : []);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);

/** gnostic's `Any`: the value as YAML text (how kubectl reads vendor extensions back). */
const any = (v: unknown): Json => ({ yaml: stringify(v) });

function vendorExtensions(o: Json): Json[] | undefined {
  const out = Object.entries(o)
    .filter(([k]) => k.startsWith('x-'))
    .map(([name, value]) => ({ name, value: any(value) }));
  return out.length ? out : undefined;
}

/** Copies the listed keys that are present, mapping renamed ones (`$ref` → ref) and wrapping Any-typed ones. */
function pick(o: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const k of keys) {
    if (o[k] === undefined) continue;
    if (k === '$ref') out.ref = o[k];
    else if (k === 'default' || k === 'example') out[k] = any(o[k]);
    else if (k === 'enum') out.enum = Array.isArray(o.enum) ? o.enum.map(any) : undefined;
    else out[k] = o[k];
  }
  return out;
}

const VALIDATIONS = [
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'enum',
  'multipleOf',
] as const;

function primitivesItems(o: unknown): Json | undefined {
  if (!isObject(o)) return undefined;
  return {
    ...pick(o, ['type', 'format', 'collectionFormat', ...VALIDATIONS]),
    items: primitivesItems(o.items),
    vendorExtension: vendorExtensions(o),
  };
}

function schema(o: unknown): Json | undefined {
  if (!isObject(o)) return undefined;
  const out: Json = pick(o, [
    '$ref',
    'format',
    'title',
    'description',
    'default',
    'multipleOf',
    'maximum',
    'exclusiveMaximum',
    'minimum',
    'exclusiveMinimum',
    'maxLength',
    'minLength',
    'pattern',
    'maxItems',
    'minItems',
    'uniqueItems',
    'maxProperties',
    'minProperties',
    'enum',
    'discriminator',
    'readOnly',
    'example',
  ]);
  if (Array.isArray(o.required)) out.required = strings(o.required);
  if (typeof o.additionalProperties === 'boolean') out.additionalProperties = { boolean: o.additionalProperties };
  else if (isObject(o.additionalProperties)) out.additionalProperties = { schema: schema(o.additionalProperties) };
  if (o.type !== undefined) out.type = { value: Array.isArray(o.type) ? strings(o.type) : [String(o.type)] };
  if (o.items !== undefined) out.items = { schema: (Array.isArray(o.items) ? o.items : [o.items]).map(schema) };
  if (Array.isArray(o.allOf)) out.allOf = o.allOf.map(schema);
  if (isObject(o.properties))
    out.properties = { additionalProperties: entries(o.properties).map(([name, s]) => ({ name, value: schema(s) })) };
  if (isObject(o.externalDocs)) out.externalDocs = pick(o.externalDocs, ['description', 'url']);
  out.vendorExtension = vendorExtensions(o);
  return out;
}

function parameter(o: Json): Json {
  if (o.in === 'body') {
    return {
      bodyParameter: {
        ...pick(o, ['description', 'name', 'in', 'required']),
        schema: schema(o.schema),
        vendorExtension: vendorExtensions(o),
      },
    };
  }
  const common = {
    ...pick(o, ['required', 'in', 'description', 'name', 'type', 'format', 'collectionFormat', ...VALIDATIONS]),
    items: primitivesItems(o.items),
    vendorExtension: vendorExtensions(o),
  };
  switch (o.in) {
    case 'query':
      return { nonBodyParameter: { queryParameterSubSchema: { ...common, ...pick(o, ['allowEmptyValue']) } } };
    case 'formData':
      return { nonBodyParameter: { formDataParameterSubSchema: { ...common, ...pick(o, ['allowEmptyValue']) } } };
    case 'header':
      return { nonBodyParameter: { headerParameterSubSchema: common } };
    default:
      return { nonBodyParameter: { pathParameterSubSchema: common } };
  }
}

function parametersItems(v: unknown): Json[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter(isObject).map((p) => (typeof p.$ref === 'string' ? { jsonReference: { ref: p.$ref } } : { parameter: parameter(p) }));
}

function response(o: Json): Json {
  return {
    description: o.description ?? '',
    schema: isObject(o.schema) ? { schema: schema(o.schema) } : undefined,
    vendorExtension: vendorExtensions(o),
  };
}

function operation(o: unknown): Json | undefined {
  if (!isObject(o)) return undefined;
  const responseCode = entries(o.responses)
    .filter(([code]) => /^([0-9]{3}|default)$/.test(code))
    .map(([name, r]) => ({
      name,
      value: isObject(r) && typeof r.$ref === 'string' ? { jsonReference: { ref: r.$ref } } : { response: response(isObject(r) ? r : {}) },
    }));
  return {
    ...pick(o, ['summary', 'description', 'operationId', 'deprecated']),
    tags: strings(o.tags),
    produces: strings(o.produces),
    consumes: strings(o.consumes),
    schemes: strings(o.schemes),
    parameters: parametersItems(o.parameters),
    responses: isObject(o.responses) ? { responseCode, vendorExtension: vendorExtensions(o.responses) } : undefined,
    security: security(o.security),
    vendorExtension: vendorExtensions(o),
  };
}

function security(v: unknown): Json[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map((req) => ({
    additionalProperties: entries(req).map(([name, scopes]) => ({ name, value: { value: strings(scopes) ?? [] } })),
  }));
}

function securityDefinitions(v: unknown): Json | undefined {
  if (!isObject(v)) return undefined;
  return {
    additionalProperties: entries(v).map(([name, d]) => {
      const def = isObject(d) ? d : {};
      const value =
        def.type === 'basic'
          ? { basicAuthenticationSecurity: { ...pick(def, ['type', 'description']), vendorExtension: vendorExtensions(def) } }
          : { apiKeySecurity: { ...pick(def, ['type', 'name', 'in', 'description']), vendorExtension: vendorExtensions(def) } };
      return { name, value };
    }),
  };
}

function pathItem(o: unknown): Json {
  const p = isObject(o) ? o : {};
  const out: Json = { ...pick(p, ['$ref']), parameters: parametersItems(p.parameters), vendorExtension: vendorExtensions(p) };
  for (const verb of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const) out[verb] = operation(p[verb]);
  return out;
}

/** Encodes a swagger 2.0 document (parsed JSON) as the gnostic protobuf kubectl expects. */
export function encodeOpenApiV2Protobuf(doc: Json): Uint8Array {
  const info = isObject(doc.info) ? doc.info : {};
  const message = {
    swagger: doc.swagger,
    info: { ...pick(info, ['title', 'version', 'description', 'termsOfService']), vendorExtension: vendorExtensions(info) },
    ...pick(doc, ['host', 'basePath']),
    schemes: strings(doc.schemes),
    consumes: strings(doc.consumes),
    produces: strings(doc.produces),
    paths: isObject(doc.paths)
      ? {
          path: entries(doc.paths)
            .filter(([k]) => k.startsWith('/'))
            .map(([name, item]) => ({ name, value: pathItem(item) })),
          vendorExtension: vendorExtensions(doc.paths),
        }
      : undefined,
    definitions: isObject(doc.definitions)
      ? { additionalProperties: entries(doc.definitions).map(([name, s]) => ({ name, value: schema(s) })) }
      : undefined,
    parameters: isObject(doc.parameters)
      ? {
          additionalProperties: entries(doc.parameters)
            .filter(([, p]) => isObject(p))
            .map(([name, p]) => ({ name, value: parameter(p as Json) })),
        }
      : undefined,
    responses: isObject(doc.responses)
      ? { additionalProperties: entries(doc.responses).map(([name, r]) => ({ name, value: response(isObject(r) ? r : {}) })) }
      : undefined,
    security: security(doc.security),
    securityDefinitions: securityDefinitions(doc.securityDefinitions),
    vendorExtension: vendorExtensions(doc),
  };
  const type = documentMessage();
  return type.encode(type.fromObject(message)).finish();
}
