import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { ingressClassPrinter } from './ingressclass.printer.js';

export const ingressClassDefinition: ResourceDefinition = defineResource(builtinNames('networking.k8s.io', 'v1', 'ingressclasses'), {
  printer: ingressClassPrinter,
  tracksGeneration: true,
});
