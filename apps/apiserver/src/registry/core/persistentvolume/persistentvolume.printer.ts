import type { KubeObject } from '../../generic/strategy.interface.js';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { quantity } from '../../printers/quantity.format.js';
import { doc } from '../../printers/field.docs.js';
import { arr, at, isRecord, optStr, rec, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

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
export function storageClassOf(obj: KubeObject): string {
  const annotated = obj.metadata?.annotations?.[BETA_CLASS_ANNOTATION];
  if (annotated !== undefined) return annotated;
  return str(rec(obj.spec)['storageClassName']);
}

export function phaseOf(obj: KubeObject): string {
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
