import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { podDisruptionBudgetPrinter } from './poddisruptionbudget.printer.js';

export const podDisruptionBudgetDefinition: ResourceDefinition = defineResource(builtinNames('policy', 'v1', 'poddisruptionbudgets'), {
  printer: podDisruptionBudgetPrinter,
  tracksGeneration: true,
});
