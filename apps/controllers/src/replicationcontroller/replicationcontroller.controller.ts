import type { ControllerContext } from '../shared/controller.interface.js';
import { ReplicaController } from '../replicaset/replicaset.controller.js';
import type { ReplicaKind, ReplicaOwner } from '../replicaset/replica.kind.js';

/** A core/v1 ReplicationController: the ReplicaSet shape with a plain equality selector. */
interface ReplicationController extends ReplicaOwner {
  spec: ReplicaOwner['spec'] & { selector?: Record<string, string> };
}

/**
 * The RC as the replica core sees it. The apiserver defaults an absent selector to the template's
 * labels and rejects an empty one, so an empty map here means a broken object: it selects nothing
 * rather than every pod in the namespace.
 */
const REPLICATION_CONTROLLER_KIND: ReplicaKind<ReplicationController> = {
  controllerName: 'replicationcontroller',
  component: 'replication-controller',
  apiVersion: 'v1',
  kind: 'ReplicationController',
  collectionPath: '/api/v1/replicationcontrollers',
  objectPath: (ns, name) => `/api/v1/namespaces/${ns}/replicationcontrollers/${name}`,
  selectorOf: (rc) => (rc.spec.selector && Object.keys(rc.spec.selector).length ? { matchLabels: rc.spec.selector } : undefined),
};

/** Upstream pkg/controller/replication: the ReplicaSet controller run over ReplicationControllers. */
export class ReplicationManager extends ReplicaController<ReplicationController> {
  constructor(ctx: ControllerContext) {
    super(ctx, REPLICATION_CONTROLLER_KIND);
  }
}
