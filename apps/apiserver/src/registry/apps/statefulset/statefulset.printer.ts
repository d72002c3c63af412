import { ageColumn, ageOf, column, containersColumn, imagesColumn, nameColumn, nameOf } from '../../printers/columns.common.js';
import { containerCells } from '../../printers/label.format.js';
import { num, rec } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';
import { desired, templateSpec } from '../../printers/workload.columns.js';

export const statefulSetPrinter: TablePrinter = {
  columns: [nameColumn(), column('Ready', 'string', 'Number of the pod with ready state'), ageColumn(), containersColumn(), imagesColumn()],
  row(obj, now) {
    const [names, images] = containerCells(templateSpec(obj));
    return [nameOf(obj), `${num(rec(obj.status)['readyReplicas'])}/${desired(obj)}`, ageOf(obj, now), names, images];
  },
};
