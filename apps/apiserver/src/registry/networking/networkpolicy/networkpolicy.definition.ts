import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { networkPolicyPrinter } from './networkpolicy.printer.js';

export const networkPolicyDefinition: ResourceDefinition = defineResource(builtinNames('networking.k8s.io', 'v1', 'networkpolicies'), {
  printer: networkPolicyPrinter,
  tracksGeneration: true,
});
