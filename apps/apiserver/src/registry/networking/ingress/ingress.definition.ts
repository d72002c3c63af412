import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { ingressPrinter } from './ingress.printer.js';

export const ingressDefinition: ResourceDefinition = defineResource(builtinNames('networking.k8s.io', 'v1', 'ingresses'), {
  printer: ingressPrinter,
  tracksGeneration: true,
});
