import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';

export const limitRangeDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'limitranges'));
