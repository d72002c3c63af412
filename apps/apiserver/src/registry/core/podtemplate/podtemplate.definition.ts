import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { podTemplatePrinter } from './podtemplate.printer.js';

export const podTemplateDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'podtemplates'), {
  printer: podTemplatePrinter,
});
