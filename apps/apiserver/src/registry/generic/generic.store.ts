import { groupVersion, storageKeyOf, type ResourceType } from '../../../../../libs/api/src/resource.types.js';
import { ApiError, FieldError } from '../../../../../libs/apimachinery/src/status.errors.js';
import { StorageError, type ObjectKey, type Storage, type Watch } from '../../storage/storage.interface.js';
import { strategyFor } from '../strategies.js';
import { conversionFor } from '../conversions.js';
import { generateName } from '../../../../../libs/apimachinery/src/validation/generate-name.util.js';
import { metaOf, newUid, nowTimestamp, specChanged, isTerminalPodPhase } from './object.meta.js';
import type { KubeObject, ResourceStrategy } from './strategy.interface.js';
import { validateMetaForCreate, validateMetaForUpdate } from './meta.validation.js';
import { AdmissionChain } from '../../admission/admission.chain.js';
import { recordUpdate } from '../../../../../libs/apimachinery/src/patch/apply/managed-fields.updater.js';
import { managedScopeFor } from '../../../../../libs/apimachinery/src/patch/apply/model-apply.schema.js';

/** Largest object the store accepts (etcd's default request limit is 1.5 MiB). */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/** Kinds whose metadata.generation tracks spec changes (upstream strategies that set it). */
const GENERATION_KINDS = new Set([
  'deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'daemonsets.apps', 'jobs.batch', 'cronjobs.batch',
  'replicationcontrollers', 'horizontalpodautoscalers.autoscaling',
  'poddisruptionbudgets.policy', 'ingresses.networking.k8s.io', 'networkpolicies.networking.k8s.io',
  'customresourcedefinitions.apiextensions.k8s.io', 'ingressclasses.networking.k8s.io', 'resourcequotas',
]);

/** Kinds whose strategy refuses unconditional updates (upstream AllowUnconditionalUpdate() false). */
const CONDITIONAL_UPDATE_ONLY = new Set(['customresourcedefinitions.apiextensions.k8s.io']);

const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

/** Kinds created together with their status (the kubelet registers a Node with its status). */
const KEEP_STATUS_ON_CREATE = new Set(['nodes', 'events', 'events.events.k8s.io']);

export interface WriteContext {
  readonly dryRun: boolean;
  readonly fieldManager?: string;
  /** Unknown-field findings to report; the HTTP layer decides Strict (400) or Warn (header). */
  readonly onUnknownFields?: (paths: string[]) => void;
  /** Server-side apply already wrote metadata.managedFields; otherwise the write is recorded as an Update by fieldManager. */
  readonly managedFieldsSet?: boolean;
}

export interface DeleteContext {
  readonly dryRun: boolean;
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: { uid?: string; resourceVersion?: string };
  readonly propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
}

export type DeleteResult = { deleted: true; object: KubeObject } | { deleted: false; object: KubeObject };

/** The one generic store (after genericregistry.Store): every resource goes through this pipeline. */
export class GenericStore {
  constructor(
    private readonly storage: Storage,
    private readonly admission: AdmissionChain = new AdmissionChain(),
  ) {}

  key(rt: ResourceType, namespace: string | undefined, name: string): ObjectKey {
    return { resource: storageKeyOf(rt), namespace: rt.namespaced ? (namespace ?? '') : '', name };
  }

  strategy(rt: ResourceType): ResourceStrategy {
    return strategyFor(storageKeyOf(rt));
  }

  async get(rt: ResourceType, namespace: string | undefined, name: string): Promise<KubeObject> {
    const obj = await this.storage.get(this.key(rt, namespace, name));
    if (!obj) throw ApiError.notFound(rt, name);
    return this.present(rt, obj);
  }

  /** The stored object in the served version: converted where versions differ in shape, else relabelled. */
  present(rt: ResourceType, obj: KubeObject): KubeObject {
    const conversion = conversionFor(storageKeyOf(rt));
    const served = conversion ? conversion.convert(obj, groupVersion(rt)) : obj;
    if (served.apiVersion === groupVersion(rt) && served.kind === rt.kind) return served;
    return { ...served, apiVersion: groupVersion(rt), kind: rt.kind };
  }

