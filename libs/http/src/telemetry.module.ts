import { Global, Module } from '@nestjs/common';
import { Telemetry } from '@tessera/kernel';
import { PrometheusTelemetry } from './metrics';

/** The domain's telemetry port, bound to Prometheus, for every module of an app. */
@Global()
@Module({
  providers: [{ provide: Telemetry, useClass: PrometheusTelemetry }],
  exports: [Telemetry],
})
export class TelemetryModule {}
