import { ageColumn, ageOf, column, containersColumn, imagesColumn, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { containerCells, formatLabelSelector } from '../../printers/label.format.js';
import { num, rec } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';
import { desired, templateSpec } from '../../printers/workload.columns.js';

export const replicaSetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', doc('V1ReplicaSetSpec.replicas')),
    column('Current', 'integer', doc('V1ReplicaSetStatus.replicas')),
    column('Ready', 'integer', doc('V1ReplicaSetStatus.readyReplicas')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', doc('V1ReplicaSetSpec.selector'), 1),
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
      formatLabelSelector(rec(obj.spec)['selector']),
    ];
  },
};
