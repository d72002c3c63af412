import type { ControllerFactory } from './shared/controller.interface.js';
import { DeploymentController } from './deployment/deployment.controller.js';
import { GarbageCollector } from './garbagecollector/garbagecollector.controller.js';
import { NamespaceController } from './namespace/namespace.controller.js';
import { ServiceAccountController } from './serviceaccount/serviceaccount.controller.js';
import { ReplicaSetController } from './replicaset/replicaset.controller.js';
import { ReplicationManager } from './replicationcontroller/replicationcontroller.controller.js';
import { JobController } from './job/job.controller.js';
import { TtlAfterFinishedController } from './job/ttl.after.finished.controller.js';
import { CronJobController } from './cronjob/cronjob.controller.js';
import { StatefulSetController } from './statefulset/statefulset.controller.js';
import { EndpointSliceController } from './endpointslice/endpointslice.controller.js';
import { EndpointsController } from './endpoints/endpoints.controller.js';
import { NodeLifecycleController } from './nodelifecycle/node-lifecycle.controller.js';
import { TaintEvictionController } from './nodelifecycle/taint-eviction.controller.js';
import { ResourceQuotaController } from './resourcequota/resourcequota.controller.js';
import { DisruptionController } from './disruption/disruption.controller.js';
import { DaemonSetController } from './daemonset/daemonset.controller.js';

/** Every controller this manager can run, by its upstream `--controllers` name. */
export const CONTROLLERS: ReadonlyMap<string, ControllerFactory> = new Map<string, ControllerFactory>([
  ['deployment', (ctx) => new DeploymentController(ctx)],
  ['replicaset', (ctx) => new ReplicaSetController(ctx)],
  ['replicationcontroller', (ctx) => new ReplicationManager(ctx)],
  ['namespace', (ctx) => new NamespaceController(ctx)],
  ['serviceaccount', (ctx) => new ServiceAccountController(ctx)],
  ['garbagecollector', (ctx) => new GarbageCollector(ctx)],
  ['job', (ctx) => new JobController(ctx)],
  ['ttl-after-finished', (ctx) => new TtlAfterFinishedController(ctx)],
  ['cronjob', (ctx) => new CronJobController(ctx)],
  ['statefulset', (ctx) => new StatefulSetController(ctx)],
  ['endpointslice', (ctx) => new EndpointSliceController(ctx)],
  ['endpoint', (ctx) => new EndpointsController(ctx)],
  ['nodelifecycle', (ctx) => new NodeLifecycleController(ctx)],
  ['taint-eviction-controller', (ctx) => new TaintEvictionController(ctx)],
  ['resourcequota', (ctx) => new ResourceQuotaController(ctx)],
  ['disruption', (ctx) => new DisruptionController(ctx)],
  ['daemonset', (ctx) => new DaemonSetController(ctx)],
]);

/** Upstream's `--controllers` syntax: `*` for all, `foo` to add, `-foo` to drop. */
export function selectControllers(spec: readonly string[]): string[] {
  const all = [...CONTROLLERS.keys()];
  const items = spec.length ? spec : ['*'];
  const star = items.includes('*');
  return all.filter((n) => !items.includes(`-${n}`) && (star || items.includes(n)));
}
