/**
 * One error catalogue: every failure the API reports is an ApiError that converts to a
 * metav1.Status with the upstream reason, code, details and message text.
 */
type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError'
  | 'Timeout'
  | 'ServiceUnavailable';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  /** ListMeta: an expired continue token's Status carries the token that resumes at the latest version. */
  metadata: { continue?: string };
  status: 'Failure' | 'Success';
  message: string;
  reason: StatusReason | '';
  details?: StatusDetails;
  code: number;
}

/** Identifies the resource an error is about: `pods`, `deployments.apps`. */
interface ResourceRef {
  group: string;
  resource: string;
}

function qualified(ref: ResourceRef): string {
  return ref.group ? `${ref.resource}.${ref.group}` : ref.resource;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
  }

  /**
   * The Status as upstream serializes it: fields in metav1.Status order (kind, apiVersion, metadata,
   * status, message, reason, details, code) and empty detail fields left out (they are omitempty),
   * so clients comparing bodies byte for byte see what kube-apiserver sends.
   */
  toStatus(): Status {
    const details = this.details ? compactDetails(this.details) : undefined;
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(details ? { details } : {}),
      code: this.code,
    };
  }

  static notFound(ref: ResourceRef, name: string): ApiError {
    return new ApiError(404, 'NotFound', `${qualified(ref)} "${name}" not found`, {
      name,
      group: ref.group,
      kind: ref.resource,
    });
  }

  static alreadyExists(ref: ResourceRef, name: string): ApiError {
    return new ApiError(409, 'AlreadyExists', `${qualified(ref)} "${name}" already exists`, {
      name,
      group: ref.group,
      kind: ref.resource,
    });
  }

  static conflict(ref: ResourceRef, name: string, why: string): ApiError {
    return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(ref)} "${name}": ${why}`, {
      name,
      group: ref.group,
      kind: ref.resource,
    });
  }

  static modified(ref: ResourceRef, name: string): ApiError {
    return ApiError.conflict(ref, name, 'the object has been modified; please apply your changes to the latest version and try again');
  }

  /** 422 with field causes, message as upstream: `Kind.group "name" is invalid: [f: Invalid value: …, …]`. */
  static invalid(kind: string, group: string, name: string, causes: FieldError[]): ApiError {
    const qualifiedKind = group ? `${kind}.${group}` : kind;
    const parts = causes.map((c) => c.toString());
    const list = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
    return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${list}`, {
      name,
      group,
      kind,
      causes: causes.map((c) => ({ reason: c.type, message: c.body(), field: c.field })),
    });
  }

  /** 422 for a patch that cannot be applied (upstream reports these as Invalid without causes). */
  static new422(message: string): ApiError {
    return new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${message}`);
  }

  /** 422 on request options with several field errors (CreateOptions, UpdateOptions, PatchOptions …). */
  static invalidOptionsErrors(kind: string, errors: FieldError[]): ApiError {
    const parts = errors.map((e) => e.toString());
    const list = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
    return new ApiError(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: ${list}`, {
      group: 'meta.k8s.io',
      kind,
      causes: errors.map((e) => ({ reason: e.type, message: e.body(), field: e.field })),
    });
  }

  /** 422 on request options, as upstream validates ListOptions/DeleteOptions. */
  static invalidOptions(field: string, value: unknown, detail: string, kind = 'ListOptions'): ApiError {
    const cause = FieldError.forbidden(field, detail);
    return new ApiError(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: ${cause.toString()}`, {
      group: 'meta.k8s.io',
      kind,
      causes: [{ reason: cause.type, message: detail, field }],
    });
  }

  static badRequest(message: string, causes?: StatusCause[]): ApiError {
    return new ApiError(400, 'BadRequest', message, causes ? { causes } : undefined);
  }

  /** As upstream's generic server response: an empty (but present) details object. */
  static methodNotAllowed(message = 'the server does not allow this method on the requested resource'): ApiError {
    return new ApiError(405, 'MethodNotAllowed', message, {});
  }

  static pathNotFound(): ApiError {
    return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  }

  static gone(message: string): ApiError {
    return new ApiError(410, 'Expired', message);
  }

  static unsupportedMediaType(contentType: string): ApiError {
    return new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got ${contentType})`,
    );
  }

  static tooLarge(message = 'Request entity too large: limit is 3145728'): ApiError {
    return new ApiError(413, 'RequestEntityTooLarge', message);
  }

  static tooManyRequests(message: string, retryAfterSeconds = 1): ApiError {
    return new ApiError(429, 'TooManyRequests', message, { retryAfterSeconds });
  }

  static timeout(message: string, retryAfterSeconds = 1): ApiError {
    return new ApiError(504, 'Timeout', message, { retryAfterSeconds });
  }

  static internal(message: string, cause?: unknown): ApiError {
    return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, undefined, { cause });
  }

  static forbidden(ref: ResourceRef, name: string, why: string): ApiError {
    const subject = name ? `${qualified(ref)} "${name}"` : qualified(ref);
    return new ApiError(403, 'Forbidden', `${subject} is forbidden: ${why}`, {
      name,
      group: ref.group,
      kind: ref.resource,
    });
  }
}

