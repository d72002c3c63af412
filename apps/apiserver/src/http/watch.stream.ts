import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify as toYaml } from 'yaml';
import { groupVersion, storageKeyOf, type ResourceType } from '../../../../libs/api/src/resource.types.js';
import { ApiError } from '../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject } from '../registry/generic/strategy.interface.js';
import { printerFor } from '../registry/printers/printer.registry.js';
import { buildWatchTable, type IncludeObject } from '../registry/printers/table.builder.js';
import type { Watch } from '../storage/storage.interface.js';
import type { ResponseShape } from './content.negotiation.js';

export interface WatchStreamOptions {
  rt: ResourceType;
  watch: Watch;
  shape: ResponseShape;
  includeObject: IncludeObject;
  timeoutSeconds?: number;
  bookmarks: boolean;
  /** Send the `k8s.io/initial-events-end` bookmark after the initial state (watch-list). */
  initialEventsEnd: boolean;
  present: (o: KubeObject) => KubeObject;
}

/** Upstream's --min-request-timeout: a watch without timeoutSeconds lasts [1x, 2x) of it, at random. */
const MIN_REQUEST_TIMEOUT_S = 1800;
const BOOKMARK_EVERY_MS = 60_000;
/** Unsent bytes one watcher may leave queued before it counts as too slow and is cut off. */
const MAX_WATCHER_BACKLOG = 4 * 1024 * 1024;
/** Unsent bytes all watchers together may leave queued: past it, the watcher that writes is cut off. */
const MAX_TOTAL_BACKLOG = 64 * 1024 * 1024;
/** How long an ended watch may take to drain its queued events before the socket is dropped. */
const ENDED_DRAIN_MS = 60_000;
/** Longest delay a Node timer takes (larger ones fire at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Bytes queued in all watch responses whose clients have not read them yet. */
let totalBacklog = 0;

interface Backlog {
  queued: number;
  cut(): void;
}
const backlogs = new Set<Backlog>();

/** Over the global budget, the watchers furthest behind are cut off first until it holds again. */
function enforceTotalBacklog(): void {
  while (totalBacklog > MAX_TOTAL_BACKLOG) {
    let worst: Backlog | undefined;
    for (const b of backlogs) if (!worst || b.queued > worst.queued) worst = b;
    if (!worst || worst.queued === 0) return;
    worst.cut();
  }
}

/** How long a watch lasts: timeoutSeconds, or the server's randomized default when absent or 0. */
export function watchDurationMs(timeoutSeconds: number | undefined, random = Math.random()): number {
  if (timeoutSeconds === undefined || timeoutSeconds === 0) return MIN_REQUEST_TIMEOUT_S * 1000 * (1 + random);
  return Math.max(0, timeoutSeconds * 1000);
}

/** setTimeout for any delay (chained past Node's 24.8-day limit); returns its canceller. */
function longTimeout(fn: () => void, ms: number): () => void {
  let handle: NodeJS.Timeout;
  const arm = (left: number): void => {
    handle = setTimeout(() => (left > MAX_TIMER_MS ? arm(left - MAX_TIMER_MS) : fn()), Math.min(left, MAX_TIMER_MS));
  };
  arm(ms);
  return () => clearTimeout(handle);
}

/**
 * Streams watch events as newline-delimited JSON (one WatchEvent per line). Headers go out at once
 * so idle watches are established; the stream ends at timeoutSeconds, when the client goes, or when
 * the storage drops a watcher that fell behind (the client then relists).
 */
export async function serveWatch(req: FastifyRequest, reply: FastifyReply, o: WatchStreamOptions): Promise<void> {
  const { watch, rt } = o;
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': o.shape.format === 'yaml' ? 'application/yaml' : 'application/json',
    'transfer-encoding': 'chunked',
    'cache-control': 'no-cache, private',
  });
  res.flushHeaders();
  const printer = o.shape.table ? printerFor(storageKeyOf(rt)) : undefined;
  let first = true;
  let done = false;
  // This watcher's share of totalBacklog, as last seen.
  const backlog: Backlog = {
    queued: 0,
    // A client that does not read is cut off (it relists), and its queued events go with the socket:
    // ending the response would keep them queued for as long as the client holds the socket open.
    cut: () => {
      account(0);
      finish();
      res.destroy();
    },
  };
  backlogs.add(backlog);
  const account = (now: number): void => {
    totalBacklog += now - backlog.queued;
    backlog.queued = now;
  };
  const finish = () => {
    if (done) return;
    done = true;
    watch.stop();
    cancelTimer();
    clearInterval(bookmarkTimer);
    if (!res.writableEnded) res.end();
    // A client that stopped reading keeps the rest queued: give it a while, then drop the socket.
    if (res.writableLength > 0) setTimeout(() => res.destroy(), ENDED_DRAIN_MS).unref();
  };
  const release = () => {
    account(0);
    backlogs.delete(backlog);
    finish();
  };
  const cancelTimer = longTimeout(finish, watchDurationMs(o.timeoutSeconds));
  req.raw.on('close', release);
  res.on('close', release);
  res.on('error', release);
  res.on('drain', () => account(0));

  const write = (type: string, object: unknown): void => {
    if (done) return;
    const line = o.shape.format === 'yaml' ? `---\n${toYaml({ type, object })}` : `${JSON.stringify({ type, object })}\n`;
    res.write(line);
    account(res.writableLength);
    if (backlog.queued > MAX_WATCHER_BACKLOG) backlog.cut();
    else if (totalBacklog > MAX_TOTAL_BACKLOG) enforceTotalBacklog();
  };
  const bookmark = (rv: number, initialEnd: boolean): void => {
    const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
    if (initialEnd) metadata['annotations'] = { 'k8s.io/initial-events-end': 'true' };
    write('BOOKMARK', { kind: rt.kind, apiVersion: groupVersion(rt), metadata });
  };
  const bookmarkTimer = setInterval(() => {
    if (o.bookmarks) bookmark(watch.currentRv, false);
  }, BOOKMARK_EVERY_MS);

  let initialLeft = watch.initialCount;
  if (o.initialEventsEnd && initialLeft === 0) bookmark(watch.startRv, true);
  try {
    while (!done) {
      const ev = await watch.next();
      if (!ev) {
        if (watch.endReason && !done) {
          write('ERROR', new ApiError(410, 'Expired', watch.endReason).toStatus());
        }
        break;
      }
      const obj = o.present(ev.object);
      if (printer) {
        write(ev.type, buildWatchTable(printer, obj, first, { includeObject: o.includeObject, now: new Date(), apiVersion: o.shape.tableVersion }));
        first = false;
      } else {
        write(ev.type, obj);
      }
      if (initialLeft > 0 && --initialLeft === 0 && o.initialEventsEnd) bookmark(watch.startRv, true);
    }
  } finally {
    finish();
  }
}
