import { notSupported } from '../../fields/field-label.messages.js';
import { at, fieldGetter, scalar, type FieldReader } from '../../fields/field.getter.js';
import { path, rec } from '../../../../../../libs/apimachinery/src/json/json.access.js';

const podIP: FieldReader = (o) => {
  const ips = path(o, 'status', 'podIPs');
  const first = Array.isArray(ips) ? rec(ips[0]) : {};
  return scalar(first['ip']) || scalar(path(o, 'status', 'podIP'));
};

/** spec.hostNetwork is always in the set; an unset one reads "false". */
const hostNetwork: FieldReader = (o) => (path(o, 'spec', 'hostNetwork') === true ? 'true' : 'false');

export const podFields = fieldGetter(
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
  true,
);
