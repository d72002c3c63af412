import { isPathElement } from './field-path.model.js';
import { FieldSet } from './field-set.model.js';

class FieldsV1Error extends Error {
  override readonly name = 'FieldsV1Error';
}

/**
 * Decodes a FieldsV1 object. A key maps to `{}` for a leaf member, to an object of children
 * otherwise; `.` inside marks the node itself a member.
 */
export function decodeFieldsV1(raw: unknown): FieldSet {
  const set = new FieldSet();
  decodeInto(set, raw, '');
  return set;
}

function decodeInto(node: FieldSet, raw: unknown, at: string): void {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new FieldsV1Error(`expected an object at ${at || 'the root'}`);
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key === '.') {
      node.markMember();
      continue;
    }
    if (!isPathElement(key)) throw new FieldsV1Error(`invalid path element ${JSON.stringify(key)}`);
    const child = node.descend(key);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FieldsV1Error(`expected an object at ${key}`);
    if (Object.keys(value).length === 0) child.markMember();
    else decodeInto(child, value, key);
  }
}
