import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { at, rec } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import { quantity } from '../../printers/quantity.format.js';
import type { TablePrinter } from '../../printers/table.types.js';

/** REQUEST and LIMIT: `resource: used/hard` pairs sorted by resource name; `limits.*` go right. */
export const resourceQuotaPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
    ageColumn(),
  ],
  row(obj, now) {
    const hard = rec(at(obj.status, 'hard'));
    const used = rec(at(obj.status, 'used'));
    const requests: string[] = [];
    const limits: string[] = [];
    for (const name of Object.keys(hard).sort()) {
      const pieces = name.split('.');
      const target = pieces.length > 1 && pieces[0] === 'limits' ? limits : requests;
      target.push(`${name}: ${quantity(used[name])}/${quantity(hard[name])}`);
    }
    return [nameOf(obj), requests.join(', '), limits.join(', '), ageOf(obj, now)];
  },
};
