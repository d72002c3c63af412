import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { serviceFields } from './service.fields.js';
import { servicePrinter } from './service.printer.js';
import { serviceStrategy } from './service.strategy.js';

export const serviceDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'services'), {
  strategy: serviceStrategy,
  printer: servicePrinter,
  fields: serviceFields,
});
