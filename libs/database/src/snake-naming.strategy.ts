import { DefaultNamingStrategy, type NamingStrategyInterface } from 'typeorm';

/** Column names are the property names in snake_case, so `createdAt` is stored as `created_at`. */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(
    propertyName: string,
    customName: string | undefined,
    prefixes: string[],
  ): string {
    const name = customName ?? snakeCase(propertyName);
    return prefixes.length > 0 ? `${prefixes.map(snakeCase).join('_')}_${name}` : name;
  }
}

export function snakeCase(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
