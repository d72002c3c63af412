import type { FastifyReply, FastifyRequest } from 'fastify';
import { groupVersion } from '../../../../../libs/api/src/resource.types.js';
import type { ResourceDefinition } from '../../registry/generic/resource.definition.js';
import { type Status } from '../../../../../libs/apimachinery/src/status.errors.js';
import { GenericStore } from '../../registry/generic/generic.store.js';
import type { ResourceRegistry } from '../../registry/resource.registry.js';
import { bodyFormat, decodeBody } from '../body.decoder.js';
import { type ResponseShape } from '../content.negotiation.js';
import { DeleteQuery, ListQuery, parseQuery } from '../query.options.js';
import { buildFilter } from '../selector.filter.js';
import type { ResponseWriter } from '../response.writer.js';

type Query = Record<string, unknown>;

/** Delete and deletecollection, with DeleteOptions from the query or the body. */
export class DeleteVerb {
  constructor(
    readonly registry: ResourceRegistry,
    readonly store: GenericStore,
    readonly out: ResponseWriter,
  ) {}

  async deleteOne(
    req: FastifyRequest,
    reply: FastifyReply,
    rt: ResourceDefinition,
    ns: string | undefined,
    name: string,
    query: Query,
    shape: ResponseShape,
  ): Promise<void> {
    const opts = this.deleteOptions(req, query);
    const res = await this.store.delete(rt, ns, name, opts);
    if (!res.deleted) return this.out.send(reply, shape, rt, res.object, 200);
    const uid = res.object.metadata?.uid;
    // As upstream's store answers a finished delete: no code, no message, empty detail fields left out.
    const status: Omit<Status, 'message' | 'reason' | 'code'> = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name, ...(rt.group ? { group: rt.group } : {}), kind: rt.resource, ...(uid ? { uid } : {}) },
    };
    return this.out.raw(reply, { ...shape, table: false }, 200, status);
  }

  async deleteCollection(
    req: FastifyRequest,
    reply: FastifyReply,
    rt: ResourceDefinition,
    ns: string | undefined,
    query: Query,
    shape: ResponseShape,
  ): Promise<void> {
    const lq = parseQuery(ListQuery, query);
    const opts = this.deleteOptions(req, query);
    const filter = buildFilter(rt, lq.labelSelector, lq.fieldSelector);
    const res = await this.store.deleteCollection(rt, ns, { filter }, opts);
    return this.out.raw(reply, { ...shape, table: false }, 200, {
      kind: rt.listKind,
      apiVersion: groupVersion(rt),
      metadata: { resourceVersion: String(res.rv) },
      items: res.items,
    });
  }

  deleteOptions(req: FastifyRequest, query: Query) {
    let fromBody: Record<string, unknown> = {};
    const raw = req.body as Buffer | undefined;
    if (raw && raw.length > 0) {
      const b = decodeBody(raw, bodyFormat(req.headers['content-type']));
      if (b && typeof b === 'object' && !Array.isArray(b)) fromBody = b as Record<string, unknown>;
    }
    const merged: Record<string, unknown> = { ...query };
    for (const k of ['gracePeriodSeconds', 'propagationPolicy', 'orphanDependents']) {
      if (fromBody[k] !== undefined && merged[k] === undefined) merged[k] = String(fromBody[k]);
    }
    if (Array.isArray(fromBody['dryRun']) && merged['dryRun'] === undefined) merged['dryRun'] = (fromBody['dryRun'] as unknown[])[0];
    const q = parseQuery(DeleteQuery, merged);
    const pre = (fromBody['preconditions'] ?? {}) as { uid?: string; resourceVersion?: string };
    let policy = q.propagationPolicy as 'Orphan' | 'Background' | 'Foreground' | undefined;
    if (!policy && q.orphanDependents === true) policy = 'Orphan';
    return { dryRun: q.dryRun === 'All', gracePeriodSeconds: q.gracePeriodSeconds, preconditions: pre, propagationPolicy: policy };
  }
}
