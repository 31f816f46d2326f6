// The facts that help an approver decide, per requested app: free seats of the same app in the
// company and in sibling subsidiaries whose contract allows affiliates, apps of the same category
// the company already pays for, and the renewal date of the company's contract.
import type { Kysely } from 'kysely';
import { contractSeats, freeSeatsFor, ownedAppsInCategories } from '../catalog/freeSeats';
import type { Database } from '../platform/db/schema';
import { dateOnly } from '../purchasing/requestSummary';

export interface AppFacts {
  appId: number;
  freeSeatsInCompany: number;
  freeSeatsInSiblings: { companyCode: string; freeSeats: number }[];
  overlappingApps: { name: string; seats: number }[];
  renewalDate: string | null;
}

export async function decisionFacts(
  db: Kysely<Database>,
  companyId: number,
  apps: { appId: number; category: string }[],
): Promise<AppFacts[]> {
  if (apps.length === 0) return [];
  // The same free-seat and owned-app queries the catalog shows the requester (shared/catalog).
  const seats = await contractSeats(
    db,
    apps.map((a) => a.appId),
  );
  const owned = await ownedAppsInCategories(db, companyId, [...new Set(apps.map((a) => a.category))]);
  return apps.map(({ appId, category }) => {
    const own = seats.filter((s) => s.appId === appId && s.companyId === companyId);
    const renewal = own.map((s) => dateOnly(s.renewalDate)).sort()[0] ?? null;
    const free = freeSeatsFor(seats, companyId, appId);
    return {
      appId,
      freeSeatsInCompany: free.own,
      freeSeatsInSiblings: free.affiliates.map((a) => ({ companyCode: a.companyCode, freeSeats: a.seats })),
      overlappingApps: owned
        .filter((o) => o.category === category && o.id !== appId)
        .map((o) => ({ name: o.name, seats: o.seats })),
      renewalDate: renewal,
    };
  });
}
