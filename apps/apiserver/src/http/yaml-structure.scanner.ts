import { Parser } from 'yaml';

/**
 * Nesting depth of a YAML stream, from the `yaml` package's concrete syntax tree. Its lexer and
 * parser keep their own stack; composing the tree into JavaScript values recurses once per level
 * (and a deep enough document crashes the process inside V8, beyond any try/catch), so the depth
 * is checked here first. An alias may expand to a whole anchored tree: with aliases present the
 * bound is the textual depth times (aliases + 1).
 */
export function yamlDepthBound(text: string): number {
  let depth = 0;
  let aliases = 0;
  const stack: Array<[unknown, number]> = [];
  for (const token of new Parser().parse(text)) stack.push([token, 0]);
  while (stack.length > 0) {
    const [tok, d] = stack.pop()!;
    if (tok === null || typeof tok !== 'object') continue;
    const t = tok as { type?: string; value?: unknown; items?: Array<{ key?: unknown; value?: unknown }> };
    switch (t.type) {
      case 'document':
        stack.push([t.value, d]);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        if (d + 1 > depth) depth = d + 1;
        for (const item of t.items ?? []) {
          stack.push([item.key, d + 1]);
          stack.push([item.value, d + 1]);
        }
        break;
      case 'alias':
        aliases++;
        break;
      default:
        break;
    }
  }
  return aliases === 0 ? depth : depth * (aliases + 1);
}
