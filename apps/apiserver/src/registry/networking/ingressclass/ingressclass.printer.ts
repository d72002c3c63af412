import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { isRecord, optStr, rec, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

export const ingressClassPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn(),
  ],
  row(obj, now) {
    const spec = rec(obj.spec);
    const params = spec['parameters'];
    let parameters = '<none>';
    if (isRecord(params)) {
      const group = optStr(params['apiGroup']);
      parameters = `${str(params['kind'])}${group !== undefined ? `.${group}` : ''}/${str(params['name'])}`;
    }
    return [nameOf(obj), str(spec['controller']), parameters, ageOf(obj, now)];
  },
};
