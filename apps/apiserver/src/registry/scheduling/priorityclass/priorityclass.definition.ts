import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { priorityClassPrinter } from './priorityclass.printer.js';
import { priorityClassStrategy } from './priorityclass.strategy.js';

export const priorityClassDefinition: ResourceDefinition = defineResource(builtinNames('scheduling.k8s.io', 'v1', 'priorityclasses'), {
  strategy: priorityClassStrategy,
  printer: priorityClassPrinter,
});
