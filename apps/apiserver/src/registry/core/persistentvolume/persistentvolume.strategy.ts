import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';
import { child, setDefault } from '../../../../../../libs/apimachinery/src/json/json.access.js';

export const persistentVolumeStrategy = {
  /** SetDefaults_PersistentVolume: Retain, Filesystem. */
  applyDefaults(obj: KubeObject): void {
    const spec = child(obj, 'spec');
    setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefault(spec, 'volumeMode', 'Filesystem');
  },
  /** Pending until the PV controller marks it Available. */
  prepareForCreate(obj: KubeObject): void {
    obj.status = { phase: 'Pending' };
  },
} satisfies ResourceStrategy;
