import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { controllerRevisionPrinter } from './controllerrevision.printer.js';

export const controllerRevisionDefinition: ResourceDefinition = defineResource(builtinNames('apps', 'v1', 'controllerrevisions'), {
  printer: controllerRevisionPrinter,
});
