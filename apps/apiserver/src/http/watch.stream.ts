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

/** Default length of a watch without timeoutSeconds (upstream picks 30–60 min). */
const DEFAULT_TIMEOUT_S = 1800;
const BOOKMARK_EVERY_MS = 60_000;
/** Unwritten bytes a client may leave in the socket before it counts as too slow. */
const MAX_SOCKET_BACKLOG = 16 * 1024 * 1024;

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
  const finish = () => {
    if (done) return;
    done = true;
    watch.stop();
    clearTimeout(timer);
    clearInterval(bookmarkTimer);
    if (!res.writableEnded) res.end();
  };
  const timer = setTimeout(finish, (o.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000);
  req.raw.on('close', finish);
  res.on('close', finish);
  res.on('error', finish);

  const write = (type: string, object: unknown): void => {
    if (done) return;
    const line = o.shape.format === 'yaml' ? `---\n${toYaml({ type, object })}` : `${JSON.stringify({ type, object })}\n`;
    res.write(line);
    if (res.writableLength > MAX_SOCKET_BACKLOG) finish();
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
