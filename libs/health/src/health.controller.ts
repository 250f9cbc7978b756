import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService } from '@nestjs/terminus';
import { DatabaseHealthIndicator, MigrationsHealthIndicator } from './database.health-indicator';

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

export interface HealthOptions {
  /** The admin port reports why it is not ready; the public port does not (hydra-compat §1.2). */
  readonly shareErrors: boolean;
}

const OBFUSCATED = 'error may contain sensitive information and was obfuscated';

/** The part of the HTTP response the probe needs; no web framework types in this lib. */
interface StatusResponse {
  status(code: number): { json(body: unknown): unknown };
}

/** Hydra's health endpoints, in Hydra's shapes (hydra-compat §2.14). */
@ApiTags('metadata')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly migrations: MigrationsHealthIndicator,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  /** Liveness: the process serves HTTP. Never touches the database. */
  @Get('alive')
  @ApiOperation({
    operationId: 'isAlive',
    summary: 'Check HTTP Server Status',
    description:
      'Returns 200 with {"status":"ok"} when the HTTP server is up. It does not check the database.',
  })
  @ApiResponse({ status: 200, description: '{"status":"ok"}' })
  alive(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the database answers and every migration has been applied. */
  @Get('ready')
  @ApiOperation({
    operationId: 'isReady',
    summary: 'Check HTTP Server and Database Status',
    description:
      'Returns 200 with {"status":"ok"} when the database answers and all migrations are applied, otherwise 503 with {"errors":{"database"|"migrations": "…"}}.',
  })
  @ApiResponse({ status: 200, description: '{"status":"ok"}' })
  @ApiResponse({ status: 503, description: '{"errors":{"database":"…"}}' })
  async ready(@Res() response: StatusResponse): Promise<void> {
    const errors = await this.failures();
    if (Object.keys(errors).length === 0) {
      response.status(HttpStatus.OK).json({ status: 'ok' });
      return;
    }
    response.status(HttpStatus.SERVICE_UNAVAILABLE).json({ errors });
  }

  private async failures(): Promise<Record<string, string>> {
    const result = await this.health
      .check([() => this.database.check(), () => this.migrations.check()])
      .catch(
        (error: { response?: { error?: Record<string, { message?: string }> } }) =>
          error.response ?? {},
      );
    const failed = (result as { error?: Record<string, { message?: string }> }).error ?? {};
    return Object.fromEntries(
      Object.entries(failed).map(([key, value]) => [
        key,
        this.options.shareErrors ? (value.message ?? key) : OBFUSCATED,
      ]),
    );
  }
}
