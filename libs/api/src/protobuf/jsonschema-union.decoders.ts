import type { DecodeContext, SpecialDecoder } from './proto-decode.context.js';
import { expectWireType, forEachField } from './proto-field.iterator.js';
import { readScalar } from './proto-scalar.decoder.js';
import { WIRE_BYTES, WIRE_VARINT, type ProtoReader } from './proto-wire.reader.js';

const APIEXT = 'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1';

interface UnionLayout {
  readonly name: string;
  readonly schema: number;
  readonly list?: { readonly number: number; readonly strings: boolean };
  readonly flag?: number;
}

interface UnionValue {
  schema?: unknown;
  list: unknown[];
  flag: boolean;
}

/** The JSONSchemaProps* unions: one schema field plus either a list or a boolean. */
function readUnion(reader: ProtoReader, depth: number, ctx: DecodeContext, layout: UnionLayout): UnionValue {
  const schemaName = `${APIEXT}.JSONSchemaProps`;
  const value: UnionValue = { list: [], flag: false };
  forEachField(reader, layout.name, (n, wt) => {
    if (n === layout.schema) {
      expectWireType(wt, WIRE_BYTES, layout.name, 'Schema');
      value.schema = ctx.decodeMessage(reader.readDelimited(), schemaName, depth + 1);
    } else if (n === layout.flag) {
      expectWireType(wt, WIRE_VARINT, layout.name, 'Allows');
      value.flag = Boolean(readScalar(reader, 'bool'));
    } else if (layout.list && n === layout.list.number) {
      expectWireType(wt, WIRE_BYTES, layout.name, layout.list.strings ? 'Property' : 'JSONSchemas');
      value.list.push(
        layout.list.strings ? readScalar(reader, 'string') : ctx.decodeMessage(reader.readDelimited(), schemaName, depth + 1),
      );
    } else {
      return false;
    }
    return true;
  });
  return value;
}

/** Go's MarshalJSON of these unions: the list when non-empty, else the schema, else null/false. */
export const decodeSchemaOrArray: SpecialDecoder = (reader, depth, ctx) => {
  const u = readUnion(reader, depth, ctx, {
    name: `${APIEXT}.JSONSchemaPropsOrArray`,
    schema: 1,
    list: { number: 2, strings: false },
  });
  return u.list.length > 0 ? u.list : (u.schema ?? null);
};

export const decodeSchemaOrStringArray: SpecialDecoder = (reader, depth, ctx) => {
  const u = readUnion(reader, depth, ctx, {
    name: `${APIEXT}.JSONSchemaPropsOrStringArray`,
    schema: 1,
    list: { number: 2, strings: true },
  });
  return u.list.length > 0 ? u.list : (u.schema ?? null);
};

export const decodeSchemaOrBool: SpecialDecoder = (reader, depth, ctx) => {
  const u = readUnion(reader, depth, ctx, { name: `${APIEXT}.JSONSchemaPropsOrBool`, schema: 2, flag: 1 });
  return u.schema ?? u.flag;
};
