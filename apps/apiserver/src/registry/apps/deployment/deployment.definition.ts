import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { scaleSubresource } from '../../generic/subresources/scale.subresource.js';
import { deploymentPrinter } from './deployment.printer.js';
import { deploymentStrategy } from './deployment.strategy.js';

export const deploymentDefinition: ResourceDefinition = defineResource(builtinNames('apps', 'v1', 'deployments'), {
  strategy: deploymentStrategy,
  printer: deploymentPrinter,
  tracksGeneration: true,
  subresourceHandlers: { scale: scaleSubresource() },
});
