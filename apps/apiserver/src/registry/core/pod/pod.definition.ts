import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { podBindingSubresource } from './pod.binding.subresource.js';
import { podDeleteStrategy } from './pod.delete-strategy.js';
import { podEvictionSubresource } from './pod.eviction.subresource.js';
import { podFields } from './pod.fields.js';
import { podLogSubresource } from './pod.log.subresource.js';
import { podPrinter } from './pod.printer.js';
import { podStatusStrategy } from './pod.status-strategy.js';
import { podStrategy } from './pod.strategy.js';

export const podDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'pods'), {
  strategy: podStrategy,
  statusStrategy: podStatusStrategy,
  printer: podPrinter,
  fields: podFields,
  deleteStrategy: podDeleteStrategy,
  subresourceHandlers: { binding: podBindingSubresource, eviction: podEvictionSubresource, log: podLogSubresource },
});
