import type { KubeObject } from '../../generic/strategy.interface.js';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { num, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

/** CONTROLLER: `kind.group/name` of the controlling owner, lower-cased kind, or `<none>`. */
function controllerOf(obj: KubeObject): string {
  const ref = (obj.metadata?.ownerReferences ?? []).find((o) => o['controller'] === true);
  if (!ref) return '<none>';
  const apiVersion = str(ref['apiVersion']);
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = str(ref['kind']);
  const groupKind = group === '' ? kind : `${kind}.${group}`;
  return groupKind === '' ? str(ref['name']) : `${groupKind.toLowerCase()}/${str(ref['name'])}`;
}

export const controllerRevisionPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', doc('V1ControllerRevision.revision')),
    ageColumn(),
  ],
  row(obj, now) {
    return [nameOf(obj), controllerOf(obj), num(obj['revision']), ageOf(obj, now)];
  },
};
