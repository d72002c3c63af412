import type { FastifyReply, FastifyRequest } from 'fastify';
import { groupVersion } from '../../../../../libs/api/src/resource.types.js';
import { GenericStore } from '../../registry/generic/generic.store.js';
import type { ResourceDefinition } from '../../registry/generic/resource.definition.js';
import { buildTable, type IncludeObject } from '../../registry/printers/table.builder.js';
import type { ResourceRegistry } from '../../registry/resource.registry.js';
import { type ResponseShape } from '../content.negotiation.js';
import { ListQuery, parseQuery } from '../query.options.js';
import { buildFilter } from '../selector.filter.js';
import { serveWatch } from '../watch.stream.js';
import type { ResponseWriter } from '../response.writer.js';

type Query = Record<string, unknown>;

/** List and watch: collection GETs with selectors, versions, pages and Table output. */
export class ListVerb {
  constructor(
    readonly registry: ResourceRegistry,
    readonly store: GenericStore,
    readonly out: ResponseWriter,
  ) {}

  async listOrWatch(
    req: FastifyRequest,
    reply: FastifyReply,
    rt: ResourceDefinition,
    ns: string | undefined,
    query: Query,
    shape: ResponseShape,
  ): Promise<void> {
    const q = parseQuery(ListQuery, query);
    const filter = buildFilter(rt, q.labelSelector, q.fieldSelector);
    const includeObject = (q.includeObject as IncludeObject | undefined) ?? 'Metadata';
    if (q.watch) {
      const watch = await this.store.watch(rt, ns, {
        resourceVersion: q.resourceVersion,
        resourceVersionMatch: q.resourceVersionMatch,
        sendInitialEvents: q.sendInitialEvents,
        allowWatchBookmarks: q.allowWatchBookmarks,
        filter,
      });
      return serveWatch(req, reply, {
        rt,
        watch,
        shape,
        includeObject,
        timeoutSeconds: q.timeoutSeconds,
        bookmarks: !!q.allowWatchBookmarks,
        initialEventsEnd: !!q.sendInitialEvents,
        present: (o) => this.store.present(rt, o),
      });
    }
    const res = await this.store.list(rt, ns, {
      resourceVersion: q.resourceVersion,
      resourceVersionMatch: q.resourceVersionMatch,
      limit: q.limit,
      continue: q.continue,
      filter,
    });
    const listMeta: Record<string, unknown> = { resourceVersion: String(res.rv) };
    if (res.continue) listMeta['continue'] = res.continue;
    if (res.remainingItemCount !== undefined && res.continue) listMeta['remainingItemCount'] = res.remainingItemCount;
    if (shape.table) {
      const table = buildTable(rt.printer, res.items, {
        includeObject,
        listMeta: {
          resourceVersion: String(res.rv),
          continue: res.continue,
          remainingItemCount: res.continue ? res.remainingItemCount : undefined,
        },
        now: new Date(),
        apiVersion: shape.tableVersion,
      });
      return this.out.raw(reply, shape, 200, table);
    }
    return this.out.raw(reply, shape, 200, { kind: rt.listKind, apiVersion: groupVersion(rt), metadata: listMeta, items: res.items });
  }
}
