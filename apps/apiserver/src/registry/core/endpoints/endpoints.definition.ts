import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { endpointsPrinter } from './endpoints.printer.js';

export const endpointsDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'endpoints'), {
  printer: endpointsPrinter,
});
