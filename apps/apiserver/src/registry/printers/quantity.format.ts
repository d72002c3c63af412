import { str } from '../../../../../libs/apimachinery/src/json/json.access.js';

/** A stored quantity as text; an absent one is Go's zero Quantity, "0". */
export function quantity(v: unknown): string {
  if (typeof v === 'number') return String(v);
  return str(v) || '0';
}
