import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { serviceAccountPrinter } from './serviceaccount.printer.js';

export const serviceAccountDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'serviceaccounts'), {
  printer: serviceAccountPrinter,
});
