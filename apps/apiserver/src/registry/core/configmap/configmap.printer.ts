import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { rec } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

export const configMapPrinter: TablePrinter = {
  columns: [nameColumn(), column('Data', 'string', doc('V1ConfigMap.data')), ageColumn()],
  row(obj, now) {
    return [nameOf(obj), Object.keys(rec(obj['data'])).length + Object.keys(rec(obj['binaryData'])).length, ageOf(obj, now)];
  },
};
