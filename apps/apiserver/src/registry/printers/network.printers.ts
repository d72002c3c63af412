import type { KubeObject } from '../generic/strategy.interface.js';
import { ageColumn, ageOf, column, nameColumn, nameOf } from './columns.common.js';
import { doc } from './field.docs.js';
import { formatLabels, formatLabelSelector } from './label.format.js';
import { arr, at, isRecord, num, optNum, optStr, rec, recs, str } from './object.access.js';
import type { TablePrinter } from './table.types.js';

/** Load-balancer ingress points, de-duplicated and sorted as upstream's string set does. */
function loadBalancerIngress(status: unknown): string {
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
export function servicePorts(ports: unknown): string {
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

function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** At most three endpoints, then `+ N more...`, as upstream's formatEndpoints. */
export function formatEndpoints(subsets: unknown): string {
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

function listWithMore(items: string[], max: number): string {
  const text = items.slice(0, max).join(',');
  if (items.length > max) return `${text} + ${items.length - max} more...`;
  return text === '' ? '<unset>' : text;
}

export const endpointsPrinter: TablePrinter = {
  columns: [nameColumn(), column('Endpoints', 'string', doc('V1Endpoints.subsets')), ageColumn()],
  row(obj, now) {
    return [nameOf(obj), formatEndpoints(obj['subsets']), ageOf(obj, now)];
  },
};

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

export const networkPolicyPrinter: TablePrinter = {
  columns: [nameColumn(), column('Pod-Selector', 'string', doc('V1NetworkPolicySpec.podSelector')), ageColumn()],
  row(obj, now) {
    // An absent podSelector is the empty selector (it is not a pointer upstream).
    const sel = rec(obj.spec)['podSelector'];
    return [nameOf(obj), formatLabelSelector(isRecord(sel) ? sel : {}), ageOf(obj, now)];
  },
};
