import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { leasePrinter } from './lease.printer.js';

export const leaseDefinition: ResourceDefinition = defineResource(builtinNames('coordination.k8s.io', 'v1', 'leases'), {
  printer: leasePrinter,
});
