import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../../../../libs/apimachinery/src/status.errors.js';
import type { ResourceDefinition, SubresourceHandler, SubresourceMethod } from '../../registry/generic/resource.definition.js';
import type { GenericStore } from '../../registry/generic/generic.store.js';
import type { ResourceRegistry } from '../../registry/resource.registry.js';
import { bodyFormat, decodeBody } from '../body.decoder.js';
import type { ResponseShape } from '../content.negotiation.js';
import type { ResponseWriter } from '../response.writer.js';

/** Runs a subresource handler and writes what it answers: an object, a raw document or a stream. */
export class SubresourceVerbs {
  constructor(
    readonly registry: ResourceRegistry,
    readonly store: GenericStore,
    readonly out: ResponseWriter,
  ) {}

  async run(
    req: FastifyRequest,
    reply: FastifyReply,
    def: ResourceDefinition,
    handler: SubresourceHandler,
    ns: string | undefined,
    name: string,
    method: SubresourceMethod,
    shape: ResponseShape,
  ): Promise<void> {
    // Aborted when the client goes away from a streamed answer (pods/log follows).
    const aborter = new AbortController();
    let decoded: { value: unknown } | undefined;
    const result = await handler.handle(
      {
        def,
        namespace: ns,
        name,
        method,
        query: (req.query ?? {}) as Record<string, unknown>,
        contentType: req.headers['content-type'],
        userAgent: req.headers['user-agent'],
        accept: req.headers.accept,
        body: () =>
          (decoded ??= { value: decodeBody((req.body as Buffer | undefined) ?? Buffer.alloc(0), bodyFormat(req.headers['content-type'])) })
            .value,
        signal: aborter.signal,
      },
      this.store,
      this.registry,
    );
    switch (result.type) {
      case 'object':
        return this.out.send(reply, shape, def, result.object, result.code);
      case 'raw':
        return this.out.raw(reply, { ...shape, table: false }, result.code, result.body);
      case 'stream': {
        const upstream = result.stream;
        reply.hijack();
        reply.raw.writeHead(200, { 'content-type': result.contentType, 'transfer-encoding': 'chunked' });
        reply.raw.flushHeaders();
        req.raw.on('close', () => aborter.abort());
        upstream.on('data', (c: Buffer) => reply.raw.write(c));
        upstream.on('end', () => reply.raw.end());
        upstream.on('error', () => reply.raw.end());
        return;
      }
    }
  }
}

/** A request method as a subresource method, or 405. */
export function subresourceMethod(method: string, handler: SubresourceHandler): SubresourceMethod {
  const m = handler.methods.find((x) => x === method);
  if (!m) throw ApiError.methodNotAllowed();
  return m;
}
