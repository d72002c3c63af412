import type { KubeObject } from '../../../../../libs/api/src/kube-object.types.js';
import type { Watch } from '../../storage/storage.interface.js';
import type { ResourceDefinition } from './resource.definition.js';

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

/** A list as the API asks for it (upstream ListOptions after parsing). */
export interface ListRequest {
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: string;
  readonly limit?: number;
  readonly continue?: string;
  readonly filter?: (o: KubeObject) => boolean;
}

export interface ListResult {
  readonly items: KubeObject[];
  readonly rv: number;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

/** A watch as the API asks for it. */
export interface WatchRequest {
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: string;
  readonly sendInitialEvents?: boolean;
  readonly allowWatchBookmarks?: boolean;
  readonly filter?: (o: KubeObject) => boolean;
}

export type Mutation = (current: KubeObject) => KubeObject | Promise<KubeObject>;

/** The verbs of the generic store, as handlers and hooks see them (breaks the store ↔ handler cycle). */
export interface StoreOps {
  get(def: ResourceDefinition, namespace: string | undefined, name: string): Promise<KubeObject>;
  list(def: ResourceDefinition, namespace: string | undefined, req: ListRequest): Promise<ListResult>;
  watch(def: ResourceDefinition, namespace: string | undefined, req: WatchRequest): Promise<Watch>;
  create(def: ResourceDefinition, namespace: string | undefined, body: KubeObject, ctx: WriteContext): Promise<KubeObject>;
  update(def: ResourceDefinition, namespace: string | undefined, name: string, body: KubeObject, ctx: WriteContext): Promise<KubeObject>;
  patch(def: ResourceDefinition, namespace: string | undefined, name: string, mutate: Mutation, ctx: WriteContext): Promise<KubeObject>;
  delete(def: ResourceDefinition, namespace: string | undefined, name: string, ctx: DeleteContext): Promise<DeleteResult>;
  deleteCollection(def: ResourceDefinition, namespace: string | undefined, req: ListRequest, ctx: DeleteContext): Promise<ListResult>;
  updateSubresource(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    subresource: string,
    mutate: Mutation,
    ctx: WriteContext,
  ): Promise<KubeObject>;
  /** Removes an object being deleted whose metadata.finalizers are gone (after namespaces/finalize released it). */
  deleteIfFinalized(def: ResourceDefinition, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  present(def: ResourceDefinition, obj: KubeObject): KubeObject;
}
