import type { KubeObject } from '../../registry/generic/strategy.interface.js';
import type { ChangeFeed, Storage, Watch, WatchOptions } from '../storage.interface.js';
import { CacheWatcher } from '../watch/cache.watcher.js';
import { HistoryTailer } from '../watch/history.tailer.js';

/** Events a backend watcher may fall behind before it is closed (as the cache's watchers). */
const WATCHER_CAPACITY = 10_000;
const POLL_MS = 1000;

/**
 * Opens a watch served by the backend alone (upstream etcd3 watcher): without a version, the current
 * state as ADDED events from a consistent list, then every later change of the resource read from
 * the history, woken by the feed (LISTEN) or `subscribeLocal` (this process's commits), with a slow
 * poll as the safety net. A watch older than the compaction horizon ends with "too old resource
 * version". Namespace, selector and slow-consumer semantics are the cache watcher's.
 */
export async function openPostgresWatch(
  store: Storage & ChangeFeed,
  opts: WatchOptions,
  subscribeLocal: (wake: () => void) => () => void,
): Promise<Watch> {
  let from = opts.fromRv;
  let initial: KubeObject[] = [];
  if (from === undefined || opts.fromAny) {
    const listed = await store.list(opts.resource, opts.namespace, { filter: opts.filter });
    initial = listed.items;
    from = listed.rv;
  }
  const start = from;
  let tailer: HistoryTailer | undefined;
  let unsubscribe: (() => void) | undefined;
  const w = new CacheWatcher(
    opts.resource,
    opts.namespace,
    opts.filter,
    start,
    WATCHER_CAPACITY,
    () => tailer?.position ?? start,
    () => {
      unsubscribe?.();
      void tailer?.stop();
    },
  );
  w.pushInitial(initial);
  tailer = new HistoryTailer(
    store,
    start,
    (events) => {
      for (const ev of events) {
        try {
          w.offer(ev);
        } catch (e) {
          // A selector that throws on an odd object ends this watch, not the stream of others.
          w.end(`watch failed: ${(e as Error).message}`);
          return;
        }
      }
    },
    (compacted) => {
      w.end(`too old resource version: ${start} (${compacted})`);
      return Promise.resolve(compacted);
    },
    POLL_MS,
    // With a selector, changes carry the key's previous state, so objects entering are ADDED and leaving DELETED.
    { resource: opts.resource, withPrev: opts.filter !== undefined },
  );
  const t = tailer;
  unsubscribe = subscribeLocal(() => t.wake());
  await t.start();
  return w;
}
