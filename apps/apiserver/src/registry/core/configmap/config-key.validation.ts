import { jsonEqual } from '../../../../../../libs/apimachinery/src/json/json.equal.js';
import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { regexError } from '../../../../../../libs/apimachinery/src/validation/format.validation.js';
import { isRecord } from '../../../../../../libs/apimachinery/src/json/json.access.js';

const KEY_FMT = '[-._a-zA-Z0-9]+';
const KEY_RE = /^[-._a-zA-Z0-9]+$/;

/** IsConfigMapKey, shared by ConfigMap and Secret data keys. */
function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!KEY_RE.test(key))
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        KEY_FMT,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

export function validateKeys(map: unknown, field: string): FieldError[] {
  if (!isRecord(map)) return [];
  const errs: FieldError[] = [];
  for (const k of Object.keys(map)) for (const m of configKeyErrors(k)) errs.push(FieldError.invalid(`${field}[${k}]`, k, m));
  return errs;
}

/** The rule for objects with `immutable: true` (ConfigMap, Secret). */
export function immutableErrors(obj: Record<string, unknown>, old: Record<string, unknown>, fields: readonly string[]): FieldError[] {
  if (old['immutable'] !== true) return [];
  const errs: FieldError[] = [];
  if (obj['immutable'] !== true) errs.push(FieldError.forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const f of fields) {
    if (!jsonEqual(obj[f] ?? {}, old[f] ?? {})) errs.push(FieldError.forbidden(f, 'field is immutable when `immutable` is set'));
  }
  return errs;
}

/** ConfigMap and Secret payloads are limited to 1 MiB in total (upstream's MaxSecretSize). */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Sum of the payload sizes: string values as UTF-8, base64 values decoded. */
export function payloadSizeErrors(maps: Array<{ map: unknown; base64: boolean }>): FieldError[] {
  let total = 0;
  for (const { map, base64 } of maps) {
    if (!isRecord(map)) continue;
    for (const v of Object.values(map)) {
      if (typeof v !== 'string') continue;
      total += base64 ? Math.floor((v.length * 3) / 4) - (v.endsWith('==') ? 2 : v.endsWith('=') ? 1 : 0) : Buffer.byteLength(v);
    }
  }
  return total > MAX_CONFIG_BYTES ? [FieldError.tooLong('[]', MAX_CONFIG_BYTES)] : [];
}
