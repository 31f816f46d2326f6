// `npm run package`: the Functions deployment package in .deploy/ — the compiled app, host.json,
// package.json and the production dependencies, nothing else (no devhost, tests, seeds, sources).
// The deploy workflow ships .deploy/; .funcignore says the same for tools that zip this folder.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ignore from 'ignore';

/** Every file under root (node_modules and .git aside), as forward-slash paths relative to root. */
function walk(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === '.git' ? [] : walk(root, path);
    return [relative(root, path).split('\\').join('/')];
  });
}

/** The app's files that go into the package: what .funcignore keeps. */
export function deploymentFiles(root: string): string[] {
  const rules = ignore().add(readFileSync(join(root, '.funcignore'), 'utf8'));
  return walk(root)
    .filter((file) => !rules.ignores(file))
    .sort();
}

interface LockEntry {
  dev?: boolean;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/**
 * The packages npm installs for production (`--omit=dev`), from package-lock.json: the root's
 * dependencies and what they need, resolved the way Node resolves them (nearest node_modules first).
 */
export function productionPackages(root: string): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const found = new Set<string>();
  const resolve = (from: string, name: string): string | undefined => {
    for (
      let dir = from;
      ;
      dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : ''
    ) {
      const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (lock.packages[candidate]) return candidate;
      if (!dir) return undefined;
    }
  };
  const visit = (path: string) => {
    const entry = lock.packages[path];
    if (!entry) return;
    const deps = { ...entry.dependencies, ...entry.optionalDependencies };
    for (const name of Object.keys(deps)) {
      const target = resolve(path, name);
      if (target && !found.has(target)) {
        found.add(target);
        visit(target);
      }
    }
  };
  visit('');
  return [...found]
    .map((path) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
    .sort();
}

function main(): void {
  const root = join(__dirname, '..', '..', '..');
  const out = join(root, '.deploy');
  if (!existsSync(join(root, 'dist', 'functions', 'index.js')))
    throw new Error('Build first: npm run build.');
  rmSync(out, { recursive: true, force: true });
  for (const file of deploymentFiles(root)) {
    mkdirSync(dirname(join(out, file)), { recursive: true });
    cpSync(join(root, file), join(out, file));
  }
  // The package's package.json: what runs in Azure, without the workspace and the tooling.
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const { name, version, private: isPrivate, main, engines, dependencies, overrides } = manifest;
  writeFileSync(
    join(out, 'package.json'),
    `${JSON.stringify({ name, version, private: isPrivate, main, engines, dependencies, overrides }, null, 2)}\n`,
  );
  execFileSync('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: out,
    stdio: 'inherit',
  });
  console.log(
    `Deployment package in ${out}: ${deploymentFiles(root).length} app files and the production dependencies.`,
  );
}

if (require.main === module) main();
