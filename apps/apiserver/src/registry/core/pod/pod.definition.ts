import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { podFields } from './pod.fields.js';
import { podPrinter } from './pod.printer.js';
import { podStatusStrategy } from './pod.status-strategy.js';
import { podStrategy } from './pod.strategy.js';

export const podDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'pods'), {
  strategy: podStrategy,
  statusStrategy: podStatusStrategy,
  printer: podPrinter,
  fields: podFields,
});
