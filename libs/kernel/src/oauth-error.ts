/**
 * The one error family of Tessera. Every error that reaches a client is an `OAuthError`:
 * `error` is the RFC 6749 §5.2 code (or, for generic admin API errors, the short text Hydra
 * sends), `description` the human explanation, `hint` an optional extra sentence. On the wire
 * both ports render `{ error, error_description }` where the description carries the hint, as
 * Hydra does.
 */
export class OAuthError extends Error {
  readonly error: string;
  readonly status: number;
  readonly description: string;
  readonly hint: string | undefined;
  /** Internal detail for logs only; never sent to the client. */
  readonly debug: string | undefined;
  /** Response headers the error requires, e.g. `WWW-Authenticate` (RFC 6749 §5.2). */
  readonly headers: Readonly<Record<string, string>> = {};
  /**
   * Set on errors of the authorization endpoint: where the browser is sent with the error — the
   * client's verified redirect URI (RFC 6749 §4.1.2.1) or, when that is not known, the error page.
   */
  readonly redirect: AuthorizeErrorTarget | undefined = undefined;

  constructor(error: string, status: number, description: string, hint?: string, debug?: string) {
    super(hint ? `${description} ${hint}` : description);
    this.name = new.target.name;
    this.error = error;
    this.status = status;
    this.description = description;
    this.hint = hint;
    this.debug = debug;
  }

  /** A copy of this error with `hint` set; the original is never mutated. */
  withHint(hint: string): this {
    return this.copy({ hint });
  }

  /** A copy with a debug detail (for logs); the client never sees it. */
  withDebug(debug: string): this {
    return this.copy({ debug });
  }

  /** A copy with a response header added. */
  withHeader(name: string, value: string): this {
    return this.copy({ headers: { ...this.headers, [name]: value } });
  }

  /** A copy that is rendered to the browser (authorization endpoint) instead of as JSON. */
  withRedirect(redirect: AuthorizeErrorTarget): this {
    return this.copy({ redirect });
  }

  /** A copy with another description. */
  withDescription(description: string): this {
    return this.copy({ description });
  }

  /** `error_description` as sent on the wire: description and hint, double quotes made single. */
  get wireDescription(): string {
    const text = this.hint ? `${this.description} ${this.hint}` : this.description;
    return text.replace(/"/g, "'");
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.wireDescription };
  }

  private copy(change: {
    hint?: string;
    debug?: string;
    description?: string;
    headers?: Record<string, string>;
    redirect?: AuthorizeErrorTarget;
  }): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(copy, this, change);
    const text = copy.hint ? `${copy.description} ${copy.hint}` : copy.description;
    Object.defineProperty(copy, 'message', { value: text, writable: true, configurable: true });
    return copy;
  }
}

/** How an authorization response (or error) travels back to the client (OAuth 2.0 Multiple Response Types §2.1, Form Post Response Mode). */
export type ResponseMode = 'query' | 'fragment' | 'form_post';

/** Where an authorization endpoint error goes. */
export type AuthorizeErrorTarget =
  | {
      readonly kind: 'client';
      readonly redirectUri: string;
      readonly responseMode: ResponseMode;
      readonly state: string;
    }
  | { readonly kind: 'error-page' };

export function isOAuthError(value: unknown): value is OAuthError {
  return value instanceof OAuthError;
}
