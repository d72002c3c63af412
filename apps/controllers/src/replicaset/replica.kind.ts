import type { LabelSelector, ObjectMeta, PodTemplateSpec, ReplicaSet } from '../shared/types.js';

export type ReplicaSetStatus = NonNullable<ReplicaSet['status']>;

/** What the replica controller reads of its owner: a ReplicaSet, or a ReplicationController. */
export interface ReplicaOwner {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: { replicas?: number; minReadySeconds?: number; template: PodTemplateSpec };
  status?: ReplicaSetStatus;
  [k: string]: unknown;
}

/**
 * Where ReplicaSet and ReplicationController differ for the controller. Upstream runs the RS
 * controller for RCs too, converting through an adapter (pkg/controller/replication/conversion.go);
 * here the one core takes this description instead.
 */
export interface ReplicaKind<T extends ReplicaOwner> {
  /** The `--controllers` name. */
  readonly controllerName: string;
  /** The event source component. */
  readonly component: string;
  readonly apiVersion: string;
  readonly kind: string;
  /** The all-namespaces collection the informer watches. */
  readonly collectionPath: string;
  objectPath(namespace: string, name: string): string;
  selectorOf(owner: T): LabelSelector | undefined;
}

export const REPLICA_SET_KIND: ReplicaKind<ReplicaSet> = {
  controllerName: 'replicaset',
  component: 'replicaset-controller',
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  collectionPath: '/apis/apps/v1/replicasets',
  objectPath: (ns, name) => `/apis/apps/v1/namespaces/${ns}/replicasets/${name}`,
  selectorOf: (rs) => rs.spec.selector,
};
