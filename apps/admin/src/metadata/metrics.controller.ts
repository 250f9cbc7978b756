import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { TesseraMetrics } from '@tessera/http';

/**
 * `/admin/metrics/prometheus` (hydra-compat §1.3): the Prometheus exposition of the process — in
 * `serve all` the public app's metrics too, since both apps share one registry.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  @Get('prometheus')
  async prometheus(@Res() response: Response): Promise<void> {
    const metrics = TesseraMetrics.instance();
    response.setHeader('Content-Type', metrics.contentType());
    response.status(200).send(await metrics.text());
  }
}
