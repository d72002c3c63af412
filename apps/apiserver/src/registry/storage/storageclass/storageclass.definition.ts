import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { storageClassPrinter } from './storageclass.printer.js';

export const storageClassDefinition: ResourceDefinition = defineResource(builtinNames('storage.k8s.io', 'v1', 'storageclasses'), {
  printer: storageClassPrinter,
});
