import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { quantity } from '../../printers/quantity.format.js';
import { doc } from '../../printers/field.docs.js';
import { at, optStr, rec, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';
import { accessModes, phaseOf, storageClassOf } from '../persistentvolume/persistentvolume.printer.js';

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
