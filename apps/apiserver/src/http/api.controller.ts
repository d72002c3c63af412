import { All, Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../../../libs/apimachinery/src/status.errors.js';
import { ResourceRegistry } from '../registry/resource.registry.js';
import { ServerConfig } from '../config/server.config.js';
import { aggregatedDiscovery, apiGroupDoc, apiGroupList, apiResourceList, apiVersions, wantsAggregated } from './discovery.js';
import { negotiateOpenApiV2, OPENAPI_V2_PROTOBUF_CONTENT_TYPE, OPENAPI_V2_TYPES } from './content.negotiation.js';
import { OpenApiService } from './openapi.service.js';
import { parseResourcePath } from './request-info.js';
import { ResourceHandler } from './resource.handler.js';
import { VERSION_INFO } from './version.info.js';

function json(reply: FastifyReply, body: unknown, contentType = 'application/json'): void {
  void reply
    .code(200)
    .header('content-type', contentType)
    .send(Buffer.from(JSON.stringify(body)));
}

/**
 * The HTTP edge. Resources are data: one wildcard route per API prefix hands every request to the
 * resource handler; adding a kind never adds a route.
 */
@Controller()
export class ApiController {
  constructor(
    @Inject(ResourceRegistry) private readonly registry: ResourceRegistry,
    @Inject(ResourceHandler) private readonly handler: ResourceHandler,
    @Inject(OpenApiService) private readonly openapi: OpenApiService,
    @Inject(ServerConfig) private readonly config: ServerConfig,
  ) {}

  @Get('version')
  version(@Res() reply: FastifyReply): void {
    json(reply, VERSION_INFO);
  }

  @Get(['openapi/v2', 'swagger.json'])
  openapiV2(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    const type = negotiateOpenApiV2(req.headers.accept);
    if (!type) throw new ApiError(406, 'NotAcceptable', `only the following media types are accepted: ${OPENAPI_V2_TYPES.join(', ')}`);
    const json = type === 'application/json';
    const doc = json ? this.openapi.v2() : this.openapi.v2Protobuf();
    const etag = `"${doc.hash}"`;
    // As kube-openapi (http.ServeContent): the ETag of the representation served, 304 when it still matches.
    void reply
      .header('content-type', json ? type : OPENAPI_V2_PROTOBUF_CONTENT_TYPE)
      .header('etag', etag)
      .header('cache-control', 'no-cache, private')
      .header('vary', 'Accept');
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
      void reply.code(304).send();
      return;
    }
    void reply.code(200).send(doc.body);
  }

  @Get('openapi/v3')
  openapiV3Index(@Res() reply: FastifyReply): void {
    void reply.code(200).header('content-type', 'application/json').send(this.openapi.v3Index());
  }

  @Get('openapi/v3/*')
  openapiV3(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    const path = req.url.split('?')[0]!.replace(/^\/openapi\/v3\//, '');
    const doc = this.openapi.v3(path);
    if (!doc) throw ApiError.pathNotFound();
    void reply
      .code(200)
      .header('content-type', 'application/json')
      .header('etag', `"${doc.hash}"`)
      .header('cache-control', req.url.includes('hash=') ? 'public, immutable' : 'no-cache, private')
      .send(doc.body);
  }

  @All(['api', 'api/*', 'apis', 'apis/*'])
  async resources(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const info = parseResourcePath(req.url);
    if (!info.discovery) return this.handler.handle(req, reply, info);
    if (req.method !== 'GET') throw ApiError.methodNotAllowed();
    const legacy = req.url.startsWith('/api/') || req.url.split('?')[0] === '/api';
    switch (info.discovery) {
      case 'root': {
        const agg = wantsAggregated(req.headers.accept);
        if (agg)
          return json(
            reply,
            aggregatedDiscovery(this.registry, legacy, agg),
            `application/json;g=apidiscovery.k8s.io;v=${agg.split('/')[1]};as=APIGroupDiscoveryList`,
          );
        return json(reply, legacy ? apiVersions(`${this.config.bindAddress}:${this.config.port}`) : apiGroupList(this.registry));
      }
      case 'group': {
        const doc = apiGroupDoc(this.registry, info.group);
        if (!doc) throw ApiError.pathNotFound();
        return json(reply, doc);
      }
      case 'groupVersion':
        if (!this.registry.hasGroupVersion(info.group, info.version)) throw ApiError.pathNotFound();
        return json(reply, apiResourceList(this.registry, info.group, info.version));
    }
  }
}
