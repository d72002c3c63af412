import { BUILTIN_RESOURCES } from '../../../../../libs/api/src/builtin-resources.js';
import type { KubeObject } from '../../../../../libs/api/src/kube-object.types.js';
import type { ResourceType } from '../../../../../libs/api/src/resource.types.js';
import type { FieldError } from '../../../../../libs/apimachinery/src/status.errors.js';
import { defaultFieldGetter, type FieldGetter } from '../fields/field.getter.js';
import { defaultPrinter } from '../printers/default.printer.js';
import type { TablePrinter } from '../printers/table.types.js';
import type { StoreOps } from './store.ops.js';
import type { ResourceStrategy } from './strategy.interface.js';
import type { VersionConverter } from './version.converter.js';
import { genericStatusStrategy } from './status.strategy.js';
import { statusSubresource } from './subresources/status.subresource.js';

/** How a status write merges into the stored object (upstream's status strategies). */
export interface StatusStrategy {
  /** Top-level fields a status write takes from the stored object (upstream GetResetFields). */
  readonly resetFields: readonly string[];
  /** The object to store from the request's object and the stored one. */
  prepareForUpdate(obj: KubeObject, old: KubeObject): KubeObject;
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
}

interface DeleteContextView {
  readonly dryRun: boolean;
  readonly requestedGrace?: number;
}

/** Upstream's RESTGracefulDeleteStrategy plus the storage hooks some kinds add to deletion. */
export interface DeleteStrategy {
  /** Seconds to wait before the object goes (upstream CheckGracefulDelete); 0 = now. */
  gracePeriod?(obj: KubeObject, requested: number | undefined): number;
  /** Mark deletionTimestamp even without finalizers or grace, then call afterMarkDeleting. */
  readonly alwaysMarkDeleting?: boolean;
  afterMarkDeleting?(store: StoreOps, def: ResourceDefinition, obj: KubeObject, ctx: DeleteContextView): Promise<KubeObject>;
  /** Finalizers that keep an object being deleted (default: metadata.finalizers). */
  pendingFinalizers?(obj: KubeObject): number;
}

export type SubresourceMethod = 'GET' | 'PUT' | 'PATCH' | 'POST';

interface SubresourceRequest {
  readonly def: ResourceDefinition;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly method: SubresourceMethod;
  readonly query: Readonly<Record<string, unknown>>;
  readonly contentType: string | undefined;
  readonly userAgent: string | undefined;
  readonly accept: string | undefined;
  /** The decoded request body (JSON, YAML or protobuf), decoded on first call. */
  body(): unknown;
  /** Aborted when the client goes away (pods/log follows). */
  readonly signal: AbortSignal;
}

type SubresourceResult =
  | { readonly type: 'object'; readonly code: number; readonly object: KubeObject; readonly asServedKind: boolean }
  | { readonly type: 'raw'; readonly code: number; readonly body: object }
  | { readonly type: 'stream'; readonly contentType: string; readonly stream: NodeJS.ReadableStream };

export interface ResourceLookupView {
  lookup(group: string, version: string, resource: string): ResourceDefinition | undefined;
  byKind(group: string, kind: string): ResourceDefinition | undefined;
  byShortName(shortName: string): readonly ResourceDefinition[];
  byStorageKey(storageKey: string): readonly ResourceDefinition[];
}

export interface SubresourceHandler {
  /** Methods served; any other gets 405. */
  readonly methods: readonly SubresourceMethod[];
  /** Verbs discovery lists for `<resource>/<subresource>`. */
  readonly discoveryVerbs: readonly string[];
  /** Kind discovery lists when it is not the resource's own (Scale, Eviction …). */
  readonly responseKind?: { readonly group: string; readonly version: string; readonly kind: string };
  handle(req: SubresourceRequest, store: StoreOps, registry: ResourceLookupView): Promise<SubresourceResult>;
}

/** Everything the server knows about one served resource: names plus behaviour. */
export interface ResourceDefinition extends ResourceType {
  readonly listKind: string;
  readonly strategy: ResourceStrategy;
  /** Present exactly when the resource has a status subresource. */
  readonly statusStrategy?: StatusStrategy;
  readonly deleteStrategy?: DeleteStrategy;
  readonly conversion?: VersionConverter;
  readonly printer: TablePrinter;
  readonly fields: FieldGetter;
  readonly subresourceHandlers: Readonly<Record<string, SubresourceHandler>>;
  /** metadata.generation follows spec changes. */
  readonly tracksGeneration: boolean;
  /** Status is kept on create (the kubelet registers a Node with its status). */
  readonly keepStatusOnCreate: boolean;
  /** Updates without metadata.resourceVersion are accepted (upstream AllowUnconditionalUpdate). */
  readonly allowUnconditionalUpdate: boolean;
  readonly openApi: { readonly source: 'model'; readonly model: string } | { readonly source: 'schema'; readonly schema: object };
}

type DefinitionInput = Partial<Omit<ResourceDefinition, keyof ResourceType>>;

const NO_STRATEGY: ResourceStrategy = {};

/** A definition with the defaults filled in: generic rules, default printer and field selectors. */
export function defineResource(names: ResourceType, input: DefinitionInput = {}): ResourceDefinition {
  const hasStatus = (names.subresources ?? []).includes('status');
  return {
    ...names,
    listKind: input.listKind ?? `${names.kind}List`,
    strategy: input.strategy ?? NO_STRATEGY,
    statusStrategy: input.statusStrategy ?? (hasStatus ? genericStatusStrategy : undefined),
    deleteStrategy: input.deleteStrategy,
    conversion: input.conversion,
    printer: input.printer ?? defaultPrinter,
    fields: input.fields ?? defaultFieldGetter(names.namespaced),
    // Every declared status subresource is served by the generic handler unless the input overrides it.
    subresourceHandlers: { ...(hasStatus ? { status: statusSubresource } : {}), ...input.subresourceHandlers },
    tracksGeneration: input.tracksGeneration ?? false,
    keepStatusOnCreate: input.keepStatusOnCreate ?? false,
    allowUnconditionalUpdate: input.allowUnconditionalUpdate ?? true,
    openApi: input.openApi ?? { source: 'model', model: names.model },
  };
}

/** The names of a built-in resource (a row of BUILTIN_RESOURCES); throws when there is none. */
export function builtinNames(group: string, version: string, resource: string): ResourceType {
  const row = BUILTIN_RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
  if (!row) throw new Error(`no built-in resource ${group}/${version}/${resource}`);
  return row;
}
