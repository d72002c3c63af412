import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../generic/strategy.interface.js';
import { printerFor } from '../builtin.definitions.js';

const now = new Date('2024-06-01T12:00:00Z');
const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: 'default',
  creationTimestamp: '2024-05-31T12:00:00Z',
  ...extra,
});

describe('kind printers', () => {
  it('deployment row: READY UP-TO-DATE AVAILABLE AGE + wide', () => {
    const d: KubeObject = {
      metadata: meta('web'),
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    const p = printerFor('deployments.apps');
    assert.deepEqual(
      p.columns.map((c) => c.name),
      ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector'],
    );
    assert.deepEqual(p.row(d, now), ['web', '2/3', 3, 2, '24h', 'nginx', 'nginx:1.27', 'app=web']);
  });

  it('service PORT(S), CLUSTER-IP and EXTERNAL-IP', () => {
    const svc: KubeObject = {
      metadata: meta('api'),
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10'],
        ports: [
          { port: 80, protocol: 'TCP' },
          { port: 443, nodePort: 30443, protocol: 'TCP' },
        ],
        selector: { app: 'api' },
      },
    };
    assert.deepEqual(printerFor('services').row(svc, now), [
      'api',
      'NodePort',
      '10.96.0.10',
      '<none>',
      '80/TCP,443:30443/TCP',
      '24h',
      'app=api',
    ]);
    const lb: KubeObject = {
      metadata: meta('lb'),
      spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.11'], ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }] },
    };
    assert.equal(printerFor('services').row(lb, now)[3], '<pending>');
    const headless: KubeObject = { metadata: meta('h'), spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] } };
    assert.deepEqual(printerFor('services').row(headless, now).slice(2, 5), ['None', '<none>', '<none>']);
  });

  it('node ROLES and STATUS', () => {
    const p = printerFor('nodes');
    const plain: KubeObject = {
      metadata: { name: 'n1', creationTimestamp: '2024-05-31T12:00:00Z' },
      status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.0' } },
    };
    assert.deepEqual(p.row(plain, now).slice(0, 5), ['n1', 'Ready', '<none>', '24h', 'v1.32.0']);
    const cp: KubeObject = {
      metadata: {
        name: 'cp',
        labels: { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/etcd': 'true', 'kubernetes.io/role': 'master' },
      },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'False' }], addresses: [{ type: 'InternalIP', address: '192.168.1.2' }] },
    };
    const row = p.row(cp, now);
    assert.deepEqual(row.slice(0, 4), ['cp', 'NotReady,SchedulingDisabled', 'control-plane,etcd,master', '<unknown>']);
    assert.deepEqual(row.slice(5), ['192.168.1.2', '<none>', '<unknown>', '<unknown>', '<unknown>']);
    assert.equal(p.row({ metadata: { name: 'x' } }, now)[1], 'Unknown');
  });

  it('core/v1 event columns and cells', () => {
    const p = printerFor('events');
    assert.deepEqual(
      p.columns.filter((c) => c.priority === 0).map((c) => c.name),
      ['Last Seen', 'Type', 'Reason', 'Object', 'Message'],
    );
    const ev: KubeObject = {
      metadata: meta('web.17d'),
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{nginx}' },
      reason: 'Pulled',
      message: 'Successfully pulled image\n',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: '2024-06-01T11:50:00Z',
      lastTimestamp: '2024-06-01T11:59:00Z',
      count: 3,
      type: 'Normal',
    };
    assert.deepEqual(p.row(ev, now), [
      '60s',
      'Normal',
      'Pulled',
      'pod/web-1',
      'spec.containers{nginx}',
      'kubelet, node-1',
      'Successfully pulled image',
      '10m',
      3,
      'web.17d',
    ]);
  });

  it('events.k8s.io events use the same columns', () => {
    const ev: KubeObject = {
      metadata: meta('e'),
      regarding: { kind: 'Node', name: 'n1' },
      note: 'hi',
      reason: 'R',
      type: 'Warning',
      eventTime: '2024-06-01T11:59:30.000000Z',
      reportingController: 'ctl',
    };
    assert.deepEqual(printerFor('events.events.k8s.io').row(ev, now), ['30s', 'Warning', 'R', 'node/n1', '', 'ctl', 'hi', '30s', 1, 'e']);
  });

  it('job STATUS COMPLETIONS DURATION', () => {
    const job: KubeObject = {
      metadata: meta('pi'),
      spec: { completions: 1, parallelism: 1, template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } },
      status: {
        succeeded: 1,
        startTime: '2024-06-01T11:00:00Z',
        completionTime: '2024-06-01T11:00:42Z',
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    };
    assert.deepEqual(printerFor('jobs.batch').row(job, now).slice(0, 5), ['pi', 'Complete', '1/1', '42s', '24h']);
  });

  it('configmap, secret and namespace rows', () => {
    assert.deepEqual(printerFor('configmaps').row({ metadata: meta('c'), data: { a: '1' }, binaryData: { b: 'AA==' } }, now), [
      'c',
      2,
      '24h',
    ]);
    assert.deepEqual(printerFor('secrets').row({ metadata: meta('s'), type: 'Opaque', data: { a: 'MQ==' } }, now), [
      's',
      'Opaque',
      1,
      '24h',
    ]);
    assert.deepEqual(printerFor('namespaces').row({ metadata: meta('ns'), status: { phase: 'Active' } }, now), ['ns', 'Active', '24h']);
  });

  it('kinds without a printer get NAME and CREATED AT', () => {
    const p = printerFor('roles.rbac.authorization.k8s.io');
    assert.deepEqual(
      p.columns.map((c) => [c.name, c.type, c.format]),
      [
        ['Name', 'string', 'name'],
        ['Created At', 'date', ''],
      ],
    );
    assert.deepEqual(p.row({ metadata: meta('r') }, now), ['r', '2024-05-31T12:00:00Z']);
  });
});
