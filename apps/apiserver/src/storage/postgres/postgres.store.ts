import type pg from 'pg';
import { ApiError, FieldError } from '../../../../../libs/apimachinery/src/status.errors.js';
import { jsonEqual } from '../../../../../libs/apimachinery/src/json/json.equal.js';
import type { KubeObject } from '../../registry/generic/strategy.interface.js';
import {
  StorageError,
  type ChangeBatch,
  type ChangeFeed,
  type DeleteOptions,
  type ListOptions,
  type ListResult,
  type ObjectKey,
  type Storage,
  type StorageSnapshot,
  type StoredEvent,
  type UpdateFn,
  type Watch,
  type WatchEventType,
  type WatchOptions,
  type WriteOptions,
} from '../storage.interface.js';
import { retryRead, withClient } from './connection.errors.js';
import type { Database } from './database.js';
import { decodeStored, prepareStored, wellFormed } from './json.encoding.js';
import { PostgresListener } from './postgres.listener.js';
import { openPostgresWatch } from './postgres.watch.js';
import { WriteBatcher, type WriteOp, type WriteResult } from './write.batcher.js';

const EVENT_TYPES: Record<number, WatchEventType> = { 1: 'ADDED', 2: 'MODIFIED', 3: 'DELETED' };
const MAX_UPDATE_ATTEMPTS = 64;

interface ObjectRow {
  namespace: string;
  name: string;
  rv: number;
  data: KubeObject;
  /** The exact JSON text when jsonb could not hold the object (see json.encoding.ts). */
  exact: string | null;
}

interface EventRow extends ObjectRow {
  resource: string;
  type: number;
}

function hasNul(s: string): boolean {
  return s.includes('\u0000');
}

/** The object a row holds, with its version. */
function fromRow(row: { data: KubeObject; exact: string | null; rv: number }): KubeObject {
  return withRv(decodeStored(row.data, row.exact), row.rv);
}

/** Stored data never carries the resourceVersion: the row's rv column is the truth. */
function withRv(data: KubeObject, rv: number): KubeObject {
  const metadata = { ...(data.metadata ?? {}), resourceVersion: String(rv) };
  return { ...data, metadata };
}

