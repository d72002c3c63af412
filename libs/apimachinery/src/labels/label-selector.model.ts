import type { LabelRequirement } from './label-requirement.model.js';

export type Labels = Readonly<Record<string, string>>;

const NO_LABELS: Labels = Object.freeze({});

/** A conjunction of requirements, sorted by key as upstream keeps them. */
export class LabelSelector {
  readonly requirements: readonly LabelRequirement[];

  /** `nothing` is upstream's Nothing(): the selector of a nil metav1.LabelSelector, matching no object. */
  private constructor(
    requirements: readonly LabelRequirement[],
    private readonly nothing: boolean,
  ) {
    // Stable sort by key (byte order for ASCII keys, which are the only valid ones).
    this.requirements = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  static of(requirements: readonly LabelRequirement[]): LabelSelector {
    return requirements.length === 0 ? LabelSelector.EVERYTHING_INSTANCE : new LabelSelector(requirements, false);
  }

  /** True when the selector does not restrict anything (empty string, `{}` struct). */
  get empty(): boolean {
    return !this.nothing && this.requirements.length === 0;
  }

  matches(labels: Labels | undefined): boolean {
    if (this.nothing) return false;
    const ls = labels ?? NO_LABELS;
    for (const r of this.requirements) if (!r.matches(ls)) return false;
    return true;
  }

  /** The value a selector pins `key` to with =, == or a one-value `in`; lets callers use an index. */
  requiresExactMatch(key: string): string | undefined {
    for (const r of this.requirements) {
      if (r.key !== key) continue;
      if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) {
        return r.values[0];
      }
      return undefined;
    }
    return undefined;
  }

  toString(): string {
    return this.requirements.map((r) => r.toString()).join(',');
  }

  private static readonly EVERYTHING_INSTANCE = new LabelSelector([], false);
  static readonly NOTHING_INSTANCE = new LabelSelector([], true);
  static readonly EVERYTHING = LabelSelector.EVERYTHING_INSTANCE;
}

export const EVERYTHING: LabelSelector = LabelSelector.EVERYTHING;
export const NOTHING: LabelSelector = LabelSelector.NOTHING_INSTANCE;
