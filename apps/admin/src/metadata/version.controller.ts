import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { tesseraVersion } from '@tessera/config';

class VersionDto {
  @ApiProperty({ description: 'The version of the running server.', example: 'v0.1.0' })
  version!: string;
}

@ApiTags('metadata')
@Controller('version')
export class VersionController {
  @Get()
  @ApiOperation({
    operationId: 'getVersion',
    summary: 'Return Running Software Version',
    description: 'The version of the running server.',
  })
  @ApiResponse({ status: 200, type: VersionDto })
  version(): VersionDto {
    return { version: tesseraVersion() };
  }
}
