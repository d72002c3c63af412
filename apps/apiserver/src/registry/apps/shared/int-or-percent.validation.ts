import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { regexError } from '../../../../../../libs/apimachinery/src/validation/format.validation.js';
import { goIntOrString, invalidGoValue } from '../../core/shared/go-value.format.js';

const PERCENT = /^[0-9]+%$/;

/** ValidatePositiveIntOrPercent (apps validation). */
export function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') {
    if (PERCENT.test(v)) return [];
    const msg = regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%');
    return [invalidGoValue(path, goIntOrString(v), msg)];
  }
  if (typeof v === 'number' && v < 0) return [FieldError.invalid(path, v, 'must be greater than or equal to 0')];
  return [];
}

/** getIntOrPercentValue: the number, or the percentage's number (0 when unparsable). */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && PERCENT.test(v)) return Number(v.slice(0, -1));
  return 0;
}

export function notMoreThan100Percent(v: unknown, path: string): FieldError[] {
  if (typeof v !== 'string' || !PERCENT.test(v) || intOrPercentValue(v) <= 100) return [];
  return [invalidGoValue(path, goIntOrString(v), 'must not be greater than 100%')];
}
