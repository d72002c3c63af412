import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { secretFields } from './secret.fields.js';
import { secretPrinter } from './secret.printer.js';
import { secretStrategy } from './secret.strategy.js';

export const secretDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'secrets'), {
  strategy: secretStrategy,
  printer: secretPrinter,
  fields: secretFields,
});
