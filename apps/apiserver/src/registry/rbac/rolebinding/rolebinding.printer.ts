import { bindingPrinter } from '../shared/binding.printer.js';

export const roleBindingPrinter = bindingPrinter('roleBinding', 'V1RoleBinding.roleRef');
