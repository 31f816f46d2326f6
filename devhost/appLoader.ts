// Loads a v4 Node.js Functions app the way the Azure worker does: `require` every file that the
// app's package.json `main` names (a path or a glob in its last segment), with the
// `@azure/functions-core` module provided by devhost.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import type { FunctionsCoreApi } from './coreApi';

type ModuleLoad = (request: string, parent: unknown, isMain: boolean) => unknown;

let installedCore: Record<string, unknown> | undefined;

/** Makes `require('@azure/functions-core')` return devhost's core API, for this process. */
export function provideCoreModule(core: FunctionsCoreApi): void {
  if (installedCore) throw new Error('devhost hosts one app per process.');
  installedCore = core.module();
  const moduleWithLoad = Module as unknown as { _load: ModuleLoad };
  const originalLoad = moduleWithLoad._load;
  moduleWithLoad._load = function (request, parent, isMain) {
    if (request === '@azure/functions-core') return installedCore;
    return originalLoad.call(this, request, parent, isMain);
  };
}

export function appEntryFiles(appDir: string): string[] {
  const packagePath = join(appDir, 'package.json');
  if (!existsSync(packagePath)) throw new Error(`No package.json in the app folder ${appDir}.`);
  const main = (JSON.parse(readFileSync(packagePath, 'utf8')) as { main?: unknown }).main;
  if (typeof main !== 'string' || main.length === 0) {
    throw new Error(`${packagePath} has no "main": it must name the compiled function files.`);
  }
  const pattern = resolve(appDir, main);
  const name = basename(pattern);
  if (!name.includes('*')) {
    if (!existsSync(pattern)) {
      throw new Error(
        `The app's main file ${pattern} does not exist. Did you run the build (npm run build)?`,
      );
    }
    return [pattern];
  }
  const folder = dirname(pattern);
  const matcher = new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  const files = existsSync(folder) ? readdirSync(folder).filter((f) => matcher.test(f)) : [];
  if (files.length === 0) throw new Error(`No files match the app's main pattern ${pattern}.`);
  return files.sort().map((f) => join(folder, f));
}

export function loadApp(appDir: string): string[] {
  const files = appEntryFiles(appDir);
  const appRequire = Module.createRequire(join(appDir, 'package.json'));
  for (const file of files) appRequire(file);
  return files;
}
