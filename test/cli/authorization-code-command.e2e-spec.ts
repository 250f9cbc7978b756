import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '@tessera/testing';
import { cli, TesseraProcess } from '../support/cli';

async function reachable(url: string): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      return await (await fetch(url)).text();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`${url} did not answer`);
}

describe('tessera perform authorization-code', () => {
  let process: TesseraProcess | undefined;
  afterEach(() => process?.stop());

  it('serves a start link with PKCE, state, nonce and the flags, and reports an error callback', async () => {
    const port = await freePort();
    process = new TesseraProcess([
      'perform',
      'authorization-code',
      '--endpoint',
      'https://auth.example/',
      '--client-id',
      'app',
      '--client-secret',
      'secret',
      '--port',
      String(port),
      '--scope',
      'openid',
      '--scope',
      'email',
      '--audience',
      'https://api.example',
      '--prompt',
      'login',
      '--max-age',
      '60',
      '--no-open',
    ]);
    const home = await reachable(`http://127.0.0.1:${port}/`);
    const href = /id="authorize" href="([^"]+)"/.exec(home)?.[1].replace(/&#38;/g, '&') as string;
    const link = new URL(href);
    expect(`${link.origin}${link.pathname}`).toBe('https://auth.example/oauth2/auth');
    expect(Object.fromEntries(link.searchParams)).toMatchObject({
      client_id: 'app',
      response_type: 'code',
      redirect_uri: `http://127.0.0.1:${port}/callback`,
      scope: 'openid email',
      audience: 'https://api.example',
      prompt: 'login',
      max_age: '60',
      code_challenge_method: 'S256',
    });
    expect(link.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const state = link.searchParams.get('state') as string;
    const wrongState = await fetch(`http://127.0.0.1:${port}/callback?code=x&state=other`);
    expect(wrongState.status).toBe(400);
    const denied = await fetch(
      `http://127.0.0.1:${port}/callback?error=access_denied&error_description=No&state=${state}`,
    );
    expect(denied.status).toBe(400);
    expect(await denied.text()).toContain('access_denied');
    expect(await process.exit()).toBe(0);
    expect(process.stderr).toContain('Got error: access_denied');
  });

  it('needs a client id', async () => {
    const run = await cli(['perform', 'authorization-code', '--endpoint', 'https://auth.example/']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--client-id');
  });
});
