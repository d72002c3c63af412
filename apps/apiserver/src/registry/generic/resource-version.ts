import { ApiError } from '../../../../../libs/apimachinery/src/status.errors.js';

/** A resourceVersion from a request: decimal digits only, as the etcd3 versioner accepts. */
export function parseRv(v: string, field = 'resourceVersion'): number {
  if (!/^[0-9]+$/.test(v) || v.length > 15) {
    throw ApiError.badRequest(`invalid resource version "${v}"`, [
      { reason: 'FieldValueInvalid', message: `Invalid value: "${v}"`, field },
    ]);
  }
  return Number(v);
}

/** 504 for a version the server has not reached yet (upstream's NewTooLargeResourceVersionError). */
export function tooLargeResourceVersion(detail: string): ApiError {
  return new ApiError(504, 'Timeout', `Too large resource version: ${detail}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}
