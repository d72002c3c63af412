import { statefulSetFields } from '../apps/statefulset/statefulset.fields.js';
import { replicaSetFields } from '../apps/replicaset/replicaset.fields.js';
import { jobFields } from '../batch/job/job.fields.js';
import { eventFields } from '../core/event/event.fields.js';
import { namespaceFields } from '../core/namespace/namespace.fields.js';
import { nodeFields } from '../core/node/node.fields.js';
import { podFields } from '../core/pod/pod.fields.js';
import { replicationControllerFields } from '../core/replicationcontroller/replicationcontroller.fields.js';
import { secretFields } from '../core/secret/secret.fields.js';
import { serviceFields } from '../core/service/service.fields.js';
import { eventsV1Fields } from '../events/event/event.fields.js';
import { defaultFieldGetter, type FieldGetter } from './field.getter.js';

const KINDS: ReadonlyMap<string, FieldGetter> = new Map<string, FieldGetter>([
  ['pods', podFields],
  ['events', eventFields],
  ['events.events.k8s.io', eventsV1Fields],
  ['secrets', secretFields],
  ['services', serviceFields],
  ['nodes', nodeFields],
  ['namespaces', namespaceFields],
  ['replicationcontrollers', replicationControllerFields],
  ['replicasets.apps', replicaSetFields],
  ['jobs.batch', jobFields],
  ['statefulsets.apps', statefulSetFields],
]);

/** Field selectors for a storage key ('pods', 'jobs.batch'); other kinds get metadata.name/namespace. */
export function fieldGetterFor(storageKey: string, namespaced = true): FieldGetter {
  return KINDS.get(storageKey) ?? defaultFieldGetter(namespaced);
}
