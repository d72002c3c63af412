import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResourceType } from '../../../../../libs/api/src/resource.types.js';
import { ApiError } from '../../../../../libs/apimachinery/src/status.errors.js';
import { managerFromUserAgent } from '../../../../../libs/apimachinery/src/patch/apply/managed-fields.model.js';
import { GenericStore } from '../../registry/generic/generic.store.js';
import type { KubeObject } from '../../registry/generic/strategy.interface.js';
import type { ResourceRegistry } from '../../registry/resource.registry.js';
import { bodyFormat, decodeBody } from '../body.decoder.js';
import { negotiate, type ResponseShape } from '../content.negotiation.js';
import { LogQuery, parseQuery, WriteQuery } from '../query.options.js';
import { scaleOf, applyScale } from '../../registry/subresources/scale.subresource.js';
import { bindPod } from '../../registry/subresources/pod.binding.js';
import { evictPod } from '../../registry/subresources/pod.eviction.js';
import { kubeletUrl, logContainer, openContainerLog } from '../../registry/subresources/pod.log.js';
import type { ResponseWriter } from '../response.writer.js';
import type { WriteVerb } from './write.verb.js';

type Query = Record<string, unknown>;

/** The subresources with semantics of their own: scale, binding, eviction, log, finalize. */
export class SubresourceVerbs {
  constructor(
    readonly registry: ResourceRegistry,
    readonly store: GenericStore,
    readonly out: ResponseWriter,
    readonly writes: WriteVerb,
  ) {}

  async scale(req: FastifyRequest, reply: FastifyReply, rt: ResourceType, ns: string | undefined, name: string, query: Query, method: string): Promise<void> {
    const shape = negotiate(req.headers.accept);
    if (method === 'GET') return this.out.raw(reply, shape, 200, scaleOf(rt, await this.store.get(rt, ns, name)));
    if (method !== 'PUT' && method !== 'PATCH') throw ApiError.methodNotAllowed();
    const q = parseQuery(WriteQuery, query);
    const format = bodyFormat(req.headers['content-type']);
    const body = decodeBody((req.body as Buffer | undefined) ?? Buffer.alloc(0), format);
    const scaleCtx = { dryRun: q.dryRun === 'All', fieldManager: q.fieldManager || managerFromUserAgent(req.headers['user-agent']), subresource: 'scale' as const };
    const updated = await this.store.guaranteed(rt, ns, name, scaleCtx, undefined, (current) => {
      const currentScale = scaleOf(rt, current);
      const desired = method === 'PUT' ? (body as KubeObject) : this.writes.applyPatch(format, currentScale as KubeObject, body, 'V1Scale');
      return applyScale(rt, current, desired);
    });
    return this.out.raw(reply, shape, 200, scaleOf(rt, updated));
  }

  async binding(req: FastifyRequest, reply: FastifyReply, rt: ResourceType, ns: string | undefined, name: string, query: Query): Promise<void> {
    const q = parseQuery(WriteQuery, query);
    const body = decodeBody(req.body as Buffer, bodyFormat(req.headers['content-type'])) as KubeObject;
    await this.store.guaranteed(rt, ns, name, { dryRun: q.dryRun === 'All', subresource: 'binding' }, undefined, (pod) => bindPod(pod, body));
    return this.out.raw(reply, { format: 'json', table: false, tableVersion: 'meta.k8s.io/v1' }, 201, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201,
    });
  }

  async eviction(req: FastifyRequest, reply: FastifyReply, rt: ResourceType, ns: string | undefined, name: string): Promise<void> {
    const body = decodeBody(req.body as Buffer, bodyFormat(req.headers['content-type'])) as {
      deleteOptions?: { gracePeriodSeconds?: number; dryRun?: string[]; preconditions?: { uid?: string } };
    };
    const pdbs = this.registry.lookup('policy', 'v1', 'poddisruptionbudgets')!;
    await evictPod(this.store, rt, pdbs, ns ?? '', name, {
      dryRun: (body.deleteOptions?.dryRun ?? []).includes('All'),
      gracePeriodSeconds: body.deleteOptions?.gracePeriodSeconds,
      uid: body.deleteOptions?.preconditions?.uid,
    });
    return this.out.raw(reply, { format: 'json', table: false, tableVersion: 'meta.k8s.io/v1' }, 201, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201,
    });
  }

  /** pods/log: proxied to the kubelet (node agent) that runs the pod, streamed as plain text. */

  /** pods/log: proxied to the kubelet (node agent) that runs the pod, streamed as plain text. */
  async log(req: FastifyRequest, reply: FastifyReply, rt: ResourceType, ns: string | undefined, name: string, query: Query): Promise<void> {
    const q = parseQuery(LogQuery, query);
    const pod = await this.store.get(rt, ns, name);
    const container = logContainer(pod, q.container);
    const nodeName = ((pod.spec ?? {}) as { nodeName?: string }).nodeName;
    if (!nodeName) throw ApiError.badRequest(`pod ${name} does not have a host assigned`);
    const nodeType = this.registry.lookup('', 'v1', 'nodes')!;
    const node = await this.store.get(nodeType, undefined, nodeName).catch(() => undefined);
    const upstream = await openContainerLog(kubeletUrl(node, name), ns ?? '', name, container, q);
    if ((upstream.statusCode ?? 500) >= 400) {
      const chunks: Buffer[] = [];
      for await (const c of upstream) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString('utf8').trim();
      throw upstream.statusCode === 404 ? new ApiError(404, 'NotFound', text) : ApiError.badRequest(text);
    }
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
    reply.raw.flushHeaders();
    const close = () => upstream.destroy();
    req.raw.on('close', close);
    upstream.on('data', (c: Buffer) => reply.raw.write(c));
    upstream.on('end', () => reply.raw.end());
    upstream.on('error', () => reply.raw.end());
  }

  async finalize(req: FastifyRequest, reply: FastifyReply, rt: ResourceType, name: string, query: Query, shape: ResponseShape): Promise<void> {
    const q = parseQuery(WriteQuery, query);
    const body = decodeBody(req.body as Buffer, bodyFormat(req.headers['content-type'])) as KubeObject;
    const finalizers = ((body.spec ?? {}) as { finalizers?: string[] }).finalizers ?? [];
    const updated = await this.store.guaranteed(rt, undefined, name, { dryRun: q.dryRun === 'All' }, undefined, (cur) => ({
      ...cur,
      spec: { ...((cur.spec ?? {}) as object), finalizers },
    }));
    if (finalizers.length === 0 && updated.metadata?.deletionTimestamp && (updated.metadata.finalizers ?? []).length === 0 && !q.dryRun) {
      await this.store.backend.delete(this.store.key(rt, undefined, name)).catch(() => undefined);
    }
    return this.out.send(reply, shape, rt, updated, 200);
  }
}
