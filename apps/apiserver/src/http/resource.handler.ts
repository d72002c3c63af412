import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify as toYaml } from 'yaml';
import { groupVersion, storageKeyOf, type ResourceType } from '../../../../libs/api/src/resource.types.js';
import { ApiError, FieldError, type Status } from '../../../../libs/apimachinery/src/status.errors.js';
import { managerFromUserAgent } from '../../../../libs/apimachinery/src/patch/apply/managed-fields.model.js';
import { managedScopeFor } from '../../../../libs/apimachinery/src/patch/apply/model-apply.schema.js';
import { serverSideApply } from '../../../../libs/apimachinery/src/patch/apply/server-side.apply.js';
import { nowTimestamp } from '../registry/generic/object.meta.js';
import { applyStrategicMergePatch } from '../../../../libs/apimachinery/src/patch/strategic/strategic-merge.patch.js';
import { modelPatchSchema } from '../../../../libs/api/src/schema/model-patch.schema.js';
import { getSchemaRegistry } from '../../../../libs/api/src/schema/schema.registry.js';
import { GenericStore, parseRv } from '../registry/generic/generic.store.js';
import { applyJsonPatch } from '../registry/generic/patch/json.patch.js';
import { applyMergePatch } from '../registry/generic/patch/merge.patch.js';
import type { KubeObject } from '../registry/generic/strategy.interface.js';
import { printerFor } from '../registry/printers/printer.registry.js';
import { buildTable, type IncludeObject } from '../registry/printers/table.builder.js';
import type { ResourceRegistry } from '../registry/resource.registry.js';
import { bodyFormat, decodeBody } from './body.decoder.js';
import { negotiate, type ResponseShape } from './content.negotiation.js';
import { decodeContinue, encodeContinue } from './continue.token.js';
import { DeleteQuery, ListQuery, LogQuery, parseQuery, WriteQuery } from './query.options.js';
import { parseResourcePath, type RequestInfo } from './request-info.js';
import { buildFilter } from './selector.filter.js';
import { applyFieldValidation } from './field.validation.js';
import { serveWatch } from './watch.stream.js';
import { scaleOf, applyScale } from '../registry/subresources/scale.subresource.js';
import { bindPod } from '../registry/subresources/pod.binding.js';
import { evictPod } from '../registry/subresources/pod.eviction.js';
import { kubeletUrl, logContainer, openContainerLog } from '../registry/subresources/pod.log.js';

type Query = Record<string, unknown>;

/**
 * The resource half of the HTTP edge: turns a request under /api or /apis into one call of the
 * generic store, and its result into the representation the client asked for.
 */
