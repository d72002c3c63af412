import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { resourceQuotaPrinter } from './resourcequota.printer.js';

export const resourceQuotaDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'resourcequotas'), {
  printer: resourceQuotaPrinter,
  tracksGeneration: true,
});
