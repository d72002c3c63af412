import type { AdmissionAttributes, AdmissionPlugin } from './admission.interface.js';
import { namespaceLifecycleAdmission } from './plugins/namespace-lifecycle.admission.js';
import { defaultTolerationSecondsAdmission } from './plugins/defaulttolerationseconds.admission.js';
import { priorityAdmission } from './plugins/priority.admission.js';
import { runtimeClassAdmission } from './plugins/runtimeclass.admission.js';

/** The registered plugins, in upstream's order. Authentication/authorization stages come before this chain. */
const DEFAULT_ADMISSION_PLUGINS: readonly AdmissionPlugin[] = [
  namespaceLifecycleAdmission,
  priorityAdmission,
  defaultTolerationSecondsAdmission,
  runtimeClassAdmission,
];

export class AdmissionChain {
  constructor(private readonly plugins: readonly AdmissionPlugin[] = DEFAULT_ADMISSION_PLUGINS) {}

  async admit(attrs: AdmissionAttributes): Promise<void> {
    for (const p of this.plugins) if (p.admit && p.handles(attrs)) await p.admit(attrs);
  }

  async validate(attrs: AdmissionAttributes): Promise<void> {
    for (const p of this.plugins) if (p.validate && p.handles(attrs)) await p.validate(attrs);
  }
}
