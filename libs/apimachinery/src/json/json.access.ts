/**
 * Narrowing, reading and in-place defaulting of plain-JSON objects without `any`. Missing or mistyped
 * values read as the zero value, as Go's decoder would leave them.
 */
export type Json = Record<string, unknown>;
export type JsonRecord = Json;

export { jsonEqual } from './json.equal.js';

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

/** A string map such as labels or a selector; non-string values are ignored. */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

export function rec(v: unknown): Json {
  return isRecord(v) ? v : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function recs(v: unknown): JsonRecord[] {
  return arr(v).filter(isRecord);
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function optStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export function optNum(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function bool(v: unknown): boolean {
  return v === true;
}

export function optBool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/** Follows a chain of object keys; anything missing on the way yields undefined. */
export function at(v: unknown, ...keys: string[]): unknown {
  let cur = v;
  for (const k of keys) {
    if (!isRecord(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** Renders an int-or-string (intstr) value as Go's IntOrString.String() does. */
export function intOrString(v: unknown): string {
  if (typeof v === 'number') return String(Math.trunc(v));
  return str(v);
}

/** Like `at`, reading every missing or mistyped step as an empty record (field getters). */
export function path(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) cur = rec(cur)[k];
  return cur;
}
