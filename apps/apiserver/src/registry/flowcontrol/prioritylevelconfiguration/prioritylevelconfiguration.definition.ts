import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';

export const priorityLevelConfigurationDefinition: ResourceDefinition = defineResource(
  builtinNames('flowcontrol.apiserver.k8s.io', 'v1', 'prioritylevelconfigurations'),
);
