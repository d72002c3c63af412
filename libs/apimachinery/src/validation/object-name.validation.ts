import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidPathSegmentName,
  isValidPathSegmentPrefix,
} from './format.validation.js';

/**
 * Validates an object name; `prefix` is true when checking a generateName, whose trailing dash is
 * legal because random characters will follow it. Returns upstream messages.
 */
export type NameValidator = (name: string, prefix: boolean) => string[];

/**
 * Upstream's maskTrailingDash: it drops TWO characters before appending 'a' (so "abc-" is checked as
 * "aba"). Reproduced as is, because it decides which generateNames pass.
 */
function maskTrailingDash(name: string): string {
  if (name.length > 1 && name.endsWith('-')) return `${name.slice(0, -2)}a`;
  return name;
}

const nameIsDNSSubdomain: NameValidator = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);

const nameIsDNSLabel: NameValidator = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);

const nameIsDNS1035Label: NameValidator = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name);

const nameIsPathSegment: NameValidator = (name, prefix) => (prefix ? isValidPathSegmentPrefix(name) : isValidPathSegmentName(name));

/** core/v1 Events created through the v1 API skip metadata validation upstream (legacy compatibility). */
const nameIsAnything: NameValidator = () => [];

/** Kinds whose name rule differs from the DNS-subdomain default, keyed `resource.group` (core: bare). */
const SPECIAL: Readonly<Record<string, NameValidator>> = {
  namespaces: nameIsDNSLabel,
  services: nameIsDNS1035Label,
  events: nameIsAnything,
  // Pods of a StatefulSet use its name as hostname, which must be a DNS label.
  'statefulsets.apps': nameIsDNSLabel,
  'roles.rbac.authorization.k8s.io': nameIsPathSegment,
  'rolebindings.rbac.authorization.k8s.io': nameIsPathSegment,
  'clusterroles.rbac.authorization.k8s.io': nameIsPathSegment,
  'clusterrolebindings.rbac.authorization.k8s.io': nameIsPathSegment,
};

/**
 * The name rule upstream applies to a resource. Everything not listed (pods, configmaps, secrets,
 * nodes, deployments, custom resources …) uses DNS-1123 subdomains. CRDs additionally require
 * `<plural>.<group>`, which depends on the object and is left to their strategy.
 */
export function nameValidatorFor(resource: string, group = ''): NameValidator {
  const key = group ? `${resource}.${group}` : resource;
  return SPECIAL[key] ?? nameIsDNSSubdomain;
}

/** Namespace names, also checked in metadata.namespace of every namespaced object. */
export const validateNamespaceName: NameValidator = nameIsDNSLabel;
