import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ENGINES, type TestApp } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { call } from '../../support/http';

type ClientJson = { client_id: string };

/** `rel="next"` of a Link header, resolved against the server. */
function nextLink(link: string | null, base: string): string | undefined {
  const next = (link ?? '').split(',').find((part) => part.includes('rel="next"'));
  const match = next ? /<([^>]+)>/.exec(next) : null;
  return match ? new URL(match[1], base).toString() : undefined;
}

describe.each(TEST_ENGINES)('client list pagination on %s', (engine) => {
  let server: TestApp;
  const ids = Array.from({ length: 250 }, (_, i) => `client-${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    server = await createTestApp(createAdminApp, { engine });
    for (let i = 0; i < ids.length; i += 25) {
      await Promise.all(
        ids.slice(i, i + 25).map((id, j) =>
          call('POST', `${server.url}/admin/clients`, {
            json: {
              client_id: id,
              owner: (i + j) % 2 === 0 ? 'even' : 'odd',
              client_name: id === 'client-007' ? 'Bond' : '',
            },
          }),
        ),
      );
    }
  }, 120_000);
  afterAll(() => server?.close());

  it('walks 250 clients with page_size=100 and sees each exactly once', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let url: string | undefined = `${server.url}/admin/clients?page_size=100`;
    while (url) {
      const page: Awaited<ReturnType<typeof call<ClientJson[]>>> = await call<ClientJson[]>(
        'GET',
        url,
      );
      expect(page.status).toBe(200);
      expect(page.headers.get('link')).toContain('rel="first"');
      sizes.push(page.body.length);
      seen.push(...page.body.map((client) => client.client_id));
      url = nextLink(page.headers.get('link'), server.url);
    }
    expect(sizes).toEqual([100, 100, 50]);
    expect(seen).toEqual(ids);
    expect(new Set(seen).size).toBe(250);
  });

  it('sends Link first and next as Hydra does, keeping the filters', async () => {
    const page = await call<ClientJson[]>('GET', `${server.url}/clients?owner=even&page_size=10`);
    const link = page.headers.get('link') ?? '';
    expect(link).toMatch(
      /^<\/admin\/clients\?owner=even&page_size=10>; rel="first",<\/admin\/clients\?owner=even&page_size=10&page_token=[^>]+>; rel="next"$/,
    );
    expect(page.body).toHaveLength(10);
    expect(page.body.every((client) => Number(client.client_id.slice(-3)) % 2 === 0)).toBe(true);
  });

  it('filters by exact client_name and owner', async () => {
    const bond = await call<ClientJson[]>('GET', `${server.url}/admin/clients?client_name=Bond`);
    expect(bond.body.map((client) => client.client_id)).toEqual(['client-007']);
    expect(
      (await call<ClientJson[]>('GET', `${server.url}/admin/clients?client_name=Bon`)).body,
    ).toEqual([]);
    expect(bond.headers.get('link')).not.toContain('rel="next"');
  });

  it('defaults to 100 per page and caps page_size at 500', async () => {
    expect((await call<ClientJson[]>('GET', `${server.url}/admin/clients`)).body).toHaveLength(100);
    expect(
      (await call<ClientJson[]>('GET', `${server.url}/admin/clients?page_size=0`)).body,
    ).toHaveLength(100);
    const all = await call<ClientJson[]>('GET', `${server.url}/admin/clients?page_size=100000`);
    expect(all.body).toHaveLength(250);
    expect(all.headers.get('link')).toContain('page_size=500');
  });

  it('answers 400 for a tampered, foreign or garbage page_token and a non-numeric page_size', async () => {
    const first = await call<ClientJson[]>('GET', `${server.url}/admin/clients?page_size=100`);
    const token = new URL(nextLink(first.headers.get('link'), server.url)!).searchParams.get(
      'page_token',
    )!;
    const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    for (const bad of [flipped, token.slice(0, 20), 'not-a-token', 'A'.repeat(500), '%%%']) {
      const answer = await call<{ error: string }>(
        'GET',
        `${server.url}/admin/clients?page_token=${encodeURIComponent(bad)}`,
      );
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('The request was malformed or contained invalid parameters');
    }
    expect((await call('GET', `${server.url}/admin/clients?page_size=ten`)).status).toBe(400);
  });
});
