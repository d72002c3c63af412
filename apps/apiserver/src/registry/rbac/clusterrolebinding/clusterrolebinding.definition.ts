import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { clusterRoleBindingPrinter } from './clusterrolebinding.printer.js';

export const clusterRoleBindingDefinition: ResourceDefinition = defineResource(
  builtinNames('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings'),
  {
    printer: clusterRoleBindingPrinter,
  },
);
