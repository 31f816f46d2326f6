// The local issuer's RS256 key pair: generated on the first start and kept under
// <data dir>/identity/, so tokens minted before a restart still validate after it.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { ensurePrivateDir, PRIVATE_FILE } from '../atomicFile';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** the public half as a JWK with kid, alg and use, as the JWKS publishes it */
  publicJwk: JWK;
}

function thumbprint(jwk: JWK): string {
  // RFC 7638: the required members in lexicographic order, no whitespace
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

export function loadOrCreateSigningKey(identityDir: string): SigningKey {
  const file = join(identityDir, 'signing-key.pem');
  ensurePrivateDir(identityDir);
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: PRIVATE_FILE });
    renameSync(temporary, file);
  }
  chmodSync(file, PRIVATE_FILE);
  const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const kid = thumbprint(jwk);
  return { kid, privateKey, publicJwk: { kty: jwk.kty, n: jwk.n, e: jwk.e, kid, alg: 'RS256', use: 'sig' } };
}
