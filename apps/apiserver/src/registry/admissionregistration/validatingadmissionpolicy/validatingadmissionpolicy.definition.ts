import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';

export const validatingAdmissionPolicyDefinition: ResourceDefinition = defineResource(
  builtinNames('admissionregistration.k8s.io', 'v1', 'validatingadmissionpolicies'),
);
