import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';

export const clusterRoleDefinition: ResourceDefinition = defineResource(builtinNames('rbac.authorization.k8s.io', 'v1', 'clusterroles'));
