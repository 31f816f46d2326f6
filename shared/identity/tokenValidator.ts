// Bearer JWT validation, the same code locally (devhost's issuer) and in Azure (Entra ID):
// signature against the issuer's JWKS (fetched and cached by jose, refetched for an unknown key id,
// so key rollover needs no restart), issuer, audience, expiry and not-before with a small clock
// tolerance. Only asymmetric algorithms: a token must never be checked with a shared secret.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

export interface TokenValidatorSettings {
  issuer: string;
  /** accepted `aud` values (Entra v2 tokens carry the API's client id, v1 tokens its App ID URI) */
  audiences: string[];
  jwksUrl: string;
  /** seconds of clock skew accepted on exp, nbf and iat; 60 by default */
  clockToleranceSeconds?: number;
}

export type TokenProblem =
  | 'malformed'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'bad-signature'
  | 'unknown-key'
  | 'invalid-claims';

/** A token that cannot be accepted (answered 401). */
export class InvalidTokenError extends Error {
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

/** The issuer's keys could not be fetched: our problem, not the caller's (answered 503). */
export class KeySetUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeySetUnavailableError';
  }
}

export interface TokenValidator {
  /** The token's claims, or InvalidTokenError / KeySetUnavailableError. */
  verify(token: string): Promise<JWTPayload>;
}

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

export function createTokenValidator(
  settings: TokenValidatorSettings,
  keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(settings.jwksUrl), {
    timeoutDuration: 5_000,
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  }),
): TokenValidator {
  const clockTolerance = settings.clockToleranceSeconds ?? 60;
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: settings.issuer,
          audience: settings.audiences,
          algorithms: ALGORITHMS,
          clockTolerance,
          requiredClaims: ['exp'],
        });
        return payload;
      } catch (error) {
        throw translate(error);
      }
    },
  };
}

function translate(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return new InvalidTokenError('expired', 'The token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return new InvalidTokenError('wrong-issuer', 'The token was not issued by the expected issuer.');
      case 'aud':
        return new InvalidTokenError('wrong-audience', 'The token is not meant for this API (audience).');
      case 'nbf':
        return new InvalidTokenError('not-yet-valid', 'The token is not valid yet (nbf).');
      default:
        return new InvalidTokenError('invalid-claims', `The token's "${error.claim}" claim is not valid.`);
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new InvalidTokenError('bad-signature', 'The token signature does not verify.');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
    return new InvalidTokenError(
      'unknown-key',
      'The token is signed with a key the issuer does not publish.',
    );
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return new KeySetUnavailableError(`The issuer's keys could not be read: ${error.message}`);
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new InvalidTokenError(
      'bad-signature',
      'The token is signed with an algorithm that is not accepted.',
    );
  // a plain JOSEError is what jose throws when the key set answers with something other than 200 OK
  if (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC')
    return new KeySetUnavailableError(`The issuer's keys could not be read: ${error.message}`);
  if (error instanceof errors.JOSEError)
    return new InvalidTokenError('malformed', `The token is not a valid JWT (${error.code}).`);
  // fetch failures (connection refused, DNS, bad status) surface as plain errors
  return new KeySetUnavailableError(
    `The issuer's keys could not be fetched: ${error instanceof Error ? error.message : String(error)}`,
  );
}
