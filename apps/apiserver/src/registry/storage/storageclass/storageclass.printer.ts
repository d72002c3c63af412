import type { KubeObject } from '../../generic/strategy.interface.js';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { doc } from '../../printers/field.docs.js';
import { optBool, optStr, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

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