export class ResourceHandler {
  constructor(
    private readonly registry: ResourceRegistry,
    private readonly store: GenericStore,
  ) {}

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
          return this.listOrWatch(req, reply, rt, ns, query, shape);
        case 'POST':
          return this.create(req, reply, rt, ns, query, shape);
        case 'DELETE':
          return this.deleteCollection(req, reply, rt, ns, query, shape);
        default:
          throw ApiError.methodNotAllowed();
      }
    }
    const name = info.name;
    switch (info.subresource) {
      case undefined:
        break;
      case 'approval':
        // certificatesigningrequests/approval changes status.conditions only, like a status write.
        if (method === 'GET') return this.send(reply, shape, rt, await this.store.get(rt, ns, name));
        if (method === 'PUT' || method === 'PATCH') return this.write(req, reply, rt, ns, name, query, shape, 'status');
        throw ApiError.methodNotAllowed();
      case 'status':
        if (method === 'GET') return this.send(reply, shape, rt, await this.store.get(rt, ns, name));
        if (method === 'PUT' || method === 'PATCH') return this.write(req, reply, rt, ns, name, query, shape, 'status');
        throw ApiError.methodNotAllowed();
      case 'scale':
        return this.scale(req, reply, rt, ns, name, query, method);
      case 'binding':
        if (method !== 'POST') throw ApiError.methodNotAllowed();
        return this.binding(req, reply, rt, ns, name, query);
      case 'eviction':
        if (method !== 'POST') throw ApiError.methodNotAllowed();
        return this.eviction(req, reply, rt, ns, name);
      case 'log':
        if (method !== 'GET') throw ApiError.methodNotAllowed();
        return this.log(req, reply, rt, ns, name, query);
      case 'finalize':
        if (method !== 'PUT') throw ApiError.methodNotAllowed();
        return this.finalize(req, reply, rt, name, query, shape);
      default:
        throw ApiError.pathNotFound();
    }
    switch (method) {
      case 'GET':
        if (query['watch'] === 'true' || query['watch'] === '1') throw ApiError.methodNotAllowed();
        return this.send(reply, shape, rt, await this.store.get(rt, ns, name));
      case 'PUT':
      case 'PATCH':
        return this.write(req, reply, rt, ns, name, query, shape, undefined);
      case 'DELETE':
        return this.deleteOne(req, reply, rt, ns, name, query, shape);
      default:
        throw ApiError.methodNotAllowed();
    }
  }

  // ---- reads ----

  private async listOrWatch(req: FastifyRequest, reply: FastifyReply, rt: ResourceType, ns: string | undefined, query: Query, shape: ResponseShape): Promise<void> {
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
      if (q.resourceVersionMatch === 'Exact' || (q.limit && !q.resourceVersionMatch)) {
        if (rv < (await this.store.backend.compactedRv())) throw ApiError.gone('The resourceVersion for the provided list is too old.');
        atRv = rv;
      }
    }
    const limit = anyVersion ? undefined : q.limit;
    let res;
    try {
      res = await this.store.backend.list(storageKeyOf(rt), ns, { limit, after, atRv, anyVersion, filter });
    } catch (e) {
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
      return this.raw(reply, shape, 200, table);
    }
    return this.raw(reply, shape, 200, { kind: `${rt.kind}List`, apiVersion: groupVersion(rt), metadata: listMeta, items });
  }

  // ---- writes ----

  private async create(req: FastifyRequest, reply: FastifyReply, rt: ResourceType, ns: string | undefined, query: Query, shape: ResponseShape): Promise<void> {
    const q = parseQuery(WriteQuery, query);
    const format = bodyFormat(req.headers['content-type']);
    if (format !== 'json' && format !== 'yaml' && format !== 'protobuf') throw ApiError.unsupportedMediaType(String(req.headers['content-type']));
    const body = decodeBody(req.body as Buffer, format) as KubeObject;
    const warnings = applyFieldValidation(rt, body, q.fieldValidation);
    const created = await this.store.create(rt, ns, body, { dryRun: q.dryRun === 'All', fieldManager: q.fieldManager || managerFromUserAgent(req.headers['user-agent']) });
    warnings.forEach((w) => reply.header('Warning', `299 - "${w}"`));
    return this.send(reply, shape, rt, created, 201);
  }

  private async write(
    req: FastifyRequest,
    reply: FastifyReply,
    rt: ResourceType,
    ns: string | undefined,
    name: string,
    query: Query,
    shape: ResponseShape,
    subresource: 'status' | undefined,
  ): Promise<void> {
    const q = parseQuery(WriteQuery, query);
    const format = bodyFormat(req.headers['content-type']);
    const body = decodeBody((req.body as Buffer | undefined) ?? Buffer.alloc(0), format);
    if (req.method.toUpperCase() === 'PATCH' && format === 'apply-patch') return this.apply(reply, rt, ns, name, q, shape, subresource, body);
    if (q.force !== undefined && req.method.toUpperCase() === 'PATCH') throw ApiError.invalid('PatchOptions', 'meta.k8s.io', '', [FieldError.forbidden('force', 'may not be specified for non-apply patch')]);
    const ctx = { dryRun: q.dryRun === 'All', fieldManager: q.fieldManager || managerFromUserAgent(req.headers['user-agent']), subresource };
    let result: KubeObject;
    let warnings: string[] = [];
    if (req.method.toUpperCase() === 'PUT') {
      if (format !== 'json' && format !== 'yaml' && format !== 'protobuf') throw ApiError.unsupportedMediaType(String(req.headers['content-type']));
      warnings = applyFieldValidation(rt, body as KubeObject, q.fieldValidation);
      result = await this.store.update(rt, ns, name, body as KubeObject, ctx);
    } else {
      result = await this.store.guaranteed(rt, ns, name, ctx, undefined, (current) => {
        const patched = this.applyPatch(format, current, body, rt.model);
        warnings = applyFieldValidation(rt, patched, q.fieldValidation, false);
        return patched;
      });
    }
    warnings.forEach((w) => reply.header('Warning', `299 - "${w}"`));
    return this.send(reply, shape, rt, result, 200);
  }

  /**
   * PATCH with application/apply-patch+yaml: server-side apply. As upstream, fieldManager is
   * required and an object that does not exist yet is created.
   */
  private async apply(reply: FastifyReply, rt: ResourceType, ns: string | undefined, name: string, q: WriteQuery, shape: ResponseShape, subresource: 'status' | undefined, body: unknown): Promise<void> {
    if (!q.fieldManager) throw ApiError.invalid('PatchOptions', 'meta.k8s.io', '', [FieldError.required('fieldManager', 'is required for apply patch')]);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw ApiError.badRequest('error decoding YAML: the apply patch must be an object');
    const config = body as KubeObject;
    const gv = groupVersion(rt);
    if (config.apiVersion !== gv) {
      throw ApiError.badRequest(`Incorrect version specified in apply patch. Specified patch version: ${String(config.apiVersion ?? '')}, expected: ${gv}`);
    }
    if (config.kind !== rt.kind) throw ApiError.badRequest(`the kind in the data (${String(config.kind ?? '')}) does not match the expected kind (${rt.kind})`);
    const bodyName = config.metadata?.name;
    if (bodyName !== undefined && bodyName !== name) throw ApiError.badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
    const warnings = applyFieldValidation(rt, config, q.fieldValidation, false);
    const strategy = this.store.strategy(rt);
    const statusSplit = strategy.statusSplit ?? (rt.subresources ?? []).includes('status');
    const opts = { manager: q.fieldManager, force: q.force === true, scope: managedScopeFor(rt.model, gv, statusSplit, subresource), now: nowTimestamp() };
    const ctx = { dryRun: q.dryRun === 'All', fieldManager: q.fieldManager, subresource, managedFieldsSet: true };
    let result: KubeObject;
    let code = 200;
    try {
      result = await this.store.guaranteed(rt, ns, name, ctx, undefined, (current) => serverSideApply(current, config, opts) as KubeObject);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404 && e.details?.kind === rt.resource) || subresource) throw e;
      const fresh = serverSideApply(undefined, config, opts) as KubeObject;
      fresh.metadata = { ...fresh.metadata, name };
      result = await this.store.create(rt, ns, fresh, ctx);
      code = 201;
    }
    warnings.forEach((w) => reply.header('Warning', `299 - "${w}"`));
    return this.send(reply, shape, rt, result, code);
  }

  /** `model`: the client-node model of the patched object, whose schema drives strategic merge patch. */
  private applyPatch(format: string, current: KubeObject, patch: unknown, model: string): KubeObject {
    let out: unknown;
    switch (format) {
      case 'merge-patch':
        out = applyMergePatch(current, patch);
        break;
      case 'json-patch':
        out = applyJsonPatch(current, patch);
        break;
      case 'strategic-merge-patch': {
        // Upstream has no strategic merge patch for kinds without Go types (custom resources).
        const schemas = getSchemaRegistry();
        if (!schemas.has(model)) throw new ApiError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
        out = applyStrategicMergePatch(current, patch, modelPatchSchema(schemas, model));
        break;
      }
      case 'apply-patch':
        // Server-side apply is handled by apply(); on other subresources (scale) it is not served.
        throw new ApiError(415, 'UnsupportedMediaType', 'the server does not support server-side apply on this subresource; use application/merge-patch+json or application/json-patch+json');
      default:
        throw ApiError.unsupportedMediaType(format);
    }
    if (!out || typeof out !== 'object' || Array.isArray(out)) {
      throw new ApiError(422, 'Invalid', `couldn't get version/kind; json parse error: the patch did not produce an object`, {
        causes: [{ reason: 'FieldValueInvalid', message: 'the patch must be a JSON object', field: 'patch' }],
      });
    }
    const obj = out as KubeObject;
    if (obj.metadata?.resourceVersion !== current.metadata?.resourceVersion && obj.metadata?.resourceVersion) {
      // A patch carrying a resourceVersion is a precondition, as upstream.
      throw ApiError.modified({ group: '', resource: '' }, obj.metadata.name ?? '');
    }
    return obj;
  }

  private async deleteOne(req: FastifyRequest, reply: FastifyReply, rt: ResourceType, ns: string | undefined, name: string, query: Query, shape: ResponseShape): Promise<void> {
    const opts = this.deleteOptions(req, query);
    const res = await this.store.delete(rt, ns, name, opts);
    if (!res.deleted) return this.send(reply, shape, rt, res.object, 200);
    const uid = res.object.metadata?.uid;
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      message: '',
      reason: '',
      details: { name, group: rt.group, kind: rt.resource, uid },
      code: 200,
    };
    const { message: _m, reason: _r, ...rest } = status;
    return this.raw(reply, { ...shape, table: false }, 200, rest);
  }

  private async deleteCollection(req: FastifyRequest, reply: FastifyReply, rt: ResourceType, ns: string | undefined, query: Query, shape: ResponseShape): Promise<void> {
    const lq = parseQuery(ListQuery, query);
    const opts = this.deleteOptions(req, query);
    const filter = buildFilter(rt, lq.labelSelector, lq.fieldSelector);
    const list = await this.store.backend.list(storageKeyOf(rt), ns, { filter });
    const deleted: KubeObject[] = [];
    for (const obj of list.items) {
      try {
        const r = await this.store.delete(rt, obj.metadata?.namespace, obj.metadata?.name ?? '', opts);
        deleted.push(r.object);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 404)) throw e;
      }
    }
    return this.raw(reply, { ...shape, table: false }, 200, {
      kind: `${rt.kind}List`,
      apiVersion: groupVersion(rt),
      metadata: { resourceVersion: String(list.rv) },
      items: deleted,
    });
  }

  private deleteOptions(req: FastifyRequest, query: Query) {
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

  // ---- subresources ----

  private async scale(req: FastifyRequest, reply: FastifyReply, rt: ResourceType, ns: string | undefined, name: string, query: Query, method: string): Promise<void> {
    const shape = negotiate(req.headers.accept);
    if (method === 'GET') return this.raw(reply, shape, 200, scaleOf(rt, await this.store.get(rt, ns, name)));
    if (method !== 'PUT' && method !== 'PATCH') throw ApiError.methodNotAllowed();
    const q = parseQuery(WriteQuery, query);
    const format = bodyFormat(req.headers['content-type']);
    const body = decodeBody((req.body as Buffer | undefined) ?? Buffer.alloc(0), format);
    const scaleCtx = { dryRun: q.dryRun === 'All', fieldManager: q.fieldManager || managerFromUserAgent(req.headers['user-agent']), subresource: 'scale' as const };
    const updated = await this.store.guaranteed(rt, ns, name, scaleCtx, undefined, (current) => {
      const currentScale = scaleOf(rt, current);
      const desired = method === 'PUT' ? (body as KubeObject) : this.applyPatch(format, currentScale as KubeObject, body, 'V1Scale');
      return applyScale(rt, current, desired);
    });
    return this.raw(reply, shape, 200, scaleOf(rt, updated));
  }

  private async binding(req: FastifyRequest, reply: FastifyReply, rt: ResourceType, ns: string | undefined, name: string, query: Query): Promise<void> {
    const q = parseQuery(WriteQuery, query);
    const body = decodeBody(req.body as Buffer, bodyFormat(req.headers['content-type'])) as KubeObject;
    await this.store.guaranteed(rt, ns, name, { dryRun: q.dryRun === 'All', subresource: 'binding' }, undefined, (pod) => bindPod(pod, body));
    return this.raw(reply, { format: 'json', table: false, tableVersion: 'meta.k8s.io/v1' }, 201, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201,
    });
  }

  private async eviction(req: FastifyRequest, reply: FastifyReply, rt: ResourceType, ns: string | undefined, name: string): Promise<void> {
    const body = decodeBody(req.body as Buffer, bodyFormat(req.headers['content-type'])) as {
      deleteOptions?: { gracePeriodSeconds?: number; dryRun?: string[]; preconditions?: { uid?: string } };
    };
    const pdbs = this.registry.lookup('policy', 'v1', 'poddisruptionbudgets')!;
    await evictPod(this.store, rt, pdbs, ns ?? '', name, {
      dryRun: (body.deleteOptions?.dryRun ?? []).includes('All'),
      gracePeriodSeconds: body.deleteOptions?.gracePeriodSeconds,
      uid: body.deleteOptions?.preconditions?.uid,
    });
    return this.raw(reply, { format: 'json', table: false, tableVersion: 'meta.k8s.io/v1' }, 201, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201,
    });
  }

  /** pods/log: proxied to the kubelet (node agent) that runs the pod, streamed as plain text. */
  private async log(req: FastifyRequest, reply: FastifyReply, rt: ResourceType, ns: string | undefined, name: string, query: Query): Promise<void> {
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

  private async finalize(req: FastifyRequest, reply: FastifyReply, rt: ResourceType, name: string, query: Query, shape: ResponseShape): Promise<void> {
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
    return this.send(reply, shape, rt, updated, 200);
  }

  // ---- output ----

  private send(reply: FastifyReply, shape: ResponseShape, rt: ResourceType, obj: KubeObject, code = 200): void {
    if (shape.table) {
      const table = buildTable(printerFor(storageKeyOf(rt)), [obj], {
        includeObject: 'Metadata',
        listMeta: { resourceVersion: obj.metadata?.resourceVersion },
        now: new Date(),
        apiVersion: shape.tableVersion,
      });
      return this.raw(reply, shape, code, table);
    }
    return this.raw(reply, shape, code, obj);
  }

  raw(reply: FastifyReply, shape: Partial<ResponseShape> & Pick<ResponseShape, 'format'>, code: number, body: unknown): void {
    if (shape.format === 'yaml') {
      void reply.code(code).header('content-type', 'application/yaml').send(toYaml(body));
      return;
    }
    void reply.code(code).header('content-type', 'application/json').send(JSON.stringify(body));
  }
}

export { parseResourcePath };
