import { jsonEqual } from '../../../../../libs/apimachinery/src/json/json.equal.js';
import type { KubeObject } from '../../registry/generic/strategy.interface.js';
import {
  StorageError,
  type DeleteOptions,
  type ListOptions,
  type ListResult,
  type ObjectKey,
  type StoredEvent,
  type UpdateFn,
  type WatchEventType,
  type WriteOptions,
} from '../storage.interface.js';
import type { Database } from './database.js';
import { WriteBatcher, type WriteOp, type WriteResult } from './write.batcher.js';

const EVENT_TYPES: Record<number, WatchEventType> = { 1: 'ADDED', 2: 'MODIFIED', 3: 'DELETED' };
const MAX_UPDATE_ATTEMPTS = 64;

interface ObjectRow {
  namespace: string;
  name: string;
  rv: number;
  data: KubeObject;
}

interface EventRow extends ObjectRow {
  resource: string;
  type: number;
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
 * Watches are served by the watch cache (storage/watch), which reads `readHistory`.
 */
export class PostgresStore {
  private readonly writer: WriteBatcher;
  /** Told of every change this process committed, in completion order (the watch cache listens). */
  onCommitted: ((events: StoredEvent[]) => void) | undefined;

  constructor(readonly db: Database) {
    this.writer = new WriteBatcher(db.pool, (ops, results) => this.committed(ops, results));
  }

  private committed(ops: WriteOp[], results: WriteResult[]): void {
    if (!this.onCommitted) return;
    const events: StoredEvent[] = [];
    ops.forEach((op, i) => {
      const r = results[i];
      if (!r || r.error || r.rv === undefined) return;
      const key = { resource: op.resource, namespace: op.namespace, name: op.name };
      const data = op.op === 'delete' ? this.deleting.get(op) : (op.data as KubeObject);
      if (!data) return;
      events.push({ type: op.op === 'create' ? 'ADDED' : op.op === 'update' ? 'MODIFIED' : 'DELETED', rv: r.rv, key, object: withRv(data, r.rv) });
    });
    events.sort((a, b) => a.rv - b.rv);
    this.onCommitted(events);
  }

  /** The last state of objects whose delete is in flight (the DELETED event carries it). */
  private readonly deleting = new WeakMap<WriteOp, KubeObject>();

  async get(key: ObjectKey): Promise<KubeObject | undefined> {
    // PostgreSQL text cannot hold NUL, so no stored key has one (and the query would fail).
    if (hasNul(key.namespace) || hasNul(key.name)) return undefined;
    const res = await this.db.pool.query<{ rv: number; data: KubeObject }>({
      name: 'kop_get',
      text: 'SELECT rv, data FROM objects WHERE resource = $1 AND namespace = $2 AND name = $3',
      values: [key.resource, key.namespace, key.name],
    });
    const row = res.rows[0];
    return row ? withRv(row.data, row.rv) : undefined;
  }

