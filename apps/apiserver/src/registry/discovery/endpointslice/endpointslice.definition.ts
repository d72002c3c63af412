import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { endpointSlicePrinter } from './endpointslice.printer.js';

export const endpointSliceDefinition: ResourceDefinition = defineResource(builtinNames('discovery.k8s.io', 'v1', 'endpointslices'), {
  printer: endpointSlicePrinter,
});
