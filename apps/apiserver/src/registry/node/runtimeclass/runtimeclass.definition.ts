import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';

export const runtimeClassDefinition: ResourceDefinition = defineResource(builtinNames('node.k8s.io', 'v1', 'runtimeclasses'));
