import { arr, at, isRecord, recs, str, stringMap } from '../../../../../libs/apimachinery/src/json/json.access.js';

/** labels.FormatLabels: sorted `k=v` pairs joined by commas, `<none>` when empty. */
export function formatLabels(v: unknown): string {
  const m = stringMap(v);
  const keys = Object.keys(m).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${m[k] ?? ''}`).join(',');
}

/**
 * The String() of a metav1.LabelSelector converted to a labels.Selector: requirements sorted by
 * key, values sorted inside set operators. Empty or absent selectors render as ''.
 */
export function labelSelectorString(sel: unknown): string {
  if (!isRecord(sel)) return '';
  const reqs: Array<{ key: string; text: string }> = [];
  for (const [k, v] of Object.entries(stringMap(sel['matchLabels']))) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of recs(sel['matchExpressions'])) {
    const key = str(e['key']);
    const values = arr(e['values']).map(str).sort();
    switch (str(e['operator'])) {
      case 'In':
        reqs.push({ key, text: `${key} in (${values.join(',')})` });
        break;
      case 'NotIn':
        reqs.push({ key, text: `${key} notin (${values.join(',')})` });
        break;
      case 'Exists':
        reqs.push({ key, text: key });
        break;
      case 'DoesNotExist':
        reqs.push({ key, text: `!${key}` });
        break;
      default:
        break;
    }
  }
  // Go sorts requirements by key with a stable sort.
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: like labelSelectorString but `<none>` when it selects by nothing. */
export function formatLabelSelector(sel: unknown): string {
  const s = labelSelectorString(sel);
  return s === '' ? '<none>' : s;
}

/** Template containers of a workload's pod template spec, as `names` and `images` cells. */
export function containerCells(podSpec: unknown): [string, string] {
  const containers = recs(at(podSpec, 'containers'));
  return [containers.map((c) => str(c['name'])).join(','), containers.map((c) => str(c['image'])).join(',')];
}
