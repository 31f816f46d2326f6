// Settings: process.env parsed once with one zod schema. A missing or bad setting stops start-up
// with a message that names it. Every setting is documented in local.settings.sample.json and the README.
import { resolve } from 'node:path';
import { z } from 'zod';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
/** a required URL with one of the given schemes; the messages never repeat the value (it may hold a password) */
const requiredUrl = (schemes: string[], what: string, whenMissing: string) =>
  z
    .string({ error: `required: ${whenMissing}` })
    .refine(
      (v) => URL.canParse(v) && schemes.includes(new URL(v).protocol.slice(0, -1).toLowerCase()),
      `must be ${what}`,
    );
const rate = z.coerce.number().int().min(0).max(1_000_000);
const burst = z.coerce.number().int().min(1).max(100_000);
/**
 * Values that stand where a secret belongs in samples and docs — local.settings.sample.json's
 * "<generate>", any "<...>" placeholder, the usual stand-ins, a run of one or two characters —
 * are public: a deployment that kept one has no secret at all.
 */
const SAMPLE_SECRETS = new Set([
  'changeme',
  'change-me',
  'change_me',
  'replace-me',
  'replaceme',
  'secret',
  'password',
  'your-secret',
  'your-secret-here',
  'your-key-here',
  'example',
]);
export function isSampleSecret(value: string): boolean {
  const v = value.trim();
  return /^<[^<>]*>$/.test(v) || SAMPLE_SECRETS.has(v.toLowerCase()) || new Set(v).size <= 2;
}
/** a secret setting: not a sample value (named first: it is the likelier mistake), then at least `min` characters */
const secret = (min: number, what: string) =>
  z
    .string()
    .refine((v) => !isSampleSecret(v), {
      message:
        'is a placeholder or sample value, not a secret: set a random one (e.g. openssl rand -base64 32; devhost generates one into local.settings.json)',
      abort: true,
    })
    .refine((v) => v.length >= min, `must be at least ${min} characters (${what})`);
const queueName = z
  .string()
  .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid storage queue name');

/** The settings that say which database to use: all that `npm run db:migrate` and `npm run seed` need. */
export const databaseSettingsSchema = z.object({
  DATABASE_URL: z
    .url()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL')
    .optional(),
  /** "entra": the password is an Entra token of the app's managed identity (Azure Database for PostgreSQL) */
  DATABASE_AUTH: z.enum(['password', 'entra']).default('password'),
  PGLITE_DATA_DIR: z.string().min(1).default('.data/pglite'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
});

/** What one deployment costs: prices per 1,000 tokens in AI_PRICE_CURRENCY. */
const deploymentPrice = z.strictObject({
  inputPer1k: z.number().min(0).max(1_000),
  outputPer1k: z.number().min(0).max(1_000),
});
/** Deployment name to price. The default holds list prices (USD, global deployments) of the models infra/bicep deploys. */
const priceTable = z
  .string()
  .transform((v, ctx) => {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be JSON: {"<deployment>": {"inputPer1k": n, "outputPer1k": n}}',
      });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().min(1).max(64), deploymentPrice));
export const DEFAULT_AI_PRICE_TABLE = {
  'text-embedding-3-small': { inputPer1k: 0.00002, outputPer1k: 0 },
  'gpt-4o-mini': { inputPer1k: 0.00015, outputPer1k: 0.0006 },
  'gpt-4o-mini-batch': { inputPer1k: 0.00015, outputPer1k: 0.0006 },
};
const deploymentName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be an Azure OpenAI deployment name');

