import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { rec, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

export const secretPrinter: TablePrinter = {
  columns: [nameColumn(), column('Type', 'string', doc('V1Secret.type')), column('Data', 'string', doc('V1Secret.data')), ageColumn()],
  row(obj, now) {
    return [nameOf(obj), str(obj['type']), Object.keys(rec(obj['data'])).length, ageOf(obj, now)];
  },
};
