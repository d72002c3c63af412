import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { eventsV1Fields } from './event.fields.js';
import { eventsV1Printer } from './event.printer.js';

export const eventsV1Definition: ResourceDefinition = defineResource(builtinNames('events.k8s.io', 'v1', 'events'), {
  printer: eventsV1Printer,
  fields: eventsV1Fields,
  keepStatusOnCreate: true,
});
