CREATE TABLE "audit_entries" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_audit_entries" PRIMARY KEY AUTOINCREMENT,
    "at_utc" TEXT NOT NULL,
    "user_name" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "details" TEXT NOT NULL
);


CREATE TABLE "people" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_people" PRIMARY KEY AUTOINCREMENT,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "email" TEXT NULL,
    "phone" TEXT NULL
);


CREATE TABLE "regions" (
    "code" INTEGER NOT NULL CONSTRAINT "pk_regions" PRIMARY KEY,
    "name" TEXT NOT NULL
);


CREATE TABLE "roles" (
    "id" TEXT NOT NULL CONSTRAINT "pk_roles" PRIMARY KEY,
    "name" TEXT NULL,
    "normalized_name" TEXT NULL,
    "concurrency_stamp" TEXT NULL
);


CREATE TABLE "users" (
    "id" TEXT NOT NULL CONSTRAINT "pk_users" PRIMARY KEY,
    "display_name" TEXT NOT NULL,
    "person_id" INTEGER NULL,
    "region_code" INTEGER NULL,
    "municipality_code" INTEGER NULL,
    "preferred_culture" TEXT NOT NULL,
    "user_name" TEXT NULL,
    "normalized_user_name" TEXT NULL,
    "email" TEXT NULL,
    "normalized_email" TEXT NULL,
    "email_confirmed" INTEGER NOT NULL,
    "password_hash" TEXT NULL,
    "security_stamp" TEXT NULL,
    "concurrency_stamp" TEXT NULL,
    "phone_number" TEXT NULL,
    "phone_number_confirmed" INTEGER NOT NULL,
    "two_factor_enabled" INTEGER NOT NULL,
    "lockout_end" TEXT NULL,
    "lockout_enabled" INTEGER NOT NULL,
    "access_failed_count" INTEGER NOT NULL
);


CREATE TABLE "municipalities" (
    "code" INTEGER NOT NULL CONSTRAINT "pk_municipalities" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "region_code" INTEGER NOT NULL,
    "population" INTEGER NOT NULL,
    CONSTRAINT "fk_municipalities_regions_region_code" FOREIGN KEY ("region_code") REFERENCES "regions" ("code") ON DELETE CASCADE
);


CREATE TABLE "role_claims" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_role_claims" PRIMARY KEY AUTOINCREMENT,
    "role_id" TEXT NOT NULL,
    "claim_type" TEXT NULL,
    "claim_value" TEXT NULL,
    CONSTRAINT "fk_role_claims_roles_role_id" FOREIGN KEY ("role_id") REFERENCES "roles" ("id") ON DELETE CASCADE
);


CREATE TABLE "user_claims" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_user_claims" PRIMARY KEY AUTOINCREMENT,
    "user_id" TEXT NOT NULL,
    "claim_type" TEXT NULL,
    "claim_value" TEXT NULL,
    CONSTRAINT "fk_user_claims_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "user_logins" (
    "login_provider" TEXT NOT NULL,
    "provider_key" TEXT NOT NULL,
    "provider_display_name" TEXT NULL,
    "user_id" TEXT NOT NULL,
    CONSTRAINT "pk_user_logins" PRIMARY KEY ("login_provider", "provider_key"),
    CONSTRAINT "fk_user_logins_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "user_roles" (
    "user_id" TEXT NOT NULL,
    "role_id" TEXT NOT NULL,
    CONSTRAINT "pk_user_roles" PRIMARY KEY ("user_id", "role_id"),
    CONSTRAINT "fk_user_roles_roles_role_id" FOREIGN KEY ("role_id") REFERENCES "roles" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_user_roles_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "user_tokens" (
    "user_id" TEXT NOT NULL,
    "login_provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NULL,
    CONSTRAINT "pk_user_tokens" PRIMARY KEY ("user_id", "login_provider", "name"),
    CONSTRAINT "fk_user_tokens_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "clusters" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_clusters" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "region_code" INTEGER NOT NULL,
    "main_municipality_code" INTEGER NOT NULL,
    "founded_on" TEXT NOT NULL,
    "data_sharing" TEXT NOT NULL,
    "max_missed_meetings_per_year" INTEGER NULL,
    "rules" TEXT NOT NULL,
    CONSTRAINT "fk_clusters_municipalities_main_municipality_code" FOREIGN KEY ("main_municipality_code") REFERENCES "municipalities" ("code") ON DELETE CASCADE,
    CONSTRAINT "fk_clusters_regions_region_code" FOREIGN KEY ("region_code") REFERENCES "regions" ("code") ON DELETE CASCADE
);


CREATE TABLE "guilds" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_guilds" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "municipality_code" INTEGER NOT NULL,
    CONSTRAINT "fk_guilds_municipalities_municipality_code" FOREIGN KEY ("municipality_code") REFERENCES "municipalities" ("code") ON DELETE CASCADE
);


CREATE TABLE "practices" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_practices" PRIMARY KEY AUTOINCREMENT,
    "provider_number" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "postal_code" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "municipality_code" INTEGER NOT NULL,
    "opened_on" TEXT NOT NULL,
    "closed_on" TEXT NULL,
    "organisation_form" TEXT NOT NULL,
    "listed_patients" INTEGER NOT NULL,
    "email" TEXT NULL,
    CONSTRAINT "fk_practices_municipalities_municipality_code" FOREIGN KEY ("municipality_code") REFERENCES "municipalities" ("code") ON DELETE CASCADE
);


