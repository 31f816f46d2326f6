// The runtime configuration: /config.json beside the build, read once at start. One build serves
// every environment; devhost answers /config.json itself, Azure serves a deployed file.
import * as z from 'zod/mini';

export const runtimeConfigSchema = z.object({
  /** "entra": MSAL against Entra ID; "devhost": devhost's local issuer and its /dev/login page */
  mode: z.enum(['entra', 'devhost']),
  /** the token issuer, e.g. https://login.microsoftonline.com/<tenant>/v2.0 */
  issuer: z.url(),
  /** the portal's app registration (Entra) */
  clientId: z.string().check(z.minLength(1)),
  /** the API scope the portal asks a token for, e.g. api://asset-pulse/access_as_user */
  apiScope: z.string().check(z.minLength(1)),
  /** where the API is, "/api" when it is linked to the static web app */
  apiBase: z.string().check(z.minLength(1)),
  /** devhost: the sign-in page (default: <issuer origin>/dev/login) */
  loginUrl: z.optional(z.url()),
  /** Entra: the authority (default: the issuer without /v2.0) */
  authority: z.optional(z.url()),
});

export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

export class ConfigError extends Error {}

export async function loadRuntimeConfig(fetchImpl: typeof fetch = fetch): Promise<RuntimeConfig> {
  let response: Response;
  try {
    response = await fetchImpl('/config.json', { cache: 'no-store' });
  } catch {
    throw new ConfigError('The portal could not load its configuration (/config.json): no answer.');
  }
  if (!response.ok)
    throw new ConfigError(`The portal could not load its configuration (/config.json): ${response.status}.`);
  const parsed = runtimeConfigSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(file)').join(', ');
    throw new ConfigError(`/config.json is not valid (${fields}).`);
  }
  return { ...parsed.data, apiBase: parsed.data.apiBase.replace(/\/+$/, '') };
}
