import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FieldSchema, MessageSchema, ProtoSchema, ScalarKind, ValueType } from './proto-schema.types.js';

const TABLE_FILE = 'proto-schema.json';
const TABLE_FROM_ROOT = join('libs', 'api', 'src', 'protobuf', TABLE_FILE);

const SCALARS: ReadonlySet<string> = new Set<ScalarKind>([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

function isScalar(name: string): name is ScalarKind {
  return SCALARS.has(name);
}

/**
 * The compiled module lives under a build folder that does not carry the JSON, so the table is
 * looked for beside the module first and then under the project root (the nearest package.json).
 */
function locateSchemaFile(fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl));
  const beside = join(dir, TABLE_FILE);
  if (existsSync(beside)) return beside;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      const candidate = join(dir, TABLE_FROM_ROOT);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${TABLE_FILE} not found above ${fileURLToPath(fromUrl)}`);
    dir = parent;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function valueType(ref: string, pkg: string): ValueType {
  if (isScalar(ref)) return { kind: 'scalar', scalar: ref };
  return { kind: 'message', message: ref.includes('.') ? ref : `${pkg}.${ref}` };
}

function parseField(row: unknown, where: string, pkg: string): FieldSchema {
  if (!Array.isArray(row)) throw new Error(`${where}: field row is not an array`);
  const [number, jsonName, type, flags = ''] = row as unknown[];
  if (typeof number !== 'number' || typeof jsonName !== 'string' || typeof type !== 'string' || typeof flags !== 'string') {
    throw new Error(`${where}: malformed field row`);
  }
  let mapKey: ScalarKind | undefined;
  let ref = type;
  if (type.startsWith('map:')) {
    const [, key = '', value = ''] = /^map:(\w+):(.+)$/.exec(type) ?? [];
    if (!isScalar(key)) throw new Error(`${where}.${jsonName}: bad map key ${key}`);
    mapKey = key;
    ref = value;
  }
  const field: FieldSchema = {
    number,
    jsonName,
    type: valueType(ref, pkg),
    repeated: flags.includes('r'),
    inline: flags.includes('i'),
    keepZero: flags.includes('p') || flags.includes('q'),
    ...(mapKey ? { mapKey } : {}),
  };
  return field;
}

function parseMessage(name: string, body: unknown, pkg: string): MessageSchema {
  const listWrapper = isRecord(body) && Array.isArray(body.list);
  const rows: unknown = isRecord(body) ? body.list : body;
  if (!Array.isArray(rows)) throw new Error(`${name}: expected a field list`);
  const fields = rows.map((r) => parseField(r, name, pkg));
  return { name, fields, byNumber: new Map(fields.map((f) => [f.number, f])), listWrapper };
}

function parseProtoSchema(json: unknown): ProtoSchema {
  if (!isRecord(json) || !isRecord(json.packages) || typeof json.kubernetes !== 'string') {
    throw new Error('proto schema: unexpected top-level shape');
  }
  const messages = new Map<string, MessageSchema>();
  for (const [pkg, byName] of Object.entries(json.packages)) {
    if (!isRecord(byName)) throw new Error(`proto schema: package ${pkg} is not an object`);
    for (const [short, body] of Object.entries(byName)) {
      const name = `${pkg}.${short}`;
      messages.set(name, parseMessage(name, body, pkg));
    }
  }
  return { kubernetes: json.kubernetes, message: (n) => messages.get(n) };
}

let cached: ProtoSchema | undefined;

/** The table, read and indexed once per process. */
export function protoSchema(): ProtoSchema {
  cached ??= parseProtoSchema(JSON.parse(readFileSync(locateSchemaFile(), 'utf8')) as unknown);
  return cached;
}
