import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { formatLabelSelector } from '../../printers/label.format.js';
import { isRecord, rec } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

export const networkPolicyPrinter: TablePrinter = {
  columns: [nameColumn(), column('Pod-Selector', 'string', doc('V1NetworkPolicySpec.podSelector')), ageColumn()],
  row(obj, now) {
    // An absent podSelector is the empty selector (it is not a pointer upstream).
    const sel = rec(obj.spec)['podSelector'];
    return [nameOf(obj), formatLabelSelector(isRecord(sel) ? sel : {}), ageOf(obj, now)];
  },
};
