// What an SSO log sends when it names an app the catalog does not know by that slug: the demo's
// pipelines report a few products under their own names ("ms-teams", "zoom-us"), and a few apps
// the group never bought. Ingest quarantines such events as 'unknown app "<name>"'; the similarity
// job proposes a catalog app for each name and an Admin accepts an alias, which ingests them.
import type { Kysely } from 'kysely';
import type { Database } from '../../shared/platform/db/schema';
import { DAY_MS, HOUR_MS } from './dates';
import { Random } from './random';

/** Names as pipelines send them (slug-shaped, as the event schema requires). */
export const UNKNOWN_APP_SIGHTINGS: readonly { name: string; events: number }[] = [
  { name: 'ms-teams', events: 40 },
  { name: 'zoom-us', events: 25 },
  { name: 'acrobat-pro-dc', events: 18 },
  { name: 'slack-desktop', events: 30 },
  { name: 'figma-desktop', events: 12 },
  { name: 'notion-so', events: 15 },
  { name: 'spotify', events: 8 },
  { name: 'whatsapp-desktop', events: 10 },
];

export async function seedUnknownAppSightings(
  db: Kysely<Database>,
  employees: readonly { id: number; email: string }[],
  now: Date,
): Promise<number> {
  if (employees.length === 0) return 0;
  const rows = UNKNOWN_APP_SIGHTINGS.flatMap(({ name, events }) => {
    const random = new Random(`unknown-app/${name}`);
    return Array.from({ length: events }, (_, i) => {
      const employee = employees[random.int(0, employees.length - 1)]!;
      const occurredAt = new Date(now.getTime() - random.int(1, 40) * DAY_MS - random.int(0, 10) * HOUR_MS);
      const eventId = `sso-${name}-${i}`;
      const event = {
        eventId,
        occurredAt: occurredAt.toISOString(),
        userEmail: employee.email,
        app: name,
        eventType: 'login',
        source: 'sso',
      };
      return {
        event_id: eventId,
        occurred_at: occurredAt,
        reason: `unknown app "${name}"`,
        event: JSON.stringify(event),
        batch_id: 'seed-sso-export',
        quarantined_at: occurredAt,
      };
    });
  });
  await db
    .insertInto('usage_quarantine')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute();
  return rows.length;
}
