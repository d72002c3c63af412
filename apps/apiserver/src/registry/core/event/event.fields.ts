import { notSupported } from '../../fields/field-label.messages.js';
import { at, fieldGetter, scalar, type FieldReader } from '../../fields/field.getter.js';
import { path } from '../../../../../../libs/apimachinery/src/json/json.access.js';

/** The involvedObject.* labels, read under `root` (core: involvedObject, events.k8s.io: regarding). */
export function involved(root: string): Record<string, FieldReader> {
  const out: Record<string, FieldReader> = {};
  for (const f of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']) {
    out[`involvedObject.${f}`] = at(root, f);
  }
  return out;
}

const eventSource: FieldReader = (o) => scalar(path(o, 'source', 'component')) || scalar(o['reportingComponent']);

export const eventFields = fieldGetter(
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
  true,
);
