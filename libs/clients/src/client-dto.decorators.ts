import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  registerDecorator,
  ValidateIf,
} from 'class-validator';
import { parseGoDuration } from '@tessera/kernel';

/** Upper bounds on what a client document may contain (DESIGN §3: every input is bounded). */
export const LIMITS = {
  id: 255,
  text: 1_024,
  uri: 2_048,
  scope: 8_192,
  listItems: 256,
  secret: 512,
} as const;

export function OptionalString(
  description: string,
  maxLength: number = LIMITS.text,
  example?: string,
): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description, required: false, type: String, maxLength, example }),
    IsOptional(),
    IsString({ message: '$property must be a string' }),
    MaxLength(maxLength, { message: `$property must be at most ${maxLength} characters` }),
  );
}

export function OptionalStringList(
  description: string,
  maxLength: number = LIMITS.uri,
  example?: string[],
): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      description,
      required: false,
      type: [String],
      maxItems: LIMITS.listItems,
      example,
    }),
    IsOptional(),
    IsArray({ message: '$property must be an array of strings' }),
    ArrayMaxSize(LIMITS.listItems, {
      message: `$property must have at most ${LIMITS.listItems} items`,
    }),
    IsString({ each: true, message: '$property must be an array of strings' }),
    MaxLength(maxLength, {
      each: true,
      message: `each item of $property must be at most ${maxLength} characters`,
    }),
  );
}

export function OptionalBoolean(description: string, nullable = false): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description, required: false, type: Boolean, nullable }),
    IsOptional(),
    IsBoolean({ message: '$property must be true or false' }),
  );
}

export function OptionalObject(description: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description, required: false, type: Object, additionalProperties: true }),
    IsOptional(),
    IsObject({ message: '$property must be a JSON object' }),
  );
}

/** A Go duration string such as `1h30m` (hydra-compat §2.2), positive, or null for the default. */
export function OptionalLifespan(description: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      description: `${description} A duration such as \`1h\` or \`1h30m\` (units ns, us, ms, s, m, h); null uses the server's default.`,
      required: false,
      type: String,
      nullable: true,
      pattern: '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$',
      example: '1h0m0s',
    }),
    ValidateIf((_object, value) => value !== null && value !== undefined),
    IsGoDuration(),
  );
}

function IsGoDuration(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isGoDuration',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a positive duration such as 1h or 30m' },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || value.length > 64) return false;
          const nanos = parseGoDuration(value);
          return nanos !== undefined && nanos > 0n;
        },
      },
    });
}
