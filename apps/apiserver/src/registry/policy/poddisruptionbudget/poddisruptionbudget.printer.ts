import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { intOrString, num, rec } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

export const podDisruptionBudgetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn(),
  ],
  row(obj, now) {
    const spec = rec(obj.spec);
    const min = spec['minAvailable'];
    const max = spec['maxUnavailable'];
    return [
      nameOf(obj),
      min === undefined || min === null ? 'N/A' : intOrString(min),
      max === undefined || max === null ? 'N/A' : intOrString(max),
      num(rec(obj.status)['disruptionsAllowed']),
      ageOf(obj, now),
    ];
  },
};
