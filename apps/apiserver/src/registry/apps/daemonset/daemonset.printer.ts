import { ageColumn, ageOf, column, containersColumn, imagesColumn, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { containerCells, formatLabels, formatLabelSelector } from '../../printers/label.format.js';
import { at, num, rec } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';
import { templateSpec } from '../../printers/workload.columns.js';

export const daemonSetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', doc('V1DaemonSetStatus.desiredNumberScheduled')),
    column('Current', 'integer', doc('V1DaemonSetStatus.currentNumberScheduled')),
    column('Ready', 'integer', doc('V1DaemonSetStatus.numberReady')),
    column('Up-to-date', 'integer', doc('V1DaemonSetStatus.updatedNumberScheduled')),
    column('Available', 'integer', doc('V1DaemonSetStatus.numberAvailable')),
    column('Node Selector', 'string', doc('V1PodSpec.nodeSelector')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', doc('V1DaemonSetSpec.selector'), 1),
  ],
  row(obj, now) {
    const status = rec(obj.status);
    const [names, images] = containerCells(templateSpec(obj));
    return [
      nameOf(obj),
      num(status['desiredNumberScheduled']),
      num(status['currentNumberScheduled']),
      num(status['numberReady']),
      num(status['updatedNumberScheduled']),
      num(status['numberAvailable']),
      formatLabels(at(templateSpec(obj), 'nodeSelector')),
      ageOf(obj, now),
      names,
      images,
      formatLabelSelector(rec(obj.spec)['selector']),
    ];
  },
};
