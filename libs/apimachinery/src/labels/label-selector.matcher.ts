import { isRecord, records, stringMap, stringOf } from '../json/json.access.js';

/**
 * Whether `labels` satisfy a metav1.LabelSelector given as JSON (metav1.LabelSelectorAsSelector
 * followed by Matches): a missing selector matches nothing, an empty one everything. An operator the
 * API would have rejected matches nothing.
 */
export function labelSelectorMatches(selector: unknown, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (!isRecord(selector)) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(stringMap(selector['matchLabels']))) if (l[k] !== v) return false;
  for (const expr of records(selector['matchExpressions'])) {
    const key = stringOf(expr['key']);
    const values = (Array.isArray(expr['values']) ? expr['values'] : []).map(String);
    const has = Object.prototype.hasOwnProperty.call(l, key);
    const value = l[key] ?? '';
    switch (stringOf(expr['operator'])) {
      case 'In':
        if (!has || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** labels.SelectorFromSet(set).Matches(labels): every key of the set with its exact value. */
export function labelSetMatches(set: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(set)) if (labels[k] !== v) return false;
  return true;
}
