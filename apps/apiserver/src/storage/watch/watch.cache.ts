import type { KubeObject } from '../../registry/generic/strategy.interface.js';
import {
  StorageError,
  type ChangeFeed,
  type DeleteOptions,
  type ListOptions,
  type ListResult,
  type ObjectKey,
  type Storage,
  type StoredEvent,
  type UpdateFn,
  type Watch,
  type WatchOptions,
  type WriteOptions,
} from '../storage.interface.js';
import { CacheWatcher } from './cache.watcher.js';
import { EventRing } from './event.ring.js';
import { HistoryTailer } from './history.tailer.js';

/** What the cache decorates (upstream cacher.Config{Storage}): the storage it serves writes and paged lists from, and the feed of its changes. */
interface WatchCacheBackend {
  readonly storage: Storage;
  readonly feed: ChangeFeed;
}

interface WatchCacheOptions {
  /** Recent changes kept in memory for watches that resume from a version. */
  readonly historySize?: number;
  /** Events a watcher may fall behind before it is closed. */
  readonly watcherCapacity?: number;
  /** How long a request waits for the cache to reach a version before falling back or failing. */
  readonly waitMs?: number;
}

const REPLAY_BATCH = 5000;

function nsName(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function compareKeys(a: KubeObject, b: KubeObject): number {
  const an = a.metadata?.namespace ?? '';
  const bn = b.metadata?.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  const a2 = a.metadata?.name ?? '';
  const b2 = b.metadata?.name ?? '';
  return a2 < b2 ? -1 : a2 > b2 ? 1 : 0;
}

/**
 * The watch cache, a decorator over a `Storage` (after kube-apiserver's cacher over
 * storage.Interface): it follows the backend's change feed, keeps every object's current state and
 * the recent changes (one ring per resource) in memory, fans changes out to watchers, and answers
 * resourceVersion=0 and full lists from memory. Writes, gets and paged lists go to the storage.
 */
export class WatchCache implements Storage {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly ring: EventRing;
  private rv = 0;
  private readonly watchers = new Map<string, Set<CacheWatcher>>();
  private waiters: Array<{ rv: number; resolve: () => void }> = [];
  private tailer: HistoryTailer | undefined;
  private readonly watcherCapacity: number;
  private readonly waitMs: number;
  private readonly backend: Storage;
  private readonly feed: ChangeFeed;

  constructor(config: WatchCacheBackend, opts: WatchCacheOptions = {}) {
    this.backend = config.storage;
    this.feed = config.feed;
    this.ring = new EventRing(opts.historySize ?? 100_000);
    this.watcherCapacity = opts.watcherCapacity ?? 10_000;
    this.waitMs = opts.waitMs ?? 3000;
  }

  async start(): Promise<void> {
    const rv = await this.load();
    this.tailer = new HistoryTailer(
      this.feed,
      rv,
      (evs) => this.apply(evs),
      (c) => this.resync(c),
    );
    await this.tailer.start();
    this.feed.onCommitted = (evs) => this.tailer?.offerLocal(evs);
  }

  /** Replaces the cached state with a snapshot of the database; returns its version. */
  private async load(): Promise<number> {
    const snap = await this.feed.snapshot();
    this.objects.clear();
    for (const { key, object } of snap.rows) this.bucket(key.resource).set(nsName(key.namespace, key.name), object);
    this.ring.reset(snap.rv);
    this.rv = snap.rv;
    return snap.rv;
  }

  /**
   * The history this cache follows was compacted past its position (the process stalled longer
   * than the retention): changes were lost, so the state is rebuilt from a snapshot, as the
   * cacher's reflector relists after a 410. Every open watch may have missed changes too: each
   * ends with 410 Expired, and its client relists.
   */
  private async resync(compacted: number): Promise<number> {
    this.endAll(compacted);
    const rv = await this.load();
    this.endAll(compacted); // watches opened while the snapshot was read started from the stale state
    this.wakeWaiters();
    return rv;
  }

  private endAll(compacted: number): void {
    for (const set of this.watchers.values()) {
      for (const w of [...set]) w.end(`too old resource version: ${w.currentRv} (${compacted})`);
    }
  }

  async stop(): Promise<void> {
    await this.tailer?.stop();
    for (const set of this.watchers.values()) for (const w of [...set]) w.end('server shutting down');
  }

  /** When the cache last caught up with the database's history (0: not started). */
  get caughtUpAt(): number {
    return this.tailer?.caughtUpAt ?? 0;
  }

  get cachedRv(): number {
    return this.rv;
  }

  watcherCount(): number {
    let n = 0;
    for (const s of this.watchers.values()) n += s.size;
    return n;
  }

  // ---- reads and writes: writes go to the backend; the cache learns of them from the history ----

  get(key: ObjectKey): Promise<KubeObject | undefined> {
    return this.backend.get(key);
  }

  create(key: ObjectKey, obj: KubeObject, opts?: WriteOptions): Promise<KubeObject> {
    return this.backend.create(key, obj, opts);
  }

  guaranteedUpdate(key: ObjectKey, update: UpdateFn, opts?: WriteOptions & { expectRv?: number }): Promise<KubeObject> {
    return this.backend.guaranteedUpdate(key, update, opts);
  }

  delete(key: ObjectKey, opts?: DeleteOptions): Promise<KubeObject> {
    return this.backend.delete(key, opts);
  }

  currentRv(): Promise<number> {
    return this.backend.currentRv();
  }

  /** The cached copy of an object (may trail the database by a notification); undefined if not cached. */
  peek(key: ObjectKey): KubeObject | undefined {
    return this.objects.get(key.resource)?.get(nsName(key.namespace, key.name));
  }

  compactedRv(): Promise<number> {
    return this.backend.compactedRv();
  }

  async list(resource: string, namespace: string | undefined, opts: ListOptions = {}): Promise<ListResult> {
    const paged = (opts.limit ?? 0) > 0 || opts.after !== undefined || opts.atRv !== undefined;
    if (opts.anyVersion) return this.listFromCache(resource, namespace, opts.filter);
    if (!paged) {
      // Consistent read from memory: wait until the cache has seen everything committed so far.
      const target = await this.backend.currentRv();
      if (await this.waitFor(target)) return this.listFromCache(resource, namespace, opts.filter);
    }
    return this.backend.list(resource, namespace, opts);
  }

  private listFromCache(resource: string, namespace: string | undefined, filter?: (o: KubeObject) => boolean): ListResult {
    const items: KubeObject[] = [];
    for (const obj of this.bucket(resource).values()) {
      if (namespace !== undefined && (obj.metadata?.namespace ?? '') !== namespace) continue;
      if (filter && !filter(obj)) continue;
      items.push(obj);
    }
    items.sort(compareKeys);
    return { items, rv: this.rv };
  }

  // ---- watch ----

  async watch(opts: WatchOptions): Promise<Watch> {
    let from = opts.fromRv;
    const initial: KubeObject[] = [];
    if (from === undefined || opts.fromAny) {
      if (!opts.fromAny) await this.waitFor(await this.backend.currentRv());
      from = this.rv;
      for (const obj of this.bucket(opts.resource).values()) {
        if (opts.namespace !== undefined && (obj.metadata?.namespace ?? '') !== opts.namespace) continue;
        if (opts.filter && !opts.filter(obj)) continue;
        initial.push(obj);
      }
      initial.sort(compareKeys);
    } else if (from > this.rv && !(await this.waitFor(from))) {
      throw new StorageError('TooLargeRv', `Too large resource version: ${from}, current: ${this.rv}`, this.rv);
    }
    const w = this.newWatcher(opts, from);
    w.pushInitial(initial);
    if (initial.length > 0 || from === this.rv) {
      this.register(w);
      return w;
    }
    const compacted = await this.backend.compactedRv();
    if (from < compacted) {
      // As the cacher: past parsing the request, a watch fails with an ERROR event, not a status code.
      w.end(`too old resource version: ${from} (${compacted})`);
      return w;
    }
    if (from >= this.ring.floor(opts.resource)) {
      // Replay from memory (this resource's ring only), then go live: no await in between, so nothing slips through.
      for (const ev of this.ring.after(opts.resource, from)) w.offer(ev);
      w.floorRv = this.rv;
      this.register(w);
      return w;
    }
    // Older than memory: read the history table up to the cache's position while live changes are held.
    const upTo = this.rv;
    w.hold();
    w.floorRv = from;
    this.register(w);
    void this.replay(w, opts.resource, from, upTo);
    return w;
  }

  private async replay(w: CacheWatcher, resource: string, from: number, upTo: number): Promise<void> {
    try {
      let cursor = from;
      while (cursor < upTo) {
        // With a selector, rows carry the key's previous state, so objects entering are ADDED and leaving DELETED.
        const withPrev = w.filter !== undefined;
        const { compacted, events: evs } = await this.feed.readChanges(cursor, REPLAY_BATCH, { resource, withPrev });
        if (compacted > cursor) {
          w.end(`too old resource version: ${from} (${compacted})`);
          return;
        }
        if (evs.length === 0) break;
        for (const ev of evs) {
          if (ev.rv > upTo) break;
          const t = w.namespace !== undefined && ev.key.namespace !== w.namespace ? undefined : w.translate(ev);
          if (t) w.push(t);
        }
        cursor = evs[evs.length - 1]!.rv;
        if (evs.length < REPLAY_BATCH) break;
      }
      w.floorRv = upTo;
      w.release();
    } catch (e) {
      w.end(`watch replay failed: ${(e as Error).message}`);
    }
  }

  private newWatcher(opts: WatchOptions, from: number): CacheWatcher {
    return new CacheWatcher(
      opts.resource,
      opts.namespace,
      opts.filter,
      from,
      this.watcherCapacity,
      () => this.rv,
      (x) => this.watchers.get(x.resource)?.delete(x),
    );
  }

  private register(w: CacheWatcher): void {
    let set = this.watchers.get(w.resource);
    if (!set) {
      set = new Set();
      this.watchers.set(w.resource, set);
    }
    set.add(w);
  }

  // ---- following the history ----

  private apply(events: StoredEvent[]): void {
    for (const raw of events) {
      if (raw.rv <= this.rv) continue; // delivered again after a failure: already applied
      const bucket = this.bucket(raw.key.resource);
      const k = nsName(raw.key.namespace, raw.key.name);
      const prev = bucket.get(k);
      const ev: StoredEvent = prev ? { ...raw, prev } : raw;
      if (raw.type === 'DELETED') bucket.delete(k);
      else bucket.set(k, raw.object);
      this.ring.push(ev);
      this.rv = raw.rv;
      const set = this.watchers.get(raw.key.resource);
      if (set) for (const w of set) this.offerTo(w, ev);
    }
    this.ring.trim();
    this.wakeWaiters();
  }

  /** One watcher's failure (a selector that throws on an odd object) ends that watch, not the cache. */
  private offerTo(w: CacheWatcher, ev: StoredEvent): void {
    try {
      w.offer(ev);
    } catch (e) {
      w.end(`watch failed: ${(e as Error).message}`);
    }
  }

  private wakeWaiters(): void {
    if (this.waiters.length) {
      const ready = this.waiters.filter((x) => x.rv <= this.rv);
      this.waiters = this.waiters.filter((x) => x.rv > this.rv);
      for (const x of ready) x.resolve();
    }
  }

  /** Resolves true once the cache has applied `rv`, false after waitMs. */
  waitFor(rv: number): Promise<boolean> {
    if (this.rv >= rv) return Promise.resolve(true);
    this.tailer?.wake();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== entry);
        resolve(false);
      }, this.waitMs);
      const entry = {
        rv,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      this.waiters.push(entry);
    });
  }

  private bucket(resource: string): Map<string, KubeObject> {
    let m = this.objects.get(resource);
    if (!m) {
      m = new Map();
      this.objects.set(resource, m);
    }
    return m;
  }
}
