/** A nominal type: a `string` that the compiler keeps apart from other strings. */
export type Brand<T, B extends string> = T & { readonly __brand: B };

/** An OAuth 2.0 client identifier (RFC 6749 §2.2). */
export type ClientId = Brand<string, 'ClientId'>;

export function asClientId(value: string): ClientId {
  return value as ClientId;
}
