import type { ResourceType } from '../../../../libs/api/src/resource.types.js';
import { normalizeNullElements } from '../../../../libs/api/src/schema/null-elements.normalizer.js';
import { findTypeErrors, typeDecodingError } from '../../../../libs/api/src/schema/type-errors.validator.js';
import {
  decodeErrorPrefix,
  findUnknownFields,
  pruneUnknownFields,
  unknownFieldWarnings,
} from '../../../../libs/api/src/schema/unknown-fields.validator.js';
import { ApiError } from '../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject } from '../registry/generic/strategy.interface.js';
import type { DecodedBody } from './body.decoder.js';

/** Keys a body repeated: JSON paths and YAML's repeated keys. */
type Duplicates = Pick<DecodedBody, 'duplicateFields' | 'yamlDuplicateKeys'>;

/**
 * Decoding checks on a request object, as kube-apiserver's decoder applies them: values of the
 * wrong JSON type are always a 400; unknown fields and duplicate keys depend on fieldValidation —
 * Strict is a 400, Warn (the default) drops unknown fields with one Warning per problem, Ignore
 * drops them silently (a duplicate key keeps its last value, as JSON decoding does).
 * `decoded` is false for patches (upstream's patch errors carry no decoder prefix).
 * `duplicates` are the paths of keys the body gave twice.
 */
export function applyFieldValidation(
  rt: ResourceType,
  obj: KubeObject,
  mode: string | undefined,
  decoded = true,
  duplicates: Duplicates = { duplicateFields: [] },
): string[] {
  checkTypes(rt, obj);
  return checkFields(rt, obj, mode, decoded, duplicates);
}

/** Values of the wrong JSON type: always a 400, before anything else is checked. */
export function checkTypes(rt: ResourceType, obj: KubeObject): void {
  const typeErrors = findTypeErrors(rt.model, obj);
  if (typeErrors.length > 0) throw typeDecodingError(typeErrors, { kind: rt.kind, version: rt.version });
  normalizeNullElements(rt.model, obj);
}

/** Unknown fields and repeated keys per fieldValidation: a 400 (Strict) or the warnings to send; unknown fields are dropped. */
export function checkFields(
  rt: ResourceType,
  obj: KubeObject,
  mode: string | undefined,
  decoded: boolean,
  duplicates: Duplicates,
): string[] {
  const target = { kind: rt.kind, version: rt.version };
  const m = (mode ?? 'Warn').toLowerCase();
  if (m === 'ignore') {
    pruneUnknownFields(rt.model, obj);
    return [];
  }
  const unknown = m === 'strict' ? findUnknownFields(rt.model, obj) : pruneUnknownFields(rt.model, obj);
  // As upstream's typed decoding: a field both unknown and duplicated is reported as unknown only.
  const paths = duplicates.duplicateFields;
  const yamlKeys = duplicates.yamlDuplicateKeys ?? [];
  const dupes = paths.filter((d) => !unknown.some((u) => d === u || d.startsWith(`${u}.`) || d.startsWith(`${u}[`)));
  // YAML's repeated keys come first, as upstream reports them from YAML-to-JSON conversion.
  const problems = [...yamlKeys, ...unknownFieldWarnings(unknown), ...dupes.map((d) => `duplicate field "${d}"`)];
  if (m === 'strict') {
    if (problems.length === 0) return [];
    const message = `strict decoding error: ${problems.join(', ')}`;
    throw ApiError.badRequest(decoded ? decodeErrorPrefix(target) + message : message);
  }
  // Warn decodes as upstream does: unknown fields are dropped, never stored.
  return problems;
}
