import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ENGINES, type TestApp } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { call } from '../../support/http';

type Jwk = Record<string, unknown> & { kid: string };
type KeySet = { keys: Jwk[] };

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

function rsaJwk(kid: string, alg = 'RS256') {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateJwk: { ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' } as Jwk,
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' } as Jwk,
  };
}

describe.each(TEST_ENGINES)('/admin/keys on %s', (engine) => {
  let server: TestApp;
  let keys: string;

  beforeAll(async () => {
    server = await createTestApp(createAdminApp, { engine });
    keys = `${server.url}/admin/keys`;
  });
  afterAll(() => server?.close());

  describe('create (POST)', () => {
    it.each([
      ['RS256', 'RSA', undefined],
      ['PS384', 'RSA', undefined],
      ['ES256', 'EC', 'P-256'],
      ['ES384', 'EC', 'P-384'],
      ['ES512', 'EC', 'P-521'],
      ['EdDSA', 'OKP', 'Ed25519'],
    ])('generates %s keys with private parts, 201 and a Location', async (alg, kty, crv) => {
      const answer = await call<KeySet>('POST', `${keys}/generated`, {
        json: { alg, use: 'sig', kid: `key-${alg}` },
      });
      expect(answer.status).toBe(201);
      expect(answer.headers.get('location')).toBe('/admin/keys/generated');
      expect(answer.body.keys).toHaveLength(1);
      expect(answer.body.keys[0]).toMatchObject({
        kid: `key-${alg}`,
        alg,
        use: 'sig',
        kty,
        ...(crv ? { crv } : {}),
      });
      expect(answer.body.keys[0].d).toBeTypeOf('string');
    });

    it('generates a kid when none is given', async () => {
      const answer = await call<KeySet>('POST', `${keys}/no-kid`, {
        json: { alg: 'ES256', use: 'sig' },
      });
      expect(answer.body.keys[0].kid).toMatch(/^[0-9a-f-]{36}$/);
    });

    it.each([
      ['HS256', { alg: 'HS256', use: 'sig' }],
      ['HS512', { alg: 'HS512', use: 'sig' }],
      ['no alg', { use: 'sig' }],
      ['an unknown use', { alg: 'ES256', use: 'both' }],
      ['a number kid', { alg: 'ES256', use: 'sig', kid: 5 }],
    ])('refuses %s with 400', async (_case, body) => {
      const answer = await call<Record<string, string>>('POST', `${keys}/refused`, { json: body });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('The request was malformed or contained invalid parameters');
    });

    it('takes a set id of 255 characters and refuses a longer one with 400 on every write', async () => {
      const longest = 's'.repeat(255);
      const created = await call('POST', `${keys}/${longest}`, {
        json: { alg: 'ES256', use: 'sig' },
      });
      expect(created.status).toBe(201);
      const tooLong = `${keys}/${'s'.repeat(256)}`;
      const { publicJwk } = rsaJwk('long-set-key');
      const writes: Array<[string, string, unknown]> = [
        ['POST', tooLong, { alg: 'ES256', use: 'sig' }],
        ['PUT', tooLong, { keys: [publicJwk] }],
        ['PUT', `${tooLong}/long-set-key`, publicJwk],
      ];
      for (const [method, url, json] of writes) {
        const answer = await call<Record<string, string>>(method, url, { json });
        expect(answer.status, method).toBe(400);
        expect(answer.body.error).toBe('The request was malformed or contained invalid parameters');
      }
    });

    it('refuses a kid that the set already has with 409, and invalid JSON with 400', async () => {
      await call('POST', `${keys}/dup`, { json: { alg: 'ES256', use: 'sig', kid: 'same' } });
      expect(
        (await call('POST', `${keys}/dup`, { json: { alg: 'ES256', use: 'sig', kid: 'same' } }))
          .status,
      ).toBe(409);
      expect(
        (
          await call('POST', `${keys}/dup`, {
            body: '{"alg":',
            headers: { 'content-type': 'application/json' },
          })
        ).status,
      ).toBe(400);
    });
  });

  describe('read (GET)', () => {
    it('returns a set newest first with private parts, and one key by kid', async () => {
      await call('POST', `${keys}/ordered`, { json: { alg: 'ES256', use: 'sig', kid: 'first' } });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await call('POST', `${keys}/ordered`, { json: { alg: 'ES256', use: 'sig', kid: 'second' } });
      const set = await call<KeySet>('GET', `${keys}/ordered`);
      expect(set.body.keys.map((key) => key.kid)).toEqual(['second', 'first']);
      const one = await call<KeySet>('GET', `${keys}/ordered/first`);
      expect(one.body.keys.map((key) => key.kid)).toEqual(['first']);
      expect(one.body.keys[0].d).toBeTypeOf('string');
    });

    it("answers 404 with Hydra's bodies for an unknown set and an unknown key", async () => {
      expect((await call('GET', `${keys}/nothing-here`)).body).toEqual({
        error: 'Not Found',
        error_description: 'Unable to locate the requested resource',
      });
      expect((await call('GET', `${keys}/ordered/nothing-here`)).body).toEqual({
        error: 'Unable to locate the resource',
        error_description: '',
      });
      expect((await call('GET', `${keys}/nothing-here/nothing`)).status).toBe(404);
    });
  });

  describe('import (PUT)', () => {
    it('replaces a whole set with valid keys; the first one signs', async () => {
      const rsa = rsaJwk('imported-rsa');
      const ec = {
        ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }),
        kid: 'imported-ec',
        alg: 'ES256',
        use: 'sig',
      };
      await call('POST', `${keys}/replaced`, { json: { alg: 'ES256', use: 'sig', kid: 'old' } });
      const answer = await call<KeySet>('PUT', `${keys}/replaced`, {
        json: { keys: [rsa.privateJwk, ec] },
      });
      expect(answer.status).toBe(200);
      const stored = await call<KeySet>('GET', `${keys}/replaced`);
      expect(stored.body.keys.map((key) => key.kid)).toEqual(['imported-rsa', 'imported-ec']);
    });

    it.each([
      ['a symmetric key', { kty: 'oct', k: 'c2VjcmV0', kid: 'sym', alg: 'HS256' }],
      ['a key without kid', { ...rsaJwk('x').publicJwk, kid: undefined }],
      ['an alg that does not fit the key', { ...rsaJwk('x').publicJwk, alg: 'ES256' }],
      [
        'a private part that belongs to another key',
        { ...rsaJwk('x').privateJwk, n: rsaJwk('y').publicJwk.n },
      ],
      ['broken key material', { kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'broken', alg: 'RS256' }],
      ['an unknown use', { ...rsaJwk('x').publicJwk, use: 'both' }],
    ])('refuses %s with 400', async (_case, key) => {
      const answer = await call<Record<string, string>>('PUT', `${keys}/invalid`, {
        json: { keys: [key] },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('The request was malformed or contained invalid parameters');
    });

    it('refuses bodies that are not key sets and duplicate kids', async () => {
      for (const body of [[], { keys: 'x' }, 'keys'])
        expect((await call('PUT', `${keys}/invalid`, { json: body })).status).toBe(400);
      const key = rsaJwk('twice').publicJwk;
      expect((await call('PUT', `${keys}/invalid`, { json: { keys: [key, key] } })).status).toBe(
        400,
      );
    });

    it('puts one key by kid, taking the kid of the path when the body has none', async () => {
      const { publicJwk } = rsaJwk('single');
      const answer = await call<Jwk>('PUT', `${keys}/singles/single`, { json: publicJwk });
      expect(answer.status).toBe(200);
      expect(answer.body.kid).toBe('single');
      const withoutKid = { ...rsaJwk('ignored').publicJwk, kid: undefined };
      expect(
        (await call<Jwk>('PUT', `${keys}/singles/from-path`, { json: withoutKid })).body.kid,
      ).toBe('from-path');
      expect((await call('PUT', `${keys}/singles/other`, { json: publicJwk })).status).toBe(400);
      expect(
        (await call<KeySet>('GET', `${keys}/singles`)).body.keys.map((key) => key.kid).sort(),
      ).toEqual(['from-path', 'single']);
    });
  });

  describe('delete', () => {
    it('deletes keys and sets with 204, also when they do not exist', async () => {
      await call('POST', `${keys}/doomed`, { json: { alg: 'ES256', use: 'sig', kid: 'a' } });
      await call('POST', `${keys}/doomed`, { json: { alg: 'ES256', use: 'sig', kid: 'b' } });
      expect((await call('DELETE', `${keys}/doomed/a`)).status).toBe(204);
      expect((await call<KeySet>('GET', `${keys}/doomed`)).body.keys.map((key) => key.kid)).toEqual(
        ['b'],
      );
      expect((await call('DELETE', `${keys}/doomed`)).status).toBe(204);
      expect((await call('GET', `${keys}/doomed`)).status).toBe(404);
      expect((await call('DELETE', `${keys}/doomed`)).status).toBe(204);
      expect((await call('DELETE', `${keys}/doomed/a`)).status).toBe(204);
    });
  });

  it('stores keys only as ciphertext', async () => {
    const created = await call<KeySet>('POST', `${keys}/at-rest`, {
      json: { alg: 'RS256', use: 'sig', kid: 'secret-key' },
    });
    const rows: Array<{ key_data: string }> = await server.runtime.dataSource.query(
      'SELECT key_data FROM json_web_key',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.key_data).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(row.key_data).not.toContain(String(created.body.keys[0].n).slice(0, 40));
    }
    for (const member of PRIVATE_MEMBERS) expect(JSON.stringify(rows)).not.toContain(`"${member}"`);
  });
});
