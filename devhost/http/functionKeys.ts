// Function keys as the Functions host checks them: `x-functions-key` header or `code` query.
// "function" level accepts the function's own key (DEVHOST_FUNCTION_KEY_<NAME>), the host key and
// the master key; "admin" level only the master key.
import { timingSafeEqual } from 'node:crypto';

export type AuthLevel = 'anonymous' | 'function' | 'admin';

export interface KeyRing {
  hostKey?: string | undefined;
  masterKey?: string | undefined;
  functionKey(functionName: string): string | undefined;
}

export function keyRingFromEnv(env: NodeJS.ProcessEnv): KeyRing {
  return {
    hostKey: env.DEVHOST_HOST_KEY,
    masterKey: env.DEVHOST_MASTER_KEY,
    functionKey: (name) => env[`DEVHOST_FUNCTION_KEY_${name.toUpperCase().replace(/-/g, '_')}`],
  };
}

function sameSecret(given: string, expected: string | undefined): boolean {
  if (!expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isAuthorized(
  level: AuthLevel,
  functionName: string,
  presented: string | undefined,
  keys: KeyRing,
): boolean {
  if (level === 'anonymous') return true;
  if (!presented) return false;
  if (sameSecret(presented, keys.masterKey)) return true;
  if (level === 'admin') return false;
  return sameSecret(presented, keys.hostKey) || sameSecret(presented, keys.functionKey(functionName));
}
