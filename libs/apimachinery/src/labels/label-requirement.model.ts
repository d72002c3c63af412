import { FieldError } from '../status.errors.js';
import { isQualifiedName, isValidLabelValue } from '../validation/format.validation.js';

/** Operators as upstream's selection.Operator strings (also what `requirement.operator` exposes). */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** Order upstream lists them in "expected: …" parse errors. */
export const BINARY_OPERATORS: readonly LabelOperator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

const INT64_RE = /^[+-]?[0-9]+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64): undefined when not a base-10 int64. */
function parseInt64(s: string): bigint | undefined {
  if (!INT64_RE.test(s)) return undefined;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

function hasOwn(labels: Readonly<Record<string, string>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}

/**
 * One `key op values` clause. Everything matching needs is precomputed so that `matches` is a
 * property lookup plus a comparison.
 */
export class LabelRequirement {
  private readonly single: string | undefined;
  private readonly set: ReadonlySet<string> | undefined;
  private readonly bound: bigint | undefined;

  constructor(
    readonly key: string,
    readonly operator: LabelOperator,
    readonly values: readonly string[],
  ) {
    if (values.length === 1) this.single = values[0];
    else if (values.length > 1) this.set = new Set(values);
    if ((operator === 'gt' || operator === 'lt') && values.length === 1 && values[0] !== undefined) {
      this.bound = parseInt64(values[0]);
    }
  }

  private hasValue(v: string): boolean {
    if (this.single !== undefined) return this.single === v;
    return this.set?.has(v) ?? false;
  }

  matches(labels: Readonly<Record<string, string>>): boolean {
    switch (this.operator) {
      case 'in':
      case '=':
      case '==': {
        const v = labels[this.key];
        return v !== undefined && hasOwn(labels, this.key) && this.hasValue(v);
      }
      case 'notin':
      case '!=': {
        if (!hasOwn(labels, this.key)) return true;
        const v = labels[this.key];
        return v === undefined || !this.hasValue(v);
      }
      case 'exists':
        return hasOwn(labels, this.key);
      case '!':
        return !hasOwn(labels, this.key);
      case 'gt':
      case 'lt': {
        if (this.bound === undefined || !hasOwn(labels, this.key)) return false;
        const v = labels[this.key];
        const n = v === undefined ? undefined : parseInt64(v);
        if (n === undefined) return false;
        return this.operator === 'gt' ? n > this.bound : n < this.bound;
      }
    }
  }

  /** Canonical text as upstream's Requirement.String (values sorted for set operators). */
  toString(): string {
    const k = this.key;
    const vals = () => (this.values.length === 1 ? (this.values[0] ?? '') : [...this.values].sort().join(','));
    switch (this.operator) {
      case '!':
        return `!${k}`;
      case 'exists':
        return k;
      case 'in':
        return `${k} in (${vals()})`;
      case 'notin':
        return `${k} notin (${vals()})`;
      case 'gt':
        return `${k}>${vals()}`;
      case 'lt':
        return `${k}<${vals()}`;
      default:
        return `${k}${this.operator}${vals()}`;
    }
  }
}

/**
 * Upstream's NewRequirement checks, as field errors. `path` is the optional field path prefix;
 * upstream passes none from the string parser, so keys report as `key` and values as
 * `values[i][key]`.
 */
export function requirementErrors(key: string, operator: LabelOperator, values: readonly string[], path = ''): FieldError[] {
  const child = (name: string) => (path ? `${path}.${name}` : name);
  const errs: FieldError[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(FieldError.invalid(child('key'), key, keyErrs.join('; ')));
  const vp = child('values');
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) {
        errs.push(FieldError.invalid(vp, values, "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) {
        errs.push(FieldError.invalid(vp, values, 'exact-match compatibility requires one single value'));
      }
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) {
        errs.push(FieldError.invalid(vp, values, 'values set must be empty for exists and does not exist'));
      }
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) {
        errs.push(FieldError.invalid(vp, values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(FieldError.invalid(`${vp}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
  }
  values.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length) errs.push(FieldError.invalid(`${vp}[${i}][${key}]`, v, msgs.join('; ')));
  });
  return errs;
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several deduplicated in brackets. */
export function aggregateMessage(errs: readonly FieldError[]): string {
  const msgs = [...new Set(errs.map((e) => e.toString()))];
  return msgs.length === 1 ? (msgs[0] ?? '') : `[${msgs.join(', ')}]`;
}
