import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { at, optStr } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

export const leasePrinter: TablePrinter = {
  columns: [nameColumn(), column('Holder', 'string', doc('V1LeaseSpec.holderIdentity')), ageColumn()],
  row(obj, now) {
    return [nameOf(obj), optStr(at(obj.spec, 'holderIdentity')) ?? '', ageOf(obj, now)];
  },
};