export const configSchema = databaseSettingsSchema
  .extend({
    AzureWebJobsStorage: z.string().min(1).optional(),
    AzureWebJobsStorage__queueServiceUri: z.url().optional(),
    DB_MIGRATE_ON_START: flag.default(false),
    USAGE_EVENTS_QUEUE: queueName.default('usage-events'),
    APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().min(1).optional(),
    /** "Authorization=AAD": send telemetry with the managed identity (local auth disabled) */
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: z.string().optional(),
    /** HMAC-SHA256 key of the approval links in e-mails; devhost generates one locally */
    APPROVAL_LINK_SECRET: secret(32, 'a random key'),
    /** the origin links in e-mails point to; default https://$WEBSITE_HOSTNAME (set by Azure and devhost) */
    PUBLIC_BASE_URL: z.url().optional(),
    WEBSITE_HOSTNAME: z.string().min(1).optional(),
    /** the token issuer, exactly as in the `iss` claim (Entra: https://login.microsoftonline.com/<tenant>/v2.0) */
    AUTH_ISSUER: z.url().optional(),
    /** accepted `aud` values, comma-separated (Entra: api://<client-id>,<client-id>) */
    AUTH_AUDIENCE: z
      .string()
      .refine((v) => v.split(',').some((a) => a.trim() !== ''), 'must name at least one audience')
      .optional(),
    /** the issuer's signing keys (Entra: https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys) */
    AUTH_JWKS_URL: z.url().optional(),
    /** where mail goes: smtp://host:587 (STARTTLS when offered) or smtps://host:465, user:password in the URL. devhost sets its sink's. */
    SMTP_URL: requiredUrl(
      ['smtp', 'smtps'],
      'an smtp:// or smtps:// URL',
      'the SMTP relay as smtp(s)://user:password@host:port (devhost fills in its sink when it is empty)',
    ),
    MAIL_FROM: z.string().trim().min(3).default('Asset Pulse <asset-pulse@localhost>'),
    /** the Event Grid topic's endpoint (…/api/events). devhost sets its local topic's. */
    EVENTGRID_TOPIC_ENDPOINT: requiredUrl(
      ['https', 'http'],
      'an https:// URL (http:// for a local topic)',
      'the Event Grid topic endpoint (devhost fills in its local topic when it is empty)',
    ),
    /** an access key; without one the app's managed identity publishes (EventGrid Data Sender) */
    EVENTGRID_TOPIC_KEY: secret(1, 'the key Event Grid gave the topic').optional(),
    /** the CloudEvents `source` of the events this app publishes */
    EVENTS_SOURCE: z.string().trim().min(1).default('/asset-pulse'),
    /** per instance: requests a minute from one client address (before sign-in); 0 turns it off */
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: rate.default(3000),
    RATE_LIMIT_PER_ADDRESS_BURST: burst.default(300),
    /** per instance: requests a minute from one signed-in person or application; 0 turns it off */
    RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE: rate.default(600),
    RATE_LIMIT_PER_PRINCIPAL_BURST: burst.default(60),
    /** purchase requests one employee may submit per UTC day (counted in the database); the next gets 429 */
    PURCHASE_REQUEST_DAILY_LIMIT: z.coerce.number().int().min(1).max(10_000).default(20),
    /** approval mails per approver per UTC hour (counted in the database); further asks go into a digest */
    APPROVAL_MAIL_HOURLY_LIMIT: z.coerce.number().int().min(1).max(1_000).default(10),
    /** the Cosmos DB account (https://<account>.documents.azure.com:443/); without it the recommendation routes answer 503. devhost sets its emulator's. */
    COSMOS_ENDPOINT: z
      .url()
      .refine((v) => /^https:\/\//.test(v), 'must be an https:// URL')
      .optional(),
    /** an account key; without one the app's managed identity signs in (Cosmos DB Built-in Data Contributor) */
    COSMOS_KEY: secret(16, 'the account key Cosmos DB gave').optional(),
    COSMOS_DATABASE: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/, 'must be a database id (letters, digits, - and _)')
      .default('asset-pulse'),
    /** a PEM certificate the Cosmos client (and only it) trusts besides the system's: devhost's emulator */
    COSMOS_CA_CERT_PATH: z.string().min(1).optional(),
    /** how long a cached model answer lives in the llmCache container (its default TTL), in seconds */
    LLM_CACHE_TTL_SECONDS: z.coerce.number().int().min(60).max(31_536_000).default(2_592_000),
    /** https://<account>.openai.azure.com/ — empty: the deterministic local AI provider */
    AZURE_OPENAI_ENDPOINT: requiredUrl(
      ['https', 'http'],
      'an https:// URL (http:// for a local server)',
      '',
    ).optional(),
    /** an API key; without one the app signs in with its managed identity (Cognitive Services OpenAI User) */
    AZURE_OPENAI_API_KEY: secret(16, 'the key of the Azure OpenAI account').optional(),
    /** a GA version that has structured outputs and the Batch API */
    AZURE_OPENAI_API_VERSION: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'must be an API version such as 2024-10-21')
      .default('2024-10-21'),
    AZURE_OPENAI_EMBEDDING_DEPLOYMENT: deploymentName.default('text-embedding-3-small'),
    AZURE_OPENAI_CHAT_DEPLOYMENT: deploymentName.default('gpt-4o-mini'),
    /** a GlobalBatch deployment; without one every chat is a synchronous call */
    AZURE_OPENAI_BATCH_DEPLOYMENT: deploymentName.optional(),
    AZURE_OPENAI_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
    AZURE_OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
    AI_PRICE_TABLE: priceTable.default(DEFAULT_AI_PRICE_TABLE),
    AI_PRICE_CURRENCY: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
      .default('USD'),
    /** fewer rationale items than this in a job: synchronous calls instead of the Batch API */
    AI_BATCH_MIN_ITEMS: z.coerce.number().int().min(1).max(100_000).default(50),
    /** when the nightly similarity job starts: NCRONTAB, 6 fields (seconds first), UTC */
    SIMILARITY_JOB_SCHEDULE: z
      .string()
      .trim()
      .refine(
        (v) => v.split(/\s+/).length === 6,
        'must be an NCRONTAB expression of 6 fields (second minute hour day month weekday), e.g. "0 0 2 * * *"',
      )
      .default('0 0 2 * * *'),
  })
  .refine((c) => c.AzureWebJobsStorage || c.AzureWebJobsStorage__queueServiceUri, {
    message:
      'set AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__queueServiceUri (managed identity)',
    path: ['AzureWebJobsStorage'],
    // also when other settings are wrong, so one start-up names every missing setting
    when: () => true,
  })
  .refine(
    (c) =>
      !c.AZURE_OPENAI_ENDPOINT ||
      [c.AZURE_OPENAI_EMBEDDING_DEPLOYMENT, c.AZURE_OPENAI_CHAT_DEPLOYMENT, c.AZURE_OPENAI_BATCH_DEPLOYMENT]
        .filter((d) => d !== undefined)
        .every((d) => d in c.AI_PRICE_TABLE),
    {
      message:
        'must price every Azure OpenAI deployment in use (AZURE_OPENAI_EMBEDDING/CHAT/BATCH_DEPLOYMENT), so no call is booked at no cost',
      path: ['AI_PRICE_TABLE'],
    },
  )
  .refine((c) => c.PUBLIC_BASE_URL || c.WEBSITE_HOSTNAME, {
    message: 'set PUBLIC_BASE_URL (where approval links in e-mails point)',
    path: ['PUBLIC_BASE_URL'],
  })
  .refine(
    (c) =>
      [c.AUTH_ISSUER, c.AUTH_AUDIENCE, c.AUTH_JWKS_URL].every((v) => v === undefined) ||
      [c.AUTH_ISSUER, c.AUTH_AUDIENCE, c.AUTH_JWKS_URL].every((v) => v !== undefined),
    {
      message: 'set all three of AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL, or none (sign-in off)',
      path: ['AUTH_ISSUER'],
    },
  );

