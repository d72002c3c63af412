import type { FastifyReply, FastifyRequest } from 'fastify';
import { groupVersion, storageKeyOf, type ResourceType } from '../../../../../libs/api/src/resource.types.js';
import { ApiError } from '../../../../../libs/apimachinery/src/status.errors.js';
import { GenericStore, parseRv } from '../../registry/generic/generic.store.js';
import { printerFor } from '../../registry/printers/printer.registry.js';
import { buildTable, type IncludeObject } from '../../registry/printers/table.builder.js';
import type { ResourceRegistry } from '../../registry/resource.registry.js';
import { type ResponseShape } from '../content.negotiation.js';
import { decodeContinue, encodeContinue, ExpiredContinueError } from '../continue.token.js';
import { ListQuery, parseQuery } from '../query.options.js';
import { buildFilter } from '../selector.filter.js';
import { serveWatch } from '../watch.stream.js';
import type { ResponseWriter } from '../response.writer.js';
import { StorageError } from '../../storage/storage.interface.js';

type Query = Record<string, unknown>;

/** The largest page size the storage is asked for (it adds one to look ahead). */
const MAX_LIMIT = Number.MAX_SAFE_INTEGER - 1;

/** List and watch: collection GETs with selectors, versions, pages and Table output. */
export class ListVerb {
  constructor(
    readonly registry: ResourceRegistry,
    readonly store: GenericStore,
    readonly out: ResponseWriter,
  ) {}

  async listOrWatch(req: FastifyRequest, reply: FastifyReply, rt: ResourceType, ns: string | undefined, query: Query, shape: ResponseShape): Promise<void> {
    const q = parseQuery(ListQuery, query);
    const filter = buildFilter(rt, q.labelSelector, q.fieldSelector);
    const rvParam = q.resourceVersion;
    if (q.resourceVersionMatch && !rvParam && !(q.watch && q.sendInitialEvents)) {
      throw ApiError.invalidOptions('resourceVersionMatch', q.resourceVersionMatch, 'resourceVersionMatch is forbidden unless resourceVersion is provided');
    }
    if (q.watch) {
      if (q.sendInitialEvents !== undefined && q.sendInitialEvents) {
        if (q.resourceVersionMatch !== 'NotOlderThan') {
          throw ApiError.invalidOptions('resourceVersionMatch', q.resourceVersionMatch ?? '', "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
        }
        if (!q.allowWatchBookmarks) {
          throw ApiError.invalidOptions('allowWatchBookmarks', false, 'sendInitialEvents requires allowWatchBookmarks=true');
        }
      }
      const rv = rvParam && rvParam !== '0' ? parseRv(rvParam) : undefined;
      const initial = q.sendInitialEvents ?? (rvParam === undefined || rvParam === '' || rvParam === '0');
      const watch = await this.store.watch(rt, ns, {
        fromRv: initial ? undefined : rv,
        fromAny: initial && rvParam === '0',
        filter,
      });
      return serveWatch(req, reply, {
        rt,
        watch,
        shape,
        includeObject: (q.includeObject as IncludeObject | undefined) ?? 'Metadata',
        timeoutSeconds: q.timeoutSeconds,
        bookmarks: !!q.allowWatchBookmarks,
        initialEventsEnd: !!q.sendInitialEvents,
        present: (o) => this.store.present(rt, o),
      });
    }
    let after: { namespace: string; name: string } | undefined;
    let atRv: number | undefined;
    let anyVersion = false;
    if (q.continue) {
      if (rvParam && rvParam !== '0') throw ApiError.invalidOptions('resourceVersion', rvParam, 'specifying resource version is not allowed when using continue');
      const tok = decodeContinue(q.continue);
      after = tok.start;
      atRv = tok.rv;
    } else if (rvParam === '0') {
      anyVersion = q.resourceVersionMatch !== 'Exact';
      if (q.resourceVersionMatch === 'Exact') throw ApiError.invalidOptions('resourceVersionMatch', 'Exact', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    } else if (rvParam) {
      const rv = parseRv(rvParam);
      const current = await this.store.backend.currentRv();
      if (rv > current) {
        throw new ApiError(504, 'Timeout', `Too large resource version: ${rv}, current: ${current}`, {
          causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
          retryAfterSeconds: 1,
        });
      }
      if (q.resourceVersionMatch === 'Exact' || ((q.limit ?? 0) > 0 && !q.resourceVersionMatch)) {
        if (rv < (await this.store.backend.compactedRv())) throw ApiError.gone('The resourceVersion for the provided list is too old.');
        atRv = rv;
      }
    }
    // Zero or negative is no limit, as upstream; a limit past 2^53 (up to int64 max) lists everything.
    const limit = anyVersion || q.limit === undefined || q.limit <= 0 ? undefined : Math.min(q.limit, MAX_LIMIT);
    let res;
    try {
      res = await this.store.backend.list(storageKeyOf(rt), ns, { limit, after, atRv, anyVersion, filter });
    } catch (e) {
      if (after && e instanceof StorageError && e.code === 'Expired') throw new ExpiredContinueError(e.message, encodeContinue(-1, after));
      throw this.store.mapError(e, rt, '');
    }
    const items = res.items.map((o) => this.store.present(rt, o));
    const cont = res.next ? encodeContinue(res.rv, res.next) : undefined;
    const listMeta: Record<string, unknown> = { resourceVersion: String(res.rv) };
    if (cont) listMeta['continue'] = cont;
    if (res.remaining !== undefined && cont) listMeta['remainingItemCount'] = res.remaining;
    if (shape.table) {
      const table = buildTable(printerFor(storageKeyOf(rt)), items, {
        includeObject: (q.includeObject as IncludeObject | undefined) ?? 'Metadata',
        listMeta: { resourceVersion: String(res.rv), continue: cont, remainingItemCount: cont ? res.remaining : undefined },
        now: new Date(),
        apiVersion: shape.tableVersion,
      });
      return this.out.raw(reply, shape, 200, table);
    }
    return this.out.raw(reply, shape, 200, { kind: `${rt.kind}List`, apiVersion: groupVersion(rt), metadata: listMeta, items });
  }
}
