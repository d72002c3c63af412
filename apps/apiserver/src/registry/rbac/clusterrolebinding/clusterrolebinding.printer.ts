import { bindingPrinter } from '../shared/binding.printer.js';

export const clusterRoleBindingPrinter = bindingPrinter('clusterRoleBinding', 'V1ClusterRoleBinding.roleRef');
