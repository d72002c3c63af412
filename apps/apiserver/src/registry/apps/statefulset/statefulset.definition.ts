import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { scaleSubresource } from '../../generic/subresources/scale.subresource.js';
import { statefulSetFields } from './statefulset.fields.js';
import { statefulSetPrinter } from './statefulset.printer.js';
import { statefulSetStrategy } from './statefulset.strategy.js';

export const statefulSetDefinition: ResourceDefinition = defineResource(builtinNames('apps', 'v1', 'statefulsets'), {
  strategy: statefulSetStrategy,
  printer: statefulSetPrinter,
  fields: statefulSetFields,
  tracksGeneration: true,
  subresourceHandlers: { scale: scaleSubresource() },
});
