import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { nodeFields } from './node.fields.js';
import { nodePrinter } from './node.printer.js';

export const nodeDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'nodes'), {
  printer: nodePrinter,
  fields: nodeFields,
  keepStatusOnCreate: true,
});
