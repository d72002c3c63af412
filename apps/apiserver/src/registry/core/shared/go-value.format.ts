import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { isRecord, records, stringMap } from '../../../../../../libs/apimachinery/src/json/json.access.js';

/**
 * Some upstream messages print the bad value with Go's `%#v` (maps, LabelSelector, IntOrString), which
 * JSON rendering cannot reproduce. These helpers render those few shapes and carry the text verbatim.
 */
class PreRenderedInvalid extends FieldError {
  constructor(
    field: string,
    private readonly rendered: string,
    detail: string,
  ) {
    super('FieldValueInvalid', field, detail, rendered, true);
  }

  override toString(): string {
    return `${this.field}: Invalid value: ${this.rendered}${this.detail ? `: ${this.detail}` : ''}`;
  }
}

/** field.Invalid whose value is printed exactly as `rendered` (already Go-formatted). */
export function invalidGoValue(field: string, rendered: string, detail: string): FieldError {
  return new PreRenderedInvalid(field, rendered, detail);
}

/** `map[string]string{"a":"b", "c":"d"}` — Go sorts map keys when printing. */
export function goStringMap(v: unknown, nilForEmpty = false): string {
  const m = stringMap(v);
  const keys = Object.keys(m).sort();
  if (keys.length === 0 && (nilForEmpty || !isRecord(v))) return 'map[string]string(nil)';
  return `map[string]string{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`).join(', ')}}`;
}

function goStringSlice(v: unknown): string {
  if (!Array.isArray(v)) return '[]string(nil)';
  return `[]string{${v.map((s) => JSON.stringify(String(s))).join(', ')}}`;
}

/** A metav1.LabelSelector printed with `%#v`. */
export function goLabelSelector(sel: unknown): string {
  const s = isRecord(sel) ? sel : {};
  const exprs = Array.isArray(s['matchExpressions'])
    ? `[]v1.LabelSelectorRequirement{${records(s['matchExpressions'])
        .map(
          (e) =>
            `v1.LabelSelectorRequirement{Key:${JSON.stringify(String(e['key'] ?? ''))}, Operator:${JSON.stringify(String(e['operator'] ?? ''))}, Values:${goStringSlice(e['values'])}}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(s['matchLabels'], !isRecord(s['matchLabels']))}, MatchExpressions:${exprs}}`;
}

/** An intstr.IntOrString printed with `%#v`. */
export function goIntOrString(v: unknown): string {
  if (typeof v === 'string') return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`;
  const n = typeof v === 'number' ? v : 0;
  return `intstr.IntOrString{Type:0, IntVal:${n}, StrVal:""}`;
}

/**
 * field.NotFound. The shared catalogue has no NotFound type yet, so the cause reason reads
 * FieldValueInvalid while the message matches upstream's `Not found: "x"`.
 */
class NotFoundError extends FieldError {
  constructor(field: string, value: string) {
    super('FieldValueInvalid', field, '', value, true);
  }

  override toString(): string {
    return `${this.field}: Not found: ${JSON.stringify(this.value)}`;
  }
}

export function notFound(field: string, value: string): FieldError {
  return new NotFoundError(field, value);
}
