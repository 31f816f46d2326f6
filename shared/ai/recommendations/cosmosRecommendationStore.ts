// RecommendationStore on the Cosmos DB container `recommendations` (partition key /companyCode).
//
// - upsertMany: a point read per item; new → create, same fingerprint → nothing, changed fingerprint
//   → replace with If-Match on the etag just read (a concurrent writer makes it read again). An
//   accepted or dismissed item whose evidence changed takes the new figures and evidence but KEEPS its
//   status and decision: a person decided about that app or cluster, and a nightly rerun must not
//   reopen it. createdAt stays the first write's.
// - list: one cross-partition query, companyCode IN (…), optional kind and status, ORDER BY
//   annualSaving DESC, paged with the SDK's continuation token (opaque to callers).
// - replace: If-Match on the etag; 412 → RecommendationConflictError.
import type { Container, ItemDefinition, SqlParameter } from '@azure/cosmos';
import {
  GROUP_PARTITION,
  RecommendationConflictError,
  type Recommendation,
  type RecommendationQuery,
  type RecommendationStore,
} from './recommendation';

// and `etag`, which get() adds beside the document for a later replace
const SYSTEM_PROPERTIES = ['_rid', '_self', '_etag', '_ts', '_attachments', '_lsn', 'etag'] as const;
const MAX_UPSERT_ATTEMPTS = 5;
const UPSERT_CONCURRENCY = 8;

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown; statusCode?: unknown }).code;
  if (typeof code === 'number') return code;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The document as the contract has it: without Cosmos DB's system properties. */
function asRecommendation(document: ItemDefinition): Recommendation {
  const copy: Record<string, unknown> = { ...document };
  for (const name of SYSTEM_PROPERTIES) delete copy[name];
  return copy as unknown as Recommendation;
}

type Outcome = 'written' | 'unchanged';

export function createCosmosRecommendationStore(container: Container): RecommendationStore {
  const read = async (companyCode: string, id: string) => {
    try {
      const response = await container.item(id, companyCode).read<Recommendation>();
      return response.resource
        ? { document: response.resource, etag: response.etag ?? String(response.resource._etag) }
        : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  };

  const upsertOne = async (item: Recommendation): Promise<Outcome> => {
    for (let attempt = 1; ; attempt++) {
      const existing = await read(item.companyCode, item.id);
      try {
        if (!existing) {
          await container.items.create(item);
          return 'written';
        }
        const current = asRecommendation(existing.document);
        if (current.fingerprint === item.fingerprint) return 'unchanged';
        const decided = current.status !== 'open';
        const next: Recommendation = {
          ...item,
          createdAt: current.createdAt,
          ...(decided && { status: current.status, decision: current.decision }),
        };
        await container
          .item(item.id, item.companyCode)
          .replace(next, { accessCondition: { type: 'IfMatch', condition: existing.etag } });
        return 'written';
      } catch (error) {
        // 409: created meanwhile; 412: changed meanwhile (a decision, another run): read again
        const status = statusOf(error);
        if ((status === 409 || status === 412) && attempt < MAX_UPSERT_ATTEMPTS) continue;
        throw error;
      }
    }
  };

  return {
    async upsertMany(items) {
      let written = 0;
      let unchanged = 0;
      for (let start = 0; start < items.length; start += UPSERT_CONCURRENCY) {
        const outcomes = await Promise.all(items.slice(start, start + UPSERT_CONCURRENCY).map(upsertOne));
        for (const outcome of outcomes) {
          if (outcome === 'written') written++;
          else unchanged++;
        }
      }
      return { written, unchanged };
    },

    async get(companyCode, id) {
      const found = await read(companyCode, id);
      return found ? { ...asRecommendation(found.document), etag: found.etag } : undefined;
    },

    async list(query: RecommendationQuery) {
      const codes = [...new Set([...query.companyCodes, ...(query.includeGroup ? [GROUP_PARTITION] : [])])];
      if (codes.length === 0) return { items: [] };
      const parameters: SqlParameter[] = codes.map((code, i) => ({ name: `@c${i}`, value: code }));
      const where = [`c.companyCode IN (${codes.map((_, i) => `@c${i}`).join(', ')})`];
      if (query.kind) {
        where.push('c.kind = @kind');
        parameters.push({ name: '@kind', value: query.kind });
      }
      if (query.status) {
        where.push('c.status = @status');
        parameters.push({ name: '@status', value: query.status });
      }
      const iterator = container.items.query<Recommendation>(
        { query: `SELECT * FROM c WHERE ${where.join(' AND ')} ORDER BY c.annualSaving DESC`, parameters },
        {
          maxItemCount: query.limit,
          ...(query.continuationToken !== undefined && { continuationToken: query.continuationToken }),
        },
      );
      // a page may come back empty while more follow (partitions without matches): skip those
      for (;;) {
        const page = await iterator.fetchNext();
        const items = page.resources.map(asRecommendation);
        if (items.length > 0 || !page.hasMoreResults || !page.continuationToken) {
          return {
            items,
            ...(page.hasMoreResults &&
              page.continuationToken && { continuationToken: page.continuationToken }),
          };
        }
      }
    },

    async replace(item, etag) {
      try {
        await container
          .item(item.id, item.companyCode)
          .replace(asRecommendation(item as unknown as ItemDefinition), {
            accessCondition: { type: 'IfMatch', condition: etag },
          });
      } catch (error) {
        if (statusOf(error) === 412) throw new RecommendationConflictError(item.id);
        throw error;
      }
    },
  };
}
