import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';
import { immutableErrors, payloadSizeErrors, validateKeys } from '../configmap/config-key.validation.js';
import { isRecord, stringOf } from '../../../../../../libs/apimachinery/src/json/json.access.js';

export const secretStrategy = {
  /** SetDefaults_Secret, and the v1 conversion that folds write-only stringData into data. */
  applyDefaults(obj: KubeObject): void {
    if (!stringOf(obj['type'])) obj['type'] = 'Opaque';
    const stringData = obj['stringData'];
    if (isRecord(stringData)) {
      const data: Record<string, unknown> = isRecord(obj['data']) ? obj['data'] : {};
      for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
      obj['data'] = data;
    }
    delete obj['stringData'];
  },
  validate(obj: KubeObject): FieldError[] {
    return [...validateKeys(obj['data'], 'data'), ...payloadSizeErrors([{ map: obj['data'], base64: true }])];
  },
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
    const errs: FieldError[] = [];
    if (stringOf(obj['type']) !== stringOf(old['type'])) errs.push(FieldError.invalid('type', obj['type'], 'field is immutable'));
    return [...errs, ...immutableErrors(obj, old, ['data'])];
  },
} satisfies ResourceStrategy;
