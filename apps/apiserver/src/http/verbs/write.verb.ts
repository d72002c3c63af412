import type { FastifyReply, FastifyRequest } from 'fastify';
import { groupVersion } from '../../../../../libs/api/src/resource.types.js';
import type { ResourceDefinition } from '../../registry/generic/resource.definition.js';
import { ApiError, FieldError } from '../../../../../libs/apimachinery/src/status.errors.js';
import { managerFromUserAgent } from '../../../../../libs/apimachinery/src/patch/apply/managed-fields.model.js';
import { managedScopeFor } from '../../../../../libs/apimachinery/src/patch/apply/model-apply.schema.js';
import { serverSideApply } from '../../../../../libs/apimachinery/src/patch/apply/server-side.apply.js';
import { nowTimestamp } from '../../registry/generic/object.meta.js';
import { GenericStore } from '../../registry/generic/generic.store.js';
import { applyPatch } from '../../registry/generic/patch/patch.apply.js';
import type { KubeObject } from '../../registry/generic/strategy.interface.js';
import type { ResourceRegistry } from '../../registry/resource.registry.js';
import { isJsonMap } from '../../../../../libs/apimachinery/src/json/json-value.util.js';
import { validateMetaForCreate } from '../../registry/generic/meta.validation.js';
import { storedSizeLowerBound } from '../../../../../libs/apimachinery/src/patch/apply/fields-v1.estimate.js';
import { MAX_OBJECT_BYTES } from '../../registry/generic/generic.store.js';
import { bodyFormat, decodeBodySteps, type BodyFormat, type DecodedBody } from '../body.decoder.js';
import { HEAVY_BODY_BYTES, HeavyBodyGate } from '../heavy-body.gate.js';
import { type ResponseShape } from '../content.negotiation.js';
import { parseWriteQuery, type WriteQuery } from '../query.options.js';
import { applyFieldValidation, checkFields, checkTypes } from '../field.validation.js';
import type { ResponseWriter } from '../response.writer.js';

type Query = Record<string, unknown>;

/** Create, update and the four patch types (JSON, merge, strategic merge, server-side apply). */
export class WriteVerb {
  private readonly gate = new HeavyBodyGate();

  constructor(
    readonly registry: ResourceRegistry,
    readonly store: GenericStore,
    readonly out: ResponseWriter,
  ) {}

  async create(
    req: FastifyRequest,
    reply: FastifyReply,
    rt: ResourceDefinition,
    ns: string | undefined,
    query: Query,
    shape: ResponseShape,
  ): Promise<void> {
    const q = parseWriteQuery(query, 'CreateOptions');
    const format = bodyFormat(req.headers['content-type']);
    if (format !== 'json' && format !== 'yaml' && format !== 'protobuf')
      throw ApiError.unsupportedMediaType(String(req.headers['content-type']));
    const raw = (req.body as Buffer | undefined) ?? Buffer.alloc(0);
    // An empty body (often sent without a Content-Type, which means JSON): upstream's decode error.
    if (raw.length === 0 && format === 'json') {
      throw ApiError.badRequest(
        `the object provided is unrecognized (must be of type ${rt.kind}): couldn't get version/kind; json parse error: unexpected end of JSON input ()`,
      );
    }
    const { created, warnings } = await this.gate.run(raw.length, async (step) => {
      const decoded = await decodeBodySteps(raw, format, step);
      await step();
      const body = decoded.value as KubeObject;
      if (raw.length < HEAVY_BODY_BYTES)
        return this.createDecoded(rt, ns, q, req, body, applyFieldValidation(rt, body, q.fieldValidation, true, decoded));
      // A large body: the cheap size bound comes before dropping unknown fields (it skips them),
      // after every check whose 400 upstream answers first (types; with Strict, unknown fields and repeated keys).
      checkTypes(rt, body);
      await step();
      const strict = (q.fieldValidation ?? '').toLowerCase() === 'strict';
      let warnings = strict ? checkFields(rt, body, q.fieldValidation, true, decoded) : [];
      await this.refuseIfCannotFit(rt, ns, body, step);
      await step();
      if (!strict) warnings = checkFields(rt, body, q.fieldValidation, true, decoded);
      await step();
      return this.createDecoded(rt, ns, q, req, body, warnings);
    });
    if (warnings.length > 0) reply.header('Warning', warnings.map(warningHeader));
    return this.out.send(reply, shape, rt, created, 201);
  }

