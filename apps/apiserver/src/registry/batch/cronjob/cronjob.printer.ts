import { ageColumn, ageOf, column, containersColumn, imagesColumn, nameColumn, nameOf } from '../../printers/columns.common.js';
import { since } from '../../printers/duration.format.js';
import { doc } from '../../printers/field.docs.js';
import { containerCells, formatLabelSelector } from '../../printers/label.format.js';
import { arr, at, optBool, optStr, rec, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

function boolPtr(v: unknown): string {
  const b = optBool(v);
  if (b === undefined) return '<unset>';
  return b ? 'True' : 'False';
}

export const cronJobPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Schedule', 'string', doc('V1CronJobSpec.schedule')),
    column('Timezone', 'string', doc('V1CronJobSpec.timeZone')),
    column('Suspend', 'boolean', doc('V1CronJobSpec.suspend')),
    column('Active', 'integer', doc('V1CronJobStatus.active')),
    column('Last Schedule', 'string', doc('V1CronJobStatus.lastScheduleTime')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', doc('V1JobSpec.selector'), 1),
  ],
  row(obj, now) {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    const jobSpec = at(spec, 'jobTemplate', 'spec');
    const [names, images] = containerCells(at(jobSpec, 'template', 'spec'));
    const last = status['lastScheduleTime'];
    return [
      nameOf(obj),
      str(spec['schedule']),
      optStr(spec['timeZone']) ?? '<none>',
      boolPtr(spec['suspend']),
      arr(status['active']).length,
      last === undefined || last === null ? '<none>' : since(last, now),
      ageOf(obj, now),
      names,
      images,
      formatLabelSelector(at(jobSpec, 'selector')),
    ];
  },
};
