import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { namespaceFields } from './namespace.fields.js';
import { namespacePrinter } from './namespace.printer.js';
import { namespaceDeleteStrategy, namespaceFinalizeSubresource } from './namespace.storage.js';
import { namespaceStrategy } from './namespace.strategy.js';

export const namespaceDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'namespaces'), {
  strategy: namespaceStrategy,
  printer: namespacePrinter,
  fields: namespaceFields,
  deleteStrategy: namespaceDeleteStrategy,
  subresourceHandlers: { finalize: namespaceFinalizeSubresource },
});
