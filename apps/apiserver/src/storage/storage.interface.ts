import type { KubeObject } from '../registry/generic/strategy.interface.js';

/** Identity of a stored object. `resource` is the storage key ('pods', 'deployments.apps'); `namespace` is '' for cluster-scoped kinds. */
export interface ObjectKey {
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change, as delivered to watchers. `object` carries metadata.resourceVersion = rv. */
export interface StoredEvent {
  readonly type: WatchEventType;
  readonly rv: number;
  readonly key: ObjectKey;
  readonly object: KubeObject;
  /** The object before this change (MODIFIED, DELETED), when known. */
  readonly prev?: KubeObject;
}

export interface ListOptions {
  /** Page size; 0 or undefined = everything. */
  readonly limit?: number;
  /** Resume after this key (from a continue token) at snapshot `atRv`. */
  readonly after?: { namespace: string; name: string };
  /** Serve the list as of this resourceVersion (continue pages). */
  readonly atRv?: number;
  /** Serve from the watch cache without a consistency check (resourceVersion=0). */
  readonly anyVersion?: boolean;
  /** Keep only objects passing this filter (selectors); applied before paging. */
  readonly filter?: (obj: KubeObject) => boolean;
}

export interface ListResult {
  readonly items: KubeObject[];
  /** The version the list is consistent at. */
  readonly rv: number;
  /** Last key of this page when more items remain. */
  readonly next?: { namespace: string; name: string };
  readonly remaining?: number;
}

export interface WriteOptions {
  readonly dryRun?: boolean;
}

export interface DeleteOptions extends WriteOptions {
  readonly expectRv?: number;
  readonly expectUid?: string;
}

/**
 * The update function of guaranteedUpdate: receives the current object (a private copy), returns
 * the new object to store, or throws an ApiError to abort. Called again on a conflict.
 */
export type UpdateFn = (current: KubeObject) => KubeObject | Promise<KubeObject>;

export interface WatchOptions {
  readonly resource: string;
  /** undefined = all namespaces. */
  readonly namespace?: string;
  /** Deliver changes after this version; undefined = current state as ADDED events, then changes. */
  readonly fromRv?: number;
  /** `fromRv` semantics of resourceVersion=0: start from the cache's state. */
  readonly fromAny?: boolean;
  readonly filter?: (obj: KubeObject) => boolean;
}

export interface Watch {
  /** Next event, or undefined when the watch ended (closed by either side or a slow consumer). */
  next(): Promise<StoredEvent | undefined>;
  /** Ends the watch; pending next() calls resolve to undefined. */
  stop(): void;
  /** Why the storage ended the watch, if it did (e.g. too slow, compacted). */
  readonly endReason: string | undefined;
  /** Newest version known to the stream (for bookmarks). */
  readonly currentRv: number;
  /** The version the watch started at (initial events are consistent at it). */
  readonly startRv: number;
  /** Number of synthetic ADDED events for the initial state at the head of the stream. */
  readonly initialCount: number;
}

/** The one storage contract (after k8s.io/apiserver/pkg/storage/interfaces.go). Only backends touch SQL. */
export interface Storage {
  get(key: ObjectKey): Promise<KubeObject | undefined>;
  list(resource: string, namespace: string | undefined, opts?: ListOptions): Promise<ListResult>;
  create(key: ObjectKey, obj: KubeObject, opts?: WriteOptions): Promise<KubeObject>;
  /**
   * Read-modify-write with compare-and-swap in the database, retried on conflict. With
   * `expectRv` (the client's resourceVersion) a mismatch is a 409 instead of a retry.
   */
  guaranteedUpdate(key: ObjectKey, update: UpdateFn, opts?: WriteOptions & { expectRv?: number }): Promise<KubeObject>;
  delete(key: ObjectKey, opts?: DeleteOptions): Promise<KubeObject>;
  watch(opts: WatchOptions): Promise<Watch>;
  /** Newest committed resourceVersion. */
  currentRv(): Promise<number>;
  /** Oldest resourceVersion still answerable (history before it is compacted). */
  compactedRv(): Promise<number>;
  /** A possibly slightly stale in-memory copy, when the storage keeps one (hot-path lookups). */
  peek?(key: ObjectKey): KubeObject | undefined;
}

/** Typed storage failures; the registry maps them to Status errors with resource context. */
export class StorageError extends Error {
  constructor(
    readonly code: 'NotFound' | 'AlreadyExists' | 'Conflict' | 'UidMismatch' | 'Expired' | 'TooLargeRv',
    message: string,
    readonly currentRv?: number,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** Changes after a version with the compaction horizon, read in one snapshot (see PostgresStore.readChanges). */
export interface ChangeBatch {
  readonly compacted: number;
  readonly events: StoredEvent[];
}

/** All current objects and the version they are consistent at. */
export interface StorageSnapshot {
  readonly rv: number;
  readonly rows: Array<{ key: ObjectKey; object: KubeObject }>;
}

/**
 * What a cache needs beyond `Storage` to follow a backend (upstream's cacher lists and watches
 * storage.Interface; here the history is read in batches): a snapshot to start from, the history
 * after a version, and a wake-up when something was committed.
 */
export interface ChangeFeed {
  snapshot(): Promise<StorageSnapshot>;
  /** History after `fromRv`, oldest first, at most `limit` changes, optionally of one resource. */
  readHistory(fromRv: number, limit: number, resource?: string): Promise<StoredEvent[]>;
  /** As readHistory, with the compaction horizon read in the same snapshot; `withPrev` adds each key's previous state. */
  readChanges(fromRv: number, limit: number, opts?: { resource?: string; withPrev?: boolean }): Promise<ChangeBatch>;
  /**
   * Calls `onWake` whenever another writer may have committed (and once after each reconnect); the
   * returned function unsubscribes. A wake-up carries no data: readers read the history.
   */
  listen(onWake: (rv: number | undefined) => void): Promise<() => Promise<void>>;
  /** Told of every change this process committed, in completion order (a fast path; the history stays the truth). */
  onCommitted?: ((events: StoredEvent[]) => void) | undefined;
}
