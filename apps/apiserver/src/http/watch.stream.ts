import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify as toYaml } from 'yaml';
import { groupVersion } from '../../../../libs/api/src/resource.types.js';
import type { ResourceDefinition } from '../registry/generic/resource.definition.js';
import { ApiError } from '../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject } from '../registry/generic/strategy.interface.js';
import { buildWatchTable, type IncludeObject } from '../registry/printers/table.builder.js';
import type { Watch } from '../storage/storage.interface.js';
import type { ResponseShape } from './content.negotiation.js';

interface WatchStreamOptions {
  rt: ResourceDefinition;
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
/**
 * A watcher whose client takes nothing from the socket for this long while events wait is cut off
 * (the client relists). Upstream's cacher is stricter still: it closes a watcher whose buffer stays
 * full past a budget of milliseconds.
 */
const STALL_MS = 10_000;
/** Unsent bytes all watchers together may leave queued: past it, the furthest behind are cut off. */
const MAX_TOTAL_BACKLOG = 64 * 1024 * 1024;
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
 *
 * Events are taken from the storage only as fast as the client reads them (backpressure): unread
 * events wait as shared references in the storage watcher's bounded queue, not as serialized copies
 * in the socket. A client that stops reading is cut off after STALL_MS by destroying the socket;
 * ending the response would keep its backlog for as long as the client holds the connection.
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
  const printer = o.shape.table ? rt.printer : undefined;
  let first = true;
  let done = false;
  let needDrain = false;
  // This watcher's share of totalBacklog, as last seen.
  const backlog: Backlog = {
    queued: 0,
    // A reset, not a close: the kernel drops the unsent bytes at once instead of keeping them for a
    // client that does not read.
    cut: () => {
      account(0);
      finish();
      if (res.socket && !res.socket.destroyed) res.socket.resetAndDestroy();
      else res.destroy();
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
    // A client that stopped reading keeps the rest queued: the stall watch drops the socket.
    if (!res.destroyed && res.writableLength > 0) void untilDrained();
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
  res.on('drain', () => account(res.writableLength));

  /** Resolves true once the client has read the queue, false when it went or stalled (then it is cut). */
  const untilDrained = (): Promise<boolean> =>
    new Promise((resolve) => {
      let last = res.writableLength;
      const settle = (ok: boolean) => {
        clearInterval(stallCheck);
        res.off('drain', onDrain);
        res.off('close', onClose);
        resolve(ok);
      };
      const onDrain = () => settle(true);
      const onClose = () => settle(false);
      // Cut off only a client that makes no progress at all; a slow one keeps its watch.
      const stallCheck = setInterval(() => {
        const now = res.destroyed ? 0 : res.writableLength;
        if (now === 0) return settle(!res.destroyed);
        if (now >= last) {
          settle(false);
          backlog.cut();
        }
        last = now;
      }, STALL_MS);
      res.on('drain', onDrain);
      res.on('close', onClose);
    });

  const write = (type: string, object: unknown): void => {
    if (res.destroyed || res.writableEnded) return;
    const line = o.shape.format === 'yaml' ? `---\n${toYaml({ type, object })}` : `${JSON.stringify({ type, object })}\n`;
    if (!res.write(line)) needDrain = true;
    account(res.writableLength);
    if (totalBacklog > MAX_TOTAL_BACKLOG) enforceTotalBacklog();
  };
  const bookmark = (rv: number, initialEnd: boolean): void => {
    const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
    if (initialEnd) metadata['annotations'] = { 'k8s.io/initial-events-end': 'true' };
    write('BOOKMARK', { kind: rt.kind, apiVersion: groupVersion(rt), metadata });
  };
  const bookmarkTimer = setInterval(() => {
    if (o.bookmarks && !needDrain) bookmark(watch.currentRv, false);
  }, BOOKMARK_EVERY_MS);

  let initialLeft = watch.initialCount;
  if (o.initialEventsEnd && initialLeft === 0) bookmark(watch.startRv, true);
  try {
    while (!done) {
      if (needDrain) {
        if (!(await untilDrained())) break;
        needDrain = false;
      }
      const ev = await watch.next();
      if (!ev) {
        if (watch.endReason && !done) {
          write('ERROR', new ApiError(410, 'Expired', watch.endReason).toStatus());
        }
        break;
      }
      const obj = o.present(ev.object);
      if (printer) {
        write(
          ev.type,
          buildWatchTable(printer, obj, first, { includeObject: o.includeObject, now: new Date(), apiVersion: o.shape.tableVersion }),
        );
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
