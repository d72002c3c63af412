import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';

export const crdDefinition: ResourceDefinition = defineResource(builtinNames('apiextensions.k8s.io', 'v1', 'customresourcedefinitions'), {
  tracksGeneration: true,
  allowUnconditionalUpdate: false,
});