  /**
   * The object to store, from one in the request's version. With a conversion, the parts the
   * write may not change come from the stored object as converted data cannot carry them
   * losslessly: status on main-resource writes of status-split kinds, spec on status writes.
   */
  private toStorage(rt: ResourceType, obj: KubeObject, stored?: KubeObject, keep?: 'status' | 'spec'): KubeObject {
    const conversion = conversionFor(storageKeyOf(rt));
    if (!conversion) return obj;
    const out = conversion.convert(obj, conversion.storageVersion);
    if (stored && keep) {
      if (stored[keep] === undefined) delete out[keep];
      else out[keep] = stored[keep];
    }
    return out;
  }

  async create(rt: ResourceType, namespace: string | undefined, body: KubeObject, ctx: WriteContext): Promise<KubeObject> {
    this.checkTypeMeta(rt, body);
    const obj: KubeObject = { ...body, apiVersion: groupVersion(rt), kind: rt.kind };
    const meta = metaOf(obj);
    if (rt.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace) {
        throw ApiError.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = namespace ?? meta.namespace;
      if (!meta.namespace) throw ApiError.badRequest('the server could not find the requested resource');
    } else {
      delete meta.namespace;
    }
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    const strategy = this.strategy(rt);
    // Fields the server owns.
    meta.uid = newUid();
    meta.creationTimestamp = nowTimestamp();
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (GENERATION_KINDS.has(storageKeyOf(rt))) meta.generation = 1;
    else delete meta.generation;
    const statusSplit = strategy.statusSplit ?? (rt.subresources ?? []).includes('status');
    if (statusSplit && !KEEP_STATUS_ON_CREATE.has(storageKeyOf(rt))) delete obj.status;
    strategy.applyDefaults?.(obj);
    strategy.prepareForCreate?.(obj);
    if (!ctx.managedFieldsSet) recordUpdate(undefined, obj, ctx.fieldManager, managedScopeFor(rt.model, groupVersion(rt), statusSplit), nowTimestamp());
    if (rt.namespaced) await this.checkNamespace(meta.namespace!);
    const attrs = { operation: 'CREATE' as const, rt, namespace: meta.namespace, name: meta.name ?? '', object: obj, dryRun: ctx.dryRun, storage: this.storage };
    await this.admission.admit(attrs);
    const errors = [...validateMetaForCreate(rt, meta), ...(strategy.validate?.(obj) ?? [])];
    if (errors.length > 0) throw ApiError.invalid(rt.kind, rt.group, meta.name ?? meta.generateName ?? '', errors);
    await this.admission.validate(attrs);
    this.checkSize(obj);
    try {
      return this.present(rt, await this.storage.create(this.key(rt, meta.namespace, meta.name!), this.toStorage(rt, obj), { dryRun: ctx.dryRun }));
    } catch (e) {
      throw this.mapError(e, rt, meta.name!);
    }
  }

