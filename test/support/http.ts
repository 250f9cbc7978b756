/** A decoded HTTP answer for assertions. */
export interface HttpAnswer<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export interface RequestOptions {
  readonly json?: unknown;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

/** One HTTP request with fetch; JSON bodies are encoded and decoded. */
export async function call<T = Record<string, unknown>>(
  method: string,
  url: string,
  options: RequestOptions = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let decoded: unknown = text;
  try {
    decoded = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: decoded as T, text };
}
