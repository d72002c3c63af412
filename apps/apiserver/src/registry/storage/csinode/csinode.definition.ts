import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';

export const csiNodeDefinition: ResourceDefinition = defineResource(builtinNames('storage.k8s.io', 'v1', 'csinodes'));
