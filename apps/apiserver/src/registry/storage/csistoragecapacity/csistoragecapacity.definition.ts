import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';

export const csiStorageCapacityDefinition: ResourceDefinition = defineResource(
  builtinNames('storage.k8s.io', 'v1', 'csistoragecapacities'),
);
