import type { ControllerFactory } from './shared/controller.interface.js';
import { DeploymentController } from './deployment/deployment.controller.js';
import { GarbageCollector } from './garbagecollector/garbagecollector.controller.js';
import { NamespaceController } from './namespace/namespace.controller.js';
import { ServiceAccountController } from './serviceaccount/serviceaccount.controller.js';
import { ReplicaSetController } from './replicaset/replicaset.controller.js';

/** Every controller this manager can run, by its upstream `--controllers` name. */
export const CONTROLLERS: ReadonlyMap<string, ControllerFactory> = new Map<string, ControllerFactory>([
  ['deployment', (ctx) => new DeploymentController(ctx)],
  ['replicaset', (ctx) => new ReplicaSetController(ctx)],
  ['namespace', (ctx) => new NamespaceController(ctx)],
  ['serviceaccount', (ctx) => new ServiceAccountController(ctx)],
  ['garbagecollector', (ctx) => new GarbageCollector(ctx)],
]);

/** Upstream's `--controllers` syntax: `*` for all, `foo` to add, `-foo` to drop. */
export function selectControllers(spec: readonly string[]): string[] {
  const all = [...CONTROLLERS.keys()];
  const items = spec.length ? spec : ['*'];
  const star = items.includes('*');
  return all.filter((n) => !items.includes(`-${n}`) && (star || items.includes(n)));
}
