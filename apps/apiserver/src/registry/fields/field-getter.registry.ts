import { at, fieldGetter, path, rec, scalar, type FieldGetter, type FieldReader, type KindFields } from './field.getter.js';

const notSupported = (field: string): string => `field label not supported: ${field}`;

const podIP: FieldReader = (o) => {
  const ips = path(o, 'status', 'podIPs');
  const first = Array.isArray(ips) ? rec(ips[0]) : {};
  return scalar(first['ip']) || scalar(path(o, 'status', 'podIP'));
};

/** spec.hostNetwork is always in the set; an unset one reads "false". */
const hostNetwork: FieldReader = (o) => (path(o, 'spec', 'hostNetwork') === true ? 'true' : 'false');

const eventSource: FieldReader = (o) => scalar(path(o, 'source', 'component')) || scalar(o['reportingComponent']);
const eventsV1Source: FieldReader = (o) => scalar(path(o, 'deprecatedSource', 'component')) || scalar(o['reportingController']);

function involved(root: string): Record<string, FieldReader> {
  const out: Record<string, FieldReader> = {};
  for (const f of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']) {
    out[`involvedObject.${f}`] = at(root, f);
  }
  return out;
}

const KINDS: ReadonlyMap<string, KindFields> = new Map<string, KindFields>([
  [
    'pods',
    {
      readers: {
        'spec.nodeName': at('spec', 'nodeName'),
        'spec.restartPolicy': at('spec', 'restartPolicy'),
        'spec.schedulerName': at('spec', 'schedulerName'),
        'spec.serviceAccountName': at('spec', 'serviceAccountName'),
        'spec.hostNetwork': hostNetwork,
        'status.phase': at('status', 'phase'),
        'status.podIP': podIP,
        // Accepted by the API but never part of the pod's field set upstream.
        'status.podIPs': null,
        'status.nominatedNodeName': at('status', 'nominatedNodeName'),
      },
      reject: notSupported,
      // Old v1 clients send spec.host for spec.nodeName.
      aliases: { 'spec.host': 'spec.nodeName' },
    },
  ],
  [
    'events',
    {
      readers: {
        ...involved('involvedObject'),
        reason: at('reason'),
        reportingComponent: at('reportingComponent'),
        source: eventSource,
        type: at('type'),
      },
      reject: notSupported,
    },
  ],
  [
    'events.events.k8s.io',
    {
      readers: {
        ...involved('regarding'),
        reason: at('reason'),
        reportingComponent: at('reportingController'),
        source: eventsV1Source,
        type: at('type'),
      },
      only: [
        'metadata.name',
        'metadata.namespace',
        'reason',
        'type',
        'reportingController',
        ...['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].map((f) => `regarding.${f}`),
      ],
      aliases: Object.fromEntries([
        ['reportingController', 'reportingComponent'],
        ...['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].map((f) => [`regarding.${f}`, `involvedObject.${f}`]),
      ]),
      reject: notSupported,
    },
  ],
  ['secrets', { readers: { type: at('type') }, reject: notSupported }],
  ['services', { readers: { 'spec.clusterIP': at('spec', 'clusterIP'), 'spec.type': at('spec', 'type') }, reject: notSupported }],
  ['nodes', { readers: { 'spec.unschedulable': (o) => (path(o, 'spec', 'unschedulable') === true ? 'true' : 'false') }, only: ['metadata.name', 'spec.unschedulable'], reject: notSupported }],
  ['namespaces', { readers: { 'status.phase': at('status', 'phase') }, only: ['status.phase', 'metadata.name'], reject: notSupported }],
  ['replicationcontrollers', { readers: { 'status.replicas': at('status', 'replicas') }, reject: notSupported }],
  ['replicasets.apps', { readers: { 'status.replicas': at('status', 'replicas') }, reject: notSupported }],
  ['jobs.batch', { readers: { 'status.successful': (o) => scalar(path(o, 'status', 'succeeded') ?? 0) }, reject: (f) => `field label "${f}" not supported for batchv1.Job` }],
  ['statefulsets.apps', { readers: { 'status.successful': null }, reject: (f) => `field label not supported for appsv1.StatefulSet: ${f}` }],
]);

/** Field selectors for a storage key ('pods', 'jobs.batch'); other kinds get metadata.name/namespace. */
export function fieldGetterFor(storageKey: string, namespaced = true): FieldGetter {
  return fieldGetter(KINDS.get(storageKey), namespaced);
}
