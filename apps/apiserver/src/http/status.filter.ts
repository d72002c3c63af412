import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiError, statusJson } from '../../../../libs/apimachinery/src/status.errors.js';

/** Every failure leaves as a metav1.Status with upstream's reason and code. */
function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const err = e as { statusCode?: number; code?: string; message?: string };
  if (err?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err?.statusCode === 413) return ApiError.tooLarge();
  if (err?.code === 'FST_ERR_BAD_URL') return ApiError.badRequest(badUrlMessage(String(err.message)));
  if (err?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err?.statusCode === 415) return ApiError.unsupportedMediaType(String(err.message));
  if (e instanceof HttpException) {
    const code = e.getStatus();
    if (code === 404) return ApiError.pathNotFound();
    if (code === 413) return ApiError.tooLarge();
    if (code === 415) return ApiError.unsupportedMediaType(e.message);
    if (code === 405) return ApiError.methodNotAllowed();
    if (code < 500) return ApiError.badRequest(e.message);
  }
  if (err?.statusCode && err.statusCode >= 400 && err.statusCode < 500) return ApiError.badRequest(String(err.message));
  return ApiError.internal(err?.message ?? String(e), e);
}

/** Names the malformed escape as Go's URL parser does ("invalid URL escape \"%zz\""). */
function badUrlMessage(fastifyMessage: string): string {
  const bad = /%(?![0-9a-fA-F]{2})[^/?]{0,2}/.exec(fastifyMessage);
  return bad ? `invalid URL escape ${JSON.stringify(bad[0])}` : 'invalid URL';
}

export function sendStatus(reply: FastifyReply, e: unknown): void {
  const api = toApiError(e);
  if (api.code >= 500 && api.reason === 'InternalError') {
    Logger.error(`internal error: ${(api.cause as Error | undefined)?.stack ?? api.message}`, 'apiserver');
  }
  if (reply.sent || reply.raw.headersSent) {
    if (!reply.raw.writableEnded) reply.raw.end();
    return;
  }
  const status = api.toStatus();
  if (api.details?.retryAfterSeconds) void reply.header('Retry-After', String(api.details.retryAfterSeconds));
  void reply.code(api.code).header('content-type', 'application/json').send(statusJson(status));
}

@Catch()
export class StatusFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    sendStatus(host.switchToHttp().getResponse<FastifyReply>(), exception);
  }
}
