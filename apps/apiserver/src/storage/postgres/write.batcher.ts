import type pg from 'pg';

export type WriteOp =
  | { op: 'create'; resource: string; namespace: string; name: string; uid: string; data: unknown }
  | { op: 'update'; resource: string; namespace: string; name: string; expectRv: number; data: unknown }
  | { op: 'delete'; resource: string; namespace: string; name: string; expectRv?: number; expectUid?: string };

export interface WriteResult {
  rv?: number;
  prevRv?: number;
  error?: 'exists' | 'notfound' | 'conflict' | 'uid';
}

interface Pending {
  op: WriteOp;
  resolve: (r: WriteResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: writes that arrive while a batch is in flight go together in the next call of
 * kop_write (one transaction, one fsync, one round trip). With one client each write is its own
 * batch; with many, the cost of the commit and of the global write lock is shared.
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
    try {
      // A named statement is parsed and planned once per connection.
      const res = await this.pool.query<{ r: WriteResult[] }>({
        name: 'kop_write',
        text: 'SELECT kop_write($1::jsonb) AS r',
        values: [JSON.stringify(batch.map((p) => p.op))],
      });
      const results = res.rows[0]?.r ?? [];
      this.onCommitted(
        batch.map((p) => p.op),
        results,
      );
      batch.forEach((p, i) => {
        const r = results[i];
        if (r) p.resolve(r);
        else p.reject(new Error('kop_write returned fewer results than ops'));
      });
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  }
}
