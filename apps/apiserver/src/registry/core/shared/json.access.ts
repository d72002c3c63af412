/** Narrowing and in-place mutation helpers for plain-JSON objects (no `any`). */
export type Json = Record<string, unknown>;

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The record under `key`, created empty when absent or mistyped, so defaults can be written into it. */
export function child(parent: Json, key: string): Json {
  const v = parent[key];
  if (isRecord(v)) return v;
  const fresh: Json = {};
  parent[key] = fresh;
  return fresh;
}

export function recordOf(v: unknown): Json | undefined {
  return isRecord(v) ? v : undefined;
}

export function records(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

export function stringOf(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Sets `obj[key] = value` only when the field is unset (Go defaulting treats nil/"" as unset). */
export function setDefault(obj: Json, key: string, value: unknown): void {
  const cur = obj[key];
  if (cur === undefined || cur === null || cur === '') obj[key] = value;
}

export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

export { jsonEqual } from '../../../../../../libs/apimachinery/src/json/json.equal.js';

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}
