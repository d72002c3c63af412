import { groupVersion, storageKeyOf } from '../../../../../libs/api/src/resource.types.js';
import { ApiError, FieldError } from '../../../../../libs/apimachinery/src/status.errors.js';
import { StorageError, type ObjectKey, type Storage, type Watch } from '../../storage/storage.interface.js';
import { generateName } from '../../../../../libs/apimachinery/src/validation/generate-name.util.js';
import { metaOf, newUid, nowTimestamp, specChanged } from './object.meta.js';
import type { KubeObject } from './strategy.interface.js';
import { validateMetaForCreate, validateMetaForUpdate } from './meta.validation.js';
import { AdmissionChain } from '../../admission/admission.chain.js';
import { recordUpdate } from '../../../../../libs/apimachinery/src/patch/apply/managed-fields.updater.js';
import { managedScopeFor } from '../../../../../libs/apimachinery/src/patch/apply/model-apply.schema.js';
import type { ResourceDefinition } from './resource.definition.js';
import type { ResourceRegistry } from '../resource.registry.js';
import type { DeleteContext, DeleteResult, ListRequest, ListResult, Mutation, StoreOps, WatchRequest, WriteContext } from './store.ops.js';
import { parseRv, tooLargeResourceVersion } from './resource-version.js';
import { decodeContinue, encodeContinue, ExpiredContinueError } from './continue.token.js';

/** Largest object the store accepts (etcd's default request limit is 1.5 MiB). */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/** The largest page size the storage is asked for (it adds one to look ahead). */
const MAX_LIMIT = Number.MAX_SAFE_INTEGER - 1;

/** What a write is to the store: the main resource, or one of its subresources. */
type UpdateContext = WriteContext & { subresource?: string; markDeleting?: boolean };

/** The one generic store (after genericregistry.Store): every resource goes through this pipeline. */
export class GenericStore implements StoreOps {
  /** Open watches by resource, ended when the resource stops being served. */
  private readonly openWatches = new Map<ResourceDefinition, Set<Watch>>();

  constructor(
    private readonly storage: Storage,
    registry?: ResourceRegistry,
    private readonly admission: AdmissionChain = new AdmissionChain(),
  ) {
    registry?.onChange((c) => {
      if (c.type === 'removed') this.endWatches(c.def);
    });
  }

  private key(def: ResourceDefinition, namespace: string | undefined, name: string): ObjectKey {
    return { resource: storageKeyOf(def), namespace: def.namespaced ? (namespace ?? '') : '', name };
  }

  async get(def: ResourceDefinition, namespace: string | undefined, name: string): Promise<KubeObject> {
    const obj = await this.storage.get(this.key(def, namespace, name));
    if (!obj) throw ApiError.notFound(def, name);
    return this.present(def, obj);
  }

  /** The stored object in the served version: converted where versions differ in shape, else relabelled. */
  present(def: ResourceDefinition, obj: KubeObject): KubeObject {
    const served = def.conversion ? def.conversion.convert(obj, groupVersion(def)) : obj;
    if (served.apiVersion === groupVersion(def) && served.kind === def.kind) return served;
    return { ...served, apiVersion: groupVersion(def), kind: def.kind };
  }

  /**
   * The object to store, from one in the request's version. With a conversion, the parts the
   * write may not change come from the stored object as converted data cannot carry them
   * losslessly: status on main-resource writes of status-split kinds, spec on status writes.
   */
  private toStorage(def: ResourceDefinition, obj: KubeObject, stored?: KubeObject, keep?: 'status' | 'spec'): KubeObject {
    const conversion = def.conversion;
    if (!conversion) return obj;
    const out = conversion.convert(obj, conversion.storageVersion);
    if (stored && keep) {
      if (stored[keep] === undefined) delete out[keep];
      else out[keep] = stored[keep];
    }
    return out;
  }

