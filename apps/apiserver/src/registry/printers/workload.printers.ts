import type { KubeObject } from '../generic/strategy.interface.js';
import { ageColumn, ageOf, column, containersColumn, imagesColumn, nameColumn, nameOf } from './columns.common.js';
import { doc } from './field.docs.js';
import { containerCells, formatLabels, formatLabelSelector, labelSelectorString } from './label.format.js';
import { at, num, optNum, rec } from './object.access.js';
import type { TablePrinter } from './table.types.js';

/** spec.replicas as stored; v1 defaulting makes an absent value 1. */
function desired(obj: KubeObject): number {
  return optNum(rec(obj.spec)['replicas']) ?? 1;
}

function templateSpec(obj: KubeObject): unknown {
  return at(obj.spec, 'template', 'spec');
}

export const deploymentPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', doc('V1DeploymentStatus.updatedReplicas')),
    column('Available', 'string', doc('V1DeploymentStatus.availableReplicas')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', doc('V1DeploymentSpec.selector'), 1),
  ],
  row(obj, now) {
    const status = rec(obj.status);
    const [names, images] = containerCells(templateSpec(obj));
    return [
      nameOf(obj),
      `${num(status['readyReplicas'])}/${desired(obj)}`,
      num(status['updatedReplicas']),
      num(status['availableReplicas']),
      ageOf(obj, now),
      names,
      images,
      labelSelectorString(rec(obj.spec)['selector']),
    ];
  },
};

export const replicaSetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', doc('V1ReplicaSetSpec.replicas')),
    column('Current', 'integer', doc('V1ReplicaSetStatus.replicas')),
    column('Ready', 'integer', doc('V1ReplicaSetStatus.readyReplicas')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', doc('V1ReplicaSetSpec.selector'), 1),
  ],
  row(obj, now) {
    const status = rec(obj.status);
    const [names, images] = containerCells(templateSpec(obj));
    return [
      nameOf(obj),
      desired(obj),
      num(status['replicas']),
      num(status['readyReplicas']),
      ageOf(obj, now),
      names,
      images,
      formatLabelSelector(rec(obj.spec)['selector']),
    ];
  },
};

export const replicationControllerPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', doc('V1ReplicationControllerSpec.replicas')),
    column('Current', 'integer', doc('V1ReplicationControllerStatus.replicas')),
    column('Ready', 'integer', doc('V1ReplicationControllerStatus.readyReplicas')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', doc('V1ReplicationControllerSpec.selector'), 1),
  ],
  row(obj, now) {
    const status = rec(obj.status);
    const [names, images] = containerCells(templateSpec(obj));
    return [
      nameOf(obj),
      desired(obj),
      num(status['replicas']),
      num(status['readyReplicas']),
      ageOf(obj, now),
      names,
      images,
      formatLabels(rec(obj.spec)['selector']),
    ];
  },
};

export const statefulSetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'Number of the pod with ready state'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
  ],
  row(obj, now) {
    const [names, images] = containerCells(templateSpec(obj));
    return [nameOf(obj), `${num(rec(obj.status)['readyReplicas'])}/${desired(obj)}`, ageOf(obj, now), names, images];
  },
};

export const daemonSetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', doc('V1DaemonSetStatus.desiredNumberScheduled')),
    column('Current', 'integer', doc('V1DaemonSetStatus.currentNumberScheduled')),
    column('Ready', 'integer', doc('V1DaemonSetStatus.numberReady')),
    column('Up-to-date', 'integer', doc('V1DaemonSetStatus.updatedNumberScheduled')),
    column('Available', 'integer', doc('V1DaemonSetStatus.numberAvailable')),
    column('Node Selector', 'string', doc('V1PodSpec.nodeSelector')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', doc('V1DaemonSetSpec.selector'), 1),
  ],
  row(obj, now) {
    const status = rec(obj.status);
    const [names, images] = containerCells(templateSpec(obj));
    return [
      nameOf(obj),
      num(status['desiredNumberScheduled']),
      num(status['currentNumberScheduled']),
      num(status['numberReady']),
      num(status['updatedNumberScheduled']),
      num(status['numberAvailable']),
      formatLabels(at(templateSpec(obj), 'nodeSelector')),
      ageOf(obj, now),
      names,
      images,
      formatLabelSelector(rec(obj.spec)['selector']),
    ];
  },
};
