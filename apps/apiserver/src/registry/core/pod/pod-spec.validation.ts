import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../../../../../../libs/apimachinery/src/validation/format.validation.js';
import { isInt, records, stringOf, type Json } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import { validateContainerList } from './container.validation.js';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] as const;
const MAX_INT32 = 2147483647;

export interface PodSpecValidationOptions {
  /** Restart policies the owner allows (Deployments: Always only; Jobs: OnFailure, Never). */
  readonly restartPolicies?: readonly string[];
}

function validateVolumes(spec: Json, path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  records(spec['volumes']).forEach((v, i) => {
    const name = stringOf(v['name']);
    const at = `${path}[${i}].name`;
    if (!name) errs.push(FieldError.required(at));
    else {
      for (const m of isDNS1123Label(name)) errs.push(FieldError.invalid(at, name, m));
      if (names.has(name)) errs.push(FieldError.duplicate(at, name));
    }
    names.add(name);
  });
  return { errs, names };
}

/** ValidatePodSpec for the fields users write most; `path` is `spec` or `spec.template.spec`. */
export function validatePodSpec(spec: Json, path: string, opts: PodSpecValidationOptions = {}): FieldError[] {
  const errs: FieldError[] = [];
  const volumes = validateVolumes(spec, `${path}.volumes`);
  errs.push(...volumes.errs);
  const containers = records(spec['containers']);
  const names = new Set<string>();
  errs.push(...validateContainerList(records(spec['initContainers']), `${path}.initContainers`, names, volumes.names));
  if (containers.length === 0) errs.push(FieldError.required(`${path}.containers`));
  else errs.push(...validateContainerList(containers, `${path}.containers`, names, volumes.names));

  const restart = stringOf(spec['restartPolicy']);
  if (!restart) errs.push(FieldError.required(`${path}.restartPolicy`));
  else if (!(RESTART_POLICIES as readonly string[]).includes(restart)) {
    errs.push(FieldError.notSupported(`${path}.restartPolicy`, restart, RESTART_POLICIES));
  } else if (opts.restartPolicies && !opts.restartPolicies.includes(restart)) {
    errs.push(FieldError.notSupported(`${path}.restartPolicy`, restart, opts.restartPolicies));
  }
  const dns = stringOf(spec['dnsPolicy']);
  if (!dns) errs.push(FieldError.required(`${path}.dnsPolicy`));
  else if (!(DNS_POLICIES as readonly string[]).includes(dns)) errs.push(FieldError.notSupported(`${path}.dnsPolicy`, dns, DNS_POLICIES));

  const ads = spec['activeDeadlineSeconds'];
  if (isInt(ads) && (ads < 1 || ads > MAX_INT32)) {
    errs.push(FieldError.invalid(`${path}.activeDeadlineSeconds`, ads, `must be between 1 and ${MAX_INT32}, inclusive`));
  }
  for (const f of ['serviceAccountName', 'nodeName'] as const) {
    const v = stringOf(spec[f]);
    if (v) for (const m of isDNS1123Subdomain(v)) errs.push(FieldError.invalid(`${path}.${f}`, v, m));
  }
  const hostname = stringOf(spec['hostname']);
  if (hostname) for (const m of isDNS1123Label(hostname)) errs.push(FieldError.invalid(`${path}.hostname`, hostname, m));
  const priorityClass = stringOf(spec['priorityClassName']);
  if (priorityClass)
    for (const m of isDNS1123Subdomain(priorityClass)) errs.push(FieldError.invalid(`${path}.priorityClassName`, priorityClass, m));
  return errs;
}