  async create(def: ResourceDefinition, namespace: string | undefined, body: KubeObject, ctx: WriteContext): Promise<KubeObject> {
    this.checkTypeMeta(def, body);
    const obj: KubeObject = { ...body, apiVersion: groupVersion(def), kind: def.kind };
    const meta = metaOf(obj);
    if (def.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace) {
        throw ApiError.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = namespace ?? meta.namespace;
      if (!meta.namespace) throw ApiError.badRequest('the server could not find the requested resource');
    } else {
      delete meta.namespace;
    }
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    const strategy = def.strategy;
    // Fields the server owns.
    meta.uid = newUid();
    meta.creationTimestamp = nowTimestamp();
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (def.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    const statusSplit = def.statusStrategy !== undefined;
    if (statusSplit && !def.keepStatusOnCreate) delete obj.status;
    strategy.applyDefaults?.(obj);
    strategy.prepareForCreate?.(obj);
    if (!ctx.managedFieldsSet)
      recordUpdate(undefined, obj, ctx.fieldManager, managedScopeFor(def.model, groupVersion(def), statusSplit), nowTimestamp());
    const attrs = {
      operation: 'CREATE' as const,
      rt: def,
      namespace: meta.namespace,
      name: meta.name ?? '',
      object: obj,
      dryRun: ctx.dryRun,
      storage: this.storage,
    };
    await this.admission.admit(attrs);
    const errors = [...validateMetaForCreate(def, meta), ...(strategy.validate?.(obj) ?? [])];
    if (errors.length > 0) throw ApiError.invalid(def.kind, def.group, meta.name ?? meta.generateName ?? '', errors);
    await this.admission.validate(attrs);
    this.checkSize(obj);
    try {
      return this.present(
        def,
        await this.storage.create(this.key(def, meta.namespace, meta.name!), this.toStorage(def, obj), { dryRun: ctx.dryRun }),
      );
    } catch (e) {
      throw this.mapError(e, def, meta.name!);
    }
  }

  /** PUT of the main resource or of the status subresource. */
  async update(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    ctx: WriteContext & { subresource?: 'status' },
  ): Promise<KubeObject> {
    this.checkTypeMeta(def, body);
    const bodyMeta = metaOf(body);
    if (bodyMeta.name !== undefined && bodyMeta.name !== name) {
      throw ApiError.badRequest(`the name of the object (${bodyMeta.name}) does not match the name on the URL (${name})`);
    }
    if (def.namespaced && bodyMeta.namespace && namespace && bodyMeta.namespace !== namespace) {
      throw ApiError.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    // "0" and an absent version are the same to upstream's versioner: both ask for an unconditional
    // update, which kinds that need optimistic locking refuse as an invalid object.
    const rv = bodyMeta.resourceVersion ? parseRv(bodyMeta.resourceVersion, 'metadata.resourceVersion') : 0;
    return this.guaranteed(def, namespace, name, ctx, rv === 0 ? undefined : rv, () => {
      if (rv === 0) this.assertUnconditionalUpdateAllowed(def, name);
      return body;
    });
  }

  /** Checked once the object is known to exist, so a missing one is still 404. */
  assertUnconditionalUpdateAllowed(def: ResourceDefinition, name: string): void {
    if (!def.allowUnconditionalUpdate) {
      throw ApiError.invalid(def.resource, def.group, name, [
        FieldError.invalid('metadata.resourceVersion', 0, 'must be specified for an update'),
      ]);
    }
  }

  /** PATCH of the main resource (or of status with ctx.subresource): `mutate` turns the current object into the desired one. */
  patch(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    mutate: Mutation,
    ctx: WriteContext & { subresource?: 'status' },
  ): Promise<KubeObject> {
    return this.guaranteed(def, namespace, name, ctx, undefined, mutate);
  }

  /**
   * A write through a subresource. 'status' takes status only (def.statusStrategy); 'scale' goes
   * through the main resource's update rules; any other (binding) stores what `mutate` returns,
   * as upstream's subresource storages that update the object directly.
   */
  updateSubresource(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    subresource: string,
    mutate: Mutation,
    ctx: WriteContext,
  ): Promise<KubeObject> {
    return this.guaranteed(def, namespace, name, { ...ctx, subresource }, undefined, mutate);
  }

  /**
   * Read-modify-write shared by update, patch and subresources: `mutate` receives the current
   * object and returns the desired one; the store applies the generic rules and validation.
   */
  private async guaranteed(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    ctx: UpdateContext,
    expectRv: number | undefined,
    mutate: Mutation,
  ): Promise<KubeObject> {
    const strategy = def.strategy;
    const statusSplit = def.statusStrategy !== undefined;
    let removeAfter = false;
    try {
      const stored = await this.storage.guaranteedUpdate(
        this.key(def, namespace, name),
        async (inStorage) => {
          const current = this.present(def, inStorage);
          const desired = structuredClone(await mutate(structuredClone(current)));
          const obj: KubeObject = { ...desired, apiVersion: groupVersion(def), kind: def.kind };
          const meta = metaOf(obj);
          const old = metaOf(current);
          if (meta.uid && meta.uid !== old.uid) {
            throw ApiError.conflict(def, name, `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${old.uid}`);
          }
          // Server-owned metadata is carried over from the stored object.
          meta.name = old.name;
          if (def.namespaced) meta.namespace = old.namespace;
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
          if (ctx.subresource === 'status' && def.statusStrategy) {
            // Status writes change status only (upstream status strategies reset the rest).
            const status = def.statusStrategy;
            const next = status.prepareForUpdate(obj, current);
            if (ctx.managedFieldsSet) next.metadata = { ...old, managedFields: meta.managedFields };
            else
              recordUpdate(
                current,
                next,
                ctx.fieldManager,
                managedScopeFor(def.model, groupVersion(def), statusSplit, 'status'),
                nowTimestamp(),
              );
            const errs = [...(strategy.validateStatusUpdate?.(next, current) ?? []), ...(status.validateUpdate?.(next, current) ?? [])];
            if (errs.length) throw ApiError.invalid(def.kind, def.group, name, errs);
            this.checkSize(next);
            return this.toStorage(def, next, inStorage, 'spec');
          }
          if (ctx.subresource !== undefined && ctx.subresource !== 'status' && ctx.subresource !== 'scale') {
            // A subresource with rules of its own (pods/binding): what it returns is stored as is.
            this.checkSize(obj);
            return this.toStorage(def, obj);
          }
          if (statusSplit) {
            if (current.status === undefined) delete obj.status;
            else obj.status = current.status;
          }
          strategy.applyDefaults?.(obj);
          strategy.prepareForUpdate?.(obj, current);
          if (!ctx.managedFieldsSet && !ctx.markDeleting) {
            recordUpdate(
              current,
              obj,
              ctx.fieldManager,
              managedScopeFor(def.model, groupVersion(def), statusSplit, ctx.subresource),
              nowTimestamp(),
            );
          }
          const attrs = {
            operation: 'UPDATE' as const,
            rt: def,
            subresource: ctx.subresource,
            namespace,
            name,
            object: obj,
            oldObject: current,
            dryRun: ctx.dryRun,
            storage: this.storage,
          };
          await this.admission.admit(attrs);
          if (def.tracksGeneration) {
            meta.generation = (old.generation ?? 1) + (specChanged(obj, current) ? 1 : 0);
          } else {
            delete meta.generation;
          }
          const errors = [
            // Marking an object deleted is the one time deletionTimestamp may appear.
            ...validateMetaForUpdate(
              def,
              meta,
              ctx.markDeleting
                ? {
                    ...old,
                    deletionTimestamp: meta.deletionTimestamp,
                    deletionGracePeriodSeconds: meta.deletionGracePeriodSeconds,
                    finalizers: meta.finalizers,
                  }
                : old,
            ),
            ...(strategy.validate?.(obj) ?? []),
            ...(strategy.validateUpdate?.(obj, current) ?? []),
          ];
          if (errors.length > 0) throw ApiError.invalid(def.kind, def.group, name, errors);
          await this.admission.validate(attrs);
          this.checkSize(obj);
          // An object being deleted goes when an update removes its last finalizer (upstream's
          // shouldDeleteDuringUpdate); namespaces also count spec.finalizers (emptied via /finalize).
          const pending = (o: KubeObject): number => this.pendingFinalizers(def, o);
          // A graceful deletion still in its grace period waits for the kubelet (grace 0) instead.
          removeAfter =
            !!meta.deletionTimestamp && pending(obj) === 0 && pending(current) > 0 && (meta.deletionGracePeriodSeconds ?? 0) === 0;
          return this.toStorage(def, obj, inStorage, statusSplit ? 'status' : undefined);
        },
        { dryRun: ctx.dryRun, expectRv },
      );
      if (removeAfter && !ctx.dryRun) {
        // The last finalizer is gone from an object being deleted: it goes now.
        const gone = await this.storage.delete(this.key(def, namespace, name), { expectUid: stored.metadata?.uid }).catch(() => stored);
        return this.present(def, gone);
      }
      return this.present(def, stored);
    } catch (e) {
      throw this.mapError(e, def, name);
    }
  }

  async delete(def: ResourceDefinition, namespace: string | undefined, name: string, ctx: DeleteContext): Promise<DeleteResult> {
    const key = this.key(def, namespace, name);
    const current = await this.storage.get(key);
    if (!current) throw ApiError.notFound(def, name);
    const meta = metaOf(current);
    const pre = ctx.preconditions ?? {};
    if (pre.uid && pre.uid !== meta.uid) {
      throw ApiError.conflict(def, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid}`);
    }
    if (pre.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
      throw ApiError.conflict(
        def,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`,
      );
    }
    await this.admission.validate({
      operation: 'DELETE',
      rt: def,
      namespace: def.namespaced ? namespace : undefined,
      name,
      object: current,
      dryRun: ctx.dryRun,
      storage: this.storage,
    });
    const strategy = def.deleteStrategy;
    const finalizers = [...(meta.finalizers ?? [])];
    if (ctx.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (ctx.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    const graceful = strategy?.gracePeriod?.(current, ctx.gracePeriodSeconds) ?? 0;
    const namespaceLifecycle = strategy?.alwaysMarkDeleting === true;
    if (finalizers.length > 0 || graceful > 0 || namespaceLifecycle) {
      if (meta.deletionTimestamp && finalizers.length === (meta.finalizers ?? []).length && graceful === 0 && !namespaceLifecycle) {
        return { deleted: false, object: this.present(def, current) };
      }
      const updated = await this.guaranteed(def, namespace, name, { dryRun: ctx.dryRun, markDeleting: true }, undefined, (cur) => {
        const m = metaOf(cur);
        m.finalizers = finalizers.length ? finalizers : m.finalizers;
        if (!m.deletionTimestamp) {
          m.deletionTimestamp = nowTimestamp(new Date(Date.now() + graceful * 1000));
          m.deletionGracePeriodSeconds = graceful;
        }
        return cur;
      }).catch((e: unknown) => {
        throw this.mapError(e, def, name);
      });
      if (namespaceLifecycle && strategy?.afterMarkDeleting) {
        return {
          deleted: false,
          object: await strategy.afterMarkDeleting(this, def, updated, { dryRun: ctx.dryRun, requestedGrace: ctx.gracePeriodSeconds }),
        };
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
      return { deleted: true, object: this.present(def, gone) };
    } catch (e) {
      throw this.mapError(e, def, name);
    }
  }

  /**
   * A list at the version the request asks for (upstream's resourceVersion/resourceVersionMatch
   * rules): unset = most recent, "0" = any, else exact (with limit or Exact) or not older than.
   */
  async list(def: ResourceDefinition, namespace: string | undefined, req: ListRequest): Promise<ListResult> {
    const rvParam = req.resourceVersion;
    if (req.resourceVersionMatch && !rvParam) {
      throw ApiError.invalidOptions(
        'resourceVersionMatch',
        req.resourceVersionMatch,
        'resourceVersionMatch is forbidden unless resourceVersion is provided',
      );
    }
    let after: { namespace: string; name: string } | undefined;
    let atRv: number | undefined;
    let anyVersion = false;
    if (req.continue) {
      if (rvParam && rvParam !== '0')
        throw ApiError.invalidOptions('resourceVersion', rvParam, 'specifying resource version is not allowed when using continue');
      const tok = decodeContinue(req.continue);
      after = tok.start;
      atRv = tok.rv;
    } else if (rvParam === '0') {
      anyVersion = req.resourceVersionMatch !== 'Exact';
      if (req.resourceVersionMatch === 'Exact')
        throw ApiError.invalidOptions('resourceVersionMatch', 'Exact', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    } else if (rvParam) {
      const rv = parseRv(rvParam);
      const current = await this.storage.currentRv();
      if (rv > current) throw tooLargeResourceVersion(`${rv}, current: ${current}`);
      if (req.resourceVersionMatch === 'Exact' || ((req.limit ?? 0) > 0 && !req.resourceVersionMatch)) {
        if (rv < (await this.storage.compactedRv())) throw ApiError.gone('The resourceVersion for the provided list is too old.');
        atRv = rv;
      }
    }
    // Zero or negative is no limit, as upstream; a limit past 2^53 (up to int64 max) lists everything.
    const limit = anyVersion || req.limit === undefined || req.limit <= 0 ? undefined : Math.min(req.limit, MAX_LIMIT);
    let res;
    try {
      res = await this.storage.list(storageKeyOf(def), def.namespaced ? namespace : undefined, {
        limit,
        after,
        atRv,
        anyVersion,
        filter: req.filter,
      });
    } catch (e) {
      if (after && e instanceof StorageError && e.code === 'Expired') throw new ExpiredContinueError(e.message, encodeContinue(-1, after));
      throw this.mapError(e, def, '');
    }
    const items = res.items.map((o) => this.present(def, o));
    const cont = res.next ? encodeContinue(res.rv, res.next) : undefined;
    return { items, rv: res.rv, ...(cont ? { continue: cont, remainingItemCount: res.remaining } : {}) };
  }

  /** A watch from the version the request asks for; initial events unless it names one. */
  async watch(def: ResourceDefinition, namespace: string | undefined, req: WatchRequest): Promise<Watch> {
    const rvParam = req.resourceVersion;
    if (req.resourceVersionMatch && !rvParam && !req.sendInitialEvents) {
      throw ApiError.invalidOptions(
        'resourceVersionMatch',
        req.resourceVersionMatch,
        'resourceVersionMatch is forbidden unless resourceVersion is provided',
      );
    }
    if (req.sendInitialEvents) {
      if (req.resourceVersionMatch !== 'NotOlderThan') {
        throw ApiError.invalidOptions(
          'resourceVersionMatch',
          req.resourceVersionMatch ?? '',
          'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
        );
      }
      if (!req.allowWatchBookmarks) {
        throw ApiError.invalidOptions('allowWatchBookmarks', false, 'sendInitialEvents requires allowWatchBookmarks=true');
      }
    }
    const rv = rvParam && rvParam !== '0' ? parseRv(rvParam) : undefined;
    const initial = req.sendInitialEvents ?? (rvParam === undefined || rvParam === '' || rvParam === '0');
    let w: Watch;
    try {
      w = await this.storage.watch({
        resource: storageKeyOf(def),
        namespace: def.namespaced ? namespace : undefined,
        fromRv: initial ? undefined : rv,
        fromAny: initial && rvParam === '0',
        filter: req.filter,
      });
    } catch (e) {
      throw this.mapError(e, def, '');
    }
    return this.track(def, w);
  }

  /** Registers an open watch so that removing its resource ends it (as upstream when a CRD goes). */
  private track(def: ResourceDefinition, w: Watch): Watch {
    let open = this.openWatches.get(def);
    if (!open) this.openWatches.set(def, (open = new Set()));
    open.add(w);
    const watches = this.openWatches;
    const set = open;
    return {
      next: () => w.next(),
      stop: () => {
        set.delete(w);
        if (set.size === 0 && watches.get(def) === set) watches.delete(def);
        w.stop();
      },
      get endReason() {
        return w.endReason;
      },
      get currentRv() {
        return w.currentRv;
      },
      get startRv() {
        return w.startRv;
      },
      get initialCount() {
        return w.initialCount;
      },
    };
  }

  private endWatches(def: ResourceDefinition): void {
    const open = this.openWatches.get(def);
    if (!open) return;
    this.openWatches.delete(def);
    for (const w of open) w.stop();
  }

  /**
   * Deletes every object a list selects, one by one with the same options (upstream's
   * DeleteCollection); answers the deleted objects at the version of the list.
   */
  async deleteCollection(
    def: ResourceDefinition,
    namespace: string | undefined,
    req: ListRequest,
    ctx: DeleteContext,
  ): Promise<ListResult> {
    const list = await this.storage.list(storageKeyOf(def), def.namespaced ? namespace : undefined, { filter: req.filter });
    const deleted: KubeObject[] = [];
    for (const obj of list.items) {
      try {
        const r = await this.delete(def, obj.metadata?.namespace, obj.metadata?.name ?? '', ctx);
        deleted.push(r.object);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 404)) throw e;
      }
    }
    return { items: deleted, rv: list.rv };
  }

  /**
   * Removes an object being deleted whose metadata.finalizers are gone; undefined when it stays.
   * Called by a finalize subresource once it has released the object (namespaces/finalize with
   * an empty spec.finalizers), so the strategy's own finalizers are not counted.
   */
  async deleteIfFinalized(def: ResourceDefinition, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const key = this.key(def, namespace, name);
    const obj = await this.storage.get(key);
    if (!obj?.metadata?.deletionTimestamp || (obj.metadata.finalizers ?? []).length > 0) return undefined;
    return this.storage.delete(key, { expectUid: obj.metadata.uid }).then(
      (gone) => this.present(def, gone),
      () => undefined,
    );
  }

  private pendingFinalizers(def: ResourceDefinition, obj: KubeObject): number {
    return def.deleteStrategy?.pendingFinalizers?.(obj) ?? (obj.metadata?.finalizers ?? []).length;
  }

  mapError(e: unknown, def: ResourceDefinition, name: string): unknown {
    if (!(e instanceof StorageError)) return e;
    switch (e.code) {
      case 'NotFound':
        return ApiError.notFound(def, name);
      case 'AlreadyExists':
        return ApiError.alreadyExists(def, name);
      case 'Conflict':
        return ApiError.modified(def, name);
      case 'UidMismatch':
        return ApiError.conflict(def, name, 'Precondition failed: UID mismatch');
      case 'Expired':
        return ApiError.gone(e.message);
      case 'TooLargeRv':
        return tooLargeResourceVersion(e.message.replace(/^Too large resource version: /, ''));
    }
  }

  private checkTypeMeta(def: ResourceDefinition, body: KubeObject): void {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw ApiError.badRequest(`the body of the request must be a ${def.kind} object`);
    }
    const gv = groupVersion(def);
    if (body.apiVersion !== undefined && body.apiVersion !== gv) {
      throw ApiError.badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${gv})`);
    }
    if (body.kind !== undefined && body.kind !== def.kind) {
      throw ApiError.badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${def.kind})`);
    }
    if (body.metadata !== undefined && (typeof body.metadata !== 'object' || body.metadata === null || Array.isArray(body.metadata))) {
      throw ApiError.badRequest(
        `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: json: cannot unmarshal ${Array.isArray(body.metadata) ? 'array' : typeof body.metadata} into Go struct field ${def.kind}.metadata of type v1.ObjectMeta`,
      );
    }
  }

  private checkSize(obj: KubeObject): void {
    const size = Buffer.byteLength(JSON.stringify(obj));
    if (size > MAX_OBJECT_BYTES) {
      throw new ApiError(
        413,
        'RequestEntityTooLarge',
        `Request entity too large: the object is ${size} bytes; objects are limited to ${MAX_OBJECT_BYTES} bytes`,
      );
    }
  }
}
