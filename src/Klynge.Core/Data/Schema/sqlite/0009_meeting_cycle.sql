-- Meetings get planning, agenda and minutes. SQLite cannot add NOT NULL columns without defaults or new
-- foreign keys to a table, so meetings is rebuilt. Dropping the old table would cascade to the planted effects,
-- so they are kept aside and put back; references to meetings are checked when the transaction commits.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE "kept_planted_effects" AS SELECT * FROM "planted_effects";

CREATE TABLE "ef_temp_meetings" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_meetings" PRIMARY KEY AUTOINCREMENT,
    "cluster_id" INTEGER NOT NULL,
    "starts_at" TEXT NOT NULL,
    "ends_at" TEXT NOT NULL,
    "topic_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "problem_statement" TEXT NOT NULL,
    "venue" TEXT NOT NULL,
    "online_url" TEXT NULL,
    "formats" INTEGER NOT NULL,
    "content_responsible_id" INTEGER NULL,
    "practical_responsible_id" INTEGER NULL,
    "facilitator" TEXT NOT NULL,
    "facilitator_external" INTEGER NOT NULL,
    "agenda" TEXT NOT NULL,
    "minutes" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "calendar_sequence" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at_utc" TEXT NOT NULL,
    CONSTRAINT "fk_meetings_clusters_cluster_id" FOREIGN KEY ("cluster_id") REFERENCES "clusters" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_meetings_people_content_responsible_id" FOREIGN KEY ("content_responsible_id") REFERENCES "people" ("id"),
    CONSTRAINT "fk_meetings_people_practical_responsible_id" FOREIGN KEY ("practical_responsible_id") REFERENCES "people" ("id")
);

INSERT INTO "ef_temp_meetings" ("id", "cluster_id", "starts_at", "ends_at", "topic_id", "title", "problem_statement", "venue", "online_url", "formats", "content_responsible_id", "practical_responsible_id", "facilitator", "facilitator_external", "agenda", "minutes", "status", "calendar_sequence", "created_by", "created_at_utc")
SELECT "id", "cluster_id", "starts_at", datetime("starts_at", '+150 minutes'), "topic_id", "title", '', '', NULL, 0, NULL, NULL, '', 0, '', '', CASE WHEN "starts_at" < datetime('now') THEN 'Held' ELSE 'Planned' END, 0, 'demo', datetime('now') FROM "meetings";

DROP TABLE "meetings";

ALTER TABLE "ef_temp_meetings" RENAME TO "meetings";

INSERT INTO "planted_effects" SELECT * FROM "kept_planted_effects" WHERE "id" NOT IN (SELECT "id" FROM "planted_effects");

DROP TABLE "kept_planted_effects";

CREATE INDEX "ix_meetings_cluster_id_starts_at" ON "meetings" ("cluster_id", "starts_at");

CREATE INDEX "ix_meetings_content_responsible_id" ON "meetings" ("content_responsible_id");

CREATE INDEX "ix_meetings_practical_responsible_id" ON "meetings" ("practical_responsible_id");

CREATE TABLE "agreed_actions" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_agreed_actions" PRIMARY KEY AUTOINCREMENT,
    "meeting_id" INTEGER NOT NULL,
    "cluster_id" INTEGER NOT NULL,
    "practice_id" INTEGER NULL,
    "text" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "due_on" TEXT NULL,
    "status" TEXT NOT NULL,
    "closed_at_utc" TEXT NULL,
    CONSTRAINT "fk_agreed_actions_clusters_cluster_id" FOREIGN KEY ("cluster_id") REFERENCES "clusters" ("id"),
    CONSTRAINT "fk_agreed_actions_meetings_meeting_id" FOREIGN KEY ("meeting_id") REFERENCES "meetings" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_agreed_actions_practices_practice_id" FOREIGN KEY ("practice_id") REFERENCES "practices" ("id")
);

CREATE TABLE "meeting_invitations" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_meeting_invitations" PRIMARY KEY AUTOINCREMENT,
    "meeting_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "person_id" INTEGER NULL,
    "practice_id" INTEGER NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "organisation" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "invited_at_utc" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "responded_at_utc" TEXT NULL,
    "reminded_at_utc" TEXT NULL,
    "attended_at_utc" TEXT NULL,
    "evaluation_sent_at_utc" TEXT NULL,
    CONSTRAINT "fk_meeting_invitations_meetings_meeting_id" FOREIGN KEY ("meeting_id") REFERENCES "meetings" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_meeting_invitations_people_person_id" FOREIGN KEY ("person_id") REFERENCES "people" ("id"),
    CONSTRAINT "fk_meeting_invitations_practices_practice_id" FOREIGN KEY ("practice_id") REFERENCES "practices" ("id")
);

CREATE TABLE "meeting_evaluations" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_meeting_evaluations" PRIMARY KEY AUTOINCREMENT,
    "meeting_id" INTEGER NOT NULL,
    "invitation_id" INTEGER NOT NULL,
    "productive" INTEGER NOT NULL,
    "data_useful" INTEGER NOT NULL,
    "commitment" INTEGER NOT NULL,
    "agreement_easy" INTEGER NOT NULL,
    "comment" TEXT NOT NULL,
    "submitted_at_utc" TEXT NOT NULL,
    CONSTRAINT "fk_meeting_evaluations_meeting_invitations_invitation_id" FOREIGN KEY ("invitation_id") REFERENCES "meeting_invitations" ("id"),
    CONSTRAINT "fk_meeting_evaluations_meetings_meeting_id" FOREIGN KEY ("meeting_id") REFERENCES "meetings" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_agreed_actions_cluster_id_status" ON "agreed_actions" ("cluster_id", "status");

CREATE INDEX "ix_agreed_actions_meeting_id" ON "agreed_actions" ("meeting_id");

CREATE INDEX "ix_agreed_actions_practice_id" ON "agreed_actions" ("practice_id");

CREATE UNIQUE INDEX "ix_meeting_evaluations_invitation_id" ON "meeting_evaluations" ("invitation_id");

CREATE INDEX "ix_meeting_evaluations_meeting_id" ON "meeting_evaluations" ("meeting_id");

CREATE UNIQUE INDEX "ix_meeting_invitations_meeting_id_email" ON "meeting_invitations" ("meeting_id", "email");

CREATE INDEX "ix_meeting_invitations_person_id" ON "meeting_invitations" ("person_id");

CREATE INDEX "ix_meeting_invitations_practice_id" ON "meeting_invitations" ("practice_id");

CREATE UNIQUE INDEX "ix_meeting_invitations_token" ON "meeting_invitations" ("token");
