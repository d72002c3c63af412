import type { KubeObject } from '../generic/strategy.interface.js';
import { ageColumn, ageOf, column, nameColumn, nameOf } from './columns.common.js';
import { quantity } from './core.printers.js';
import { doc } from './field.docs.js';
import { arr, at, isRecord, optBool, optStr, rec, str } from './object.access.js';
import type { TablePrinter } from './table.types.js';

const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** ACCESS MODES in upstream's fixed order, duplicates dropped. */
export function accessModes(v: unknown): string {
  const modes = new Set(arr(v).map(str));
  const out: string[] = [];
  if (modes.has('ReadWriteOnce')) out.push('RWO');
  if (modes.has('ReadOnlyMany')) out.push('ROX');
  if (modes.has('ReadWriteMany')) out.push('RWX');
  if (modes.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** The beta annotation still wins over spec.storageClassName, as upstream's helper. */
function storageClassOf(obj: KubeObject): string {
  const annotated = obj.metadata?.annotations?.[BETA_CLASS_ANNOTATION];
  if (annotated !== undefined) return annotated;
  return str(rec(obj.spec)['storageClassName']);
}

function phaseOf(obj: KubeObject): string {
  return obj.metadata?.deletionTimestamp ? 'Terminating' : str(rec(obj.status)['phase']);
}

export const persistentVolumePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Capacity', 'string', doc('V1PersistentVolumeSpec.capacity')),
    column('Access Modes', 'string', doc('V1PersistentVolumeSpec.accessModes')),
    column('Reclaim Policy', 'string', doc('V1PersistentVolumeSpec.persistentVolumeReclaimPolicy')),
    column('Status', 'string', doc('V1PersistentVolumeStatus.phase')),
    column('Claim', 'string', doc('V1PersistentVolumeSpec.claimRef')),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', doc('V1PersistentVolumeStatus.reason')),
    ageColumn(),
    column('VolumeMode', 'string', doc('V1PersistentVolumeSpec.volumeMode'), 1),
  ],
  row(obj, now) {
    const spec = rec(obj.spec);
    const claim = spec['claimRef'];
    return [
      nameOf(obj),
      quantity(at(spec, 'capacity', 'storage')),
      accessModes(spec['accessModes']),
      str(spec['persistentVolumeReclaimPolicy']),
      phaseOf(obj),
      isRecord(claim) ? `${str(claim['namespace'])}/${str(claim['name'])}` : '',
      storageClassOf(obj),
      optStr(spec['volumeAttributesClassName']) ?? '<unset>',
      str(rec(obj.status)['reason']),
      ageOf(obj, now),
      optStr(spec['volumeMode']) ?? '<unset>',
    ];
  },
};

export const persistentVolumeClaimPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Status', 'string', doc('V1PersistentVolumeClaimStatus.phase')),
    column('Volume', 'string', doc('V1PersistentVolumeClaimSpec.volumeName')),
    column('Capacity', 'string', doc('V1PersistentVolumeClaimStatus.capacity')),
    column('Access Modes', 'string', doc('V1PersistentVolumeClaimStatus.accessModes')),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn(),
    column('VolumeMode', 'string', doc('V1PersistentVolumeClaimSpec.volumeMode'), 1),
  ],
  row(obj, now) {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    const volumeName = str(spec['volumeName']);
    // Capacity and modes are only shown once the claim is bound to a volume.
    const bound = volumeName !== '';
    return [
      nameOf(obj),
      phaseOf(obj),
      volumeName,
      bound ? quantity(at(status, 'capacity', 'storage')) : '',
      bound ? accessModes(status['accessModes']) : '',
      storageClassOf(obj),
      optStr(spec['volumeAttributesClassName']) ?? '<unset>',
      ageOf(obj, now),
      optStr(spec['volumeMode']) ?? '<unset>',
    ];
  },
};

function isDefaultClass(obj: KubeObject): boolean {
  const a = obj.metadata?.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

export const storageClassPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Provisioner', 'string', doc('V1StorageClass.provisioner')),
    column('ReclaimPolicy', 'string', doc('V1StorageClass.reclaimPolicy')),
    column('VolumeBindingMode', 'string', doc('V1StorageClass.volumeBindingMode')),
    column('AllowVolumeExpansion', 'string', doc('V1StorageClass.allowVolumeExpansion')),
    ageColumn(),
  ],
  row(obj, now) {
    return [
      isDefaultClass(obj) ? `${nameOf(obj)} (default)` : nameOf(obj),
      str(obj['provisioner']),
      optStr(obj['reclaimPolicy']) ?? 'Delete',
      optStr(obj['volumeBindingMode']) ?? 'Immediate',
      optBool(obj['allowVolumeExpansion']) ?? false,
      ageOf(obj, now),
    ];
  },
};