export interface DatabaseSettings {
  databaseUrl: string | undefined;
  auth: 'password' | 'entra';
  pgliteDataDir: string;
  poolMax: number;
}

/** Bearer-token validation; undefined when the AUTH_* settings are absent (every bearer route answers 503). */
export interface AuthSettings {
  issuer: string;
  audiences: string[];
  jwksUrl: string;
}

/** The Azure OpenAI account and its deployments (shared/ai/azure); absent: the local AI provider. */
export interface AzureOpenAiSettings {
  endpoint: string;
  /** undefined: keyless, with the managed identity's Entra token */
  apiKey: string | undefined;
  apiVersion: string;
  embeddingDeployment: string;
  chatDeployment: string;
  /** undefined: no Batch API, synchronous calls only */
  batchDeployment: string | undefined;
  timeoutMs: number;
  maxRetries: number;
}

export interface AiPrice {
  inputPer1k: number;
  outputPer1k: number;
}

/** Prices per deployment (model) name, in one currency; the Batch API costs half. */
export interface AiPriceTable {
  currency: string;
  byModel: Readonly<Record<string, AiPrice>>;
}

export interface AiSettings {
  azureOpenAi: AzureOpenAiSettings | undefined;
  prices: AiPriceTable;
  batchMinItems: number;
  llmCacheTtlSeconds: number;
}

