import { ApiProperty } from '@nestjs/swagger';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  NotContains,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';

const TEXT = 4_096;
const LIST = 256;
/** 180 days, Hydra's cap on remembered sessions. */
const MAX_REMEMBER_FOR = 180 * 24 * 3600;

/** Text stored as it is: PostgreSQL text cannot hold NUL, so it is refused here, not at the verifier. */
function storable(): PropertyDecorator {
  return NotContains('\u0000', { message: '$property must not contain NUL characters' });
}

/** Body of `PUT /admin/oauth2/auth/requests/login/accept` (hydra-compat §2.4). */
export class AcceptOAuth2LoginRequestDto {
  @ApiProperty({ description: 'The user the login UI authenticated.', example: 'foo@bar.com' })
  @IsString()
  @MaxLength(TEXT)
  @storable()
  subject!: string;

  @ApiProperty({ required: false, description: 'Remember this login in the browser (SSO).' })
  @IsOptional()
  @IsBoolean()
  remember?: boolean;

  @ApiProperty({
    required: false,
    description: 'Seconds to remember the login; 0: the server default.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_REMEMBER_FOR)
  remember_for?: number;

  @ApiProperty({ required: false, description: 'Extend a remembered login session.' })
  @IsOptional()
  @IsBoolean()
  extend_session_lifespan?: boolean;

  @ApiProperty({
    required: false,
    description: 'Authentication context class reference (ID token `acr`).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  @storable()
  acr?: string;

  @ApiProperty({
    required: false,
    type: [String],
    description: 'Authentication methods (ID token `amr`).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIST)
  @IsString({ each: true })
  amr?: string[];

  @ApiProperty({ required: false, description: 'Any JSON, handed on to the consent request.' })
  @Allow()
  context?: unknown;

  @ApiProperty({
    required: false,
    description:
      'A pairwise subject to use instead of the computed one; the subject may then be at most 255 characters.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  @storable()
  force_subject_identifier?: string;

  @ApiProperty({ required: false, description: 'Session id at the identity provider, for logout.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  @storable()
  identity_provider_session_id?: string;
}

/** Body of the login and consent `reject` routes (hydra-compat §2.7). */
export class RejectOAuth2RequestDto {
  @ApiProperty({ required: false, description: 'The error code, e.g. `access_denied`.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  error?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  error_description?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  error_hint?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  error_debug?: string;

  @ApiProperty({
    required: false,
    description: 'HTTP status if the error is shown, not redirected.',
  })
  @IsOptional()
  @IsInt()
  @Min(400)
  @Max(599)
  status_code?: number;
}

/** `session` of a consent accept: claims for the access token and the ID token. */
export class AcceptOAuth2ConsentRequestSessionDto {
  @ApiProperty({
    required: false,
    description: 'Claims of the access token (introspection `ext`).',
  })
  @IsOptional()
  @IsObject()
  access_token?: Record<string, unknown>;

  @ApiProperty({ required: false, description: 'Claims of the ID token and UserInfo.' })
  @IsOptional()
  @IsObject()
  id_token?: Record<string, unknown>;
}

/** Body of `PUT /admin/oauth2/auth/requests/consent/accept` (hydra-compat §2.6). */
export class AcceptOAuth2ConsentRequestDto {
  @ApiProperty({ required: false, type: [String], description: 'The scopes the user granted.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIST)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  grant_scope?: string[];

  @ApiProperty({ required: false, type: [String], description: 'The audiences the user granted.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIST)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  grant_access_token_audience?: string[];

  @ApiProperty({ required: false, description: 'Remember this consent for the user and client.' })
  @IsOptional()
  @IsBoolean()
  remember?: boolean;

  @ApiProperty({ required: false, description: 'Seconds to remember the consent; 0: forever.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_REMEMBER_FOR)
  remember_for?: number;

  @ApiProperty({ required: false, type: AcceptOAuth2ConsentRequestSessionDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AcceptOAuth2ConsentRequestSessionDto)
  session?: AcceptOAuth2ConsentRequestSessionDto;

  @ApiProperty({ required: false, description: 'Any JSON.' })
  @Allow()
  context?: unknown;
}
