import {
  cloneJson,
  jsonValuesEqual,
  ownValue,
  setOwn,
  type JsonMap,
} from '../../../../../../libs/apimachinery/src/json/json-value.util.js';
import { ApiError } from '../../../../../../libs/apimachinery/src/status.errors.js';

/** Upstream caps JSON patch work (CVE-2019-1002100): operations per patch and resulting size. */
const MAX_OPERATIONS = 10_000;
const MAX_RESULT_BYTES = 3 * 1024 * 1024;

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/'))
    throw ApiError.badRequest(`the server rejected our request due to an error in our request: invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = JsonMap | unknown[];

function parentOf(doc: unknown, tokens: string[]): { parent: Container; last: string } {
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    // Own properties only: `/__proto__/x` or `/constructor/prototype/x` name missing keys.
    if (Array.isArray(cur)) cur = /^(0|[1-9][0-9]*)$/.test(t) ? cur[Number(t)] : undefined;
    else if (cur && typeof cur === 'object') cur = ownValue(cur as JsonMap, t);
    else cur = undefined;
    if (cur === undefined || cur === null || typeof cur !== 'object') {
      throw ApiError.new422(`doc is missing path: "/${tokens.join('/')}": missing value`);
    }
  }
  // The document itself may be a scalar (a patch can replace the root).
  if (cur === null || typeof cur !== 'object') throw ApiError.new422(`doc is missing path: "/${tokens.join('/')}": missing value`);
  return { parent: cur as Container, last: tokens[tokens.length - 1]! };
}

function index(arr: unknown[], t: string, forAdd: boolean): number {
  if (forAdd && t === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(t)) throw ApiError.new422(`invalid array index "${t}"`);
  const i = Number(t);
  if (i > arr.length || (!forAdd && i >= arr.length)) throw ApiError.new422(`Unable to access invalid index: ${i}`);
  return i;
}

function get(doc: unknown, path: string): unknown {
  const tokens = pointer(path);
  if (tokens.length === 0) return doc;
  const { parent, last } = parentOf(doc, tokens);
  const v = Array.isArray(parent) ? parent[index(parent, last, false)] : ownValue(parent, last);
  if (v === undefined) throw ApiError.new422(`doc is missing path: "${path}": missing value`);
  return v;
}

function remove(doc: unknown, path: string): unknown {
  const tokens = pointer(path);
  const { parent, last } = parentOf(doc, tokens);
  if (Array.isArray(parent)) return parent.splice(index(parent, last, false), 1)[0];
  if (!Object.hasOwn(parent, last)) throw ApiError.new422(`Unable to remove nonexistent key: ${last}: missing value`);
  const v = parent[last];
  delete parent[last];
  return v;
}

function add(doc: unknown, path: string, value: unknown, replace: boolean): unknown {
  const tokens = pointer(path);
  if (tokens.length === 0) return cloneJson(value);
  const { parent, last } = parentOf(doc, tokens);
  if (Array.isArray(parent)) {
    const i = index(parent, last, !replace);
    if (replace) parent[i] = cloneJson(value);
    else parent.splice(i, 0, cloneJson(value));
  } else {
    if (replace && !Object.hasOwn(parent, last))
      throw ApiError.new422(`replace operation does not apply: doc is missing key: ${path}: missing value`);
    setOwn(parent, last, cloneJson(value));
  }
  return doc;
}

/** RFC 6902 JSON patch with bounded work; failures are 422 (or 400 for a malformed patch). */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw ApiError.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  if (patch.length > MAX_OPERATIONS) {
    throw new ApiError(
      413,
      'RequestEntityTooLarge',
      `The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${patch.length}`,
    );
  }
  let doc = cloneJson(target);
  let budget = MAX_RESULT_BYTES * 2;
  for (const raw of patch as Operation[]) {
    if (!raw || typeof raw !== 'object' || !Object.hasOwn(raw, 'op') || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw ApiError.badRequest('the server rejected our request due to an error in our request: invalid JSON patch operation');
    }
    if ((raw.op === 'add' || raw.op === 'replace' || raw.op === 'test') && !Object.hasOwn(raw, 'value')) {
      throw ApiError.new422(`${raw.op} operation does not apply: doc is missing value: missing value`);
    }
    switch (raw.op) {
      case 'add':
        doc = add(doc, raw.path, raw.value, false);
        break;
      case 'replace':
        doc = add(doc, raw.path, raw.value, true);
        break;
      case 'remove':
        remove(doc, raw.path);
        break;
      case 'move': {
        const v = remove(doc, raw.from ?? '');
        doc = add(doc, raw.path, v, false);
        break;
      }
      case 'copy': {
        const v = get(doc, raw.from ?? '');
        // Copies are how the CVE shape grows a document exponentially: account for their size.
        budget -= JSON.stringify(v)?.length ?? 0;
        if (budget < 0) throw ApiError.new422('the allowed maximum size of copied values in a JSON patch was exceeded');
        doc = add(doc, raw.path, v, false);
        break;
      }
      case 'test':
        if (!jsonValuesEqual(get(doc, raw.path), raw.value)) {
          throw ApiError.new422(`testing value ${raw.path} failed: test failed`);
        }
        break;
      default:
        throw ApiError.badRequest(`Unexpected kind: ${raw.op}`);
    }
  }
  if (JSON.stringify(doc).length > MAX_RESULT_BYTES) {
    throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: the JSON patch result exceeds the allowed size');
  }
  return doc;
}
