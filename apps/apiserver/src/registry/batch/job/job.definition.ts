import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { jobFields } from './job.fields.js';
import { jobPrinter } from './job.printer.js';
import { jobStrategy } from './job.strategy.js';

export const jobDefinition: ResourceDefinition = defineResource(builtinNames('batch', 'v1', 'jobs'), {
  strategy: jobStrategy,
  printer: jobPrinter,
  fields: jobFields,
  tracksGeneration: true,
});
