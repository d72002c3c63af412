import type { KubeObject } from '../generic/strategy.interface.js';

export { path, rec } from '../../../../../libs/apimachinery/src/json/json.access.js';

/** Reads one selectable field of an object as the string upstream's field set holds. */
export type FieldReader = (obj: KubeObject) => string;

/**
 * The field-selector surface of one kind: the labels the API accepts (upstream's field label
 * conversion) and their values (upstream's GetAttrs). Accepted labels absent from the value set
 * read as '', so such selectors only ever match an empty value, as upstream.
 */
export interface FieldGetter {
  readonly supported: readonly string[];
  get(obj: KubeObject, field: string): string | undefined;
  /** The error text upstream gives for a label this kind does not accept. */
  unsupportedMessage(field: string): string;
}

/** A scalar rendered as Go's field set would: strings as-is, numbers in decimal, booleans as true/false. */
export function scalar(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(Math.trunc(v));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}
