// The AI engine's tables. Embeddings need pgvector (PGlite and Azure PostgreSQL have it; a plain
// Debian server does not): without it those two tables are not created and the vector features say
// so, while everything else here (overlaps, jobs, ledger, aliases) works. Frozen once shipped.
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations use Kysely<any> by design */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const vector = await sql<{ on: boolean }>`
    select exists (select 1 from pg_extension where extname = 'vector') as on`.execute(db);
  if (vector.rows[0]?.on) {
    await sql`
      -- One embedding per app (name, category, description, features) and per feature text.
      -- content_hash + model decide whether a text is embedded again: only changed texts are.
      -- 512 dimensions for every provider (Azure's text-embedding-3 models take dimensions: 512).
      create table app_embeddings (
        app_id integer primary key references apps(id) on delete cascade,
        model text not null,
        dimension integer not null check (dimension = 512),
        content_hash text not null,
        embedding vector(512) not null,
        embedded_at timestamptz not null default now()
      );
      create index app_embeddings_hnsw on app_embeddings using hnsw (embedding vector_cosine_ops);

      create table app_feature_embeddings (
        feature_id integer primary key references app_features(id) on delete cascade,
        app_id integer not null references apps(id) on delete cascade,
        model text not null,
        dimension integer not null check (dimension = 512),
        content_hash text not null,
        embedding vector(512) not null,
        embedded_at timestamptz not null default now()
      );
      create index app_feature_embeddings_hnsw on app_feature_embeddings using hnsw (embedding vector_cosine_ops);
      create index app_feature_embeddings_app_idx on app_feature_embeddings (app_id);
    `.execute(db);
  }

  await sql`
    -- Apps that do the same job, one row per unordered pair (a < b), written by the similarity job.
    -- pair_hash covers both apps' texts and the model: an unchanged pair keeps its rationale.
    create table app_overlaps (
      app_id_a integer not null references apps(id) on delete cascade,
      app_id_b integer not null references apps(id) on delete cascade,
      similarity double precision not null check (similarity between -1 and 1),
      shared_features jsonb not null default '[]',
      verdict text not null check (verdict in ('same-job', 'partial', 'different')),
      rationale text not null,
      provider text not null,
      model text not null,
      deterministic boolean not null,
      pair_hash text not null,
      job_id text not null,
      computed_at timestamptz not null default now(),
      primary key (app_id_a, app_id_b),
      check (app_id_a < app_id_b)
    );
    create index app_overlaps_b_idx on app_overlaps (app_id_b);

    -- Every similarity job, whoever started it; the orchestration keeps it current.
    create table similarity_jobs (
      id text primary key,
      trigger text not null check (trigger in ('nightly', 'manual', 'catalog-change')),
      requested_by integer references employees(id),
      -- null: the whole catalog; else the app ids a catalog change touched
      scope_app_ids integer[],
      status text not null check (status in ('running', 'completed', 'failed', 'cancelled')),
      phase text not null default 'queued',
      progress jsonb not null default '{}',
      result jsonb,
      error text,
      created_at timestamptz not null default now(),
      completed_at timestamptz
    );
    create index similarity_jobs_created_idx on similarity_jobs (created_at desc);

    -- Tokens and cost of every AI call, per feature and job (costs from AI_PRICE_TABLE).
    create table ai_usage_ledger (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      feature text not null,
      job_id text,
      provider text not null,
      model text not null,
      kind text not null check (kind in ('embedding', 'chat', 'batch-chat')),
      prompt_tokens integer not null check (prompt_tokens >= 0),
      completion_tokens integer not null check (completion_tokens >= 0),
      cost numeric(14, 6) not null check (cost >= 0),
      cached boolean not null
    );
    create index ai_usage_ledger_job_idx on ai_usage_ledger (job_id) where job_id is not null;

    -- Names seen in ingest that match no catalog app, matched by the similarity job to a candidate
    -- and confirmed (or not) by the model; an Admin accepts one as an alias.
    create table app_identity_candidates (
      name text primary key,
      app_id integer not null references apps(id) on delete cascade,
      similarity double precision not null,
      confirmed boolean not null,
      rationale text not null,
      provider text not null,
      model text not null,
      job_id text not null,
      computed_at timestamptz not null default now()
    );

    -- Accepted aliases: ingest resolves an event's app name through them (normalised: lower case, trimmed).
    create table app_aliases (
      alias text primary key check (alias = lower(btrim(alias)) and alias <> ''),
      app_id integer not null references apps(id) on delete cascade,
      accepted_by integer not null references employees(id),
      accepted_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists app_aliases, app_identity_candidates, ai_usage_ledger, similarity_jobs,
    app_overlaps, app_feature_embeddings, app_embeddings`.execute(db);
}
