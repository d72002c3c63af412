import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { daemonSetPrinter } from './daemonset.printer.js';
import { daemonSetStrategy } from './daemonset.strategy.js';

export const daemonSetDefinition: ResourceDefinition = defineResource(builtinNames('apps', 'v1', 'daemonsets'), {
  strategy: daemonSetStrategy,
  printer: daemonSetPrinter,
  tracksGeneration: true,
});