  /**
   * A consistent list: the first page from `objects` in one snapshot together with the version it
   * is consistent at; later pages (`atRv`) rebuilt from history as of that version.
   */
  async list(resource: string, namespace: string | undefined, opts: ListOptions = {}): Promise<ListResult> {
    const client = await this.db.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const rv = opts.atRv ?? (await this.currentRvWith(client));
      if (opts.atRv !== undefined) {
        const compacted = await this.compactedRvWith(client);
        if (opts.atRv < compacted) {
          throw new StorageError('Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
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
        sql = `SELECT namespace, name, rv, data FROM objects WHERE ${where} ORDER BY namespace, name`;
      } else {
        params.push(opts.atRv);
        sql = `SELECT namespace, name, rv, data FROM (
                 SELECT DISTINCT ON (namespace, name) namespace, name, rv, type, data FROM events
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
        for (const row of rows.slice(0, limit)) items.push(withRv(row.data, row.rv));
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
          const obj = withRv(row.data, row.rv);
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
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async create(key: ObjectKey, obj: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    const data = withoutRv(obj);
    if (opts.dryRun) {
      const existing = await this.get(key);
      if (existing) throw new StorageError('AlreadyExists', `${key.name} already exists`);
      return data;
    }
    const uid = String(obj.metadata?.uid ?? '');
    const r = await this.writer.submit({ op: 'create', ...key, uid, data });
    this.check(r, key);
    return withRv(data, r.rv!);
  }

  async guaranteedUpdate(
    key: ObjectKey,
    update: UpdateFn,
    opts: WriteOptions & { expectRv?: number } = {},
  ): Promise<KubeObject> {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const current = await this.get(key);
      if (!current) throw new StorageError('NotFound', `${key.name} not found`);
      const currentRv = Number(current.metadata?.resourceVersion);
      if (opts.expectRv !== undefined && opts.expectRv !== currentRv) {
        throw new StorageError('Conflict', 'the object has been modified', currentRv);
      }
      const next = await update(clone(current));
      const data = withoutRv(next);
      if (opts.dryRun) return withRv(data, currentRv);
      // No-op updates keep their version, as upstream (key order differs between jsonb and clients).
      if (jsonEqual(data, withoutRv(current))) return current;
      const r = await this.writer.submit({ op: 'update', ...key, expectRv: currentRv, data });
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
    this.deleting.set(op, withoutRv(current));
    const r = await this.writer.submit(op);
    this.check(r, key);
    // The deleted object is reported with the version of the deletion, as etcd3 does.
    return withRv(withoutRv(current), r.rv!);
  }

  async currentRv(): Promise<number> {
    return this.currentRvWith(this.db.pool);
  }

  async compactedRv(): Promise<number> {
    return this.compactedRvWith(this.db.pool);
  }

  /** History after `fromRv`, oldest first, at most `limit` rows. */
  async readHistory(fromRv: number, limit: number, resource?: string): Promise<StoredEvent[]> {
    const res = resource
      ? await this.db.pool.query<EventRow>(
          'SELECT rv, resource, namespace, name, type, data FROM events WHERE rv > $1 AND resource = $3 ORDER BY rv LIMIT $2',
          [fromRv, limit, resource],
        )
      : await this.db.pool.query<EventRow>(
          'SELECT rv, resource, namespace, name, type, data FROM events WHERE rv > $1 ORDER BY rv LIMIT $2',
          [fromRv, limit],
        );
    return res.rows.map((row) => ({
      type: EVENT_TYPES[row.type] ?? 'MODIFIED',
      rv: row.rv,
      key: { resource: row.resource, namespace: row.namespace, name: row.name },
      object: withRv(row.data, row.rv),
    }));
  }

  /** All current objects and the version they are consistent at (watch cache start-up). */
  async snapshot(): Promise<{ rv: number; rows: Array<{ key: ObjectKey; object: KubeObject }> }> {
    const client = await this.db.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const rv = await this.currentRvWith(client);
      const res = await client.query<ObjectRow & { resource: string }>(
        'SELECT resource, namespace, name, rv, data FROM objects',
      );
      await client.query('COMMIT');
      return {
        rv,
        rows: res.rows.map((r) => ({
          key: { resource: r.resource, namespace: r.namespace, name: r.name },
          object: withRv(r.data, r.rv),
        })),
      };
    } finally {
      client.release();
    }
  }

  /** Moves the compaction horizon to `horizon` and deletes history below it in small batches. */
  async compact(horizon: number, batch = 1000): Promise<number> {
    await this.db.prisma.storageMeta.update({
      where: { key: 'compacted' },
      data: { value: BigInt(horizon) },
    });
    let total = 0;
    for (;;) {
      const res = await this.db.pool.query<{ n: number }>('SELECT kop_compact_batch($1, $2) AS n', [horizon, batch]);
      const n = res.rows[0]?.n ?? 0;
      total += n;
      if (n < batch) return total;
    }
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

function hasNul(s: string): boolean {
  return s.includes('\0');
}
