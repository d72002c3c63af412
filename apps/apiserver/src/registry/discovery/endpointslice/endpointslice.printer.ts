import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { arr, optNum, optStr, recs, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

function listWithMore(items: string[], max: number): string {
  const text = items.slice(0, max).join(',');
  if (items.length > max) return `${text} + ${items.length - max} more...`;
  return text === '' ? '<unset>' : text;
}

export const endpointSlicePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('AddressType', 'string', doc('V1EndpointSlice.addressType')),
    column('Ports', 'string', doc('V1EndpointSlice.ports')),
    column('Endpoints', 'string', doc('V1EndpointSlice.endpoints')),
    ageColumn(),
  ],
  row(obj, now) {
    const ports = recs(obj['ports']).map((p) => {
      const port = optNum(p['port']);
      if (port !== undefined) return String(port);
      return optStr(p['name']) ?? '*';
    });
    const addresses = recs(obj['endpoints']).flatMap((e) => arr(e['addresses']).map(str));
    return [nameOf(obj), str(obj['addressType']), listWithMore(ports, 3), listWithMore(addresses, 3), ageOf(obj, now)];
  },
};
