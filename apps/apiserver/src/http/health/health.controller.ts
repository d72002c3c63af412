import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../../../../libs/apimachinery/src/status.errors.js';
import { HealthChecks, type HealthEndpoint } from './health.checks.js';

const ENDPOINTS: readonly HealthEndpoint[] = ['healthz', 'livez', 'readyz'];

function plain(reply: FastifyReply, code: number, body: string): void {
  void reply.code(code).header('content-type', 'text/plain; charset=utf-8').header('x-content-type-options', 'nosniff').send(body);
}

function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * /healthz, /livez and /readyz as kube-apiserver serves them (apiserver/pkg/server/healthz): all
 * checks, `?verbose` for one line per check, `?exclude=<name>` (repeatable) to skip some, and
 * /<endpoint>/<check> for a single check. Failures answer 500; the reason stays out of the root
 * endpoint's body (it is public) and goes to the log.
 */
@Controller()
export class HealthController {
  constructor(@Inject(HealthChecks) private readonly health: HealthChecks) {}

  @Get(['healthz', 'livez', 'readyz', 'healthz/*', 'livez/*', 'readyz/*'])
  async serve(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const url = new URL(req.url, 'http://localhost');
    const [endpoint, ...rest] = url.pathname.replace(/^\/+/, '').split('/');
    const name = ENDPOINTS.find((e) => e === endpoint);
    if (!name) throw ApiError.pathNotFound();
    const checks = this.health.checks(name);
    if (rest.length > 0 && rest.join('') !== '') {
      const one = checks.find((c) => c.name === rest.join('/'));
      if (!one) throw ApiError.pathNotFound();
      try {
        await one.check();
        return plain(reply, 200, 'ok');
      } catch (e) {
        return plain(reply, 500, `internal server error: ${reasonOf(e)}\n`);
      }
    }
    const excluded = new Set(url.searchParams.getAll('exclude'));
    const results = await Promise.all(
      checks.map(async (c) => {
        if (excluded.delete(c.name)) return { name: c.name, excluded: true, error: undefined };
        try {
          await c.check();
          return { name: c.name, excluded: false, error: undefined };
        } catch (e) {
          return { name: c.name, excluded: false, error: reasonOf(e) };
        }
      }),
    );
    let out = '';
    for (const r of results) {
      if (r.excluded) out += `[+]${r.name} excluded: ok\n`;
      else if (r.error !== undefined) out += `[-]${r.name} failed: reason withheld\n`;
      else out += `[+]${r.name} ok\n`;
    }
    if (excluded.size > 0)
      out += `warn: some health checks cannot be excluded: no matches for ${[...excluded].map((n) => JSON.stringify(n)).join(',')}\n`;
    const failed = results.filter((r) => r.error !== undefined);
    if (failed.length > 0) {
      req.log.warn(`${name} check failed: ${failed.map((f) => `[-]${f.name} failed: ${f.error ?? ''}`).join('; ')}`);
      return plain(reply, 500, `${out}${name} check failed\n`);
    }
    if (!url.searchParams.has('verbose')) return plain(reply, 200, 'ok');
    plain(reply, 200, `${out}${name} check passed\n`);
  }
}
