import { child, isRecord, records, setDefault, stringOf, type Json } from '../../../../../../libs/apimachinery/src/json/json.access.js';

/** The tag docker would pull: none given (and no digest) means `latest`. */
function imageTag(image: string): string {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  if (colon >= 0) return ref.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

function defaultProbe(p: unknown): void {
  if (!isRecord(p)) return;
  setDefault(p, 'timeoutSeconds', 1);
  setDefault(p, 'periodSeconds', 10);
  setDefault(p, 'successThreshold', 1);
  setDefault(p, 'failureThreshold', 3);
  defaultHandler(p);
}

/** httpGet in probes and lifecycle hooks. */
function defaultHandler(h: unknown): void {
  if (!isRecord(h)) return;
  const get = h['httpGet'];
  if (isRecord(get)) {
    setDefault(get, 'path', '/');
    setDefault(get, 'scheme', 'HTTP');
  }
}

export function defaultEnvSources(env: unknown): void {
  for (const e of records(env)) {
    const from = e['valueFrom'];
    if (!isRecord(from)) continue;
    const fieldRef = from['fieldRef'];
    if (isRecord(fieldRef)) setDefault(fieldRef, 'apiVersion', 'v1');
    const resRef = from['resourceFieldRef'];
    // A zero Quantity still serialises (it is not a pointer), so upstream always shows the divisor.
    if (isRecord(resRef)) setDefault(resRef, 'divisor', '0');
  }
}

/** SetDefaults_Container and the defaults of the structs it holds. */
export function defaultContainer(c: Json): void {
  if (!c['imagePullPolicy']) {
    c['imagePullPolicy'] = imageTag(stringOf(c['image'])) === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  for (const port of records(c['ports'])) setDefault(port, 'protocol', 'TCP');
  // `resources` is a struct, not a pointer: it is always serialised, as `{}` when empty.
  child(c, 'resources');
  defaultProbe(c['livenessProbe']);
  defaultProbe(c['readinessProbe']);
  defaultProbe(c['startupProbe']);
  const lifecycle = c['lifecycle'];
  if (isRecord(lifecycle)) {
    defaultHandler(lifecycle['postStart']);
    defaultHandler(lifecycle['preStop']);
  }
  defaultEnvSources(c['env']);
}