  private async createDecoded(
    rt: ResourceDefinition,
    ns: string | undefined,
    q: WriteQuery,
    req: FastifyRequest,
    body: KubeObject,
    warnings: string[],
  ): Promise<{ created: KubeObject; warnings: string[] }> {
    const created = await this.store.create(rt, ns, body, {
      dryRun: q.dryRun === 'All',
      fieldManager: q.fieldManager || managerFromUserAgent(req.headers['user-agent']),
    });
    return { created, warnings };
  }

  async write(
    req: FastifyRequest,
    reply: FastifyReply,
    rt: ResourceDefinition,
    ns: string | undefined,
    name: string,
    query: Query,
    shape: ResponseShape,
    subresource: 'status' | undefined,
  ): Promise<void> {
    const q = parseWriteQuery(query, req.method.toUpperCase() === 'PATCH' ? 'PatchOptions' : 'UpdateOptions');
    const format = bodyFormat(req.headers['content-type']);
    const raw = (req.body as Buffer | undefined) ?? Buffer.alloc(0);
    const outcome = await this.gate.run(raw.length, async (step) => {
      const decoded = await decodeBodySteps(raw, format, step);
      await step();
      return this.writeDecoded(req, reply, rt, ns, name, q, shape, subresource, format, decoded);
    });
    // Server-side apply has answered already (200 or 201).
    if (outcome === 'applied') return;
    if (outcome.warnings.length > 0) reply.header('Warning', outcome.warnings.map(warningHeader));
    return this.out.send(reply, shape, rt, outcome.result, 200);
  }

  private async writeDecoded(
    req: FastifyRequest,
    reply: FastifyReply,
    rt: ResourceDefinition,
    ns: string | undefined,
    name: string,
    q: WriteQuery,
    shape: ResponseShape,
    subresource: 'status' | undefined,
    format: BodyFormat,
    decoded: DecodedBody,
  ): Promise<'applied' | { result: KubeObject; warnings: string[] }> {
    const body = decoded.value;
    if (req.method.toUpperCase() === 'PATCH' && format === 'apply-patch') {
      await this.apply(reply, rt, ns, name, q, shape, subresource, body, decoded);
      return 'applied';
    }
    if (q.force !== undefined && req.method.toUpperCase() === 'PATCH')
      throw ApiError.invalid('PatchOptions', 'meta.k8s.io', '', [
        FieldError.forbidden('force', 'may not be specified for non-apply patch'),
      ]);
    const ctx = {
      dryRun: q.dryRun === 'All',
      fieldManager: q.fieldManager || managerFromUserAgent(req.headers['user-agent']),
      subresource,
    };
    let result: KubeObject;
    let warnings: string[] = [];
    if (req.method.toUpperCase() === 'PUT') {
      if (format !== 'json' && format !== 'yaml' && format !== 'protobuf')
        throw ApiError.unsupportedMediaType(String(req.headers['content-type']));
      warnings = applyFieldValidation(rt, body as KubeObject, q.fieldValidation, true, decoded);
      result = await this.store.update(rt, ns, name, body as KubeObject, ctx);
    } else {
      result = await this.store.patch(
        rt,
        ns,
        name,
        (current) => {
          const patched = applyPatch(format, current, body, rt.model);
          checkPatchedName(patched, name, ns);
          // A patch that sets the version to "0" or removes it asks for an unconditional update.
          const rv = patched.metadata?.resourceVersion;
          if (!rv || rv === '0') this.store.assertUnconditionalUpdateAllowed(rt, name);
          warnings = applyFieldValidation(rt, patched, q.fieldValidation, false, decoded);
          return patched;
        },
        ctx,
      );
    }
    return { result, warnings };
  }

