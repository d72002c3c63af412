import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { persistentVolumeClaimPrinter } from './persistentvolumeclaim.printer.js';
import { persistentVolumeClaimStrategy } from './persistentvolumeclaim.strategy.js';

export const persistentVolumeClaimDefinition: ResourceDefinition = defineResource(builtinNames('', 'v1', 'persistentvolumeclaims'), {
  strategy: persistentVolumeClaimStrategy,
  printer: persistentVolumeClaimPrinter,
});
