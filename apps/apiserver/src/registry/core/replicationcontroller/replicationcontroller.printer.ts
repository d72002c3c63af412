import { ageColumn, ageOf, column, containersColumn, imagesColumn, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { containerCells, formatLabels } from '../../printers/label.format.js';
import { num, rec } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';
import { desired, templateSpec } from '../../printers/workload.columns.js';

export const replicationControllerPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', doc('V1ReplicationControllerSpec.replicas')),
    column('Current', 'integer', doc('V1ReplicationControllerStatus.replicas')),
    column('Ready', 'integer', doc('V1ReplicationControllerStatus.readyReplicas')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', doc('V1ReplicationControllerSpec.selector'), 1),
  ],
  row(obj, now) {
    const status = rec(obj.status);
    const [names, images] = containerCells(templateSpec(obj));
    return [
      nameOf(obj),
      desired(obj),
      num(status['replicas']),
      num(status['readyReplicas']),
      ageOf(obj, now),
      names,
      images,
      formatLabels(rec(obj.spec)['selector']),
    ];
  },
};
