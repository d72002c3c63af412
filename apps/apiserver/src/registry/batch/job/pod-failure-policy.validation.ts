import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { isRecord } from '../../../../../../libs/apimachinery/src/json/json.access.js';

const MAX_RULES = 20;
const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];

/** The structural rules of spec.podFailurePolicy (upstream's validatePodFailurePolicy, core of it). */
export function validatePodFailurePolicy(spec: Record<string, unknown>): FieldError[] {
  const policy = spec['podFailurePolicy'];
  if (!isRecord(policy)) return [];
  const errs: FieldError[] = [];
  const template = isRecord(spec['template']) ? spec['template'] : {};
  const podSpec = isRecord(template['spec']) ? template['spec'] : {};
  if (podSpec['restartPolicy'] !== 'Never') {
    errs.push(
      FieldError.invalid(
        'spec.template.spec.restartPolicy',
        podSpec['restartPolicy'] ?? '',
        'only "Never" is supported when podFailurePolicy is specified',
      ),
    );
  }
  const rules = Array.isArray(policy['rules']) ? policy['rules'] : [];
  if (rules.length > MAX_RULES) {
    errs.push(new FieldError('FieldValueTooMany', 'spec.podFailurePolicy.rules', `${rules.length}: must have at most ${MAX_RULES} items`));
  }
  const containers = new Set(
    [
      ...(Array.isArray(podSpec['containers']) ? podSpec['containers'] : []),
      ...(Array.isArray(podSpec['initContainers']) ? podSpec['initContainers'] : []),
    ]
      .filter(isRecord)
      .map((c) => c['name']),
  );
  rules.forEach((rule, i) => {
    const p = `spec.podFailurePolicy.rules[${i}]`;
    if (!isRecord(rule)) return;
    if (!ACTIONS.includes(String(rule['action']))) errs.push(FieldError.notSupported(`${p}.action`, rule['action'] ?? '', ACTIONS));
    const codes = rule['onExitCodes'];
    const conditions = rule['onPodConditions'];
    if (codes !== undefined && conditions !== undefined) {
      errs.push(FieldError.invalid(p, 'specifying both OnExitCodes and OnPodConditions is not supported', ''));
    } else if (codes === undefined && conditions === undefined) {
      errs.push(FieldError.invalid(p, 'specifying one of OnExitCodes and OnPodConditions is required', ''));
    }
    if (isRecord(codes)) {
      const name = codes['containerName'];
      if (name !== undefined && !containers.has(name)) {
        errs.push(
          FieldError.invalid(
            `${p}.onExitCodes.containerName`,
            name,
            'must be one of the container or initContainer names in the pod template',
          ),
        );
      }
      const values = Array.isArray(codes['values']) ? (codes['values'] as unknown[]) : [];
      if (codes['operator'] === 'In' && values.includes(0))
        errs.push(FieldError.invalid(`${p}.onExitCodes.values[${values.indexOf(0)}]`, 0, 'must not be 0 for the In operator'));
      values.forEach((v, j) => {
        if (j > 0 && typeof v === 'number' && typeof values[j - 1] === 'number' && v <= (values[j - 1] as number)) {
          errs.push(FieldError.invalid(`${p}.onExitCodes.values[${j}]`, v, 'must be ordered'));
        }
      });
    }
  });
  return errs;
}
