import pg from 'pg';

/** Called on every NOTIFY on `kop_events` (with the committed version when the payload holds one) and after each (re)connect. */
type WakeFn = (rv: number | undefined) => void;

/**
 * One `LISTEN kop_events` connection shared by every subscriber of a store. Notifications only wake
 * readers up: the history table is the truth, so a dropped connection is re-opened after a pause and
 * each subscriber is woken once connected, to read whatever was committed meanwhile.
 */
export class PostgresListener {
  private client: pg.Client | undefined;
  private readonly subscribers = new Set<WakeFn>();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly reconnectMs = 500,
  ) {}

  /** Adds a subscriber (connecting on the first); resolves after the first connection attempt. */
  async subscribe(onWake: WakeFn): Promise<() => Promise<void>> {
    this.subscribers.add(onWake);
    if (!this.client && !this.reconnectTimer) {
      this.connecting ??= this.connect().finally(() => {
        this.connecting = undefined;
      });
    }
    await this.connecting;
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      this.subscribers.delete(onWake);
      if (this.subscribers.size === 0) await this.close();
    };
  }

  private wakeAll(rv: number | undefined): void {
    for (const s of [...this.subscribers]) {
      try {
        s(rv);
      } catch {
        // One subscriber's failure does not keep the others asleep.
      }
    }
  }

  private async connect(): Promise<void> {
    if (this.subscribers.size === 0) return;
    const client = new pg.Client({ connectionString: this.url, application_name: 'kube-on-postgres-listen' });
    client.on('notification', (n) => {
      const rv = Number(n.payload);
      this.wakeAll(rv > 0 ? rv : undefined);
    });
    client.on('error', () => this.reconnect(client));
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query('LISTEN kop_events');
      if (this.subscribers.size === 0) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.wakeAll(undefined); // read whatever was committed while not listening
    } catch {
      this.reconnect(client);
    }
  }

  private reconnect(client: pg.Client): void {
    if (this.client !== undefined && this.client !== client) return; // an old connection ending
    this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.subscribers.size === 0 || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, this.reconnectMs);
    this.reconnectTimer.unref();
  }

  private async close(): Promise<void> {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}
