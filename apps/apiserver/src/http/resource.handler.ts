import type { FastifyReply, FastifyRequest } from 'fastify';
import { verbsOf } from '../../../../libs/api/src/resource.types.js';
import { ApiError } from '../../../../libs/apimachinery/src/status.errors.js';
import type { GenericStore } from '../registry/generic/generic.store.js';
import type { ResourceRegistry } from '../registry/resource.registry.js';
import { negotiate } from './content.negotiation.js';
import type { RequestInfo } from './request-info.js';
import { ResponseWriter } from './response.writer.js';
import { DeleteVerb } from './verbs/delete.verb.js';
import { ListVerb } from './verbs/list.verb.js';
import { writesAsStatus } from '../registry/generic/subresources/status.subresource.js';
import { SubresourceVerbs, subresourceMethod } from './verbs/subresource.verb.js';
import { WriteVerb } from './verbs/write.verb.js';

type Query = Record<string, unknown>;

/**
 * The resource half of the HTTP edge: turns a request under /api or /apis into one call of the
 * generic store, and its result into the representation the client asked for. The verbs live in
 * http/verbs/; this class only routes.
 */
export class ResourceHandler {
  private readonly out = new ResponseWriter();
  private readonly lists: ListVerb;
  private readonly writes: WriteVerb;
  private readonly deletes: DeleteVerb;
  private readonly subresources: SubresourceVerbs;

  constructor(
    private readonly registry: ResourceRegistry,
    private readonly store: GenericStore,
  ) {
    this.lists = new ListVerb(registry, store, this.out);
    this.writes = new WriteVerb(registry, store, this.out);
    this.deletes = new DeleteVerb(registry, store, this.out);
    this.subresources = new SubresourceVerbs(registry, store, this.out);
  }

  async handle(req: FastifyRequest, reply: FastifyReply, info: RequestInfo): Promise<void> {
    const rt = this.registry.lookup(info.group, info.version, info.resource ?? '');
    if (!rt) throw ApiError.pathNotFound();
    if (info.subresource && !(rt.subresources ?? []).includes(info.subresource)) throw ApiError.pathNotFound();
    if (!rt.namespaced && info.namespace !== undefined) throw ApiError.pathNotFound();
    const shape = negotiate(req.headers.accept);
    const query = (req.query ?? {}) as Query;
    const method = req.method.toUpperCase();
    const ns = rt.namespaced ? info.namespace : undefined;

    if (!info.name) {
      switch (method) {
        case 'GET':
          return this.lists.listOrWatch(req, reply, rt, ns, query, shape);
        case 'POST':
          return this.writes.create(req, reply, rt, ns, query, shape);
        case 'DELETE':
          if (!verbsOf(rt).includes('deletecollection')) throw ApiError.methodNotAllowed();
          return this.deletes.deleteCollection(req, reply, rt, ns, query, shape);
        default:
          throw ApiError.methodNotAllowed();
      }
    }
    const name = info.name;
    if (info.subresource) {
      const handler = Object.hasOwn(rt.subresourceHandlers, info.subresource) ? rt.subresourceHandlers[info.subresource] : undefined;
      if (!handler) throw ApiError.pathNotFound();
      const sm = subresourceMethod(method, handler);
      if (sm !== 'GET' && writesAsStatus(handler)) return this.writes.write(req, reply, rt, ns, name, query, shape, 'status');
      return this.subresources.run(req, reply, rt, handler, ns, name, sm, shape);
    }
    switch (method) {
      case 'GET':
        if (query['watch'] === 'true' || query['watch'] === '1') throw ApiError.methodNotAllowed();
        return this.out.send(reply, shape, rt, await this.store.get(rt, ns, name));
      case 'PUT':
      case 'PATCH':
        return this.writes.write(req, reply, rt, ns, name, query, shape, undefined);
      case 'DELETE':
        return this.deletes.deleteOne(req, reply, rt, ns, name, query, shape);
      default:
        throw ApiError.methodNotAllowed();
    }
  }
}
