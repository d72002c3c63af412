import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { arr } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

export const serviceAccountPrinter: TablePrinter = {
  columns: [nameColumn(), column('Secrets', 'string', doc('V1ServiceAccount.secrets')), ageColumn()],
  row(obj, now) {
    return [nameOf(obj), arr(obj['secrets']).length, ageOf(obj, now)];
  },
};
