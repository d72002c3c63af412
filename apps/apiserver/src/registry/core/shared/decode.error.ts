import { ApiError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject } from '../../generic/strategy.interface.js';
import { QuantityParseError } from '../../../../../../libs/apimachinery/src/quantity/quantity.js';

/**
 * Upstream rejects a malformed quantity while decoding the body, before validation, as a 400:
 * `Pod in version "v1" cannot be handled as a Pod: quantities must match …`. We only see the body
 * after JSON parsing, so defaulting reports it the same way.
 */
function decodeFailure(obj: KubeObject, err: unknown): ApiError {
  const kind = obj.kind ?? '';
  const apiVersion = obj.apiVersion ?? '';
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  const why = err instanceof Error ? err.message : String(err);
  return ApiError.badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${why}`);
}

/** Runs a canonicalisation step, turning quantity errors into the decoder's 400. */
export function decodingQuantities(obj: KubeObject, step: () => void): void {
  try {
    step();
  } catch (e) {
    if (e instanceof QuantityParseError) throw decodeFailure(obj, e);
    throw e;
  }
}
