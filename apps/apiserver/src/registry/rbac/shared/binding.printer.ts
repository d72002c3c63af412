import type { KubeObject } from '../../generic/strategy.interface.js';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc, type FieldDocKey } from '../../printers/field.docs.js';
import { rec, recs, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

/** Users, groups and `namespace/name` service accounts of a binding, each joined by ", ". */
function subjects(obj: KubeObject): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of recs(obj['subjects'])) {
    const name = str(s['name']);
    switch (str(s['kind'])) {
      case 'User':
        users.push(name);
        break;
      case 'Group':
        groups.push(name);
        break;
      case 'ServiceAccount':
        sas.push(`${str(s['namespace'])}/${name}`);
        break;
      default:
        break;
    }
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

export function bindingPrinter(what: string, roleRefDoc: FieldDocKey): TablePrinter {
  return {
    columns: [
      nameColumn(),
      column('Role', 'string', doc(roleRefDoc)),
      ageColumn(),
      column('Users', 'string', `Users in the ${what}`, 1),
      column('Groups', 'string', `Groups in the ${what}`, 1),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, 1),
    ],
    row(obj, now) {
      const ref = rec(obj['roleRef']);
      return [nameOf(obj), `${str(ref['kind'])}/${str(ref['name'])}`, ageOf(obj, now), ...subjects(obj)];
    },
  };
}
