import type pg from 'pg';
import { ApiError } from '../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject } from '../../registry/generic/strategy.interface.js';
import { isConnectionError, storageUnavailable, wasNotSent, writeOutcomeUnknown } from './connection.errors.js';
import { decodeStored, storedMembers } from './json.encoding.js';

/** Creates and updates carry the object and its JSON text (serialized once, see prepareStored). */
export type WriteOp =
  | { op: 'create'; resource: string; namespace: string; name: string; uid: string; data: KubeObject; text: string }
  | { op: 'update'; resource: string; namespace: string; name: string; expectRv: number; data: KubeObject; text: string }
  | { op: 'delete'; resource: string; namespace: string; name: string; expectRv?: number; expectUid?: string };

export interface WriteResult {
  rv?: number;
  prevRv?: number;
  /** A delete's removed row: the object as it was deleted. */
  data?: KubeObject;
  error?: 'exists' | 'notfound' | 'conflict' | 'uid';
}

/** kop_write's result before decoding (a delete's row comes with its `exact` column). */
interface RawResult extends WriteResult {
  exact?: string | null;
}

interface Pending {
  op: WriteOp;
  resolve: (r: WriteResult) => void;
  reject: (e: unknown) => void;
}

const CONNECT_ATTEMPTS = 3;

/** The op as kop_write takes it, as JSON text: objects jsonb cannot hold travel as exact text too. */
function wire(op: WriteOp): string {
  if (op.op === 'delete') return JSON.stringify(op);
  const { data, text, ...rest } = op;
  return `${JSON.stringify(rest).slice(0, -1)},${storedMembers(data, text)}}`;
}

/**
 * Group commit: writes that arrive while a batch is in flight go together in the next call of
 * kop_write (one transaction, one fsync, one round trip). With one client each write is its own
 * batch; with many, the cost of the commit and of the global write lock is shared.
 *
 * Each write succeeds or fails alone: when PostgreSQL rejects a batch, it is halved and retried
 * until the op it rejects is alone (log2(batch) extra calls, only on that rare path), so one bad
 * write never fails the writes batched with it.
 */
export class WriteBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly onCommitted: (ops: WriteOp[], results: WriteResult[]) => void = () => undefined,
    private readonly maxBatch = 256,
    private readonly maxInFlight = 2,
  ) {}

  submit(op: WriteOp): Promise<WriteResult> {
    return new Promise<WriteResult>((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    let results: WriteResult[];
    try {
      results = await this.call(batch.map((p) => p.op));
    } catch (e) {
      if (batch.length > 1 && !isConnectionError(e) && !(e instanceof ApiError)) {
        const half = batch.length >> 1;
        await this.run(batch.slice(0, half));
        await this.run(batch.slice(half));
        return;
      }
      for (const p of batch) p.reject(e);
      return;
    }
    try {
      this.onCommitted(
        batch.map((p) => p.op),
        results,
      );
    } catch {
      // The writes are committed whatever a listener does; the watch cache also reads them from the table.
    }
    batch.forEach((p, i) => {
      const r = results[i];
      if (r) p.resolve(r);
      else p.reject(new Error('kop_write returned fewer results than ops'));
    });
  }

  /** One kop_write call. Connection failures become 503 (nothing sent) or 504 (outcome unknown). */
  private async call(ops: WriteOp[]): Promise<WriteResult[]> {
    const text = `[${ops.map(wire).join(',')}]`;
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (e) {
        if (attempt >= CONNECT_ATTEMPTS) throw storageUnavailable(e);
        await new Promise((r) => setTimeout(r, 50 * attempt));
        continue;
      }
      try {
        // A named statement is parsed and planned once per connection.
        const res = await client.query<{ r: RawResult[] }>({ name: 'kop_write', text: 'SELECT kop_write($1::jsonb) AS r', values: [text] });
        client.release();
        return (res.rows[0]?.r ?? []).map(({ exact, ...r }) => (r.data === undefined ? r : { ...r, data: decodeStored(r.data, exact) }));
      } catch (e) {
        const lost = isConnectionError(e);
        // A broken client must leave the pool, not serve the next request.
        client.release(lost ? (e as Error) : undefined);
        if (!lost) throw e;
        if (wasNotSent(e) && attempt < CONNECT_ATTEMPTS) continue;
        throw wasNotSent(e) ? storageUnavailable(e) : writeOutcomeUnknown(e);
      }
    }
  }
}
