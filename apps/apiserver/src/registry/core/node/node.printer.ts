import type { KubeObject } from '../../generic/strategy.interface.js';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { at, bool, rec, recs, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const LEGACY_ROLE_LABEL = 'kubernetes.io/role';

/** ROLES: `node-role.kubernetes.io/<role>` keys plus a legacy `kubernetes.io/role=<role>`, sorted. */
function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role !== '') roles.add(role);
    } else if (k === LEGACY_ROLE_LABEL && v !== '') {
      roles.add(v);
    }
  }
  const list = [...roles].sort();
  return list.length === 0 ? '<none>' : list.join(',');
}

/** STATUS: the Ready condition (or Unknown), plus SchedulingDisabled when cordoned. */
function nodeStatus(node: KubeObject): string {
  const status: string[] = [];
  const ready = recs(rec(node.status)['conditions'])
    .filter((c) => str(c['type']) === 'Ready')
    .pop();
  if (ready) status.push(str(ready['status']) === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (bool(rec(node.spec)['unschedulable'])) status.push('SchedulingDisabled');
  return status.join(',');
}

function address(node: KubeObject, type: string): string {
  const a = recs(rec(node.status)['addresses']).find((x) => str(x['type']) === type);
  return a ? str(a['address']) : '<none>';
}

function info(node: KubeObject, key: string): string {
  return str(at(node.status, 'nodeInfo', key));
}

export const nodePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn(),
    column('Version', 'string', doc('V1NodeSystemInfo.kubeletVersion')),
    column('Internal-IP', 'string', doc('V1NodeStatus.addresses'), 1),
    column('External-IP', 'string', doc('V1NodeStatus.addresses'), 1),
    column('OS-Image', 'string', doc('V1NodeSystemInfo.osImage'), 1),
    column('Kernel-Version', 'string', doc('V1NodeSystemInfo.kernelVersion'), 1),
    column('Container-Runtime', 'string', doc('V1NodeSystemInfo.containerRuntimeVersion'), 1),
  ],
  row(obj, now) {
    return [
      nameOf(obj),
      nodeStatus(obj),
      nodeRoles(obj),
      ageOf(obj, now),
      info(obj, 'kubeletVersion'),
      address(obj, 'InternalIP'),
      address(obj, 'ExternalIP'),
      info(obj, 'osImage') || '<unknown>',
      info(obj, 'kernelVersion') || '<unknown>',
      info(obj, 'containerRuntimeVersion') || '<unknown>',
    ];
  },
};
