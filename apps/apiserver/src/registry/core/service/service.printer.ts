import type { KubeObject } from '../../generic/strategy.interface.js';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { formatLabels } from '../../printers/label.format.js';
import { arr, at, num, rec, recs, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

/** Load-balancer ingress points, de-duplicated and sorted as upstream's string set does. */
export function loadBalancerIngress(status: unknown): string {
  const set = new Set<string>();
  for (const i of recs(at(status, 'loadBalancer', 'ingress'))) {
    const v = str(i['ip']) || str(i['hostname']);
    if (v !== '') set.add(v);
  }
  return [...set].sort().join(',');
}

function externalIP(svc: KubeObject): string {
  const spec = rec(svc.spec);
  const externalIPs = arr(spec['externalIPs']).map(str);
  switch (str(spec['type']) || 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(svc.status);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb !== '' ? lb : '<pending>';
    }
    case 'ExternalName':
      return str(spec['externalName']);
    default:
      return '<unknown>';
  }
}

/** PORT(S): `port/proto`, or `port:nodePort/proto` when a node port is allocated. */
function servicePorts(ports: unknown): string {
  const text = recs(ports)
    .map((p) => {
      const proto = str(p['protocol']) || 'TCP';
      const nodePort = num(p['nodePort']);
      return nodePort > 0 ? `${num(p['port'])}:${nodePort}/${proto}` : `${num(p['port'])}/${proto}`;
    })
    .join(',');
  return text === '' ? '<none>' : text;
}

function clusterIP(spec: Record<string, unknown>): string {
  const ips = arr(spec['clusterIPs']).map(str);
  const first = ips[0] ?? str(spec['clusterIP']);
  return first === '' ? '<none>' : first;
}

export const servicePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Type', 'string', doc('V1ServiceSpec.type')),
    column('Cluster-IP', 'string', doc('V1ServiceSpec.clusterIP')),
    column('External-IP', 'string', doc('V1ServiceSpec.externalIPs')),
    column('Port(s)', 'string', doc('V1ServiceSpec.ports')),
    ageColumn(),
    column('Selector', 'string', doc('V1ServiceSpec.selector'), 1),
  ],
  row(obj, now) {
    const spec = rec(obj.spec);
    return [
      nameOf(obj),
      str(spec['type']),
      clusterIP(spec),
      externalIP(obj),
      servicePorts(spec['ports']),
      ageOf(obj, now),
      formatLabels(spec['selector']),
    ];
  },
};
