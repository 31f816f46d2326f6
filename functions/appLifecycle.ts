// App start: check the configuration (a bad setting stops start-up, naming it), open the
// database, and — where configured (locally) — migrate and seed the demo data on first start.
// In Azure, migrations run from the deployment pipeline (npm run db:migrate) instead.
import { app } from '@azure/functions';
import { migrateToLatest, NO_VECTOR_NOTICE } from '../shared/platform/db/migrate';
import { closeServices, getServices } from '../shared/services';
import { seedIfEmpty } from '../shared/platform/db/seedIfEmpty';

app.hook.appStart(async () => {
  const services = await getServices();
  const { config, database } = services;
  console.log(`Asset Pulse: database ${database.description}`);
  if (config.auth) console.log(`Asset Pulse: sign-in with tokens of ${config.auth.issuer}`);
  else
    console.warn(
      'Asset Pulse: sign-in is not configured (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL); bearer routes answer 503',
    );
  if (config.DB_MIGRATE_ON_START) {
    const report = await migrateToLatest(database.db);
    if (report.applied.length > 0)
      console.log(`Asset Pulse: applied migrations ${report.applied.join(', ')}`);
    if (!report.vector) console.warn(`Asset Pulse: ${NO_VECTOR_NOTICE}`);
  }
  if (config.SEED_ON_FIRST_START)
    await seedIfEmpty(database.db, config.SEED_SIZE, services.now(), (line) => console.log(line));
});

app.hook.appTerminate(async () => {
  await closeServices();
});