CREATE TABLE "cluster_municipalities" (
    "cluster_id" INTEGER NOT NULL,
    "municipality_code" INTEGER NOT NULL,
    CONSTRAINT "pk_cluster_municipalities" PRIMARY KEY ("cluster_id", "municipality_code"),
    CONSTRAINT "fk_cluster_municipalities_clusters_cluster_id" FOREIGN KEY ("cluster_id") REFERENCES "clusters" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_cluster_municipalities_municipalities_municipality_code" FOREIGN KEY ("municipality_code") REFERENCES "municipalities" ("code") ON DELETE CASCADE
);


CREATE TABLE "cluster_roles" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cluster_roles" PRIMARY KEY AUTOINCREMENT,
    "cluster_id" INTEGER NOT NULL,
    "person_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "valid_from" TEXT NOT NULL,
    "valid_to" TEXT NULL,
    CONSTRAINT "fk_cluster_roles_clusters_cluster_id" FOREIGN KEY ("cluster_id") REFERENCES "clusters" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_cluster_roles_people_person_id" FOREIGN KEY ("person_id") REFERENCES "people" ("id") ON DELETE CASCADE
);


CREATE TABLE "cluster_memberships" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cluster_memberships" PRIMARY KEY AUTOINCREMENT,
    "practice_id" INTEGER NOT NULL,
    "cluster_id" INTEGER NOT NULL,
    "valid_from" TEXT NOT NULL,
    "valid_to" TEXT NULL,
    CONSTRAINT "fk_cluster_memberships_clusters_cluster_id" FOREIGN KEY ("cluster_id") REFERENCES "clusters" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_cluster_memberships_practices_practice_id" FOREIGN KEY ("practice_id") REFERENCES "practices" ("id") ON DELETE CASCADE
);


CREATE TABLE "data_sharing_consents" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_data_sharing_consents" PRIMARY KEY AUTOINCREMENT,
    "practice_id" INTEGER NOT NULL,
    "given" INTEGER NOT NULL,
    "on" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    CONSTRAINT "fk_data_sharing_consents_practices_practice_id" FOREIGN KEY ("practice_id") REFERENCES "practices" ("id") ON DELETE CASCADE
);


CREATE TABLE "guild_memberships" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_guild_memberships" PRIMARY KEY AUTOINCREMENT,
    "guild_id" INTEGER NOT NULL,
    "practice_id" INTEGER NOT NULL,
    "valid_from" TEXT NOT NULL,
    "valid_to" TEXT NULL,
    CONSTRAINT "fk_guild_memberships_guilds_guild_id" FOREIGN KEY ("guild_id") REFERENCES "guilds" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_guild_memberships_practices_practice_id" FOREIGN KEY ("practice_id") REFERENCES "practices" ("id") ON DELETE CASCADE
);


CREATE TABLE "practice_affiliations" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_practice_affiliations" PRIMARY KEY AUTOINCREMENT,
    "person_id" INTEGER NOT NULL,
    "practice_id" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "valid_from" TEXT NOT NULL,
    "valid_to" TEXT NULL,
    "takes_part_in_cluster_work" INTEGER NOT NULL,
    CONSTRAINT "fk_practice_affiliations_people_person_id" FOREIGN KEY ("person_id") REFERENCES "people" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_practice_affiliations_practices_practice_id" FOREIGN KEY ("practice_id") REFERENCES "practices" ("id") ON DELETE CASCADE
);


CREATE INDEX "ix_audit_entries_at_utc" ON "audit_entries" ("at_utc");


CREATE INDEX "ix_cluster_memberships_cluster_id_valid_from" ON "cluster_memberships" ("cluster_id", "valid_from");


CREATE INDEX "ix_cluster_memberships_practice_id" ON "cluster_memberships" ("practice_id");


CREATE INDEX "ix_cluster_municipalities_municipality_code" ON "cluster_municipalities" ("municipality_code");


CREATE INDEX "ix_cluster_roles_cluster_id" ON "cluster_roles" ("cluster_id");


CREATE INDEX "ix_cluster_roles_person_id" ON "cluster_roles" ("person_id");


CREATE INDEX "ix_clusters_main_municipality_code" ON "clusters" ("main_municipality_code");


CREATE INDEX "ix_clusters_region_code" ON "clusters" ("region_code");


CREATE INDEX "ix_data_sharing_consents_practice_id" ON "data_sharing_consents" ("practice_id");


CREATE INDEX "ix_guild_memberships_guild_id" ON "guild_memberships" ("guild_id");


CREATE INDEX "ix_guild_memberships_practice_id" ON "guild_memberships" ("practice_id");


CREATE INDEX "ix_guilds_municipality_code" ON "guilds" ("municipality_code");


CREATE INDEX "ix_municipalities_region_code" ON "municipalities" ("region_code");


CREATE INDEX "ix_practice_affiliations_person_id" ON "practice_affiliations" ("person_id");


CREATE INDEX "ix_practice_affiliations_practice_id" ON "practice_affiliations" ("practice_id");


CREATE INDEX "ix_practices_municipality_code" ON "practices" ("municipality_code");


CREATE UNIQUE INDEX "ix_practices_provider_number" ON "practices" ("provider_number");


CREATE INDEX "ix_role_claims_role_id" ON "role_claims" ("role_id");


CREATE UNIQUE INDEX "RoleNameIndex" ON "roles" ("normalized_name");


CREATE INDEX "ix_user_claims_user_id" ON "user_claims" ("user_id");


CREATE INDEX "ix_user_logins_user_id" ON "user_logins" ("user_id");


CREATE INDEX "ix_user_roles_role_id" ON "user_roles" ("role_id");


CREATE INDEX "EmailIndex" ON "users" ("normalized_email");


CREATE UNIQUE INDEX "UserNameIndex" ON "users" ("normalized_user_name");