function withoutRv(obj: KubeObject): KubeObject {
  if (!obj.metadata || obj.metadata.resourceVersion === undefined) return obj;
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

/**
 * The PostgreSQL backend: the only code that touches SQL. Current state in `objects`, history in
 * `events`, all writes through kop_write (see the migration) so resourceVersion order is commit order.
 * It is a complete `Storage` on its own (its watches read the history, woken by LISTEN) and the
 * `ChangeFeed` the watch cache (storage/watch) follows when it decorates it.
 */
export class PostgresStore implements Storage, ChangeFeed {
  private readonly writer: WriteBatcher;
  private listener: PostgresListener | undefined;
  /** Backend watches of this process, woken at once by its own commits. */
  private readonly localWake = new Set<() => void>();
  /** Told of every change this process committed, in completion order (the watch cache listens). */
  onCommitted: ((events: StoredEvent[]) => void) | undefined;

  constructor(readonly db: Database) {
    this.writer = new WriteBatcher(db.pool, (ops, results) => this.committed(ops, results));
  }

  private committed(ops: WriteOp[], results: WriteResult[]): void {
    for (const wake of this.localWake) wake();
    if (!this.onCommitted) return;
    const events: StoredEvent[] = [];
    ops.forEach((op, i) => {
      const r = results[i];
      if (!r || r.error || r.rv === undefined) return;
      const key = { resource: op.resource, namespace: op.namespace, name: op.name };
      // A delete reports the row the database removed: a write may have landed since it was read.
      const data = op.op === 'delete' ? r.data : op.data;
      if (!data) return;
      events.push({
        type: op.op === 'create' ? 'ADDED' : op.op === 'update' ? 'MODIFIED' : 'DELETED',
        rv: r.rv,
        key,
        object: withRv(data, r.rv),
      });
    });
    events.sort((a, b) => a.rv - b.rv);
    this.onCommitted(events);
  }

  async get(key: ObjectKey): Promise<KubeObject | undefined> {
    // No stored key holds U+0000 (text columns cannot): such a name is simply not there.
    if (hasNul(key.name) || hasNul(key.namespace)) return undefined;
    const res = await this.read((c) =>
      c.query<{ rv: number; data: KubeObject; exact: string | null }>({
        name: 'kop_get_exact',
        text: 'SELECT rv, data, exact FROM objects WHERE resource = $1 AND namespace = $2 AND name = $3',
        values: [key.resource, key.namespace, key.name],
      }),
    );
    const row = res.rows[0];
    return row ? fromRow(row) : undefined;
  }

  /**
   * A consistent list: the first page from `objects` in one snapshot together with the version it
   * is consistent at; later pages (`atRv`) rebuilt from history as of that version.
   */
  list(resource: string, namespace: string | undefined, opts: ListOptions = {}): Promise<ListResult> {
    return this.read(async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const rv = opts.atRv ?? (await this.currentRvWith(client));
      if (opts.atRv !== undefined) {
        const compacted = await this.compactedRvWith(client);
        if (opts.atRv < compacted) {
          throw new StorageError(
            'Expired',
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
          );
        }
      }
      const params: unknown[] = [resource];
      let where = 'resource = $1';
      if (namespace !== undefined && hasNul(namespace)) {
        where += ' AND false';
      } else if (namespace !== undefined) {
        params.push(namespace);
        where += ` AND namespace = $${params.length}`;
      }
      if (opts.after) {
        params.push(opts.after.namespace, opts.after.name);
        where += ` AND (namespace, name) > ($${params.length - 1}, $${params.length})`;
      }
      let sql: string;
      if (opts.atRv === undefined) {
        sql = `SELECT namespace, name, rv, data, exact FROM objects WHERE ${where} ORDER BY namespace, name`;
      } else {
        params.push(opts.atRv);
        sql = `SELECT namespace, name, rv, data, exact FROM (
                 SELECT DISTINCT ON (namespace, name) namespace, name, rv, type, data, exact FROM events
                 WHERE ${where} AND rv <= $${params.length}
                 ORDER BY namespace, name, rv DESC) s
               WHERE type <> 3 ORDER BY namespace, name`;
      }
      const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
      const filter = opts.filter;
      const items: KubeObject[] = [];
      let next: { namespace: string; name: string } | undefined;
      let remaining = 0;
      if (limit && !filter) {
        // Unfiltered pages: the database does the paging and counts what is left.
        const rows = (await client.query<ObjectRow>(`${sql} LIMIT ${limit + 1}`, params)).rows;
        for (const row of rows.slice(0, limit)) items.push(fromRow(row));
        if (rows.length > limit) {
          const last = rows[limit - 1]!;
          next = { namespace: last.namespace, name: last.name };
          const count = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) c`, params);
          remaining = (count.rows[0]?.n ?? limit) - limit;
        }
      } else {
        // Filtered lists: selectors need the parsed object, so rows are filtered here.
        const rows = (await client.query<ObjectRow>(sql, params)).rows;
        for (const row of rows) {
          const obj = fromRow(row);
          if (filter && !filter(obj)) continue;
          if (limit && items.length >= limit) {
            remaining++;
            continue;
          }
          items.push(obj);
          if (limit && items.length === limit) next = { namespace: row.namespace, name: row.name };
        }
        if (remaining === 0) next = undefined;
      }
      await client.query('COMMIT');
      return { items, rv, next, remaining: next ? remaining : undefined };
    });
  }

  async create(objectKey: ObjectKey, obj: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    // The name as upstream decodes it (lone surrogates as U+FFFD), like the object's own metadata.name.
    const key = { ...objectKey, name: wellFormed(objectKey.name) };
    if (hasNul(key.name)) {
      // Only kinds without a name rule (core/v1 Events) get here. Upstream stores such a name; the
      // key columns here cannot, so the write is refused as invalid instead of failing with a 500.
      const group = obj.apiVersion?.includes('/') ? obj.apiVersion.split('/')[0]! : '';
      throw ApiError.invalid(obj.kind ?? key.resource, group, key.name, [
        FieldError.invalid('metadata.name', key.name, 'must not contain the character U+0000'),
      ]);
    }
    const { data, text } = prepareStored(withoutRv(obj));
    if (opts.dryRun) {
      const existing = await this.get(key);
      if (existing) throw new StorageError('AlreadyExists', `${key.name} already exists`);
      return data;
    }
    const uid = String(obj.metadata?.uid ?? '');
    const r = await this.writer.submit({ op: 'create', ...key, uid, data, text });
    this.check(r, key);
    return withRv(data, r.rv!);
  }

  async guaranteedUpdate(key: ObjectKey, update: UpdateFn, opts: WriteOptions & { expectRv?: number } = {}): Promise<KubeObject> {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const current = await this.get(key);
      if (!current) throw new StorageError('NotFound', `${key.name} not found`);
      const currentRv = Number(current.metadata?.resourceVersion);
      if (opts.expectRv !== undefined && opts.expectRv !== currentRv) {
        throw new StorageError('Conflict', 'the object has been modified', currentRv);
      }
      const next = await update(clone(current));
      const { data, text } = prepareStored(withoutRv(next));
      if (opts.dryRun) return withRv(data, currentRv);
      // No-op updates keep their version, as upstream (key order differs between jsonb and clients).
      if (jsonEqual(data, withoutRv(current))) return current;
      const r = await this.writer.submit({ op: 'update', ...key, expectRv: currentRv, data, text });
      if (r.error === 'conflict' && opts.expectRv === undefined) continue;
      this.check(r, key);
      return withRv(data, r.rv!);
    }
    throw new StorageError('Conflict', 'too many concurrent updates');
  }

  async delete(key: ObjectKey, opts: DeleteOptions = {}): Promise<KubeObject> {
    const current = await this.get(key);
    if (!current) throw new StorageError('NotFound', `${key.name} not found`);
    const currentRv = Number(current.metadata?.resourceVersion);
    if (opts.expectUid !== undefined && opts.expectUid !== current.metadata?.uid) {
      throw new StorageError('UidMismatch', 'uid mismatch', currentRv);
    }
    if (opts.expectRv !== undefined && opts.expectRv !== currentRv) {
      throw new StorageError('Conflict', 'the object has been modified', currentRv);
    }
    if (opts.dryRun) return current;
    const op: WriteOp = { op: 'delete', ...key, expectRv: opts.expectRv, expectUid: opts.expectUid };
    const r = await this.writer.submit(op);
    this.check(r, key);
    // The object as the database deleted it (a write may have landed since it was read above),
    // with the version of the deletion, as etcd3 does.
    return withRv(r.data ?? withoutRv(current), r.rv!);
  }

  /**
   * A watch served by the database itself (as etcd3's watcher): the initial state from a list,
   * then the history of the resource, read whenever LISTEN or a local commit wakes it up.
   */
  watch(opts: WatchOptions): Promise<Watch> {
    return openPostgresWatch(this, opts, (wake) => {
      this.localWake.add(wake);
      return () => this.localWake.delete(wake);
    });
  }

  /** Subscribes to `NOTIFY kop_events` over one shared connection (see postgres.listener.ts). */
  listen(onWake: (rv: number | undefined) => void): Promise<() => Promise<void>> {
    this.listener ??= new PostgresListener(this.db.url);
    return this.listener.subscribe(onWake);
  }

  async currentRv(): Promise<number> {
    return this.read((c) => this.currentRvWith(c));
  }

  async compactedRv(): Promise<number> {
    return this.read((c) => this.compactedRvWith(c));
  }

  /** History after `fromRv`, oldest first, at most `limit` rows. */
  async readHistory(fromRv: number, limit: number, resource?: string): Promise<StoredEvent[]> {
    const res = await this.read((c) =>
      resource
        ? c.query<EventRow>(
            'SELECT rv, resource, namespace, name, type, data, exact FROM events WHERE rv > $1 AND resource = $3 ORDER BY rv LIMIT $2',
            [fromRv, limit, resource],
          )
        : c.query<EventRow>('SELECT rv, resource, namespace, name, type, data, exact FROM events WHERE rv > $1 ORDER BY rv LIMIT $2', [
            fromRv,
            limit,
          ]),
    );
    return res.rows.map((row) => ({
      type: EVENT_TYPES[row.type] ?? 'MODIFIED',
      rv: row.rv,
      key: { resource: row.resource, namespace: row.namespace, name: row.name },
      object: fromRow(row),
    }));
  }

  /**
   * History after `fromRv` (as readHistory) together with the compaction horizon, read in one
   * statement and so one snapshot: when `compacted` is not above `fromRv`, no row after `fromRv` had
   * been removed when the rows were read (the horizon moves before any row below it is deleted).
   * With `withPrev`, each event carries the key's previous state (selector watches need it).
   */
  async readChanges(fromRv: number, limit: number, opts: { resource?: string; withPrev?: boolean } = {}): Promise<ChangeBatch> {
    const prev = opts.withPrev
      ? `, p.type AS prev_type, p.data AS prev_data, p.exact AS prev_exact, p.rv AS prev_rv FROM events e LEFT JOIN LATERAL (
           SELECT type, data, exact, rv FROM events x
           WHERE x.resource = e.resource AND x.namespace = e.namespace AND x.name = e.name AND x.rv < e.rv
           ORDER BY x.rv DESC LIMIT 1) p ON true`
      : ' FROM events e';
    const byResource = opts.resource === undefined ? '' : ' AND e.resource = $3';
    const res = await this.read((c) =>
      c.query<{
        compacted: number;
        rv: number | null;
        resource: string;
        namespace: string;
        name: string;
        type: number;
        data: KubeObject;
        exact: string | null;
        prev_type?: number | null;
        prev_data?: KubeObject | null;
        prev_exact?: string | null;
        prev_rv?: number | null;
      }>(
        `WITH c AS (SELECT value FROM storage_meta WHERE key = 'compacted')
       SELECT c.value AS compacted, h.* FROM c LEFT JOIN LATERAL (
         SELECT e.rv, e.resource, e.namespace, e.name, e.type, e.data, e.exact${prev}
         WHERE e.rv > $1${byResource} ORDER BY e.rv LIMIT $2) h ON true
       ORDER BY h.rv`,
        opts.resource === undefined ? [fromRv, limit] : [fromRv, limit, opts.resource],
      ),
    );
    const events: StoredEvent[] = [];
    for (const row of res.rows) {
      if (row.rv === null) continue;
      const ev: StoredEvent = {
        type: EVENT_TYPES[row.type] ?? 'MODIFIED',
        rv: row.rv,
        key: { resource: row.resource, namespace: row.namespace, name: row.name },
        object: fromRow({ data: row.data, exact: row.exact, rv: row.rv }),
      };
      // A previous row that is a deletion means the object did not exist before this change.
      const hadPrev = row.prev_data && row.prev_rv !== null && row.prev_rv !== undefined && row.prev_type !== 3;
      events.push(hadPrev ? { ...ev, prev: fromRow({ data: row.prev_data!, exact: row.prev_exact ?? null, rv: row.prev_rv! }) } : ev);
    }
    return { compacted: res.rows[0]?.compacted ?? 0, events };
  }

  /** All current objects and the version they are consistent at (watch cache start-up). */
  snapshot(): Promise<StorageSnapshot> {
    return this.read(async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const rv = await this.currentRvWith(client);
      const res = await client.query<ObjectRow & { resource: string }>('SELECT resource, namespace, name, rv, data, exact FROM objects');
      await client.query('COMMIT');
      return {
        rv,
        rows: res.rows.map((r) => ({
          key: { resource: r.resource, namespace: r.namespace, name: r.name },
          object: fromRow(r),
        })),
      };
    });
  }

  /** Moves the compaction horizon to `horizon` and deletes history below it in small batches. */
  async compact(horizon: number, batch = 1000): Promise<number> {
    // Compare-and-swap in SQL: a replica with an older sample never moves the horizon back.
    await this.db.pool.query("UPDATE storage_meta SET value = GREATEST(value, $1) WHERE key = 'compacted'", [horizon]);
    let total = 0;
    for (;;) {
      const res = await this.db.pool.query<{ n: number }>('SELECT kop_compact_batch($1, $2) AS n', [horizon, batch]);
      const n = res.rows[0]?.n ?? 0;
      total += n;
      if (n < batch) return total;
    }
  }

  /**
   * Every read goes through here: a client of its own, given back broken or rolled back as it is,
   * and retried on a fresh connection when the connection was lost (see connection.errors.ts).
   */
  private read<T>(use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return retryRead(() => withClient(this.db.pool, use));
  }

  private async currentRvWith(q: { query: Database['pool']['query'] }): Promise<number> {
    const res = await q.query<{ rv: number }>(
      `SELECT GREATEST(COALESCE((SELECT max(rv) FROM events), 0),
                       (SELECT value FROM storage_meta WHERE key = 'compacted')) AS rv`,
    );
    return res.rows[0]?.rv ?? 0;
  }

  private async compactedRvWith(q: { query: Database['pool']['query'] }): Promise<number> {
    const res = await q.query<{ value: number }>("SELECT value FROM storage_meta WHERE key = 'compacted'");
    return res.rows[0]?.value ?? 0;
  }

  private check(r: WriteResult, key: ObjectKey): void {
    switch (r.error) {
      case undefined:
        return;
      case 'exists':
        throw new StorageError('AlreadyExists', `${key.name} already exists`, r.rv);
      case 'notfound':
        throw new StorageError('NotFound', `${key.name} not found`);
      case 'conflict':
        throw new StorageError('Conflict', 'the object has been modified', r.rv);
      case 'uid':
        throw new StorageError('UidMismatch', 'uid mismatch', r.rv);
    }
  }
}
