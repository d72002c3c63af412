import { FieldError } from '../status.errors.js';
import { isValidLabelValue } from '../validation/format.validation.js';
import { validateLabelName, validateLabels } from '../validation/labels.validation.js';
import { LabelRequirement, type LabelOperator } from './label-requirement.model.js';
import { EVERYTHING, LabelSelector, NOTHING } from './label-selector.model.js';

/** metav1.LabelSelectorRequirement as it arrives in JSON (operator not yet trusted). */
interface LabelSelectorRequirementStruct {
  key: string;
  operator: string;
  values?: string[];
}

/** metav1.LabelSelector. */
export interface LabelSelectorStruct {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirementStruct[];
}

const STRUCT_OPERATORS: Readonly<Record<string, LabelOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/** metav1validation.ValidateLabelSelector: the 422 causes for a bad `spec.selector`. */
function validateLabelSelector(ps: LabelSelectorStruct | null | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!ps) return errs;
  errs.push(...validateLabels(ps.matchLabels, `${fldPath}.matchLabels`));
  (ps.matchExpressions ?? []).forEach((expr, i) => {
    const p = `${fldPath}.matchExpressions[${i}]`;
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          errs.push(FieldError.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errs.push(FieldError.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
        break;
      default:
        errs.push(FieldError.invalid(`${p}.operator`, expr.operator, 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(expr.key, `${p}.key`));
    values.forEach((v, j) => {
      for (const msg of isValidLabelValue(v)) errs.push(FieldError.invalid(`${p}.values[${j}]`, v, msg));
    });
  });
  return errs;
}

type StructSelectorResult =
  | { readonly selector: LabelSelector; readonly errors: readonly [] }
  | { readonly selector: undefined; readonly errors: readonly FieldError[] };

/**
 * metav1.LabelSelectorAsSelector: a nil selector matches nothing, an empty one everything.
 * Invalid structs yield the field errors (under `fldPath`) instead of a selector.
 */
export function labelSelectorFromStruct(ps: LabelSelectorStruct | null | undefined, fldPath = 'selector'): StructSelectorResult {
  if (!ps) return { selector: NOTHING, errors: [] };
  const errors = validateLabelSelector(ps, fldPath);
  if (errors.length) return { selector: undefined, errors };
  const reqs: LabelRequirement[] = [];
  for (const [k, v] of Object.entries(ps.matchLabels ?? {})) reqs.push(new LabelRequirement(k, '=', [v]));
  for (const expr of ps.matchExpressions ?? []) {
    const op = STRUCT_OPERATORS[expr.operator];
    // Unreachable after validation; keeps the type narrow.
    if (op === undefined) continue;
    reqs.push(new LabelRequirement(expr.key, op, [...(expr.values ?? [])]));
  }
  return { selector: reqs.length ? LabelSelector.of(reqs) : EVERYTHING, errors: [] };
}

/** metav1.FormatLabelSelector, as `kubectl describe` prints selectors: `<none>` / `<error>`. */
export function selectorToString(ps: LabelSelectorStruct | null | undefined): string {
  const { selector } = labelSelectorFromStruct(ps);
  if (!selector) return '<error>';
  const s = selector.toString();
  return s === '' ? '<none>' : s;
}
