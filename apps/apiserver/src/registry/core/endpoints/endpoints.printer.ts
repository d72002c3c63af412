import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { num, recs, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** At most three endpoints, then `+ N more...`, as upstream's formatEndpoints. */
function formatEndpoints(subsets: unknown): string {
  const all = recs(subsets);
  if (all.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  for (const ss of all) {
    const addresses = recs(ss['addresses']);
    const ports = recs(ss['ports']);
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) if (list.length < max) list.push(str(a['ip']));
      continue;
    }
    for (const p of ports) {
      count += addresses.length;
      for (const a of addresses) if (list.length < max) list.push(joinHostPort(str(a['ip']), num(p['port'])));
    }
  }
  const text = list.join(',');
  return count > max ? `${text} + ${count - max} more...` : text;
}

export const endpointsPrinter: TablePrinter = {
  columns: [nameColumn(), column('Endpoints', 'string', doc('V1Endpoints.subsets')), ageColumn()],
  row(obj, now) {
    return [nameOf(obj), formatEndpoints(obj['subsets']), ageOf(obj, now)];
  },
};
