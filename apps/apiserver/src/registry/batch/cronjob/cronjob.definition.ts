import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { cronJobPrinter } from './cronjob.printer.js';
import { cronJobStrategy } from './cronjob.strategy.js';

export const cronJobDefinition: ResourceDefinition = defineResource(builtinNames('batch', 'v1', 'cronjobs'), {
  strategy: cronJobStrategy,
  printer: cronJobPrinter,
  tracksGeneration: true,
});
