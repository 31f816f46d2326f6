// F3, job description → licences: what a new hire with this description needs. The description's
// skills and tasks (extractJobProfile) are embedded and matched against the catalog's feature
// embeddings; people with the same title (or department) tell which apps the role actually uses;
// the blend (rankApps.ts) ranks the catalog, apps doing the same job as one already proposed are
// set aside (the similarity job's verdict, or failing one the category and the features,
// overlapFallback.ts), and each proposal carries its plan, monthly cost in the company's currency,
// where the seat would come from and the reasons in plain words. HR, Managers and Admins, for a company in
// their reach. Tokens are booked under "jd-match".
import type { Kysely } from 'kysely';
import { answeredByOf, type AiProvider } from '../aiProvider';
import { hasRole } from '../../identity/principal';
import type { Database } from '../../platform/db/schema';
import type { ExtractJobProfileInput, ExtractJobProfileOutput } from '../tasks/extractJobProfile';
import type { AiTask } from '../tasks/aiTask';
import { appOffers } from './appOffer';
import type { FeatureIndex, IndexedFeature } from './featureIndex';
import type { JdMatchOutcome, JdRankedApp, JdReason, MatchJobDescription } from './jdMatchContract';
import { locateEvidence } from './locateEvidence';
import { sameJobByFeatures } from './overlapFallback';
import { peerLift, peerUsage, PEER_WINDOW_DAYS } from './peerUsage';
import { blend, confidenceOf, EVERYDAY_CONCEPTS, EVERYDAY_WEIGHT, gatedPeers, signalByApp } from './rankApps';

export const JD_MATCH_FEATURE = 'jd-match';

export interface JdMatchDeps {
  db: Kysely<Database>;
  provider: AiProvider;
  extractJobProfile: AiTask<ExtractJobProfileInput, ExtractJobProfileOutput>;
  features: FeatureIndex;
  now: () => Date;
}

/** below this blend an app is not proposed at all */
const MIN_TOTAL = 0.05;
/**
 * below this share of the leading app's blend an app is not proposed either: a bundle of three apps
 * the role needs is better than five padded with apps that match one word of the description
 */
const MIN_SHARE_OF_TOP = 0.15;
/** a signal counts as agreeing with the others above this */
const AGREEING = 0.15;

function plural(title: string): string {
  const t = title.trim();
  if (/(s|sh|ch|x)$/i.test(t)) return `${t}es`;
  if (/[^aeiou]y$/i.test(t)) return `${t.slice(0, -1)}ies`;
  return `${t}s`;
}

