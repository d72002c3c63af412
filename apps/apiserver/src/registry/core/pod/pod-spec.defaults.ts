import { canonicalize } from '../../../../../../libs/apimachinery/src/quantity/quantity.js';
import { child, isRecord, records, setDefault, stringOf, type Json } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import { defaultContainer, defaultEnvSources } from './container.defaults.js';

const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
] as const;

/** 0644, the mode upstream gives projected files when none is asked for. */
const DEFAULT_MODE = 420;

function defaultVolume(v: Json): void {
  if (!VOLUME_SOURCES.some((s) => v[s] !== undefined && v[s] !== null)) v['emptyDir'] = {};
  for (const s of ['secret', 'configMap', 'downwardAPI', 'projected'] as const) {
    const src = v[s];
    if (isRecord(src)) setDefault(src, 'defaultMode', DEFAULT_MODE);
  }
  const hostPath = v['hostPath'];
  if (isRecord(hostPath) && hostPath['type'] === undefined) hostPath['type'] = '';
  const downward = v['downwardAPI'];
  if (isRecord(downward)) defaultEnvLikeItems(downward['items']);
  const projected = v['projected'];
  if (isRecord(projected)) {
    for (const source of records(projected['sources'])) {
      const token = source['serviceAccountToken'];
      if (isRecord(token)) setDefault(token, 'expirationSeconds', 3600);
      const d = source['downwardAPI'];
      if (isRecord(d)) defaultEnvLikeItems(d['items']);
    }
  }
}

function defaultEnvLikeItems(items: unknown): void {
  defaultEnvSources(records(items).map((i) => ({ valueFrom: i })));
}

/** Every container list of a pod spec (init, app, ephemeral). */
function allContainers(spec: Json): Json[] {
  return [...records(spec['initContainers']), ...records(spec['containers']), ...records(spec['ephemeralContainers'])];
}

/**
 * SetDefaults_PodSpec (applies to pods and to pod templates alike), plus the v1 conversion that
 * mirrors serviceAccountName into the deprecated serviceAccount field.
 */
export function defaultPodSpec(spec: Json): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  child(spec, 'securityContext');
  if (typeof spec['terminationGracePeriodSeconds'] !== 'number') spec['terminationGracePeriodSeconds'] = 30;
  setDefault(spec, 'schedulerName', 'default-scheduler');
  for (const c of allContainers(spec)) defaultContainer(c);
  for (const v of records(spec['volumes'])) defaultVolume(v);
  const saName = stringOf(spec['serviceAccountName']) || stringOf(spec['serviceAccount']);
  if (saName) {
    spec['serviceAccountName'] = saName;
    spec['serviceAccount'] = saName;
  } else {
    delete spec['serviceAccount'];
  }
}

/**
 * SetDefaults_Pod: the parts that apply to a Pod but deliberately not to templates (requests default
 * to limits, service links on, host-network ports mirrored).
 */
export function defaultPodOnlySpec(spec: Json): void {
  for (const c of [...records(spec['initContainers']), ...records(spec['containers'])]) {
    const resources = child(c, 'resources');
    const limits = resources['limits'];
    if (!isRecord(limits) || Object.keys(limits).length === 0) continue;
    const requests = child(resources, 'requests');
    for (const [name, q] of Object.entries(limits)) if (requests[name] === undefined) requests[name] = q;
  }
  if (typeof spec['enableServiceLinks'] !== 'boolean') spec['enableServiceLinks'] = true;
  if (spec['hostNetwork'] === true) {
    for (const c of [...records(spec['initContainers']), ...records(spec['containers'])]) {
      for (const p of records(c['ports'])) {
        if (!p['hostPort']) p['hostPort'] = p['containerPort'];
      }
    }
  }
}

function canonicalMap(m: unknown): void {
  if (!isRecord(m)) return;
  for (const [k, v] of Object.entries(m)) {
    if (typeof v === 'string' || typeof v === 'number') m[k] = canonicalize(v);
  }
}

/** Quantities are re-serialised canonically by upstream's codec; throws QuantityParseError. */
export function canonicalizePodSpecQuantities(spec: Json): void {
  for (const c of allContainers(spec)) {
    const r = c['resources'];
    if (isRecord(r)) {
      canonicalMap(r['limits']);
      canonicalMap(r['requests']);
    }
    for (const e of records(c['env'])) {
      const ref = isRecord(e['valueFrom']) ? e['valueFrom']['resourceFieldRef'] : undefined;
      if (isRecord(ref) && ref['divisor'] !== undefined) ref['divisor'] = canonicalize(toQuantityInput(ref['divisor']));
    }
  }
  for (const v of records(spec['volumes'])) {
    const ed = v['emptyDir'];
    if (isRecord(ed) && ed['sizeLimit'] !== undefined) ed['sizeLimit'] = canonicalize(toQuantityInput(ed['sizeLimit']));
  }
  canonicalMap(spec['overhead']);
}

function toQuantityInput(v: unknown): string | number {
  return typeof v === 'number' ? v : String(v);
}
