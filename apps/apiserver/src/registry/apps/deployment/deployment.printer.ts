import { ageColumn, ageOf, column, containersColumn, imagesColumn, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { containerCells, labelSelectorString } from '../../printers/label.format.js';
import { num, rec } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';
import { desired, templateSpec } from '../../printers/workload.columns.js';

export const deploymentPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', doc('V1DeploymentStatus.updatedReplicas')),
    column('Available', 'string', doc('V1DeploymentStatus.availableReplicas')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', doc('V1DeploymentSpec.selector'), 1),
  ],
  row(obj, now) {
    const status = rec(obj.status);
    const [names, images] = containerCells(templateSpec(obj));
    return [
      nameOf(obj),
      `${num(status['readyReplicas'])}/${desired(obj)}`,
      num(status['updatedReplicas']),
      num(status['availableReplicas']),
      ageOf(obj, now),
      names,
      images,
      labelSelectorString(rec(obj.spec)['selector']),
    ];
  },
};
