import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { persistentVolumePrinter } from './persistentvolume.printer.js';
import { persistentVolumeStrategy } from './persistentvolume.strategy.js';

export const persistentVolumeDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'persistentvolumes'), {
  strategy: persistentVolumeStrategy,
  printer: persistentVolumePrinter,
});
