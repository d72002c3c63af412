/**
 * The writes a controller made to its EndpointSlices but has not yet seen in its informer, as
 * upstream's endpointSliceTracker: while a service has any, its cached slices are stale and a sync
 * could create a duplicate, so the sync waits. Entries expire so a lost event cannot wedge a service.
 */
export class SliceTracker {
  /** service key → slice name (or a token for a create in flight) → resourceVersion awaited ('' = deletion). */
  private readonly pending = new Map<string, Map<string, { rv: string; at: number }>>();
  /** slice name (namespace/name) → last resourceVersion the informer delivered. */
  private readonly seen = new Map<string, string>();
  private seq = 0;

  constructor(private readonly ttlMs = 30_000) {}

  /** Marks a create in flight (its name is known only once the apiserver answers). */
  begin(service: string): string {
    const token = `+${++this.seq}`;
    this.set(service, token, '');
    return token;
  }

  /** The create/update/delete of `slice` returned `rv` ('' for a delete); `token` from begin() if any. */
  wrote(service: string, slice: string, rv: string, token?: string): void {
    if (token) this.pending.get(service)?.delete(token);
    const seen = this.seen.get(slice);
    const caughtUp = rv === '' ? seen === undefined : seen !== undefined && !newer(rv, seen);
    if (!caughtUp) this.set(service, slice, rv);
  }

  failed(service: string, token: string): void {
    this.pending.get(service)?.delete(token);
  }

  /** An informer event for `slice` of `service` (rv '' for a deletion). */
  observed(service: string, slice: string, rv: string): void {
    if (rv) this.seen.set(slice, rv);
    else this.seen.delete(slice);
    const m = this.pending.get(service);
    const want = m?.get(slice);
    if (!m || !want) return;
    if (want.rv === '' ? rv === '' : rv !== '' && !newer(want.rv, rv)) m.delete(slice);
  }

  stale(service: string): boolean {
    const m = this.pending.get(service);
    if (!m) return false;
    for (const [k, v] of m) if (Date.now() - v.at > this.ttlMs) m.delete(k);
    if (m.size === 0) this.pending.delete(service);
    return m.size > 0;
  }

  private set(service: string, slice: string, rv: string): void {
    let m = this.pending.get(service);
    if (!m) this.pending.set(service, (m = new Map()));
    m.set(slice, { rv, at: Date.now() });
  }
}

/** Whether resourceVersion `a` is newer than `b` (they are numeric here; anything else never is). */
function newer(a: string, b: string): boolean {
  if (/^[0-9]+$/.test(a) && /^[0-9]+$/.test(b)) return BigInt(a) > BigInt(b);
  return false;
}
