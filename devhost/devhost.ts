// devhost: a local host for a v4 Node.js Functions app folder (its host.json, package.json `main`
// and local.settings.json). It loads the compiled app with devhost's `@azure/functions-core`, starts
// Azurite when the storage connection points at this machine, and runs HTTP, queue, timer and Event
// Grid triggers with the Functions runtime's semantics (mail goes to a local SMTP sink, events to a
// local topic). A development and test host, not a production runtime: production runs on Azure
// Functions.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadApp, provideCoreModule } from './appLoader';
import { ensurePrivateDir } from './atomicFile';
import { FunctionsCoreApi, type RegisteredFunction } from './coreApi';
import { loadLocalSettings, readHostSettings, type HostSettings } from './hostSettings';
import { HttpHost } from './http/httpHost';
import { keyRingFromEnv } from './http/functionKeys';
import { requestBodyLimitsFromEnv } from './http/requestBodyLimits';
import { consoleInvocationLog, type InvocationLog } from './invocationLog';
import { Invoker } from './invoker';
import { QueueListener } from './queue/queueListener';
import { queueServiceFor } from './queue/storageConnection';
import { emulatorEndpoints, ensureAzurite, type RunningAzurite } from './services/azurite';
import { startCosmosForDevhost, type RunningCosmos } from './services/cosmos';
import { TimerScheduler } from './timer/timerScheduler';
import { startDurable } from './durable/durableHosting';
import { LocalIssuer } from './identity/localIssuer';
import { mountIdentity } from './identity/identityRoutes';
import { loadSignInDirectory } from './identity/signInDirectory';
import { PORTAL_CONFIG_PATH, portalConfig, sendPortalConfig } from './identity/portalConfig';
import { createServer } from 'node:net';
import { startMailForDevhost } from './mail/smtpSink';
import { startEventGridForDevhost } from './eventgrid/eventGridHosting';
import { OutputBindings, unsupportedBindings } from './bindings/outputBindings';

export interface DevHostOptions {
  appDir: string;
  port: number;
  host: string;
  /** where devhost keeps Azurite's data; defaults to <app>/.data */
  dataDir?: string | undefined;
  /** static web folder served at /; defaults to <app>/web/dist, then <app>/web */
  staticDir?: string | undefined;
  env?: NodeJS.ProcessEnv;
  log?: InvocationLog;
}

export interface StartedHost {
  url: string;
  apiBase: string;
  hostKey: string | undefined;
  functions: RegisteredFunction[];
  http: HttpHost;
  timers: { name: string; schedule: string; next: Date | null }[];
  queues: string[];
  azurite: RunningAzurite | undefined;
  /** the Cosmos DB emulator, when the app's COSMOS_ENDPOINT was not set (then devhost set it) */
  cosmos: RunningCosmos | undefined;
  settings: HostSettings;
  /** the local issuer, when the app's AUTH_* settings were not set (then devhost set them) */
  signIn: { loginUrl: string; issuer: string; directory: boolean } | undefined;
  stop(): Promise<void>;
}

/** A free port on the host, for `--port 0`: the issuer URL must be known before the app loads. */
function pickFreePort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const AUTH_SETTINGS = ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'] as const;

function defaultStaticDir(appDir: string): string | undefined {
  return [join(appDir, 'web', 'dist'), join(appDir, 'web')].find((dir) =>
    existsSync(join(dir, 'index.html')),
  );
}

