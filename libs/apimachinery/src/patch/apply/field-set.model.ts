import { compareElements, type FieldPath, type PathElement } from './field-path.model.js';

/**
 * A set of field paths (structured-merge-diff's fieldpath.Set), kept as a trie: a node is a member
 * when the path ending there is in the set; its children hold longer paths. A node can be both (a
 * list item owned as a whole and some of its fields), which FieldsV1 writes as `.`.
 */
export class FieldSet {
  private member = false;
  private readonly children = new Map<PathElement, FieldSet>();

  static of(paths: Iterable<FieldPath>): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: FieldPath): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- a cursor walking down from this node
    let node: FieldSet = this;
    for (const e of path) node = node.child(e);
    node.member = true;
  }

  has(path: FieldPath): boolean {
    return this.node(path)?.member ?? false;
  }

  /** True when the path or any path below it is a member. */
  hasPrefix(path: FieldPath): boolean {
    const n = this.node(path);
    return n !== undefined && !n.isEmpty();
  }

  isEmpty(): boolean {
    if (this.member) return false;
    for (const c of this.children.values()) if (!c.isEmpty()) return false;
    return true;
  }

  /** The members, depth first in FieldsV1 order. */
  paths(): FieldPath[] {
    const out: FieldPath[] = [];
    const walk = (n: FieldSet, prefix: PathElement[]): void => {
      if (n.member && prefix.length > 0) out.push([...prefix]);
      for (const [e, c] of n.sortedChildren()) walk(c, [...prefix, e]);
    };
    walk(this, []);
    return out;
  }

  size(): number {
    return this.paths().length;
  }

  union(other: FieldSet): FieldSet {
    return FieldSet.combine(this, other, (a, b) => a || b);
  }

  intersection(other: FieldSet): FieldSet {
    return FieldSet.combine(this, other, (a, b) => a && b);
  }

  /** Members of this set that are not members of `other` (member by member, as upstream's Difference). */
  difference(other: FieldSet): FieldSet {
    return FieldSet.combine(this, other, (a, b) => a && !b);
  }

  /** Like difference, but a member of `other` also removes every path below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const p of this.paths()) {
      let covered = false;
      for (let i = 1; i <= p.length && !covered; i++) covered = other.has(p.slice(0, i));
      if (!covered) out.insert(p);
    }
    return out;
  }

  /** The subtree below `prefix`, with paths relative to it. */
  subset(prefix: FieldPath): FieldSet {
    return this.node(prefix)?.copy() ?? new FieldSet();
  }

  equals(other: FieldSet): boolean {
    return this.difference(other).isEmpty() && other.difference(this).isEmpty();
  }

  /** The FieldsV1 object: `{"f:spec":{"f:replicas":{}}}`. */
  toFieldsV1(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.member && this.children.size > 0) out['.'] = {};
    for (const [e, c] of this.sortedChildren()) {
      if (c.isEmpty()) continue;
      out[e] = c.toFieldsV1();
    }
    return out;
  }

  private sortedChildren(): [PathElement, FieldSet][] {
    return [...this.children.entries()].sort(([a], [b]) => compareElements(a, b));
  }

  private child(e: PathElement): FieldSet {
    let c = this.children.get(e);
    if (!c) {
      c = new FieldSet();
      this.children.set(e, c);
    }
    return c;
  }

  private node(path: FieldPath): FieldSet | undefined {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- a cursor walking down from this node
    let node: FieldSet | undefined = this;
    for (const e of path) {
      node = node.children.get(e);
      if (!node) return undefined;
    }
    return node;
  }

  private copy(): FieldSet {
    return FieldSet.combine(this, new FieldSet(), (a) => a);
  }

  private static combine(a: FieldSet | undefined, b: FieldSet | undefined, op: (x: boolean, y: boolean) => boolean): FieldSet {
    const out = new FieldSet();
    out.member = op(a?.member ?? false, b?.member ?? false);
    // Children are only kept when non-empty, so emptiness is checked without walking subtrees.
    const keep = (k: PathElement, c: FieldSet): void => {
      if (c.member || c.children.size > 0) out.children.set(k, c);
    };
    if (a) for (const [k, ac] of a.children) keep(k, FieldSet.combine(ac, b?.children.get(k), op));
    if (b) for (const [k, bc] of b.children) if (!a?.children.has(k)) keep(k, FieldSet.combine(undefined, bc, op));
    return out;
  }

  /** Marks the node itself a member (used by the FieldsV1 decoder for `.` and leaves). */
  markMember(): void {
    this.member = true;
  }

  /** The child node for `e`, created when absent (used by the FieldsV1 decoder). */
  descend(e: PathElement): FieldSet {
    return this.child(e);
  }
}
