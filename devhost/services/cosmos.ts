// The Cosmos DB emulator (@vercel/cosmosdb-server), for an app whose COSMOS_ENDPOINT is not set.
// Like Azurite it runs as its own detached process: a devhost killed with SIGKILL leaves it running,
// and the restarted devhost adopts it through <data>/cosmos/cosmos.port; a clean devhost stop stops
// it. Its data survives either way: it journals every acknowledged write (cosmosEmulator.ts).
//
// It speaks HTTPS with a certificate devhost makes once (self-signed for localhost, 127.0.0.1 and
// ::1; the key 0600 in a 0700 folder) and hands the app as COSMOS_CA_CERT_PATH, so the app trusts it
// for its Cosmos client only. cosmosdb-server checks no keys: COSMOS_KEY is a random key devhost
// generates, so the SDK's signing code runs as it does against Azure.
import { spawn } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { ensurePrivateDir, PRIVATE_FILE, writeFileAtomic } from '../atomicFile';
import type { InvocationLog } from '../invocationLog';
import { portSetting } from '../mail/smtpSink';
import { isListening } from './azurite';

const HOST = '127.0.0.1';
/** a certificate closer than this to its end is made again */
const RENEW_BEFORE_MS = 30 * 86_400_000;

export interface RunningCosmos {
  /** started or adopted by this devhost (and so stopped by it) */
  owned: boolean;
  endpoint: string;
  caCertPath: string;
  pid: number;
  stop(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The emulator's certificate and key in <folder>/tls, made once and reused while valid. */
export async function ensureEmulatorCertificate(
  folder: string,
): Promise<{ certPath: string; keyPath: string }> {
  const tls = join(folder, 'tls');
  ensurePrivateDir(tls);
  const certPath = join(tls, 'cert.pem');
  const keyPath = join(tls, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = new X509Certificate(readFileSync(certPath));
    if (Date.parse(cert.validTo) - Date.now() > RENEW_BEFORE_MS) return { certPath, keyPath };
  }
  const notBeforeDate = new Date(Date.now() - 86_400_000);
  const pems = await generate([{ name: 'commonName', value: 'Asset Pulse devhost Cosmos DB emulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 825 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  // the key first: a certificate on disk always has its key
  await writeFileAtomic(keyPath, pems.private, { mode: PRIVATE_FILE });
  await writeFileAtomic(certPath, pems.cert, { mode: 0o644 });
  return { certPath, keyPath };
}

/** A random account key, kept so the app's settings do not change between starts. */
async function emulatorKey(folder: string): Promise<string> {
  const path = join(folder, 'account.key');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const key = randomBytes(64).toString('base64');
  await writeFileAtomic(path, key, { mode: PRIVATE_FILE });
  return key;
}

function recorded(portFile: string): { pid: number; port: number } | undefined {
  if (!existsSync(portFile)) return undefined;
  const [pid, port] = readFileSync(portFile, 'utf8').trim().split(' ').map(Number);
  return pid && port ? { pid, port } : undefined;
}

export async function ensureCosmos(options: {
  dataDir: string;
  port: number;
  log: (message: string) => void;
}): Promise<RunningCosmos & { key: string }> {
  const folder = join(options.dataDir, 'cosmos');
  ensurePrivateDir(folder);
  const { certPath } = await ensureEmulatorCertificate(folder);
  const key = await emulatorKey(folder);
  const portFile = join(folder, 'cosmos.port');
  const stopPid = async (pid: number) => {
    if (!isAlive(pid)) return;
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(portFile, { force: true });
  };
  const running = (pid: number, port: number, owned: boolean) => ({
    owned,
    endpoint: `https://${HOST}:${port}`,
    caCertPath: certPath,
    pid,
    key,
    stop: () => (owned ? stopPid(pid) : Promise.resolve()),
  });

  const previous = recorded(portFile);
  if (
    previous &&
    isAlive(previous.pid) &&
    (options.port === 0 || options.port === previous.port) &&
    (await isListening(HOST, previous.port))
  ) {
    options.log(`Cosmos DB emulator already running on port ${previous.port} (pid ${previous.pid}, adopted)`);
    return running(previous.pid, previous.port, true);
  }
  if (previous) await stopPid(previous.pid);
  rmSync(portFile, { force: true });

  const logFd = openSync(join(folder, 'cosmos.log'), 'a', PRIVATE_FILE);
  const child = spawn(
    process.execPath,
    [join(__dirname, 'cosmosMain.js'), folder, HOST, String(options.port)],
    {
      detached: true,
      stdio: ['ignore', logFd, logFd],
    },
  );
  child.unref();
  const pid = child.pid ?? 0;
  for (let i = 0; i < 300; i++) {
    const started = recorded(portFile);
    if (started?.pid === pid) {
      options.log(`Cosmos DB emulator started (pid ${pid}, https://${HOST}:${started.port}, data ${folder})`);
      return running(pid, started.port, true);
    }
    if (!isAlive(pid)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopPid(pid);
  throw new Error(`The Cosmos DB emulator did not start; see ${join(folder, 'cosmos.log')}.`);
}

/** Starts (or adopts) the emulator and fills in the app's COSMOS_* settings, when COSMOS_ENDPOINT is empty. */
export async function startCosmosForDevhost(options: {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  log: InvocationLog;
}): Promise<RunningCosmos | undefined> {
  const { env, log } = options;
  if (env.COSMOS_ENDPOINT) {
    log.host(`cosmos: the app uses its own COSMOS_ENDPOINT (${env.COSMOS_ENDPOINT})`);
    return undefined;
  }
  if (env.DEVHOST_COSMOS === 'false') return undefined;
  const cosmos = await ensureCosmos({
    dataDir: options.dataDir,
    port: portSetting(env, 'DEVHOST_COSMOS_PORT'),
    log: (m) => log.host(m),
  });
  env.COSMOS_ENDPOINT = cosmos.endpoint;
  if (!env.COSMOS_KEY) env.COSMOS_KEY = cosmos.key;
  if (!env.COSMOS_CA_CERT_PATH) env.COSMOS_CA_CERT_PATH = cosmos.caCertPath;
  log.host(
    `cosmos: ${cosmos.endpoint} (COSMOS_ENDPOINT), certificate ${cosmos.caCertPath} (COSMOS_CA_CERT_PATH)`,
  );
  return cosmos;
}