export async function startDevHost(options: DevHostOptions): Promise<StartedHost> {
  const env = options.env ?? process.env;
  const appDir = resolve(options.appDir);
  const log = options.log ?? consoleInvocationLog();
  const dataDir = resolve(options.dataDir ?? env.DEVHOST_DATA_DIR ?? join(appDir, '.data'));

  loadLocalSettings(appDir, env);
  // Keys, mail with live approval links, the database: the data folder is for its owner only.
  ensurePrivateDir(dataDir);
  const settings = readHostSettings(appDir, env);
  const limits = requestBodyLimitsFromEnv(env);
  // Before the app loads: they fill in SMTP_URL and EVENTGRID_TOPIC_* when those are not set.
  const mail = await startMailForDevhost({ env, dataDir, log });
  const eventGrid = await startEventGridForDevhost({ env, dataDir, log });
  // and COSMOS_ENDPOINT, COSMOS_KEY and COSMOS_CA_CERT_PATH, the emulator's
  const cosmos = await startCosmosForDevhost({ env, dataDir, log });
  // The emulator is a process of its own: a start-up that fails from here on must not leave it behind.
  try {
    // The local issuer: its URL goes into the app's settings before the app loads (the app reads its
    // configuration in appStart, before devhost listens), so the port must be known now.
    const port = options.port === 0 ? await pickFreePort(options.host) : options.port;
    const origin = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`;
    // Like the Functions runtime, which sets it in Azure: the app builds links to itself from it.
    if (!env.WEBSITE_HOSTNAME) env.WEBSITE_HOSTNAME = new URL(origin).host;
    let issuer: LocalIssuer | undefined;
    if (AUTH_SETTINGS.every((name) => !env[name])) {
      issuer = new LocalIssuer(origin, dataDir);
      Object.assign(env, issuer.settings());
    }

    const core = new FunctionsCoreApi((level, category, message) => {
      if (category === 'system' && (level === 'debug' || level === 'trace')) return;
      log.user(category === 'system' ? 'worker' : 'app', level, message);
    });
    provideCoreModule(core);
    loadApp(appDir);
    const functions = [...core.functions.values()];
    if (functions.length === 0) throw new Error(`The app in ${appDir} registered no functions.`);
    // Before anything runs (and before Azurite starts): a binding devhost would have to drop stops it.
    const unsupported = unsupportedBindings(
      functions,
      { inputs: ['durableclient', 'orchestrationclient'] },
      env,
    );
    if (unsupported.length > 0) {
      throw new Error(
        `the app uses bindings devhost cannot run, so they would be dropped without a word:\n  ${unsupported.join('\n  ')}`,
      );
    }

    let azurite: RunningAzurite | undefined;
    const storage = env.AzureWebJobsStorage;
    const endpoints = storage ? emulatorEndpoints(storage) : undefined;
    if (endpoints) azurite = await ensureAzurite(endpoints, dataDir, (m) => log.host(m));
    // Loaded after the app, in this process: the directory module uses the app's own services.
    const signInDirectory = issuer ? loadSignInDirectory(appDir, env.DEVHOST_SIGNIN_DIRECTORY) : undefined;

    const appHookData: Record<string, unknown> = {};
    const invoker = new Invoker(
      core,
      (fn, _id, level, message) => log.user(fn.metadata.name, level, message),
      appHookData,
    );
    const outputs = new OutputBindings(env, settings.queues);
    invoker.outputWriter = (fn, request, result) => outputs.write(fn, request, result);
    for (const hook of core.hooks.appStart) {
      await hook({ hookData: {}, appHookData, functionAppDirectory: appDir });
    }
    // As the worker does once the app has started: ask the programming model what it can do. With
    // `app.setup({ enableHttpStream: true })`, @azure/functions starts its HTTP server for streamed
    // requests here and names it in the HttpUri capability.
    const capabilities = (await core.programmingModel.getCapabilities?.({})) ?? {};
    const httpUri = typeof capabilities.HttpUri === 'string' ? capabilities.HttpUri : undefined;
    if (httpUri) log.host(`http: the app streams request and response bodies (worker at ${httpUri})`);

    const keys = keyRingFromEnv(env);
    const http = new HttpHost({
      routePrefix: settings.routePrefix,
      functions,
      invoker,
      keys,
      log,
      staticRoot: options.staticDir ?? defaultStaticDir(appDir),
      limits,
      httpUri,
    });
    if (issuer) {
      mountIdentity(http, issuer, signInDirectory, `${origin}/${settings.routePrefix}`);
      // The portal's runtime config for the local issuer (in Azure a file deployed beside the build).
      const config = portalConfig(issuer, settings.routePrefix);
      http.devRoutes.set(PORTAL_CONFIG_PATH, (_req, res) => sendPortalConfig(res, config));
    }
    http.devRoutes.set('/dev/functions', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          {
            http: http.routes,
            queues: listeners.map((l) => l.queueName),
            timers,
            requestBodies: {
              ...limits,
              inFlightBytes: http.inFlightBodyBytes,
              streamed: httpUri !== undefined,
            },
          },
          null,
          2,
        ),
      );
    });

    const leaseSeconds = Number(env.DEVHOST_QUEUE_LEASE_SECONDS ?? 30);
    const listeners = functions
      .filter((f) => f.trigger.type.toLowerCase() === 'queuetrigger')
      .map((fn) => {
        const connection = typeof fn.trigger.connection === 'string' ? fn.trigger.connection : undefined;
        return new QueueListener({
          fn,
          env,
          service: queueServiceFor(connection, env),
          settings: settings.queues,
          invoker,
          log,
          leaseSeconds,
        });
      });
    const scheduler = new TimerScheduler(functions, invoker, log, env);
    const durable = startDurable({
      functions,
      invoker,
      log,
      env,
      dataDir,
      settings: settings.durableTask,
      http,
      keys,
    });
    const unsupportedTriggers = functions.filter(
      (f) =>
        ![
          'httptrigger',
          'queuetrigger',
          'timertrigger',
          'orchestrationtrigger',
          'activitytrigger',
          'eventgridtrigger',
        ].includes(f.trigger.type.toLowerCase()),
    );
    for (const fn of unsupportedTriggers)
      log.host(`function ${fn.metadata.name}: trigger ${fn.trigger.type} is not run by devhost yet`);

    await durable?.listen();
    await http.listen(port, options.host);
    durable?.setOrigin(origin);
    mail.servePages(http);
    eventGrid.attach({ functions, invoker, http });
    const resumed = durable?.engine.resume() ?? 0;
    if (resumed > 0) log.host(`durable: resumed ${resumed} unfinished orchestration instance(s)`);
    await Promise.all(listeners.map((l) => l.start()));
    const timers = scheduler.start();

    const url = `http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${port}`;
    let stopping: Promise<void> | undefined;
    return {
      url,
      apiBase: `${url}/${settings.routePrefix}`,
      hostKey: env.DEVHOST_HOST_KEY,
      functions,
      http,
      timers,
      queues: listeners.map((l) => l.queueName),
      azurite,
      cosmos,
      settings,
      signIn: issuer
        ? { loginUrl: `${url}/dev/login`, issuer: issuer.issuer, directory: signInDirectory !== undefined }
        : undefined,
      stop() {
        stopping ??= (async () => {
          await http.close();
          await eventGrid.stop();
          await Promise.all(listeners.map((l) => l.stop()));
          await scheduler.stop();
          await durable?.stop();
          for (const hook of core.hooks.appTerminate) await hook({ hookData: {}, appHookData });
          await mail.stop();
          if (azurite?.owned && env.DEVHOST_KEEP_AZURITE !== 'true') await azurite.stop();
          if (cosmos?.owned && env.DEVHOST_KEEP_COSMOS !== 'true') await cosmos.stop();
        })();
        return stopping;
      },
    };
  } catch (error) {
    if (cosmos?.owned) await cosmos.stop().catch(() => undefined);
    throw error;
  }
}
