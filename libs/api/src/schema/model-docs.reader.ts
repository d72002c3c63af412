import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Field descriptions and required-ness, read from the JSDoc in client-node's generated .d.ts files
 * (the .js models carry types only). Read lazily per model and cached: most requests never need
 * a description, and committing a generated multi-MB table would be worse.
 */
interface ModelDocs {
  readonly description?: string;
  /** Keyed by the client-node property name (e.g. '_default', not 'default'). */
  readonly fields: ReadonlyMap<string, string>;
  readonly required: ReadonlySet<string>;
}

const EMPTY: ModelDocs = { fields: new Map(), required: new Set() };
const cache = new Map<string, ModelDocs>();
let modelsDir: string | undefined;

function dir(): string {
  if (!modelsDir) {
    const require = createRequire(import.meta.url);
    modelsDir = join(dirname(require.resolve('@kubernetes/client-node')), 'gen', 'models');
  }
  return modelsDir;
}

export function modelDocs(model: string): ModelDocs {
  let docs = cache.get(model);
  if (!docs) {
    docs = readDocs(model);
    cache.set(model, docs);
  }
  return docs;
}

function readDocs(model: string): ModelDocs {
  if (!/^[A-Za-z0-9]+$/.test(model)) return EMPTY;
  let text: string;
  try {
    text = readFileSync(join(dir(), `${model}.d.ts`), 'utf8');
  } catch {
    return EMPTY;
  }
  return parseDocs(text);
}

const FIELD_RE = /^ {4}'([^']+)'(\?)?:/;

/** Exported for tests: parses one generated declaration file. */
function parseDocs(text: string): ModelDocs {
  const fields = new Map<string, string>();
  const required = new Set<string>();
  let description: string | undefined;
  let pending: string[] | undefined;
  let doc: string | undefined;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (pending) {
      if (trimmed === '*/') {
        doc = pending.join('\n').trim();
        pending = undefined;
      } else {
        pending.push(trimmed.replace(/^\* ?/, ''));
      }
      continue;
    }
    if (trimmed === '/**') {
      pending = [];
      continue;
    }
    if (trimmed.startsWith('export declare class')) {
      if (doc) description = doc;
      doc = undefined;
      continue;
    }
    const field = FIELD_RE.exec(line);
    if (field?.[1]) {
      if (doc) fields.set(field[1], doc);
      if (!field[2]) required.add(field[1]);
      doc = undefined;
    } else if (trimmed.startsWith('import ') || trimmed.startsWith('static ')) {
      doc = undefined;
    }
  }
  return description === undefined ? { fields, required } : { description, fields, required };
}
