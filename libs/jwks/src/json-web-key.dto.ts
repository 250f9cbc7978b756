import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_KEY_IDENTIFIER_LENGTH, SIGNING_ALGORITHMS } from './json-web-key';

/** Body of `POST /admin/keys/{set}` (Hydra's `createJsonWebKeySet`). */
export class CreateJsonWebKeySetDto {
  @ApiProperty({
    description: 'Algorithm of the key to generate.',
    enum: SIGNING_ALGORITHMS,
    example: 'RS256',
  })
  @IsIn(SIGNING_ALGORITHMS, { message: `alg must be one of ${SIGNING_ALGORITHMS.join(', ')}` })
  alg!: string;

  @ApiProperty({
    description: 'Intended use of the key: sig (signatures) or enc (encryption).',
    enum: ['sig', 'enc'],
    example: 'sig',
  })
  @IsIn(['sig', 'enc'], { message: 'use must be sig or enc' })
  use!: string;

  @ApiProperty({
    description: 'Key id; generated (a UUID) when empty.',
    required: false,
    example: 'my-key-1',
  })
  @IsOptional()
  @IsString({ message: 'kid must be a string' })
  @MaxLength(MAX_KEY_IDENTIFIER_LENGTH, {
    message: `kid must be at most ${MAX_KEY_IDENTIFIER_LENGTH} characters`,
  })
  kid?: string;
}

/** A JSON Web Key (RFC 7517 §4) as the admin API shows it, private members included. */
export class JsonWebKeyDto {
  @ApiProperty({ description: 'Key type: RSA, EC or OKP.', example: 'RSA' })
  kty!: string;
  @ApiProperty({ description: 'Key id, unique within its set.', example: 'my-key-1' })
  kid!: string;
  @ApiProperty({ description: 'Algorithm the key is used with.', example: 'RS256' })
  alg!: string;
  @ApiProperty({ description: 'Intended use: sig or enc.', example: 'sig' })
  use!: string;
  @ApiProperty({ description: 'Curve of an EC or OKP key.', required: false })
  crv?: string;
  @ApiProperty({ description: 'RSA modulus.', required: false })
  n?: string;
  @ApiProperty({ description: 'RSA public exponent.', required: false })
  e?: string;
  @ApiProperty({ description: 'EC x coordinate, or the OKP public key.', required: false })
  x?: string;
  @ApiProperty({ description: 'EC y coordinate.', required: false })
  y?: string;
  @ApiProperty({ description: 'Private exponent or key (private keys only).', required: false })
  d?: string;
  @ApiProperty({ description: 'RSA first prime factor (private keys only).', required: false })
  p?: string;
  @ApiProperty({ description: 'RSA second prime factor (private keys only).', required: false })
  q?: string;
  @ApiProperty({
    description: 'RSA first factor CRT exponent (private keys only).',
    required: false,
  })
  dp?: string;
  @ApiProperty({
    description: 'RSA second factor CRT exponent (private keys only).',
    required: false,
  })
  dq?: string;
  @ApiProperty({ description: 'RSA first CRT coefficient (private keys only).', required: false })
  qi?: string;
  @ApiProperty({ description: 'X.509 certificate chain.', required: false, type: [String] })
  x5c?: string[];
}

/** A JSON Web Key Set (RFC 7517 §5). */
export class JsonWebKeySetDto {
  @ApiProperty({ description: 'The keys, newest first.', type: [JsonWebKeyDto] })
  keys!: JsonWebKeyDto[];
}
