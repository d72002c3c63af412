import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, validateSync } from 'class-validator';
import { Transform } from 'class-transformer';
import { ApiError } from '../../../../libs/apimachinery/src/status.errors.js';

const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' || value === true ? true : value === 'false' || value === '0' || value === false ? false : value;
const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

/** metav1.ListOptions as query parameters (list and watch). */
export class ListQuery {
  @IsOptional() @IsString() labelSelector?: string;
  @IsOptional() @IsString() fieldSelector?: string;
  @IsOptional() @Transform(toBool) @IsIn([true, false]) watch?: boolean;
  @IsOptional() @Transform(toBool) @IsIn([true, false]) allowWatchBookmarks?: boolean;
  @IsOptional() @Transform(toBool) @IsIn([true, false]) sendInitialEvents?: boolean;
  @IsOptional() @IsString() resourceVersion?: string;
  @IsOptional() @IsIn(['', 'NotOlderThan', 'Exact']) resourceVersionMatch?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) timeoutSeconds?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) limit?: number;
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
  for (const [k, v] of Object.entries(query)) flat[k] = Array.isArray(v) ? v[v.length - 1] : v;
  const inst = plainToInstance(cls, flat, { enableImplicitConversion: false });
  const errors = validateSync(inst, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const e = errors[0]!;
    const value = flat[e.property];
    throw ApiError.badRequest(`invalid value ${JSON.stringify(value)} for query parameter "${e.property}": ${Object.values(e.constraints ?? {}).join(', ')}`);
  }
  return inst;
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
