import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';
import { portRangeErrors } from '../pod/container.validation.js';
import { child, isRecord, records, setDefault, stringOf } from '../../../../../../libs/apimachinery/src/json/json.access.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] as const;

export const serviceStrategy = {
  /**
   * SetDefaults_Service plus the IP-family fields the service REST fills for single-stack clusters.
   * clusterIP allocation is not done here.
   */
  applyDefaults(obj: KubeObject): void {
    const spec = child(obj, 'spec');
    setDefault(spec, 'type', 'ClusterIP');
    setDefault(spec, 'sessionAffinity', 'None');
    for (const p of records(spec['ports'])) {
      setDefault(p, 'protocol', 'TCP');
      if (p['targetPort'] === undefined || p['targetPort'] === 0 || p['targetPort'] === '') p['targetPort'] = p['port'];
    }
    const type = spec['type'];
    if (type === 'NodePort' || type === 'LoadBalancer') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
    if (type === 'LoadBalancer' && typeof spec['allocateLoadBalancerNodePorts'] !== 'boolean') spec['allocateLoadBalancerNodePorts'] = true;
    if (type !== 'ExternalName') {
      setDefault(spec, 'internalTrafficPolicy', 'Cluster');
      setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
      if (!Array.isArray(spec['ipFamilies']) || spec['ipFamilies'].length === 0) spec['ipFamilies'] = ['IPv4'];
    }
  },
  prepareForCreate(obj: KubeObject): void {
    obj.status = { loadBalancer: {} };
  },
  validate(obj: KubeObject): FieldError[] {
    const spec = isRecord(obj.spec) ? obj.spec : {};
    const errs: FieldError[] = [];
    const type = stringOf(spec['type']);
    if (!(TYPES as readonly string[]).includes(type)) errs.push(FieldError.notSupported('spec.type', type, TYPES));
    const ports = records(spec['ports']);
    const headless = spec['clusterIP'] === 'None';
    if (ports.length === 0 && type !== 'ExternalName' && !headless) errs.push(FieldError.required('spec.ports'));
    if (type === 'ExternalName' && !stringOf(spec['externalName'])) errs.push(FieldError.required('spec.externalName'));
    const names = new Set<string>();
    ports.forEach((p, i) => {
      const at = `spec.ports[${i}]`;
      const name = stringOf(p['name']);
      if (ports.length > 1 && !name) errs.push(FieldError.required(`${at}.name`));
      if (name) {
        if (names.has(name)) errs.push(FieldError.duplicate(`${at}.name`, name));
        names.add(name);
      }
      for (const m of portRangeErrors(Number(p['port'] ?? 0))) errs.push(FieldError.invalid(`${at}.port`, p['port'] ?? 0, m));
      const target = p['targetPort'];
      if (typeof target === 'number') for (const m of portRangeErrors(target)) errs.push(FieldError.invalid(`${at}.targetPort`, target, m));
    });
    return errs;
  },
} satisfies ResourceStrategy;
