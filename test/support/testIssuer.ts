// A token issuer for tests: an RS256 key made in the test, its JWKS served by a small local HTTP
// server, and a signer for tokens with any claims (good ones, and every kind of bad one).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

export const TEST_AUDIENCE = 'api://asset-pulse-test';

export interface TestIssuer {
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** a token signed with the published key; `header.kid` and `key` override for forged tokens */
  sign(claims: JWTPayload, options?: SignOptions): Promise<string>;
  /** a key that is not published */
  otherKey(): Promise<CryptoKey>;
  close(): Promise<void>;
}

export interface SignOptions {
  key?: CryptoKey;
  kid?: string;
  issuer?: string;
  audience?: string;
  /** seconds from now */
  expiresIn?: number;
  notBefore?: number;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    res.writeHead(req.url === '/keys' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(req.url === '/keys' ? JSON.stringify({ keys: [jwk] }) : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/tenant/v2.0`;
  return {
    issuer,
    jwksUrl: `${base}/keys`,
    audience: TEST_AUDIENCE,
    async sign(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? jwk.kid })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? TEST_AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresIn ?? 3600));
      if (options.notBefore !== undefined) jwt.setNotBefore(now + options.notBefore);
      return jwt.sign(options.key ?? privateKey);
    },
    async otherKey() {
      return (await generateKeyPair('RS256')).privateKey;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
