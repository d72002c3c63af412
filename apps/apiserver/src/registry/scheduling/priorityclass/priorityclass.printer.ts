import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { bool, num, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

export const priorityClassPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Value', 'integer', doc('V1PriorityClass.value')),
    column('Global-Default', 'boolean', doc('V1PriorityClass.globalDefault')),
    ageColumn(),
    column('PreemptionPolicy', 'string', doc('V1PriorityClass.preemptionPolicy')),
  ],
  row(obj, now) {
    return [nameOf(obj), num(obj['value']), bool(obj['globalDefault']), ageOf(obj, now), str(obj['preemptionPolicy'])];
  },
};
