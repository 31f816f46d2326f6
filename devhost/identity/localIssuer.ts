// devhost's stand-in for Entra ID: an issuer URL on devhost itself, an OpenID discovery document,
// a JWKS, and RS256 access tokens shaped like Entra's v2 tokens (tid, oid, sub, email with the
// optional xms_edov, name, roles, scp or idtyp, and the optional `group` claim). The app validates them with the same code as in Azure.
import { SignJWT, type JWTPayload } from 'jose';
import { join } from 'node:path';
import { loadOrCreateSigningKey, type SigningKey } from './signingKey';
import type { SignInPerson } from './signInDirectory';

export const LOCAL_AUDIENCE = 'api://asset-pulse-local';
export const ISSUER_PATH = '/dev/identity';
export const JWKS_PATH = `${ISSUER_PATH}/keys`;
export const TOKEN_PATH = `${ISSUER_PATH}/token`;
export const DISCOVERY_PATH = `${ISSUER_PATH}/.well-known/openid-configuration`;
export const DEFAULT_LIFETIME_SECONDS = 3600;
/**
 * The tenant (`tid`) of every token this issuer mints: one local directory, like one Entra tenant.
 * The API binds people by tid + oid, so it stays the same across restarts and machines.
 */
export const LOCAL_TENANT_ID = '00000000-0000-4000-8000-00000000a55e';

export interface MintOptions {
  /** seconds from now; negative gives an already expired token (tests) */
  expiresInSeconds?: number;
  /** nbf = now + this; positive gives a token that is not valid yet (tests) */
  notBeforeInSeconds?: number;
  audience?: string;
  /** replaces the roles */
  roles?: string[];
  /** extra or replaced claims */
  claims?: Record<string, unknown>;
}

export interface MintedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export class LocalIssuer {
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly audience: string;
  readonly #key: SigningKey;

  constructor(origin: string, dataDir: string, audience = LOCAL_AUDIENCE) {
    this.issuer = `${origin}${ISSUER_PATH}`;
    this.jwksUrl = `${origin}${JWKS_PATH}`;
    this.audience = audience;
    this.#key = loadOrCreateSigningKey(join(dataDir, 'identity'));
  }

  /** the settings the app reads, pointing at this issuer */
  settings(): Record<'AUTH_ISSUER' | 'AUTH_AUDIENCE' | 'AUTH_JWKS_URL', string> {
    return { AUTH_ISSUER: this.issuer, AUTH_AUDIENCE: this.audience, AUTH_JWKS_URL: this.jwksUrl };
  }

  jwks(): { keys: unknown[] } {
    return { keys: [this.#key.publicJwk] };
  }

  discovery(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      jwks_uri: this.jwksUrl,
      token_endpoint: `${this.issuer}/token`,
      authorization_endpoint: this.issuer.replace(ISSUER_PATH, '/dev/login'),
      response_types_supported: ['token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      claims_supported: [
        'sub',
        'oid',
        'tid',
        'email',
        'xms_edov',
        'name',
        'preferred_username',
        'roles',
        'group',
        'iss',
        'aud',
      ],
    };
  }

  mintForPerson(person: SignInPerson, options: MintOptions = {}): Promise<MintedToken> {
    return this.#mint(
      {
        sub: person.subject,
        oid: person.subject,
        tid: LOCAL_TENANT_ID,
        email: person.email,
        // The directory's addresses are its own verified domain (Entra's optional claim says so).
        xms_edov: true,
        preferred_username: person.email,
        name: person.displayName,
        roles: options.roles ?? person.roles,
        ...(person.group ? { group: person.group } : {}),
        scp: 'access_as_user',
        idtyp: 'user',
        ver: '2.0',
      },
      options,
    );
  }

  mintForApp(clientId: string, roles: string[], options: MintOptions = {}): Promise<MintedToken> {
    return this.#mint(
      {
        sub: clientId,
        oid: clientId,
        tid: LOCAL_TENANT_ID,
        azp: clientId,
        roles: options.roles ?? roles,
        idtyp: 'app',
        ver: '2.0',
      },
      options,
    );
  }

  async #mint(claims: JWTPayload, options: MintOptions): Promise<MintedToken> {
    const now = Math.floor(Date.now() / 1000);
    const lifetime = options.expiresInSeconds ?? DEFAULT_LIFETIME_SECONDS;
    const exp = now + lifetime;
    const iat = Math.min(now, exp - 60);
    const nbf = options.notBeforeInSeconds !== undefined ? now + options.notBeforeInSeconds : iat;
    const token = await new SignJWT({ ...claims, ...options.claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.#key.kid })
      .setIssuer(this.issuer)
      .setAudience(options.audience ?? this.audience)
      .setIssuedAt(iat)
      .setNotBefore(nbf)
      .setExpirationTime(exp)
      .sign(this.#key.privateKey);
    return { access_token: token, token_type: 'Bearer', expires_in: lifetime };
  }
}
