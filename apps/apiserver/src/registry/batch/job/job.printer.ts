import type { KubeObject } from '../../generic/strategy.interface.js';
import { ageColumn, ageOf, column, containersColumn, imagesColumn, nameColumn, nameOf } from '../../printers/columns.common.js';
import { humanDuration, parseTime } from '../../printers/duration.format.js';
import { doc } from '../../printers/field.docs.js';
import { containerCells, formatLabelSelector } from '../../printers/label.format.js';
import { at, num, optNum, rec, recs, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

function jobCondition(obj: KubeObject, type: string): boolean {
  const c = recs(rec(obj.status)['conditions']).find((cond) => str(cond['type']) === type);
  return c !== undefined && str(c['status']) === 'True';
}

/** Job STATUS as printed since 1.30: terminal conditions first, then deletion, suspension. */
function jobStatus(obj: KubeObject): string {
  if (jobCondition(obj, 'Complete')) return 'Complete';
  if (jobCondition(obj, 'Failed')) return 'Failed';
  if (obj.metadata?.deletionTimestamp) return 'Terminating';
  if (jobCondition(obj, 'Suspended')) return 'Suspended';
  if (jobCondition(obj, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completions(obj: KubeObject): string {
  const spec = rec(obj.spec);
  const succeeded = num(rec(obj.status)['succeeded']);
  const want = optNum(spec['completions']);
  if (want !== undefined) return `${succeeded}/${want}`;
  const parallelism = optNum(spec['parallelism']) ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(obj: KubeObject, now: Date): string {
  const status = rec(obj.status);
  const start = parseTime(status['startTime']);
  if (start === undefined) return '';
  const end = parseTime(status['completionTime']);
  return end === undefined ? humanDuration(now.getTime() - start) : humanDuration(end - start);
}

export const jobPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', doc('V1JobStatus.succeeded')),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', doc('V1JobSpec.selector'), 1),
  ],
  row(obj, now) {
    const [names, images] = containerCells(at(obj.spec, 'template', 'spec'));
    return [
      nameOf(obj),
      jobStatus(obj),
      completions(obj),
      jobDuration(obj, now),
      ageOf(obj, now),
      names,
      images,
      formatLabelSelector(rec(obj.spec)['selector']),
    ];
  },
};
