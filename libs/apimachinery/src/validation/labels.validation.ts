import { FieldError } from '../status.errors.js';
import { byteLength, isQualifiedName, isValidLabelValue } from './format.validation.js';

/** 256 KiB: the sum of key and value bytes of all annotations of one object. */
const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

/** One error per upstream message, all on `fldPath` (upstream reports the map, not the key). */
export function validateLabelName(name: string, fldPath: string): FieldError[] {
  return isQualifiedName(name).map((msg) => FieldError.invalid(fldPath, name, msg));
}

export function validateLabels(labels: Readonly<Record<string, unknown>> | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!labels) return errs;
  for (const [k, v] of Object.entries(labels)) {
    errs.push(...validateLabelName(k, fldPath));
    const value = typeof v === 'string' ? v : String(v);
    for (const msg of isValidLabelValue(value)) errs.push(FieldError.invalid(fldPath, value, msg));
  }
  return errs;
}

export function validateAnnotations(annotations: Readonly<Record<string, unknown>> | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!annotations) return errs;
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    // Upstream treats annotation keys case-insensitively: 'Example.COM/Key' is accepted.
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(FieldError.invalid(fldPath, k, msg));
    total += byteLength(k) + byteLength(typeof v === 'string' ? v : String(v));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
    errs.push(new FieldError('FieldValueTooLong', fldPath, `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT_BYTES} bytes`));
  }
  return errs;
}
