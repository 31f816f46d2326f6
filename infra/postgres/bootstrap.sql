-- One-time (and idempotent) set-up of the Asset Pulse database on Azure Database for PostgreSQL.
--
-- Run it as an Entra administrator other than the app, e.g. the deployment principal, before the first
-- migration. The deploy workflow does this on every run; by hand:
--
--   PGPASSWORD="$(az account get-access-token --resource-type oss-rdbms --query accessToken -o tsv)" \
--   psql "host=<server>.postgres.database.azure.com port=5432 dbname=assetpulse user=<your Entra name> sslmode=require" \
--        -v app_role='<function app name>' -v owner_role=assetpulse_owner -f infra/postgres/bootstrap.sql
--
-- Why: PostgreSQL objects belong to the role that creates them, and DDL on a table (ALTER TABLE, and
-- CREATE TABLE ... PARTITION OF for the monthly usage partitions) needs its owner. Migrations run from
-- CI as the deployment principal, while the app signs in as its own identity and creates partitions at
-- run time. So both work as one NOLOGIN owner role: the app's DATABASE_URL and the migration step set
-- `role` to it (connection option `-c role=assetpulse_owner`), and everything they create is its own.

\set ON_ERROR_STOP on

-- pgvector, allow-listed by the azure.extensions server parameter (main.bicep). Created here, by an
-- administrator, because creating an extension on Azure needs one and the owner role is not; the
-- migration's CREATE EXTENSION IF NOT EXISTS vector then finds it and does nothing.
CREATE EXTENSION IF NOT EXISTS vector;

-- PostgreSQL 16: a role's creator gets ADMIN OPTION on it only; also let it SET ROLE to it and inherit
-- its privileges, as the migration step runs as that role. (Earlier versions have no such setting.)
SELECT set_config('createrole_self_grant', 'set, inherit', false)
WHERE current_setting('server_version_num')::int >= 160000;

SELECT format('CREATE ROLE %I NOLOGIN', :'owner_role')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner_role') \gexec

-- Before PostgreSQL 16 the creator is not a member; CREATEROLE lets it grant itself the role.
SELECT format('GRANT %I TO CURRENT_USER', :'owner_role')
WHERE current_setting('server_version_num')::int < 160000 \gexec

-- The app's Entra role (created when the app was made an Entra administrator) acts as the owner role.
GRANT :"owner_role" TO :"app_role";

-- The owner role creates the schema objects. (From PostgreSQL 15 on, only the database owner may create
-- in schema public unless granted.)
GRANT USAGE, CREATE ON SCHEMA public TO :"owner_role";
