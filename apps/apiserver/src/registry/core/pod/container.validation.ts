import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { isDNS1123Label } from '../../../../../../libs/apimachinery/src/validation/format.validation.js';
import { isInt, isRecord, records, stringOf, type Json } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import { notFound } from '../shared/go-value.format.js';
import { validateResourceRequirements } from './resources.validation.js';

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
const MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'] as const;

export function portRangeErrors(port: number): string[] {
  return port >= 1 && port <= 65535 && Number.isInteger(port) ? [] : ['must be between 1 and 65535, inclusive'];
}

/** IsValidPortName: IANA service names. */
function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

function validatePorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  records(ports).forEach((p, i) => {
    const at = `${path}[${i}]`;
    const name = stringOf(p['name']);
    if (name) {
      for (const m of portNameErrors(name)) errs.push(FieldError.invalid(`${at}.name`, name, m));
      if (names.has(name)) errs.push(FieldError.duplicate(`${at}.name`, name));
      names.add(name);
    }
    const containerPort = p['containerPort'];
    if (!containerPort) errs.push(FieldError.required(`${at}.containerPort`));
    else for (const m of portRangeErrors(Number(containerPort))) errs.push(FieldError.invalid(`${at}.containerPort`, containerPort, m));
    const hostPort = p['hostPort'];
    if (hostPort) for (const m of portRangeErrors(Number(hostPort))) errs.push(FieldError.invalid(`${at}.hostPort`, hostPort, m));
    const protocol = stringOf(p['protocol']);
    if (!protocol) errs.push(FieldError.required(`${at}.protocol`));
    else if (!(PROTOCOLS as readonly string[]).includes(protocol))
      errs.push(FieldError.notSupported(`${at}.protocol`, protocol, PROTOCOLS));
  });
  return errs;
}

function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  records(env).forEach((e, i) => {
    const name = stringOf(e['name']);
    if (!name) errs.push(FieldError.required(`${path}[${i}].name`));
    // Relaxed rule (default since 1.32): printable ASCII other than '='.
    else if (!/^[\x20-\x3c\x3e-\x7e]+$/.test(name)) {
      errs.push(
        FieldError.invalid(
          `${path}[${i}].name`,
          name,
          "a valid environment variable name must consist only of printable ASCII characters other than '='",
        ),
      );
    }
  });
  return errs;
}

function validateProbe(probe: unknown, path: string, livenessLike: boolean): FieldError[] {
  if (!isRecord(probe)) return [];
  const errs: FieldError[] = [];
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    const v = probe[f];
    if (isInt(v) && v < 0) errs.push(FieldError.invalid(`${path}.${f}`, v, 'must be greater than or equal to 0'));
  }
  const success = probe['successThreshold'];
  if (livenessLike && isInt(success) && success !== 1) errs.push(FieldError.invalid(`${path}.successThreshold`, success, 'must be 1'));
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => probe[h] !== undefined && probe[h] !== null);
  if (handlers.length === 0) errs.push(FieldError.required(path, 'must specify a handler type'));
  return errs;
}

/**
 * validateContainers for one list: `names` is shared across init and app containers because
 * upstream rejects a name reused between them.
 */
export function validateContainerList(list: Json[], path: string, names: Set<string>, volumes: ReadonlySet<string>): FieldError[] {
  const errs: FieldError[] = [];
  list.forEach((c, i) => {
    const at = `${path}[${i}]`;
    const name = stringOf(c['name']);
    if (!name) errs.push(FieldError.required(`${at}.name`));
    else {
      for (const m of isDNS1123Label(name)) errs.push(FieldError.invalid(`${at}.name`, name, m));
      if (names.has(name)) errs.push(FieldError.duplicate(`${at}.name`, name));
      names.add(name);
    }
    const image = stringOf(c['image']);
    if (!image) errs.push(FieldError.required(`${at}.image`));
    else if (image.trim() !== image) errs.push(FieldError.invalid(`${at}.image`, image, 'must not have leading or trailing whitespace'));
    const pull = stringOf(c['imagePullPolicy']);
    if (!pull) errs.push(FieldError.required(`${at}.imagePullPolicy`));
    else if (!(PULL_POLICIES as readonly string[]).includes(pull))
      errs.push(FieldError.notSupported(`${at}.imagePullPolicy`, pull, PULL_POLICIES));
    const tmp = stringOf(c['terminationMessagePolicy']);
    if (!tmp) errs.push(FieldError.required(`${at}.terminationMessagePolicy`));
    else if (!(MESSAGE_POLICIES as readonly string[]).includes(tmp))
      errs.push(FieldError.notSupported(`${at}.terminationMessagePolicy`, tmp, MESSAGE_POLICIES));
    errs.push(...validatePorts(c['ports'], `${at}.ports`));
    errs.push(...validateEnv(c['env'], `${at}.env`));
    const resources = c['resources'];
    if (isRecord(resources)) errs.push(...validateResourceRequirements(resources, `${at}.resources`));
    const mountPaths = new Set<string>();
    records(c['volumeMounts']).forEach((m, j) => {
      const mp = `${at}.volumeMounts[${j}]`;
      const vname = stringOf(m['name']);
      if (!vname) errs.push(FieldError.required(`${mp}.name`));
      else if (!volumes.has(vname)) errs.push(notFound(`${mp}.name`, vname));
      const mountPath = stringOf(m['mountPath']);
      if (!mountPath) errs.push(FieldError.required(`${mp}.mountPath`));
      else if (mountPaths.has(mountPath)) errs.push(FieldError.invalid(`${mp}.mountPath`, mountPath, 'must be unique'));
      mountPaths.add(mountPath);
    });
    errs.push(...validateProbe(c['livenessProbe'], `${at}.livenessProbe`, true));
    errs.push(...validateProbe(c['readinessProbe'], `${at}.readinessProbe`, false));
    errs.push(...validateProbe(c['startupProbe'], `${at}.startupProbe`, true));
  });
  return errs;
}
