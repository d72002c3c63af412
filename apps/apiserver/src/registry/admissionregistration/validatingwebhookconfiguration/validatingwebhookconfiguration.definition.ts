import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';

export const validatingWebhookConfigurationDefinition: ResourceDefinition = defineResource(
  builtinNames('admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations'),
);
