import { loadBalancerIngress } from '../../core/service/service.printer.js';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { arr, optStr, rec, recs, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

function ingressHosts(rules: unknown): string {
  const all = recs(rules);
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const rule of all) {
    if (list.length === max) more = true;
    const host = str(rule['host']);
    if (!more && host !== '') list.push(host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${all.length - max} more...` : list.join(',');
}

export const ingressPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn(),
  ],
  row(obj, now) {
    const spec = rec(obj.spec);
    return [
      nameOf(obj),
      optStr(spec['ingressClassName']) ?? '<none>',
      ingressHosts(spec['rules']),
      loadBalancerIngress(obj.status),
      arr(spec['tls']).length > 0 ? '80, 443' : '80',
      ageOf(obj, now),
    ];
  },
};
