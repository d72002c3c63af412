import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { rec, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

export const namespacePrinter: TablePrinter = {
  columns: [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
  row(obj, now) {
    return [nameOf(obj), str(rec(obj.status)['phase']), ageOf(obj, now)];
  },
};