export type Config = z.infer<typeof configSchema> & {
  database: DatabaseSettings;
  auth: AuthSettings | undefined;
  publicBaseUrl: string;
  ai: AiSettings;
};

type AiSettingNames =
  | 'AZURE_OPENAI_ENDPOINT'
  | 'AZURE_OPENAI_API_KEY'
  | 'AZURE_OPENAI_API_VERSION'
  | 'AZURE_OPENAI_EMBEDDING_DEPLOYMENT'
  | 'AZURE_OPENAI_CHAT_DEPLOYMENT'
  | 'AZURE_OPENAI_BATCH_DEPLOYMENT'
  | 'AZURE_OPENAI_TIMEOUT_MS'
  | 'AZURE_OPENAI_MAX_RETRIES'
  | 'AI_PRICE_TABLE'
  | 'AI_PRICE_CURRENCY'
  | 'AI_BATCH_MIN_ITEMS'
  | 'LLM_CACHE_TTL_SECONDS';

export function aiSettingsOf(settings: Pick<z.infer<typeof configSchema>, AiSettingNames>): AiSettings {
  const endpoint = settings.AZURE_OPENAI_ENDPOINT;
  return {
    azureOpenAi: endpoint
      ? {
          endpoint,
          apiKey: settings.AZURE_OPENAI_API_KEY,
          apiVersion: settings.AZURE_OPENAI_API_VERSION,
          embeddingDeployment: settings.AZURE_OPENAI_EMBEDDING_DEPLOYMENT,
          chatDeployment: settings.AZURE_OPENAI_CHAT_DEPLOYMENT,
          batchDeployment: settings.AZURE_OPENAI_BATCH_DEPLOYMENT,
          timeoutMs: settings.AZURE_OPENAI_TIMEOUT_MS,
          maxRetries: settings.AZURE_OPENAI_MAX_RETRIES,
        }
      : undefined,
    prices: { currency: settings.AI_PRICE_CURRENCY, byModel: settings.AI_PRICE_TABLE },
    batchMinItems: settings.AI_BATCH_MIN_ITEMS,
    llmCacheTtlSeconds: settings.LLM_CACHE_TTL_SECONDS,
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The app's folder (where host.json is), from the compiled file's place: dist/shared/platform/config.js. */
export const appRoot = resolve(__dirname, /[\\/]dist[\\/]/.test(__dirname) ? '../../..' : '../..');

/** Parses the settings with one schema; an empty value means "not set" (local.settings.json lists optional ones with ""). */
function parseWith<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`),
    );
  }
  return result.data;
}

function databaseSettingsOf(settings: z.infer<typeof databaseSettingsSchema>): DatabaseSettings {
  return {
    databaseUrl: settings.DATABASE_URL,
    auth: settings.DATABASE_AUTH,
    pgliteDataDir: resolve(appRoot, settings.PGLITE_DATA_DIR),
    poolMax: settings.DB_POOL_MAX,
  };
}

/** PUBLIC_BASE_URL, else the app's own host name (http only on loopback), without a trailing slash. */
function publicBaseUrlOf(settings: {
  PUBLIC_BASE_URL?: string | undefined;
  WEBSITE_HOSTNAME?: string | undefined;
}) {
  if (settings.PUBLIC_BASE_URL) return settings.PUBLIC_BASE_URL.replace(/\/+$/, '');
  const host = settings.WEBSITE_HOSTNAME ?? 'localhost';
  const loopback = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);
  return `${loopback ? 'http' : 'https'}://${host}`;
}

export function parseDatabaseSettings(env: NodeJS.ProcessEnv): DatabaseSettings {
  return databaseSettingsOf(parseWith(databaseSettingsSchema, env));
}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const settings = parseWith(configSchema, env);
  const { AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience, AUTH_JWKS_URL: jwksUrl } = settings;
  const auth =
    issuer && audience && jwksUrl
      ? {
          issuer,
          jwksUrl,
          audiences: audience
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
        }
      : undefined;
  return {
    ...settings,
    database: databaseSettingsOf(settings),
    auth,
    publicBaseUrl: publicBaseUrlOf(settings),
    ai: aiSettingsOf(settings),
  };
}
