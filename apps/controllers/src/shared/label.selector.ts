import { labelSelectorMatches } from '../../../../libs/apimachinery/src/labels/label-selector.matcher.js';
import type { LabelSelector } from './types.js';

/** Whether `labels` satisfy a metav1.LabelSelector; an empty selector matches everything, a missing one nothing. */
export function selectorMatches(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  return labelSelectorMatches(sel, labels);
}

export function selectorIsEmpty(sel: LabelSelector | undefined): boolean {
  return !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
}