  /**
   * PATCH with application/apply-patch+yaml: server-side apply. As upstream, fieldManager is
   * required and an object that does not exist yet is created.
   */
  async apply(
    reply: FastifyReply,
    rt: ResourceDefinition,
    ns: string | undefined,
    name: string,
    q: WriteQuery,
    shape: ResponseShape,
    subresource: 'status' | undefined,
    body: unknown,
    duplicates: Pick<DecodedBody, 'duplicateFields' | 'yamlDuplicateKeys'> = { duplicateFields: [] },
  ): Promise<void> {
    if (!q.fieldManager)
      throw ApiError.invalid('PatchOptions', 'meta.k8s.io', '', [FieldError.required('fieldManager', 'is required for apply patch')]);
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw ApiError.badRequest('error decoding YAML: the apply patch must be an object');
    const config = body as KubeObject;
    const gv = groupVersion(rt);
    if (config.apiVersion !== gv) {
      throw ApiError.badRequest(
        `Incorrect version specified in apply patch. Specified patch version: ${String(config.apiVersion ?? '')}, expected: ${gv}`,
      );
    }
    if (config.kind !== rt.kind)
      throw ApiError.badRequest(`the kind in the data (${String(config.kind ?? '')}) does not match the expected kind (${rt.kind})`);
    const bodyName = config.metadata?.name;
    if (bodyName !== undefined && bodyName !== name)
      throw ApiError.badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
    const warnings = applyFieldValidation(rt, config, q.fieldValidation, false, duplicates);
    const statusSplit = rt.statusStrategy !== undefined;
    const opts = {
      manager: q.fieldManager,
      force: q.force === true,
      scope: managedScopeFor(rt.model, gv, statusSplit, subresource),
      now: nowTimestamp(),
    };
    const ctx = { dryRun: q.dryRun === 'All', fieldManager: q.fieldManager, subresource, managedFieldsSet: true };
    let result: KubeObject;
    let code = 200;
    try {
      result = await this.store.patch(rt, ns, name, (current) => serverSideApply(current, config, opts) as KubeObject, ctx);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404 && e.details?.kind === rt.resource) || subresource) throw e;
      const fresh = serverSideApply(undefined, config, opts) as KubeObject;
      fresh.metadata = { ...fresh.metadata, name };
      result = await this.store.create(rt, ns, fresh, ctx);
      code = 201;
    }
    if (warnings.length > 0) reply.header('Warning', warnings.map(warningHeader));
    return this.out.send(reply, shape, rt, result, code);
  }

  /**
   * Refuses, before the field manager runs, an object that cannot fit in storage even by a lower
   * bound of its stored size with the managed fields its creation adds (the store checks the exact
   * size later). Upstream validates before storing, so an object that is also invalid is left to
   * the store, which answers with its 422.
   */
  private async refuseIfCannotFit(
    rt: ResourceDefinition,
    ns: string | undefined,
    obj: KubeObject,
    step: () => Promise<void>,
  ): Promise<void> {
    if (!isJsonMap(obj)) return;
    const size = storedSizeLowerBound(managedScopeFor(rt.model, groupVersion(rt), false), obj);
    if (size <= MAX_OBJECT_BYTES) return;
    await step();
    const meta = isJsonMap(obj.metadata) ? { ...obj.metadata, ...(rt.namespaced && ns ? { namespace: ns } : {}) } : {};
    if (validateMetaForCreate(rt, meta).length > 0 || (rt.strategy.validate?.(obj) ?? []).length > 0) return;
    throw new ApiError(
      413,
      'RequestEntityTooLarge',
      `Request entity too large: the object is at least ${size} bytes with its managed fields; objects are limited to ${MAX_OBJECT_BYTES} bytes`,
    );
  }
}

/**
 * A patch may not rename or move the object: as upstream's checkName after applying any patch,
 * a name or namespace that no longer matches the URL is a 400.
 */
function checkPatchedName(obj: KubeObject, name: string, ns: string | undefined): void {
  const meta = obj.metadata;
  const objName = typeof meta?.name === 'string' ? meta.name : '';
  if (objName !== name) throw ApiError.badRequest(`the name of the object (${objName}) does not match the name on the URL (${name})`);
  const objNs = typeof meta?.namespace === 'string' ? meta.namespace : '';
  if (ns && objNs && objNs !== ns) {
    throw ApiError.badRequest(`the namespace of the object (${objNs}) does not match the namespace on the request (${ns})`);
  }
}

/** A Warning header value (RFC 7234): the text is a quoted-string, so its quotes are escaped (client-go unquotes them). */
function warningHeader(text: string): string {
  return `299 - "${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
