import { ApiError } from '../../../apimachinery/src/status.errors.js';
import { messageForKind } from './kube-kind.resolver.js';
import { MAX_DEPTH } from './proto-decode.context.js';
import { expectWireType, forEachField } from './proto-field.iterator.js';
import { ProtoMessageDecoder } from './proto-message.decoder.js';
import { readScalar } from './proto-scalar.decoder.js';
import { protoSchema } from './proto-schema.loader.js';
import type { ProtoSchema } from './proto-schema.types.js';
import { protoError, ProtoReader, WIRE_BYTES } from './proto-wire.reader.js';

/** Every Kubernetes protobuf body starts with these bytes: "k8s" and a NUL. */
const KUBE_PROTOBUF_MAGIC: Readonly<Uint8Array> = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

interface DecodedKubeObject {
  apiVersion: string;
  kind: string;
  /** The object as its JSON form, `kind` and `apiVersion` first. */
  object: Record<string, unknown>;
}

const UNKNOWN = 'k8s.io.apimachinery.pkg.runtime.Unknown';
const TYPE_META = 'k8s.io.apimachinery.pkg.runtime.TypeMeta';

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
}

function hasMagic(body: Uint8Array): boolean {
  return body.length >= KUBE_PROTOBUF_MAGIC.length && KUBE_PROTOBUF_MAGIC.every((b, i) => body[i] === b);
}

function readTypeMeta(reader: ProtoReader, env: Envelope): void {
  forEachField(reader, TYPE_META, (n, wt) => {
    if (n !== 1 && n !== 2) return false;
    expectWireType(wt, WIRE_BYTES, TYPE_META, n === 1 ? 'APIVersion' : 'Kind');
    const value = String(readScalar(reader, 'string'));
    if (n === 1) env.apiVersion = value;
    else env.kind = value;
    return true;
  });
}

/** runtime.Unknown: 1 TypeMeta, 2 raw object bytes, 3 contentEncoding, 4 contentType (ignored). */
function readEnvelope(body: Uint8Array): Envelope {
  if (!hasMagic(body)) {
    throw protoError('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  const reader = new ProtoReader(body, KUBE_PROTOBUF_MAGIC.length);
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(0) };
  forEachField(reader, UNKNOWN, (n, wt) => {
    if (n === 1) {
      expectWireType(wt, WIRE_BYTES, UNKNOWN, 'TypeMeta');
      readTypeMeta(reader.readDelimited(), env);
      return true;
    }
    if (n !== 2) return false;
    expectWireType(wt, WIRE_BYTES, UNKNOWN, 'Raw');
    env.raw = reader.readDelimited().rest();
    return true;
  });
  return env;
}

function decodeObject(schema: ProtoSchema, body: Uint8Array, depth: number): DecodedKubeObject {
  if (depth > MAX_DEPTH) throw protoError(`proto: exceeded maximum nesting depth of ${MAX_DEPTH}`);
  const { apiVersion, kind, raw } = readEnvelope(body);
  if (!kind) throw ApiError.badRequest("Object 'Kind' is missing in protobuf request body");
  const messageName = messageForKind(schema, apiVersion, kind);
  if (!messageName) {
    throw ApiError.badRequest(
      `no kind "${kind}" is registered for version "${apiVersion}" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"`,
    );
  }
  const decoder = new ProtoMessageDecoder(schema, (nested, d) => decodeObject(schema, nested, d).object);
  const decoded = decoder.decodeMessage(new ProtoReader(raw), messageName, depth + 1);
  const fields = typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded) ? decoded : {};
  return { apiVersion, kind, object: { kind, apiVersion, ...fields } };
}

/**
 * Decodes a `application/vnd.kubernetes.protobuf` request body into the object a JSON client
 * would have sent. Malformed input answers 400; work is linear in the body size and nesting is
 * capped, so hostile bodies cannot hang or exhaust the process.
 */
export function decodeKubeProtobuf(body: Uint8Array): DecodedKubeObject {
  return decodeObject(protoSchema(), body, 0);
}
