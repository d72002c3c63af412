import { formatGoDuration } from './go-duration.formatter.js';
import { decodeSchemaOrArray, decodeSchemaOrBool, decodeSchemaOrStringArray } from './jsonschema-union.decoders.js';
import type { SpecialDecoder } from './proto-decode.context.js';
import { expectWireType, forEachField } from './proto-field.iterator.js';
import { parseRawJson } from './proto-raw-json.decoder.js';
import { readScalar } from './proto-scalar.decoder.js';
import { decodeMicroTime, decodeTime, readDurationNanos } from './proto-time.decoders.js';
import { protoError, WIRE_BYTES, WIRE_VARINT, type ProtoReader } from './proto-wire.reader.js';

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const APIEXT = 'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1';
const KUBE_MAGIC = [0x6b, 0x38, 0x73, 0x00];
/** Upstream's quantity grammar; Go rejects anything else while decoding. */
const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** Field 1 of a single-field bytes wrapper (RawExtension, FieldsV1, apiextensions JSON). */
function readBytesField(reader: ProtoReader, name: string): Uint8Array | undefined {
  let raw: Uint8Array | undefined;
  forEachField(reader, name, (n, wt) => {
    if (n !== 1) return false;
    expectWireType(wt, WIRE_BYTES, name, 'Raw');
    raw = reader.readDelimited().rest();
    return true;
  });
  return raw;
}

function startsWithMagic(raw: Uint8Array): boolean {
  return raw.length >= KUBE_MAGIC.length && KUBE_MAGIC.every((b, i) => raw[i] === b);
}

const decodeQuantity: SpecialDecoder = (reader) => {
  const name = 'k8s.io.apimachinery.pkg.api.resource.Quantity';
  let value: string | undefined;
  forEachField(reader, name, (n, wt) => {
    if (n !== 1) return false;
    expectWireType(wt, WIRE_BYTES, name, 'String');
    value = String(readScalar(reader, 'string'));
    return true;
  });
  if (value === undefined) return '0';
  if (!QUANTITY_RE.test(value)) {
    throw protoError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  }
  return value;
};

const decodeIntOrString: SpecialDecoder = (reader) => {
  const name = 'k8s.io.apimachinery.pkg.util.intstr.IntOrString';
  let type = 0;
  let intVal = 0;
  let strVal = '';
  forEachField(reader, name, (n, wt) => {
    if (n === 1 || n === 2) {
      expectWireType(wt, WIRE_VARINT, name, n === 1 ? 'Type' : 'IntVal');
      const v = Number(readScalar(reader, n === 1 ? 'int64' : 'int32'));
      if (n === 1) type = v;
      else intVal = v;
      return true;
    }
    if (n !== 3) return false;
    expectWireType(wt, WIRE_BYTES, name, 'StrVal');
    strVal = String(readScalar(reader, 'string'));
    return true;
  });
  if (type === 0) return intVal;
  if (type === 1) return strVal;
  throw protoError('impossible IntOrString.Type');
};

const decodeRawExtension: SpecialDecoder = (reader, depth, ctx) => {
  const raw = readBytesField(reader, 'k8s.io.apimachinery.pkg.runtime.RawExtension');
  if (raw && startsWithMagic(raw)) return ctx.decodeEmbeddedObject(raw, depth + 1);
  return parseRawJson(raw, 'RawExtension');
};

/** Messages whose JSON form is not the object of their proto fields. */
export const SPECIAL_DECODERS: ReadonlyMap<string, SpecialDecoder> = new Map<string, SpecialDecoder>([
  [`${META}.Time`, (r) => decodeTime(r)],
  [`${META}.MicroTime`, (r) => decodeMicroTime(r)],
  [`${META}.Duration`, (r) => formatGoDuration(readDurationNanos(r))],
  [`${META}.FieldsV1`, (r) => parseRawJson(readBytesField(r, `${META}.FieldsV1`), 'FieldsV1')],
  ['k8s.io.apimachinery.pkg.api.resource.Quantity', decodeQuantity],
  ['k8s.io.apimachinery.pkg.util.intstr.IntOrString', decodeIntOrString],
  ['k8s.io.apimachinery.pkg.runtime.RawExtension', decodeRawExtension],
  [`${APIEXT}.JSON`, (r) => parseRawJson(readBytesField(r, `${APIEXT}.JSON`), 'JSON')],
  [`${APIEXT}.JSONSchemaPropsOrArray`, decodeSchemaOrArray],
  [`${APIEXT}.JSONSchemaPropsOrStringArray`, decodeSchemaOrStringArray],
  [`${APIEXT}.JSONSchemaPropsOrBool`, decodeSchemaOrBool],
]);
