import { decodeFieldsV1 } from './fields-v1.codec.js';
import { FieldSet } from './field-set.model.js';

type ManagedOperation = 'Apply' | 'Update';

/** One metadata.managedFields entry, its FieldsV1 decoded. */
export interface ManagedEntry {
  readonly manager: string;
  readonly operation: ManagedOperation;
  readonly apiVersion: string;
  readonly time?: string;
  readonly subresource?: string;
  readonly fields: FieldSet;
}

/**
 * Who a manager is (upstream's BuildManagerIdentifier): name, operation and subresource; an
 * updater also by API version, an applier keeps one identity whatever version it applies with.
 * Written in the field order of metav1.ManagedFieldsEntry, as conflicts sort by it.
 */
export function managerId(e: Pick<ManagedEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify({
    manager: e.manager,
    operation: e.operation,
    ...(e.operation === 'Update' ? { apiVersion: e.apiVersion } : {}),
    ...(e.subresource ? { subresource: e.subresource } : {}),
  });
}

/** How conflicts name a manager: `"kubectl" with subresource "scale" using apps/v1`. */
export function printManager(e: Pick<ManagedEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion}`;
  return s;
}

/**
 * Decodes metadata.managedFields; undefined when it is absent, empty or malformed (the caller then
 * keeps what is stored, as upstream ignores managed fields it cannot decode in a request).
 * Entries of the same manager are merged.
 */
export function decodeManagedFields(raw: unknown): Map<string, ManagedEntry> | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const out = new Map<string, ManagedEntry>();
  for (const r of raw) {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return undefined;
    const o = r as Record<string, unknown>;
    const operation = o['operation'];
    const manager = o['manager'] ?? '';
    const apiVersion = o['apiVersion'] ?? '';
    const fieldsType = o['fieldsType'];
    if (typeof manager !== 'string' || typeof apiVersion !== 'string') return undefined;
    // `[{}]` is how a client clears managed fields: an entry without operation owns nothing.
    if (operation === undefined && fieldsType === undefined && o['fieldsV1'] === undefined) continue;
    if ((operation !== 'Apply' && operation !== 'Update') || (fieldsType !== undefined && fieldsType !== 'FieldsV1')) return undefined;
    let fields: FieldSet;
    try {
      fields = decodeFieldsV1(o['fieldsV1'] ?? {});
    } catch {
      return undefined;
    }
    const entry: ManagedEntry = {
      manager,
      operation,
      apiVersion,
      ...(typeof o['time'] === 'string' ? { time: o['time'] } : {}),
      ...(typeof o['subresource'] === 'string' && o['subresource'] ? { subresource: o['subresource'] } : {}),
      fields,
    };
    const id = managerId(entry);
    const prev = out.get(id);
    out.set(id, prev ? { ...entry, fields: prev.fields.union(fields) } : entry);
  }
  return out;
}

function seconds(time: string | undefined): number {
  return time ? Math.floor(Date.parse(time) / 1000) : 0;
}

/** The entries as stored: empty ones dropped, sorted as upstream (operation, time, manager, version). */
export function encodeManagedFields(entries: Iterable<ManagedEntry>): Record<string, unknown>[] {
  const list = [...entries].filter((e) => !e.fields.isEmpty());
  list.sort((p, q) => {
    if (p.operation !== q.operation) return p.operation < q.operation ? -1 : 1;
    const ps = seconds(p.time);
    const qs = seconds(q.time);
    if (ps !== qs) return ps - qs;
    if (p.manager !== q.manager) return p.manager < q.manager ? -1 : 1;
    if (p.apiVersion !== q.apiVersion) return p.apiVersion < q.apiVersion ? -1 : 1;
    return (p.subresource ?? '') < (q.subresource ?? '') ? -1 : (p.subresource ?? '') > (q.subresource ?? '') ? 1 : 0;
  });
  return list.map((e) => ({
    manager: e.manager,
    operation: e.operation,
    apiVersion: e.apiVersion,
    ...(e.time ? { time: e.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: e.fields.toFieldsV1(),
    ...(e.subresource ? { subresource: e.subresource } : {}),
  }));
}

/** Upstream's limit on a field manager's name. */
const FIELD_MANAGER_MAX_LENGTH = 128;

/**
 * The manager of a request without fieldManager (upstream's prefixFromUserAgent): the User-Agent
 * up to its first `/` (`kubectl`), printable characters only, at most 128 bytes.
 */
export function managerFromUserAgent(userAgent: string | undefined): string {
  let out = '';
  for (const ch of (userAgent ?? '').split('/')[0] ?? '') {
    if (!/^\P{C}$/u.test(ch)) continue;
    if (Buffer.byteLength(out + ch) > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
  }
  return out;
}
