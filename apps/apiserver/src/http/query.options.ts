import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, validateSync } from 'class-validator';
import { Transform } from 'class-transformer';
import { ApiError, FieldError } from '../../../../libs/apimachinery/src/status.errors.js';

/**
 * Query booleans as upstream converts them (runtime.Convert_Slice_string_To_bool): only "false" and
 * "0", in any case, are false; any other value, the empty string included, is true. The Python
 * client sends `watch=True`.
 */
export function parseQueryBool(value: string): boolean {
  const v = value.toLowerCase();
  return v !== 'false' && v !== '0';
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A query integer that strconv.ParseInt(s, 10, 64) would refuse; reported as upstream words it. */
class Int64SyntaxError {
  constructor(
    readonly raw: string,
    readonly why: 'invalid syntax' | 'value out of range',
  ) {}
  toString(): string {
    return `strconv.ParseInt: parsing ${JSON.stringify(this.raw)}: ${this.why}`;
  }
}

const toBool = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? parseQueryBool(value) : value);
/** int64 as upstream parses it; values past 2^53 keep their magnitude (a limit that large lists everything). */
const toInt = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  if (!/^[+-]?\d+$/.test(value)) return new Int64SyntaxError(value, 'invalid syntax');
  const n = BigInt(value);
  if (n < INT64_MIN || n > INT64_MAX) return new Int64SyntaxError(value, 'value out of range');
  return Number(n);
};

/** metav1.ListOptions as query parameters (list and watch). */
export class ListQuery {
  @IsOptional() @IsString() labelSelector?: string;
  @IsOptional() @IsString() fieldSelector?: string;
  @IsOptional() @Transform(toBool) @IsIn([true, false]) watch?: boolean;
  @IsOptional() @Transform(toBool) @IsIn([true, false]) allowWatchBookmarks?: boolean;
  @IsOptional() @Transform(toBool) @IsIn([true, false]) sendInitialEvents?: boolean;
  @IsOptional() @IsString() resourceVersion?: string;
  @IsOptional() @IsIn(['', 'NotOlderThan', 'Exact']) resourceVersionMatch?: string;
  /** Zero or absent: the server's default; negative: the watch ends at once (as upstream, not an error). */
  @IsOptional() @Transform(toInt) @IsInt() timeoutSeconds?: number;
  /** Zero or negative: no limit (as upstream). */
  @IsOptional() @Transform(toInt) @IsInt() limit?: number;
  @IsOptional() @IsString() continue?: string;
  @IsOptional() @IsIn(['None', 'Metadata', 'Object']) includeObject?: string;
}

/** metav1.CreateOptions / UpdateOptions / PatchOptions. */
export class WriteQuery {
  @IsOptional() @IsIn(['All']) dryRun?: string;
  @IsOptional() @IsString() fieldManager?: string;
  @IsOptional() @IsIn(['Strict', 'Warn', 'Ignore', 'strict', 'warn', 'ignore']) fieldValidation?: string;
  @IsOptional() @Transform(toBool) @IsIn([true, false]) force?: boolean;
}

/** metav1.DeleteOptions as query parameters (a body may carry the same). */
export class DeleteQuery {
  @IsOptional() @IsIn(['All']) dryRun?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(2 ** 31) gracePeriodSeconds?: number;
  @IsOptional() @IsIn(['Orphan', 'Background', 'Foreground']) propagationPolicy?: string;
  @IsOptional() @Transform(toBool) @IsIn([true, false]) orphanDependents?: boolean;
}

/** Validates query parameters with class-validator; failures are 400 BadRequest like upstream's decoding errors. */
export function parseQuery<T extends object>(cls: new () => T, query: Record<string, unknown>): T {
  // Most requests carry no options: skip the validator on the hot path.
  if (Object.keys(query).length === 0) return new cls();
  const flat: Record<string, unknown> = {};
  // A repeated parameter counts with its first value, as upstream's query conversion reads it.
  for (const [k, v] of Object.entries(query)) flat[k] = Array.isArray(v) ? v[0] : v;
  const inst = plainToInstance(cls, flat, { enableImplicitConversion: false });
  const errors = validateSync(inst, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const e = errors[0]!;
    const value = flat[e.property];
    const converted = (inst as Record<string, unknown>)[e.property];
    if (converted instanceof Int64SyntaxError) throw ApiError.badRequest(converted.toString());
    throw ApiError.badRequest(
      `invalid value ${JSON.stringify(value)} for query parameter "${e.property}": ${Object.values(e.constraints ?? {}).join(', ')}`,
    );
  }
  return inst;
}

/** Upstream's limit on fieldManager (apimachinery validation.FieldManagerMaxLength). */
const FIELD_MANAGER_MAX_LENGTH = 128;
/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/**
 * WriteQuery plus upstream's ValidateCreateOptions/UpdateOptions/PatchOptions checks of fieldManager:
 * at most 128 bytes, printable characters only; failures are 422 on `kind` (CreateOptions …).
 */
export function parseWriteQuery(query: Record<string, unknown>, kind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions'): WriteQuery {
  const q = parseQuery(WriteQuery, query);
  const fm = q.fieldManager;
  if (!fm) return q;
  const errors: FieldError[] = [];
  if (Buffer.byteLength(fm, 'utf8') > FIELD_MANAGER_MAX_LENGTH) errors.push(FieldError.tooLong('fieldManager', FIELD_MANAGER_MAX_LENGTH));
  let offset = 0;
  for (const ch of fm) {
    if (!PRINTABLE.test(ch)) {
      const cp = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      errors.push(FieldError.invalid('fieldManager', fm, `invalid character U+${cp} (at position ${offset})`));
    }
    offset += Buffer.byteLength(ch, 'utf8');
  }
  if (errors.length > 0) throw ApiError.invalidOptionsErrors(kind, errors);
  return q;
}

/** PodLogOptions as query parameters. */
export class LogQuery {
  @IsOptional() @IsString() container?: string;
  @IsOptional() @Transform(toBool) @IsIn([true, false]) follow?: boolean;
  @IsOptional() @Transform(toBool) @IsIn([true, false]) previous?: boolean;
  @IsOptional() @Transform(toBool) @IsIn([true, false]) timestamps?: boolean;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) tailLines?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) sinceSeconds?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) limitBytes?: number;
  @IsOptional() @IsString() sinceTime?: string;
  @IsOptional() @Transform(toBool) @IsIn([true, false]) insecureSkipTLSVerifyBackend?: boolean;
}
