import type { AdmissionPlugin } from '../admission.interface.js';
import { addDefaultTolerations } from '../../registry/core/pod/pod.admission.js';
import { isRecord } from '../../../../../libs/apimachinery/src/json/json.access.js';

/**
 * DefaultTolerationSeconds admission: every pod tolerates not-ready and unreachable nodes for 300 s
 * unless it says otherwise. Upstream runs it on create and on update, so a PUT of the manifest the
 * pod was created from gets the same tolerations back instead of failing the "existing toleration"
 * update rule.
 */
export const defaultTolerationSecondsAdmission: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  handles: (a) => (a.operation === 'CREATE' || a.operation === 'UPDATE') && a.rt.group === '' && a.rt.resource === 'pods' && !a.subresource,
  admit(attrs) {
    if (isRecord(attrs.object.spec)) addDefaultTolerations(attrs.object.spec);
    return Promise.resolve();
  },
};
