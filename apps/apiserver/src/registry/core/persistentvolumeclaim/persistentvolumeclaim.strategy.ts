import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';
import { child, setDefault } from '../../../../../../libs/apimachinery/src/json/json.access.js';

export const persistentVolumeClaimStrategy = {
  applyDefaults(obj: KubeObject): void {
    setDefault(child(obj, 'spec'), 'volumeMode', 'Filesystem');
  },
  /** A new claim is Pending until the binder finds it a volume. */
  prepareForCreate(obj: KubeObject): void {
    obj.status = { phase: 'Pending' };
  },
} satisfies ResourceStrategy;