  /** PUT of the main resource or of the status subresource. */
  async update(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    ctx: WriteContext & { subresource?: 'status' },
  ): Promise<KubeObject> {
    this.checkTypeMeta(rt, body);
    const bodyMeta = metaOf(body);
    if (bodyMeta.name !== undefined && bodyMeta.name !== name) {
      throw ApiError.badRequest(`the name of the object (${bodyMeta.name}) does not match the name on the URL (${name})`);
    }
    if (rt.namespaced && bodyMeta.namespace && namespace && bodyMeta.namespace !== namespace) {
      throw ApiError.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    // "0" and an absent version are the same to upstream's versioner: both ask for an unconditional
    // update, which kinds that need optimistic locking refuse as an invalid object.
    const rv = bodyMeta.resourceVersion ? parseRv(bodyMeta.resourceVersion, 'metadata.resourceVersion') : 0;
    return this.guaranteed(rt, namespace, name, ctx, rv === 0 ? undefined : rv, () => {
      if (rv === 0) this.assertUnconditionalUpdateAllowed(rt, name);
      return body;
    });
  }

  /** Checked once the object is known to exist, so a missing one is still 404. */
  assertUnconditionalUpdateAllowed(rt: ResourceType, name: string): void {
    if (CONDITIONAL_UPDATE_ONLY.has(storageKeyOf(rt))) {
      throw ApiError.invalid(rt.resource, rt.group, name, [FieldError.invalid('metadata.resourceVersion', 0, 'must be specified for an update')]);
    }
  }

  /**
   * Read-modify-write shared by update, patch and subresources: `mutate` receives the current
   * object and returns the desired one; the store applies the generic rules and validation.
   */
  async guaranteed(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    ctx: WriteContext & { subresource?: 'status' | 'binding' | 'scale'; markDeleting?: boolean },
    expectRv: number | undefined,
    mutate: (current: KubeObject) => KubeObject | Promise<KubeObject>,
  ): Promise<KubeObject> {
    const strategy = this.strategy(rt);
    const statusSplit = strategy.statusSplit ?? (rt.subresources ?? []).includes('status');
    const sk = storageKeyOf(rt);
    let removeAfter = false;
    try {
      const stored = await this.storage.guaranteedUpdate(
        this.key(rt, namespace, name),
        async (inStorage) => {
          const current = this.present(rt, inStorage);
          const desired = structuredClone(await mutate(structuredClone(current)));
          const obj: KubeObject = { ...desired, apiVersion: groupVersion(rt), kind: rt.kind };
          const meta = metaOf(obj);
          const old = metaOf(current);
          if (meta.uid && meta.uid !== old.uid) {
            throw ApiError.conflict(rt, name, `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${old.uid}`);
          }
          // Server-owned metadata is carried over from the stored object.
          meta.name = old.name;
          if (rt.namespaced) meta.namespace = old.namespace;
          meta.uid = old.uid;
          meta.creationTimestamp = old.creationTimestamp;
          meta.resourceVersion = old.resourceVersion;
          if (old.deletionTimestamp) {
            meta.deletionTimestamp = old.deletionTimestamp;
            meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
          } else if (!ctx.markDeleting) {
            delete meta.deletionTimestamp;
            delete meta.deletionGracePeriodSeconds;
          }
          if (ctx.subresource === 'status') {
            // Status writes change status only (upstream status strategies reset the rest).
            const next: KubeObject = { ...current, status: obj.status };
            if (ctx.managedFieldsSet) next.metadata = { ...old, managedFields: meta.managedFields };
            else recordUpdate(current, next, ctx.fieldManager, managedScopeFor(rt.model, groupVersion(rt), statusSplit, 'status'), nowTimestamp());
            const errs = strategy.validateStatusUpdate?.(next, current) ?? [];
            if (errs.length) throw ApiError.invalid(rt.kind, rt.group, name, errs);
            this.checkSize(next);
            return this.toStorage(rt, next, inStorage, 'spec');
          }
          if (ctx.subresource === 'binding') {
            // pods/binding sets spec.nodeName and the PodScheduled condition; it is not a pod update.
            this.checkSize(obj);
            return this.toStorage(rt, obj);
          }
          if (statusSplit) {
            if (current.status === undefined) delete obj.status;
            else obj.status = current.status;
          }
          strategy.applyDefaults?.(obj);
          strategy.prepareForUpdate?.(obj, current);
          if (!ctx.managedFieldsSet && !ctx.markDeleting) {
            recordUpdate(current, obj, ctx.fieldManager, managedScopeFor(rt.model, groupVersion(rt), statusSplit, ctx.subresource), nowTimestamp());
          }
          const attrs = { operation: 'UPDATE' as const, rt, subresource: ctx.subresource, namespace, name, object: obj, oldObject: current, dryRun: ctx.dryRun, storage: this.storage };
          await this.admission.admit(attrs);
          if (GENERATION_KINDS.has(sk)) {
            meta.generation = (old.generation ?? 1) + (specChanged(obj, current) ? 1 : 0);
          } else {
            delete meta.generation;
          }
          const errors = [
            // Marking an object deleted is the one time deletionTimestamp may appear.
            ...validateMetaForUpdate(rt, meta, ctx.markDeleting ? { ...old, deletionTimestamp: meta.deletionTimestamp, deletionGracePeriodSeconds: meta.deletionGracePeriodSeconds, finalizers: meta.finalizers } : old),
            ...(strategy.validate?.(obj) ?? []),
            ...(strategy.validateUpdate?.(obj, current) ?? []),
          ];
          if (errors.length > 0) throw ApiError.invalid(rt.kind, rt.group, name, errors);
          await this.admission.validate(attrs);
          this.checkSize(obj);
          // An object being deleted goes when an update removes its last finalizer (upstream's
          // shouldDeleteDuringUpdate); namespaces also count spec.finalizers (emptied via /finalize).
          const pending = (o: KubeObject): number =>
            (o.metadata?.finalizers ?? []).length + (sk === 'namespaces' ? (((o.spec ?? {}) as { finalizers?: string[] }).finalizers ?? []).length : 0);
          // A graceful deletion still in its grace period waits for the kubelet (grace 0) instead.
          removeAfter = !!meta.deletionTimestamp && pending(obj) === 0 && pending(current) > 0 && (meta.deletionGracePeriodSeconds ?? 0) === 0;
          return this.toStorage(rt, obj, inStorage, statusSplit ? 'status' : undefined);
        },
        { dryRun: ctx.dryRun, expectRv },
      );
      if (removeAfter && !ctx.dryRun) {
        // The last finalizer is gone from an object being deleted: it goes now.
        const gone = await this.storage.delete(this.key(rt, namespace, name), { expectUid: stored.metadata?.uid }).catch(() => stored);
        return this.present(rt, gone);
      }
      return this.present(rt, stored);
    } catch (e) {
      throw this.mapError(e, rt, name);
    }
  }

  async delete(rt: ResourceType, namespace: string | undefined, name: string, ctx: DeleteContext): Promise<DeleteResult> {
    const key = this.key(rt, namespace, name);
    const current = await this.storage.get(key);
    if (!current) throw ApiError.notFound(rt, name);
    const meta = metaOf(current);
    const pre = ctx.preconditions ?? {};
    if (pre.uid && pre.uid !== meta.uid) {
      throw ApiError.conflict(rt, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid}`);
    }
    if (pre.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
      throw ApiError.conflict(rt, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`);
    }
    const sk = storageKeyOf(rt);
    if (sk === 'namespaces' && IMMORTAL_NAMESPACES.has(name)) {
      // Upstream's NamespaceLifecycle admission keeps the system namespaces.
      throw ApiError.forbidden(rt, name, 'this namespace may not be deleted');
    }
    const finalizers = [...(meta.finalizers ?? [])];
    if (ctx.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (ctx.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    const graceful = this.gracePeriod(sk, current, ctx.gracePeriodSeconds);
    const namespaceLifecycle = sk === 'namespaces';
    if (finalizers.length > 0 || graceful > 0 || namespaceLifecycle) {
      if (meta.deletionTimestamp && finalizers.length === (meta.finalizers ?? []).length && graceful === 0 && !namespaceLifecycle) {
        return { deleted: false, object: this.present(rt, current) };
      }
      const updated = await this.guaranteed(rt, namespace, name, { dryRun: ctx.dryRun, markDeleting: true }, undefined, (cur) => {
        const m = metaOf(cur);
        m.finalizers = finalizers.length ? finalizers : m.finalizers;
        if (!m.deletionTimestamp) {
          m.deletionTimestamp = nowTimestamp(new Date(Date.now() + graceful * 1000));
          m.deletionGracePeriodSeconds = graceful;
        }
        return cur;
      }).catch((e: unknown) => {
        throw this.mapError(e, rt, name);
      });
      if (namespaceLifecycle) {
        return { deleted: false, object: await this.markNamespaceTerminating(rt, name, updated, ctx.dryRun) };
      }
      // guaranteed() above preserved an existing deletionTimestamp; set it when first deleting.
      return { deleted: false, object: updated };
    }
    try {
      const gone = await this.storage.delete(key, {
        dryRun: ctx.dryRun,
        expectUid: meta.uid,
        expectRv: pre.resourceVersion ? Number(pre.resourceVersion) : undefined,
      });
      return { deleted: true, object: this.present(rt, gone) };
    } catch (e) {
      throw this.mapError(e, rt, name);
    }
  }

  async watch(
    rt: ResourceType,
    namespace: string | undefined,
    opts: { fromRv?: number; fromAny?: boolean; filter?: (o: KubeObject) => boolean },
  ): Promise<Watch> {
    try {
      return await this.storage.watch({
        resource: storageKeyOf(rt),
        namespace: rt.namespaced ? namespace : undefined,
        fromRv: opts.fromRv,
        fromAny: opts.fromAny,
        filter: opts.filter,
      });
    } catch (e) {
      throw this.mapError(e, rt, '');
    }
  }

  get backend(): Storage {
    return this.storage;
  }

  mapError(e: unknown, rt: ResourceType, name: string): unknown {
    if (!(e instanceof StorageError)) return e;
    switch (e.code) {
      case 'NotFound':
        return ApiError.notFound(rt, name);
      case 'AlreadyExists':
        return ApiError.alreadyExists(rt, name);
      case 'Conflict':
        return ApiError.modified(rt, name);
      case 'UidMismatch':
        return ApiError.conflict(rt, name, 'Precondition failed: UID mismatch');
      case 'Expired':
        return ApiError.gone(e.message);
      case 'TooLargeRv':
        return new ApiError(504, 'Timeout', `Too large resource version: ${e.message.replace(/^Too large resource version: /, '')}`, {
          causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
          retryAfterSeconds: 1,
        });
    }
  }

  private gracePeriod(sk: string, obj: KubeObject, requested: number | undefined): number {
    if (sk !== 'pods') return 0;
    const spec = (obj.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
    const status = (obj.status ?? {}) as { phase?: string };
    // Unscheduled or finished pods have no kubelet to wait for.
    if (!spec.nodeName || isTerminalPodPhase(status.phase)) return 0;
    const g = requested ?? spec.terminationGracePeriodSeconds ?? 30;
    return Math.max(0, g);
  }

  private async markNamespaceTerminating(rt: ResourceType, name: string, obj: KubeObject, dryRun: boolean): Promise<KubeObject> {
    const status = (obj.status ?? {}) as { phase?: string };
    if (status.phase === 'Terminating') return obj;
    return this.guaranteed(rt, undefined, name, { dryRun, subresource: 'status' }, undefined, (cur) => ({
      ...cur,
      status: { ...((cur.status ?? {}) as object), phase: 'Terminating' },
    }));
  }

  private async checkNamespace(namespace: string): Promise<void> {
    const key = { resource: 'namespaces', namespace: '', name: namespace };
    // The cached namespace answers the hot path; a miss (e.g. just created) asks the database.
    const ns = this.storage.peek?.(key) ?? (await this.storage.get(key));
    if (!ns) throw ApiError.notFound({ group: '', resource: 'namespaces' }, namespace);
    if (ns.metadata?.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {
      throw ApiError.forbidden(
        { group: '', resource: 'namespaces' },
        '',
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  }

  private checkTypeMeta(rt: ResourceType, body: KubeObject): void {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw ApiError.badRequest(`the body of the request must be a ${rt.kind} object`);
    }
    const gv = groupVersion(rt);
    if (body.apiVersion !== undefined && body.apiVersion !== gv) {
      throw ApiError.badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${gv})`);
    }
    if (body.kind !== undefined && body.kind !== rt.kind) {
      throw ApiError.badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${rt.kind})`);
    }
    if (body.metadata !== undefined && (typeof body.metadata !== 'object' || body.metadata === null || Array.isArray(body.metadata))) {
      throw ApiError.badRequest(`${rt.kind} in version "${rt.version}" cannot be handled as a ${rt.kind}: json: cannot unmarshal ${Array.isArray(body.metadata) ? 'array' : typeof body.metadata} into Go struct field ${rt.kind}.metadata of type v1.ObjectMeta`);
    }
  }

  private checkSize(obj: KubeObject): void {
    const size = Buffer.byteLength(JSON.stringify(obj));
    if (size > MAX_OBJECT_BYTES) {
      throw new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: the object is ${size} bytes; objects are limited to ${MAX_OBJECT_BYTES} bytes`);
    }
  }
}

export function parseRv(v: string, field = 'resourceVersion'): number {
  if (!/^[0-9]+$/.test(v) || v.length > 15) {
    throw ApiError.badRequest(`invalid resource version "${v}"`, [{ reason: 'FieldValueInvalid', message: `Invalid value: "${v}"`, field }]);
  }
  return Number(v);
}

export { FieldError };