type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueDuplicate'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid';

/** One field problem, rendered as upstream's field.Error. */
export class FieldError {
  constructor(
    readonly type: FieldErrorType,
    readonly field: string,
    readonly detail: string,
    readonly value?: unknown,
    readonly hasValue = value !== undefined,
  ) {}

  /** The message without the field path (upstream's ErrorBody, used in Status causes). */
  body(): string {
    const s = this.toString();
    return s.startsWith(`${this.field}: `) ? s.slice(this.field.length + 2) : s;
  }

  toString(): string {
    const f = this.field;
    switch (this.type) {
      case 'FieldValueRequired':
        return `${f}: Required value${this.detail ? `: ${this.detail}` : ''}`;
      case 'FieldValueForbidden':
        return `${f}: Forbidden: ${this.detail}`;
      case 'FieldValueTooLong':
        return `${f}: Too long: ${this.detail}`;
      case 'FieldValueTooMany':
        return `${f}: Too many: ${this.detail}`;
      case 'FieldValueDuplicate':
        return `${f}: Duplicate value: ${renderValue(this.value)}`;
      case 'FieldValueNotSupported':
        return `${f}: Unsupported value: ${renderValue(this.value)}${this.detail ? `: ${this.detail}` : ''}`;
      case 'FieldValueTypeInvalid':
      case 'FieldValueInvalid':
        return `${f}: Invalid value: ${this.hasValue ? renderValue(this.value) : '""'}${this.detail ? `: ${this.detail}` : ''}`;
    }
  }

  static required(field: string, detail = ''): FieldError {
    return new FieldError('FieldValueRequired', field, detail);
  }
  static invalid(field: string, value: unknown, detail: string): FieldError {
    return new FieldError('FieldValueInvalid', field, detail, value, true);
  }
  static forbidden(field: string, detail: string): FieldError {
    return new FieldError('FieldValueForbidden', field, detail);
  }
  static notSupported(field: string, value: unknown, allowed: readonly string[]): FieldError {
    const detail = allowed.length ? `supported values: ${allowed.map((a) => `"${a}"`).join(', ')}` : '';
    return new FieldError('FieldValueNotSupported', field, detail, value, true);
  }
  static tooLong(field: string, max: number): FieldError {
    return new FieldError('FieldValueTooLong', field, `must have at most ${max} bytes`);
  }
  static duplicate(field: string, value: unknown): FieldError {
    return new FieldError('FieldValueDuplicate', field, '', value, true);
  }
}

function renderValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null || v === undefined) return 'null';
  return JSON.stringify(v);
}

/** StatusDetails in upstream field order without its empty (omitempty) fields. */
function compactDetails(d: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (d.name) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind) out.kind = d.kind;
  if (d.uid) out.uid = d.uid;
  if (d.causes && d.causes.length > 0) {
    out.causes = d.causes.map((c) => {
      const cause: StatusCause = {};
      if (c.reason) cause.reason = c.reason;
      if (c.message) cause.message = c.message;
      if (c.field) cause.field = c.field;
      return cause;
    });
  }
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds;
  return out;
}

/** A Status body as upstream writes it (its JSON encoder ends every document with a newline). */
export function statusJson(status: Status): string {
  return `${JSON.stringify(status)}\n`;
}
