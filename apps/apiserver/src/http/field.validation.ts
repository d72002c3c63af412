import type { ResourceType } from '../../../../libs/api/src/resource.types.js';
import { normalizeNullElements } from '../../../../libs/api/src/schema/null-elements.normalizer.js';
import { findTypeErrors, typeDecodingError } from '../../../../libs/api/src/schema/type-errors.validator.js';
import { findUnknownFields, pruneUnknownFields, strictDecodingError, unknownFieldWarnings } from '../../../../libs/api/src/schema/unknown-fields.validator.js';
import type { KubeObject } from '../registry/generic/strategy.interface.js';

/**
 * Decoding checks on a request object, as kube-apiserver's decoder applies them: values of the
 * wrong JSON type are always a 400; unknown fields depend on fieldValidation — Strict is a 400,
 * Warn (the default) drops them with one Warning per field, Ignore drops them silently.
 * `decoded` is false for patches (upstream's patch errors carry no decoder prefix).
 */
export function applyFieldValidation(rt: ResourceType, obj: KubeObject, mode: string | undefined, decoded = true): string[] {
  const target = { kind: rt.kind, version: rt.version };
  const typeErrors = findTypeErrors(rt.model, obj);
  if (typeErrors.length > 0) throw typeDecodingError(typeErrors, target);
  normalizeNullElements(rt.model, obj);
  const m = (mode ?? 'Warn').toLowerCase();
  if (m === 'strict') {
    const unknown = findUnknownFields(rt.model, obj);
    if (unknown.length > 0) throw strictDecodingError(unknown, decoded ? target : undefined);
    return [];
  }
  // Warn and Ignore decode as upstream does: unknown fields are dropped, never stored.
  const unknown = pruneUnknownFields(rt.model, obj);
  return m === 'ignore' ? [] : unknownFieldWarnings(unknown);
}
