import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { scaleSubresource } from '../../generic/subresources/scale.subresource.js';
import { replicaSetFields } from './replicaset.fields.js';
import { replicaSetPrinter } from './replicaset.printer.js';
import { replicaSetStrategy } from './replicaset.strategy.js';

export const replicaSetDefinition: ResourceDefinition = defineResource(builtinNames('apps', 'v1', 'replicasets'), {
  strategy: replicaSetStrategy,
  printer: replicaSetPrinter,
  fields: replicaSetFields,
  tracksGeneration: true,
  subresourceHandlers: { scale: scaleSubresource() },
});
