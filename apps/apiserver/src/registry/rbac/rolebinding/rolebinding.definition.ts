import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { roleBindingPrinter } from './rolebinding.printer.js';

export const roleBindingDefinition: ResourceDefinition = defineResource(builtinNames('rbac.authorization.k8s.io', 'v1', 'rolebindings'), {
  printer: roleBindingPrinter,
});
