import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';

export const validatingAdmissionPolicyBindingDefinition: ResourceDefinition = defineResource(
  builtinNames('admissionregistration.k8s.io', 'v1', 'validatingadmissionpolicybindings'),
);
