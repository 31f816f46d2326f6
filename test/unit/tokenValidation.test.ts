// Bearer-token validation with keys made here and a JWKS served over HTTP, as Entra publishes it:
// what a caller with a good token, a stale one, a forged one or one for another API experiences.
import { HttpRequest } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../shared/identity/authenticate';
import { createAuthenticator } from '../../shared/identity/authenticator';
import type {
  EmployeeIdentities,
  EmployeeIdentity,
  TokenIdentity,
} from '../../shared/identity/employeeIdentities';
import {
  createTokenValidator,
  InvalidTokenError,
  KeySetUnavailableError,
  type TokenValidator,
} from '../../shared/identity/tokenValidator';
import { startTestIssuer, type TestIssuer } from '../support/testIssuer';

let issuer: TestIssuer;
let validator: TokenValidator;

const TENANT = '7f3c2a10-0000-4000-8000-000000000001';
const person = {
  sub: 'subject-1',
  tid: TENANT,
  oid: 'oid-ada',
  email: 'Ada.Lind@TST.example.com',
  xms_edov: true,
  roles: ['Employee'],
};

async function problemOf(token: string) {
  try {
    await validator.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) return error.problem;
    throw error;
  }
  return 'accepted';
}

describe('token validation', () => {
  beforeAll(async () => {
    issuer = await startTestIssuer();
    validator = createTokenValidator({
      issuer: issuer.issuer,
      audiences: [issuer.audience, 'client-id-guid'],
      jwksUrl: issuer.jwksUrl,
    });
  });
  afterAll(async () => {
    await issuer?.close();
  });

  it('accepts a good token and returns its claims', async () => {
    const claims = await validator.verify(await issuer.sign(person));
    expect(claims).toMatchObject({ sub: 'subject-1', roles: ['Employee'], iss: issuer.issuer });
  });

  it('accepts any of the configured audiences (Entra v2 tokens carry the client id)', async () => {
    expect(await problemOf(await issuer.sign(person, { audience: 'client-id-guid' }))).toBe('accepted');
  });

  it('refuses a token from another issuer', async () => {
    const token = await issuer.sign(person, { issuer: 'https://login.microsoftonline.com/other/v2.0' });
    expect(await problemOf(token)).toBe('wrong-issuer');
  });

  it('refuses a token for another API', async () => {
    expect(await problemOf(await issuer.sign(person, { audience: 'api://someone-else' }))).toBe(
      'wrong-audience',
    );
  });

  it('refuses an expired token, beyond the clock tolerance', async () => {
    expect(await problemOf(await issuer.sign(person, { expiresIn: -120 }))).toBe('expired');
  });

  it('tolerates a minute of clock skew', async () => {
    expect(await problemOf(await issuer.sign(person, { expiresIn: -20 }))).toBe('accepted');
    expect(await problemOf(await issuer.sign(person, { notBefore: 20 }))).toBe('accepted');
  });

  it('refuses a token that is not valid yet', async () => {
    expect(await problemOf(await issuer.sign(person, { notBefore: 600 }))).toBe('not-yet-valid');
  });

  it('refuses a token signed by another key under the published key id', async () => {
    const forged = await issuer.sign(person, { key: await issuer.otherKey() });
    expect(await problemOf(forged)).toBe('bad-signature');
  });

  it('refuses a token signed with a key the issuer does not publish', async () => {
    const token = await issuer.sign(person, { key: await issuer.otherKey(), kid: 'unknown-kid' });
    expect(await problemOf(token)).toBe('unknown-key');
  });

  it('refuses something that is not a JWT', async () => {
    expect(await problemOf('not.a.jwt')).toBe('malformed');
  });

  it('accepts a token without roles (roles are the authenticator’s business)', async () => {
    const claims = await validator.verify(await issuer.sign({ sub: 'x', email: 'x@y.z' }));
    expect(claims.roles).toBeUndefined();
  });

  it('says the key set is unavailable (not that the token is bad) when the JWKS cannot be fetched', async () => {
    const broken = createTokenValidator({
      issuer: issuer.issuer,
      audiences: [issuer.audience],
      jwksUrl: issuer.jwksUrl.replace('/keys', '/missing'),
    });
    await expect(broken.verify(await issuer.sign(person))).rejects.toBeInstanceOf(KeySetUnavailableError);
  });
});

