import { involved } from '../../core/event/event.fields.js';
import { notSupported } from '../../fields/field-label.messages.js';
import { at, fieldGetter, scalar, type FieldReader } from '../../fields/field.getter.js';
import { path } from '../../../../../../libs/apimachinery/src/json/json.access.js';

const eventsV1Source: FieldReader = (o) => scalar(path(o, 'deprecatedSource', 'component')) || scalar(o['reportingController']);

export const eventsV1Fields = fieldGetter(
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
      ...['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].map((f) => [
        `regarding.${f}`,
        `involvedObject.${f}`,
      ]),
    ]),
    reject: notSupported,
  },
  true,
);
