import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';

/**
 * Does a scope the client holds (`matcher`) allow a requested scope (`needle`)? Hydra's wildcard
 * strategy (`strategies.scope=wildcard`): both are split on `.`; a `*` segment matches one
 * non-empty segment, and a trailing `*` matches the rest (`a.*` allows `a.b` and `a.b.c`, not `a`).
 */
export function wildcardScopeMatches(matcher: string, needle: string): boolean {
  const wanted = needle.split('.');
  const allowed = matcher.split('.');
  if (allowed.length > wanted.length) return false;
  for (let index = 0; index < allowed.length; index++) {
    const segment = allowed[index];
    const last = index === allowed.length - 1;
    if (last && allowed.length !== wanted.length)
      return segment === '*' && wanted.slice(index).join('.') !== '';
    if (segment === '*') {
      if (wanted[index] === '') return false;
    } else if (segment !== wanted[index]) {
      return false;
    }
  }
  return true;
}

/** The configured scope strategy: wildcard (Hydra's default) or exact. */
@Injectable()
export class ScopeStrategy {
  private readonly matches: (matcher: string, needle: string) => boolean;

  constructor(config: TesseraConfig) {
    this.matches =
      config.strategies.scope === 'exact'
        ? (matcher, needle) => matcher === needle
        : wildcardScopeMatches;
  }

  /** Whether any of `held` allows `needle`. */
  allows(held: readonly string[], needle: string): boolean {
    return held.some((matcher) => this.matches(matcher, needle));
  }

  /** The first of `requested` that `held` does not allow, if any. */
  firstRefused(held: readonly string[], requested: readonly string[]): string | undefined {
    return requested.find((needle) => !this.allows(held, needle));
  }
}
