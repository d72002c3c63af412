import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { scaleSubresource } from '../../generic/subresources/scale.subresource.js';
import { replicationControllerFields } from './replicationcontroller.fields.js';
import { replicationControllerPrinter } from './replicationcontroller.printer.js';
import { replicationControllerStrategy } from './replicationcontroller.strategy.js';

export const replicationControllerDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'replicationcontrollers'), {
  strategy: replicationControllerStrategy,
  printer: replicationControllerPrinter,
  fields: replicationControllerFields,
  tracksGeneration: true,
  // Its spec.selector is a plain label map, not a LabelSelector.
  subresourceHandlers: { scale: scaleSubresource({ selector: 'map' }) },
});
