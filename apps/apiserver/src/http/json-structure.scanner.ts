/**
 * One pass over JSON text (already known to be valid) that finds what JSON.parse hides: the
 * nesting depth (checked against a limit before any recursive code sees the value) and duplicate
 * object keys (JSON.parse keeps the last one silently; upstream's strict decoder reports
 * `duplicate field "<path>"`). No recursion, no allocation per value beyond one frame per level.
 */
interface JsonStructure {
  /** Dotted paths (`data.a`, `spec.containers[0].image`) of keys that occur twice in one object. */
  readonly duplicates: string[];
}

export class JsonDepthError extends Error {
  override readonly name = 'JsonDepthError';
  constructor(readonly char: string) {
    super(`invalid character '${char}' exceeded max depth`);
  }
}

interface Frame {
  readonly object: boolean;
  readonly keys: Set<string> | undefined;
  /** Segment of this container in its parent's path ('' for the root). */
  readonly segment: string;
  /** Whether the segment is a list position (`[3]`) rather than a key. */
  readonly indexed: boolean;
  index: number;
  expectKey: boolean;
  lastKey: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function scanJsonStructure(text: string, maxDepth: number): JsonStructure {
  const duplicates: string[] = [];
  const frames: Frame[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      let escaped = false;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === BACKSLASH) {
          escaped = true;
          j++;
        } else if (d === QUOTE) break;
      }
      const top = frames[frames.length - 1];
      if (top?.object && top.expectKey) {
        const raw = text.slice(i + 1, j);
        const key = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        top.expectKey = false;
        top.lastKey = key;
        if (top.keys!.has(key)) duplicates.push(pathOf(frames, key));
        else top.keys!.add(key);
      }
      i = j;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (frames.length >= maxDepth) throw new JsonDepthError(text[i]!);
      const parent = frames[frames.length - 1];
      const segment = parent === undefined ? '' : parent.object ? parent.lastKey : `[${parent.index}]`;
      const object = c === 0x7b;
      frames.push({
        object,
        keys: object ? new Set() : undefined,
        segment,
        indexed: parent !== undefined && !parent.object,
        index: 0,
        expectKey: object,
        lastKey: '',
      });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      frames.pop();
    } else if (c === 0x2c /* , */) {
      const top = frames[frames.length - 1];
      if (top?.object) top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return { duplicates };
}

/** Upstream's field path notation: keys joined by dots, list positions as `[i]`. */
function pathOf(frames: readonly Frame[], key: string): string {
  let path = '';
  for (const f of frames.slice(1)) path = f.indexed ? `${path}${f.segment}` : path ? `${path}.${f.segment}` : f.segment;
  return path ? `${path}.${key}` : key;
}