describe('authenticate (HTTP)', () => {
  const ada: EmployeeIdentity = {
    employeeId: 7,
    companyId: 2,
    companyCode: 'TST',
    groupId: 1,
    groupCode: 'TESTG',
    email: 'ada.lind@tst.example.com',
    displayName: 'Ada Lind',
    status: 'active',
  };
  // The directory is tested against a database (test/db/identityScope.test.ts); here, one person,
  // bound to oid-ada, and a record of what the authenticator asked it.
  const asked: TokenIdentity[] = [];
  const identities: EmployeeIdentities = {
    resolve: (identity) => {
      asked.push(identity);
      if (identity.objectId === 'oid-ada') return Promise.resolve({ kind: 'found', employee: ada });
      if (identity.verifiedEmail === ada.email)
        return Promise.resolve({ kind: 'conflict', email: ada.email });
      return Promise.resolve({ kind: 'unknown' });
    },
  };
  const request = (token?: string) =>
    new HttpRequest({
      url: 'http://localhost/api/me',
      method: 'GET',
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const deps = () => ({ authenticator: createAuthenticator(validator, identities) });

  it('answers 401 with a Bearer challenge when there is no token', async () => {
    const result = await authenticate(request(), deps());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.response.status).toBe(401);
    expect(result.response.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'www-authenticate': 'Bearer',
    });
  });

  it('answers 401 invalid_token for an expired token, saying so', async () => {
    const result = await authenticate(request(await issuer.sign(person, { expiresIn: -3600 })), deps());
    if (result.ok) throw new Error('accepted an expired token');
    expect(result.response.status).toBe(401);
    expect((result.response.headers as Record<string, string>)['www-authenticate']).toMatch(
      /^Bearer error="invalid_token", error_description="The token has expired\."/,
    );
    expect(result.response.jsonBody).toMatchObject({ status: 401, detail: 'The token has expired.' });
  });

  it('maps a person by tenant and object id and makes them an Employee even without a roles claim', async () => {
    const result = await authenticate(
      request(await issuer.sign({ sub: 's', tid: TENANT, oid: 'oid-ada', email: 'renamed@tst.example.com' })),
      deps(),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.response.jsonBody));
    expect(result.principal).toMatchObject({
      kind: 'user',
      employeeId: 7,
      email: ada.email,
      companyCode: 'TST',
      groupWide: false,
    });
    expect([...result.principal.roles]).toEqual(['Employee']);
  });

  it('passes on a verified e-mail only (email with xms_edov or email_verified), lower-cased', async () => {
    for (const proof of [{ xms_edov: true }, { email_verified: true }, { xms_edov: 'true' }]) {
      asked.length = 0;
      await authenticate(
        request(
          await issuer.sign({ tid: TENANT, oid: 'oid-new', email: 'ADA.lind@tst.example.com', ...proof }),
        ),
        deps(),
      );
      expect(asked).toEqual([{ tenantId: TENANT, objectId: 'oid-new', verifiedEmail: ada.email }]);
    }
  });

  it('never signs in by preferred_username, upn or an unverified e-mail', async () => {
    for (const claims of [
      { preferred_username: 'ADA.LIND@tst.example.com', scp: 'access_as_user' },
      { upn: ada.email, scp: 'access_as_user' },
      { email: ada.email },
      { email: ada.email, email_verified: false },
      { email: ada.email, xms_edov: false },
      { email: 'not-an-address', xms_edov: true },
      { preferred_username: ada.email, email: 'someone@else.example.com' },
    ]) {
      asked.length = 0;
      const result = await authenticate(
        request(await issuer.sign({ sub: 'unknown', tid: TENANT, oid: 'oid-unknown', ...claims })),
        deps(),
      );
      if (result.ok) throw new Error(`signed in with ${JSON.stringify(claims)}`);
      expect(result.response.status).toBe(403);
      expect(result.response.headers).toMatchObject({ 'content-type': 'application/problem+json' });
      expect(asked).toEqual([{ tenantId: TENANT, objectId: 'oid-unknown', verifiedEmail: undefined }]);
    }
  });

  it('refuses with 403 a token whose ids contradict the binding of its verified e-mail', async () => {
    const result = await authenticate(
      request(await issuer.sign({ tid: TENANT, oid: 'oid-thief', email: ada.email, xms_edov: true })),
      deps(),
    );
    if (result.ok) throw new Error('took over a bound person');
    expect(result.response.status).toBe(403);
    expect(result.response.jsonBody).toMatchObject({
      status: 403,
      detail: expect.stringMatching(/another account/) as unknown,
    });
  });

  it('answers 401 to a person’s token without a tenant or object id', async () => {
    for (const claims of [
      { oid: 'oid-ada', email: ada.email, xms_edov: true, scp: 'access_as_user' },
      { tid: TENANT, sub: 'oid-ada', email: ada.email, xms_edov: true, scp: 'access_as_user' },
    ]) {
      const result = await authenticate(request(await issuer.sign(claims)), deps());
      if (result.ok) throw new Error('accepted');
      expect(result.response.status).toBe(401);
      expect(result.response.jsonBody).toMatchObject({
        detail: expect.stringMatching(/tid, oid/) as unknown,
      });
    }
  });

  it('ignores unknown roles and Ingest on a person; a group claim naming another group gives no group reach', async () => {
    const token = await issuer.sign({
      ...person,
      email: ada.email,
      roles: ['HR', 'Wizard', 'Ingest'],
      group: 'OTHER',
    });
    const result = await authenticate(request(token), deps());
    if (!result.ok) throw new Error('refused');
    expect([...result.principal.roles].sort()).toEqual(['Employee', 'HR']);
    expect(result.principal.kind === 'user' && result.principal.groupWide).toBe(false);
  });

  it('makes HR group-wide with a group claim of the group code, or true', async () => {
    for (const group of ['TESTG', true]) {
      const token = await issuer.sign({ ...person, email: ada.email, roles: ['HR'], group });
      const result = await authenticate(request(token), deps());
      expect(result.ok && result.principal.kind === 'user' && result.principal.groupWide).toBe(true);
    }
  });

  it('refuses a person Asset Pulse does not know with 403', async () => {
    const result = await authenticate(
      request(
        await issuer.sign({
          tid: TENANT,
          oid: 'oid-stranger',
          email: 'stranger@else.example.com',
          xms_edov: true,
        }),
      ),
      deps(),
    );
    if (result.ok) throw new Error('accepted a stranger');
    expect(result.response.status).toBe(403);
    expect(result.response.jsonBody).toMatchObject({
      detail: expect.stringMatching(/No employee .*stranger@else/) as unknown,
    });
  });

  it('takes a client-credentials token as an application with the Ingest role only', async () => {
    const token = await issuer.sign({
      sub: 'sp-1',
      azp: 'pipeline-1',
      idtyp: 'app',
      roles: ['Ingest', 'Admin'],
    });
    const result = await authenticate(request(token), deps());
    if (!result.ok) throw new Error('refused');
    expect(result.principal).toMatchObject({ kind: 'app', clientId: 'pipeline-1' });
    expect([...result.principal.roles]).toEqual(['Ingest']);
  });

  it('refuses an application token without any Asset Pulse role with 403', async () => {
    const result = await authenticate(request(await issuer.sign({ sub: 'sp-2', azp: 'pipeline-2' })), deps());
    if (result.ok) throw new Error('accepted');
    expect(result.response.status).toBe(403);
  });
});
