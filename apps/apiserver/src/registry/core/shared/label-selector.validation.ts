import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { isQualifiedName, isValidLabelValue } from '../../../../../../libs/apimachinery/src/validation/format.validation.js';
import { isRecord, records, stringMap, stringOf } from '../../../../../../libs/apimachinery/src/json/json.access.js';

/** ValidateLabels: keys and values of a label map, reported at the map's path as upstream does. */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(stringMap(labels))) {
    for (const m of isQualifiedName(k)) errs.push(FieldError.invalid(path, k, m));
    for (const m of isValidLabelValue(v)) errs.push(FieldError.invalid(path, v, m));
  }
  return errs;
}

/** ValidateLabelSelector (metav1) for matchLabels and matchExpressions. */
export function validateLabelSelector(selector: unknown, path: string): FieldError[] {
  if (!isRecord(selector)) return [];
  const errs: FieldError[] = [];
  records(selector['matchExpressions']).forEach((expr, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    const op = stringOf(expr['operator']);
    const values = Array.isArray(expr['values']) ? expr['values'] : [];
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) errs.push(FieldError.required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0)
        errs.push(FieldError.forbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(FieldError.invalid(`${at}.operator`, op, 'not a valid selector operator'));
    }
    const key = stringOf(expr['key']);
    for (const m of isQualifiedName(key)) errs.push(FieldError.invalid(`${at}.key`, key, m));
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(String(v))) errs.push(FieldError.invalid(`${at}.values[${j}]`, v, m));
    });
  });
  errs.push(...validateLabels(selector['matchLabels'], `${path}.matchLabels`));
  return errs;
}

/** True when the selector has neither matchLabels nor matchExpressions (it selects everything). */
export function isEmptySelector(selector: unknown): boolean {
  if (!isRecord(selector)) return false;
  return Object.keys(stringMap(selector['matchLabels'])).length + records(selector['matchExpressions']).length === 0;
}
