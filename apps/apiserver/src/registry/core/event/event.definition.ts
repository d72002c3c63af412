import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { eventFields } from './event.fields.js';
import { eventPrinter } from './event.printer.js';

export const eventDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'events'), {
  printer: eventPrinter,
  fields: eventFields,
  keepStatusOnCreate: true,
});
