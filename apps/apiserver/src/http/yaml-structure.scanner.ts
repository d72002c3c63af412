import { Parser } from 'yaml';

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/**
 * An upper bound on the nesting depth of a YAML stream once composed, from the `yaml` package's
 * concrete syntax tree. Its lexer and parser keep their own stack; composing the tree into
 * JavaScript values recurses once per level (and a deep enough document crashes the process
 * inside V8, beyond any try/catch), so the depth is checked here first. An alias expands to its
 * anchored tree; along any path each expansion enters a different anchor, so with aliases present
 * the bound is the textual depth times (anchors + 1).
 */
export function yamlDepthBound(text: string): number {
  let depth = 0;
  let anchors = 0;
  let aliases = 0;
  const stack: Array<[unknown, number]> = [];
  for (const token of new Parser().parse(text)) stack.push([token, 0]);
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const child of node) if (child !== null && typeof child === 'object') stack.push([child, d]);
      continue;
    }
    const type = (node as { type?: unknown }).type;
    if (type === 'anchor') anchors++;
    else if (type === 'alias') aliases++;
    const inner = typeof type === 'string' && COLLECTIONS.has(type) ? d + 1 : d;
    if (inner > depth) depth = inner;
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') stack.push([child, inner]);
  }
  return aliases === 0 ? depth : depth * (anchors + 1);
}