export function createMatchJobDescription(deps: JdMatchDeps): MatchJobDescription {
  return async (actor, input): Promise<JdMatchOutcome> => {
    if (!hasRole(actor, 'HR', 'Manager', 'Admin')) {
      return { kind: 'forbidden', detail: 'Only HR, managers and admins match job descriptions.' };
    }
    const { db, provider } = deps;
    const code = input.companyCode ?? actor.companyCode;
    const company = await db
      .selectFrom('companies')
      .select(['id', 'code', 'currency', 'group_id'])
      .where('code', '=', code)
      .executeTakeFirst();
    if (!company) {
      return { kind: 'invalid', errors: [{ path: 'companyCode', message: `no company "${code}"` }] };
    }
    const groupWide = actor.groupWide && hasRole(actor, 'HR', 'Admin');
    // group-wide reaches the companies of the caller's own group, never another group's
    if (company.id !== actor.companyId && (!groupWide || company.group_id !== actor.groupId)) {
      return { kind: 'forbidden', detail: `${company.code} is outside your reach.` };
    }
    const currency = company.currency.trim();
    let department: { id: number; code: string; name: string } | null = null;
    if (input.department) {
      department =
        (await db
          .selectFrom('departments')
          .select(['id', 'code', 'name'])
          .where('company_id', '=', company.id)
          .where('code', '=', input.department)
          .executeTakeFirst()) ?? null;
      if (!department) {
        return {
          kind: 'invalid',
          errors: [
            { path: 'department', message: `${company.code} has no department "${input.department}"` },
          ],
        };
      }
    }

    const context = { feature: JD_MATCH_FEATURE };
    const [extraction, features, peers] = await Promise.all([
      provider.run(
        deps.extractJobProfile,
        { jobTitle: input.jobTitle, jobDescription: input.jobDescription },
        context,
      ),
      deps.features.features(db, provider),
      peerUsage(db, company, input.jobTitle, department, deps.now()),
    ]);
    const skills = locateEvidence(input.jobDescription, extraction.output.skills);
    const tasks = locateEvidence(input.jobDescription, extraction.output.tasks);
    const queryTexts = [
      ...skills.map((s) =>
        s.label.toLowerCase() === s.quote.toLowerCase() ? s.quote : `${s.label}: ${s.quote}`,
      ),
      ...tasks.map((t) => t.quote),
    ];
    const embedded = queryTexts.length > 0 ? (await provider.embed(queryTexts, context)).vectors : [];
    const skillSignal = signalByApp(
      skills.map((s, i) => ({
        label: s.label,
        vector: embedded[i] ?? [],
        weight: s.concept && EVERYDAY_CONCEPTS.has(s.concept) ? EVERYDAY_WEIGHT : 1,
      })),
      features,
    );
    const taskSignal = signalByApp(
      tasks.map((t, i) => ({ label: t.label, vector: embedded[skills.length + i] ?? [] })),
      features,
    );
    const available = { skills: skills.length > 0, tasks: tasks.length > 0, peers: peers !== null };

    const appIds = [...new Set(features.map((f) => f.appId))];
    const scored = appIds
      .map((appId) => {
        const s = skillSignal.get(appId);
        const t = taskSignal.get(appId);
        const p = peers?.apps.get(appId);
        const signals = {
          skills: s?.score ?? 0,
          tasks: t?.score ?? 0,
          peers: peers && p ? peerLift(p.activePeers, peers.peers, p.companyShare) : 0,
        };
        signals.peers = gatedPeers(signals.peers, signals.skills, signals.tasks);
        return { appId, s, t, p, signals, total: blend(signals, available) };
      })
      .filter((x) => x.total >= MIN_TOTAL)
      .sort((a, b) => b.total - a.total || a.appId - b.appId);

    // same-job overlaps among the leading candidates: keep the better-ranked app of each pair
    const cut = (scored[0]?.total ?? 0) * MIN_SHARE_OF_TOP;
    const head = scored.filter((x) => x.total >= cut).slice(0, input.limit * 4);
    const headIds = head.map((x) => x.appId);
    const [apps, overlaps] = await Promise.all([
      headIds.length === 0
        ? []
        : db
            .selectFrom('apps')
            .innerJoin('vendors', 'vendors.id', 'apps.vendor_id')
            .select(['apps.id', 'apps.slug', 'apps.name', 'vendors.name as vendor', 'apps.category'])
            .where('apps.id', 'in', headIds)
            .execute(),
      headIds.length === 0
        ? []
        : db
            .selectFrom('app_overlaps')
            .select(['app_id_a', 'app_id_b', 'verdict'])
            .where('app_id_a', 'in', headIds)
            .where('app_id_b', 'in', headIds)
            .execute(),
    ]);
    const appById = new Map(apps.map((a) => [a.id, a]));
    // the similarity job's verdict where it has judged the pair; otherwise the catalog category and
    // the features themselves (overlapFallback.ts), so a fresh catalog does not propose Tableau,
    // Power BI and Looker together
    const verdicts = new Map<string, string>();
    for (const o of overlaps) verdicts.set(`${o.app_id_a}:${o.app_id_b}`, o.verdict);
    const featuresByApp = new Map<number, IndexedFeature[]>();
    for (const f of features) {
      const list = featuresByApp.get(f.appId) ?? [];
      list.push(f);
      featuresByApp.set(f.appId, list);
    }
    const overlapReason = (a: number, b: number): string | null => {
      const other = appById.get(b)!;
      const verdict = verdicts.get(a < b ? `${a}:${b}` : `${b}:${a}`);
      if (verdict !== undefined) {
        return verdict === 'same-job' ? `same job as ${other.name}, already proposed` : null;
      }
      const app = appById.get(a)!;
      const coverage = sameJobByFeatures(
        { category: app.category, features: featuresByApp.get(a) ?? [] },
        { category: other.category, features: featuresByApp.get(b) ?? [] },
      );
      return coverage === null
        ? null
        : `same job as ${other.name}, already proposed: both ${app.category}, with features ${Math.round(coverage * 100)} % alike`;
    };
    const chosen: typeof head = [];
    const excluded: { slug: string; name: string; overlapsWith: string; reason: string }[] = [];
    for (const candidate of head) {
      if (chosen.length >= input.limit) break;
      const app = appById.get(candidate.appId);
      if (!app) continue;
      let clash: { other: number; reason: string } | undefined;
      for (const c of chosen) {
        const reason = overlapReason(candidate.appId, c.appId);
        if (reason !== null) {
          clash = { other: c.appId, reason };
          break;
        }
      }
      if (clash) {
        excluded.push({
          slug: app.slug,
          name: app.name,
          overlapsWith: appById.get(clash.other)!.slug,
          reason: clash.reason,
        });
        continue;
      }
      chosen.push(candidate);
    }

    const offers = await appOffers(
      db,
      { id: company.id, code: company.code, currency },
      chosen.map((c) => c.appId),
    );
    const ranked: JdRankedApp[] = [];
    for (const c of chosen) {
      const app = appById.get(c.appId)!;
      const offer = offers.get(c.appId);
      if (!offer) continue;
      const reasons: JdReason[] = [];
      for (const m of (c.s?.matches ?? []).slice(0, 2)) {
        reasons.push({
          kind: 'skill',
          text: `${m.item} → ${app.name}'s “${m.feature}”`,
          skill: m.item,
          feature: m.feature,
          similarity: Math.round(m.similarity * 1000) / 1000,
        });
      }
      const task = c.t?.matches[0];
      if (task) {
        reasons.push({
          kind: 'task',
          text: `“${task.item}” → ${app.name}'s “${task.feature}”`,
          task: task.item,
          feature: task.feature,
          similarity: Math.round(task.similarity * 1000) / 1000,
        });
      }
      if (peers && c.p && c.p.activePeers > 0) {
        const who =
          peers.basis === 'title'
            ? plural(input.jobTitle)
            : `people in ${peers.departmentName ?? 'the department'}`;
        reasons.push({
          kind: 'peers',
          text: `${c.p.activePeers} of ${peers.peers} ${who} used it in the last ${PEER_WINDOW_DAYS} days`,
          activePeers: c.p.activePeers,
          peers: peers.peers,
          basis: peers.basis,
        });
      }
      if (offer.companyStandard) {
        reasons.push({
          kind: 'standard',
          text: `${company.code}'s standard: ${offer.seatsInUse} seat${offer.seatsInUse === 1 ? '' : 's'} in use`,
          seatsInUse: offer.seatsInUse,
        });
      }
      const agreeing = Object.values(c.signals).filter((v) => v > AGREEING).length;
      const round = (v: number) => Math.round(v * 1000) / 1000;
      ranked.push({
        rank: ranked.length + 1,
        app: { id: app.id, slug: app.slug, name: app.name, vendor: app.vendor, category: app.category },
        plan: offer.plan,
        confidence: confidenceOf(c.total, agreeing),
        score: {
          skills: round(c.signals.skills),
          tasks: round(c.signals.tasks),
          peers: round(c.signals.peers),
          total: round(c.total),
        },
        reasons,
        monthlyCost: offer.monthlyCost,
        currency,
        coverage: offer.coverage,
        companyStandard: offer.companyStandard,
      });
    }

    return {
      kind: 'matched',
      result: {
        companyCode: company.code,
        currency,
        jobTitle: input.jobTitle,
        department: department?.code ?? null,
        extracted: { skills, tasks },
        apps: ranked,
        excluded,
        answeredBy: answeredByOf(provider),
      },
    };
  };
}
