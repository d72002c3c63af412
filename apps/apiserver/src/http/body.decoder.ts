import { MAX_PATCHED_DEPTH } from '../registry/generic/patch/patch.apply.js';
import { parseDocument } from 'yaml';
import { decodeKubeProtobuf } from '../../../../libs/api/src/protobuf/kube-protobuf.decoder.js';
import { jsonDepth } from '../../../../libs/apimachinery/src/json/json-value.util.js';
import { ApiError } from '../../../../libs/apimachinery/src/status.errors.js';
import { JsonDepthError, scanJsonStructure } from './json-structure.scanner.js';
import { yamlDepthBound } from './yaml-structure.scanner.js';

/** Upstream's limit on request bodies. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;
/**
 * Deepest nesting a body may have. Upstream's decoders stop at 10,000 levels (Go's JSON scanner:
 * `exceeded max depth`; go-yaml: `exceeded max depth of 10000`) on goroutine stacks that grow;
 * here every step after decoding (the YAML composer, patches, schema walks, JSON.stringify,
 * structuredClone) recurses on a fixed JavaScript stack. The YAML composer overflows it near
 * 1,000 levels (measured), and an overflow inside V8 can abort the process rather than throw, so
 * the limit keeps a 2× margin. No Kubernetes object comes near it.
 */
const MAX_DEPTH = MAX_PATCHED_DEPTH;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export type BodyFormat = 'json' | 'yaml' | 'protobuf' | 'json-patch' | 'merge-patch' | 'strategic-merge-patch' | 'apply-patch';

/** Maps a Content-Type to the format the body is in; protobuf and unknown types are 415. */
export function bodyFormat(contentType: string | undefined): BodyFormat {
  const mt = (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  switch (mt) {
    case '':
    case 'application/json':
      return 'json';
    case 'application/yaml':
    case 'application/x-yaml':
    case 'text/yaml':
      return 'yaml';
    case 'application/vnd.kubernetes.protobuf':
      return 'protobuf';
    case 'application/json-patch+json':
      return 'json-patch';
    case 'application/merge-patch+json':
      return 'merge-patch';
    case 'application/strategic-merge-patch+json':
      return 'strategic-merge-patch';
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+cbor':
      return 'apply-patch';
    default:
      throw ApiError.unsupportedMediaType(mt);
  }
}

/** A decoded body and what strict decoding would report about it. */
export interface DecodedBody {
  readonly value: unknown;
  /** Paths of JSON object keys given twice (fieldValidation Strict: 400, Warn: warnings, Ignore: last wins). */
  readonly duplicateFields: string[];
  /** YAML keys given twice, in go-yaml's words: `line 3: key "a" already set in map` (same handling). */
  readonly yamlDuplicateKeys?: string[];
}

/** Decodes a request body: strict UTF-8, bounded nesting, YAML without alias bombs. */
export function decodeBody(raw: Buffer, format: BodyFormat): unknown {
  return decodeBodyChecked(raw, format).value;
}

/**
 * Decodes a request body and finds its duplicate keys. Nesting deeper than MAX_DEPTH is refused
 * before any recursive code (patches, validation, YAML composition) sees the value.
 */
function decodeBodyChecked(raw: Buffer, format: BodyFormat): DecodedBody {
  if (raw.length > MAX_BODY_BYTES) throw ApiError.tooLarge();
  // kubectl's typed clients (create configmap|deployment|…) send Kubernetes protobuf.
  if (format === 'protobuf') {
    const value = decodeKubeProtobuf(raw).object;
    // Embedded raw JSON (RawExtension, JSON fields) can nest without the message nesting.
    if (jsonDepth(value, MAX_DEPTH) > MAX_DEPTH) throw depthError("json: invalid character '{' exceeded max depth");
    return { value, duplicateFields: [] };
  }
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw ApiError.badRequest('the request body is not valid UTF-8');
  }
  if (format === 'yaml' || format === 'apply-patch') return decodeYaml(text);
  return decodeJson(text, format !== 'json-patch');
}

/**
 * decodeBodyChecked for large bodies: `step` yields to the event loop between parsing and the
 * structure scan, so that other requests are served in between (see HeavyBodyGate).
 */
export async function decodeBodySteps(raw: Buffer, format: BodyFormat, step: () => Promise<void>): Promise<DecodedBody> {
  if (format !== 'json' && format !== 'merge-patch' && format !== 'strategic-merge-patch' && format !== 'json-patch')
    return decodeBodyChecked(raw, format);
  if (raw.length > MAX_BODY_BYTES) throw ApiError.tooLarge();
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw ApiError.badRequest('the request body is not valid UTF-8');
  }
  const value = parseJson(text);
  await step();
  return { value, duplicateFields: scanJson(text, format !== 'json-patch') };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw ApiError.badRequest(`json: ${(e as Error).message}`);
  }
}

function decodeJson(text: string, reportDuplicates: boolean): DecodedBody {
  const value = parseJson(text);
  return { value, duplicateFields: scanJson(text, reportDuplicates) };
}

function scanJson(text: string, reportDuplicates: boolean): string[] {
  try {
    const { duplicates } = scanJsonStructure(text, MAX_DEPTH);
    return reportDuplicates ? duplicates : [];
  } catch (e) {
    if (e instanceof JsonDepthError) throw depthError(`json: ${e.message}`);
    throw e;
  }
}

function decodeYaml(text: string): DecodedBody {
  // JSON is YAML: clients (kubectl, client-go's apply) mostly send JSON, which needs no composer.
  if (/^\s*[[{]/.test(text)) {
    let value: unknown;
    let parsed = false;
    try {
      value = JSON.parse(text);
      parsed = true;
    } catch {
      // Not JSON after all (flow-style YAML): the YAML path below decodes it.
    }
    if (parsed) {
      const duplicates = scanJson(text, true);
      // With repeated keys, the YAML decoder below reports them in go-yaml's words (as upstream, apply included).
      if (duplicates.length === 0) return { value, duplicateFields: [] };
    }
  }
  if (yamlDepthBound(text) > MAX_DEPTH) throw depthError(`error converting YAML to JSON: yaml: exceeded max depth of ${MAX_DEPTH}`);
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const yamlDuplicateKeys: string[] = [];
  for (const e of doc.errors) {
    // A repeated key is not a syntax error: the last value wins, fieldValidation decides (as upstream).
    if (e.code === 'DUPLICATE_KEY') yamlDuplicateKeys.push(duplicateKeyMessage(text, e.pos[0]));
    else throw ApiError.badRequest(`error converting YAML to JSON: ${e.message.split('\n')[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw ApiError.badRequest(`error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  if (jsonDepth(value, MAX_DEPTH) > MAX_DEPTH) throw depthError(`error converting YAML to JSON: yaml: exceeded max depth of ${MAX_DEPTH}`);
  return { value, duplicateFields: [], yamlDuplicateKeys };
}

/** go-yaml's text for a repeated mapping key at offset `at`: `line 12: key "paused" already set in map`. */
function duplicateKeyMessage(text: string, at: number): string {
  let line = 1;
  for (let i = 0; i < at && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  const raw = /^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^:\n]*)/.exec(text.slice(at, at + 300))?.[1] ?? '';
  let key = raw.trim();
  if (key.startsWith('"')) {
    try {
      key = JSON.parse(key) as string;
    } catch {
      key = key.slice(1, -1);
    }
  } else if (key.startsWith("'")) key = key.slice(1, -1);
  return `line ${line}: key ${JSON.stringify(key)} already set in map`;
}

function depthError(message: string): ApiError {
  return ApiError.badRequest(message);
}
