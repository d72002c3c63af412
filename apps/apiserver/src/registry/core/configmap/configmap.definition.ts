import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { configMapPrinter } from './configmap.printer.js';
import { configMapStrategy } from './configmap.strategy.js';

export const configMapDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'configmaps'), {
  strategy: configMapStrategy,
  printer: configMapPrinter,
});
