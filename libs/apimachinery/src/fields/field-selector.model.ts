/** One `field=value` / `field!=value` term (`==` is stored as `=`, as upstream does). */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

/** Reads a field of the object being filtered; undefined counts as the empty string, as upstream. */
type FieldGetter = (field: string) => string | undefined;

const ESCAPE_RE = /[\\,=]/g;

/** fields.EscapeValue: backslash-escape `\`, `,` and `=`. */
function escapeFieldValue(s: string): string {
  return s.replace(ESCAPE_RE, (c) => `\\${c}`);
}

/** A conjunction of terms, kept in upstream's order (terms sorted by their raw text). */
export class FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(get: FieldGetter): boolean {
    for (const r of this.requirements) {
      const v = get(r.field) ?? '';
      if ((v === r.value) !== (r.operator === '=')) return false;
    }
    return true;
  }

  /** The value an `=` term pins `field` to (first such term), for index lookups. */
  exactMatch(field: string): string | undefined {
    for (const r of this.requirements) if (r.field === field && r.operator === '=') return r.value;
    return undefined;
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
  }
}

export const EVERYTHING_FIELDS = new FieldSelector([]);
