// `npm run seed` entry: node dist/scripts/seed/cli.js [--size N] [--reset | --if-empty]
// Fills the local database (PGLITE_DATA_DIR, or DATABASE_URL when set) with the demo group.
// `--if-empty` is what `npm start` runs before devhost: it reads the settings as devhost does
// (environment, then local.settings.json, else the sample), migrates, and seeds an empty database
// when SEED_ON_FIRST_START is true. The app itself never seeds: demo data is not part of it.
import { sql } from 'kysely';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot, parseDatabaseSettings } from '../../shared/platform/config';
import { openDatabase, type DatabaseHandle } from '../../shared/platform/db/database';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import { seedDemoData } from './seedDemoData';
import { seedIfEmpty } from './seedIfEmpty';

const USAGE = 'Usage: node dist/scripts/seed/cli.js [--size N] [--reset | --if-empty]';

// Everything the seed writes (and what ingest wrote on top), children before parents (CASCADE would cope, the order documents it).
const SEEDED_TABLES = [
  'ingest_failures',
  'ingest_batches',
  'usage_quarantine',
  'usage_daily',
  'usage_events',
  'license_assignments',
  'contracts',
  'pricing_plans',
  'app_features',
  'apps',
  'vendors',
  'employees',
  'departments',
  'companies',
  'company_groups',
];

export interface CliOptions {
  size: number;
  reset: boolean;
  ifEmpty: boolean;
}

export function parseArgs(args: readonly string[]): CliOptions {
  const options: CliOptions = { size: 1, reset: false, ifEmpty: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--reset') {
      options.reset = true;
    } else if (arg === '--if-empty') {
      options.ifEmpty = true;
    } else if (arg === '--size' || arg.startsWith('--size=')) {
      const value = arg === '--size' ? args[++i] : arg.slice('--size='.length);
      const size = Number(value);
      if (value === undefined || value.trim() === '' || !Number.isFinite(size) || size <= 0 || size > 50) {
        throw new Error(
          `--size needs a number greater than 0 and at most 50, got ${value ?? 'nothing'}.\n${USAGE}`,
        );
      }
      options.size = size;
    } else {
      throw new Error(`Unknown argument: ${arg}\n${USAGE}`);
    }
  }
  if (options.reset && options.ifEmpty) throw new Error(`Give --reset or --if-empty, not both.\n${USAGE}`);
  return options;
}

/** The app's settings as devhost gives them: the environment first, then local.settings.json (or the sample). */
export function localSettings(env: NodeJS.ProcessEnv, appDir: string): NodeJS.ProcessEnv {
  const file = [join(appDir, 'local.settings.json'), join(appDir, 'local.settings.sample.json')].find((f) =>
    existsSync(f),
  );
  const values = file
    ? ((JSON.parse(readFileSync(file, 'utf8')) as { Values?: Record<string, string> }).Values ?? {})
    : {};
  return {
    ...values,
    ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  };
}

async function seedOnFirstStart(): Promise<void> {
  const settings = localSettings(process.env, appRoot);
  if (settings.SEED_ON_FIRST_START !== 'true') return;
  const size = Number(settings.SEED_SIZE ?? 1);
  if (!Number.isFinite(size) || size <= 0 || size > 50)
    throw new Error(`SEED_SIZE must be a number in (0, 50].`);
  const handle = await openDatabase({ ...parseDatabaseSettings(settings), poolMax: 1 });
  try {
    const report = await migrateToLatest(handle.db);
    if (report.applied.length > 0)
      console.log(`Asset Pulse: applied migrations ${report.applied.join(', ')}`);
    await seedIfEmpty(handle.db, size, new Date(), (line) => console.log(line));
  } finally {
    await handle.close();
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.ifEmpty) return seedOnFirstStart();
  const started = performance.now();
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase({
      ...parseDatabaseSettings(process.env),
      poolMax: 4,
    });
    const { db } = handle;
    console.log(`Seeding ${handle.description} (size ${options.size})`);
    await migrateToLatest(db);

    if (options.reset) {
      await sql`truncate ${sql.join(SEEDED_TABLES.map((t) => sql.table(t)))} restart identity cascade`.execute(
        db,
      );
      console.log('Removed the existing data (--reset).');
    } else {
      const existing = await sql<{ companies: number; events: number }>`
        select (select count(*) from companies)::int as companies,
               (select count(*) from usage_events)::int as events`.execute(db);
      const row = existing.rows[0];
      if (row && (row.companies > 0 || row.events > 0)) {
        throw new Error(
          `The database already has data (${row.companies} companies, ${row.events} usage events). ` +
            'Run with --reset to replace it with the demo data.',
        );
      }
    }

    const summary = await seedDemoData(db, {
      size: options.size,
      now: new Date(),
      log: (line) => console.log(line),
    });
    console.table(summary);
    console.log(`Seeded in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await handle?.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
