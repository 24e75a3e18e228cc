-- The coordinator's desk: shared tasks with their history, and hand-overs between coordinators.

CREATE TABLE "cluster_tasks" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cluster_tasks" PRIMARY KEY AUTOINCREMENT,
    "cluster_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "notes" TEXT NOT NULL,
    "due_on" TEXT NULL,
    "kind" TEXT NOT NULL,
    "year" INTEGER NULL,
    "assigned_person_id" INTEGER NULL,
    "status" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at_utc" TEXT NOT NULL,
    "completed_by" TEXT NULL,
    "completed_at_utc" TEXT NULL,
    CONSTRAINT "fk_cluster_tasks_clusters_cluster_id" FOREIGN KEY ("cluster_id") REFERENCES "clusters" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_cluster_tasks_people_assigned_person_id" FOREIGN KEY ("assigned_person_id") REFERENCES "people" ("id")
);

CREATE TABLE "cluster_task_events" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cluster_task_events" PRIMARY KEY AUTOINCREMENT,
    "task_id" INTEGER NOT NULL,
    "cluster_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "from_person_id" INTEGER NULL,
    "to_person_id" INTEGER NULL,
    "user_name" TEXT NOT NULL,
    "at_utc" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    CONSTRAINT "fk_cluster_task_events_cluster_tasks_task_id" FOREIGN KEY ("task_id") REFERENCES "cluster_tasks" ("id") ON DELETE CASCADE
);

CREATE TABLE "cluster_hand_overs" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cluster_hand_overs" PRIMARY KEY AUTOINCREMENT,
    "cluster_id" INTEGER NOT NULL,
    "from_person_id" INTEGER NOT NULL,
    "to_person_id" INTEGER NOT NULL,
    "hand_over_on" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "tasks_moved" INTEGER NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at_utc" TEXT NOT NULL,
    CONSTRAINT "fk_cluster_hand_overs_clusters_cluster_id" FOREIGN KEY ("cluster_id") REFERENCES "clusters" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_cluster_hand_overs_people_from_person_id" FOREIGN KEY ("from_person_id") REFERENCES "people" ("id"),
    CONSTRAINT "fk_cluster_hand_overs_people_to_person_id" FOREIGN KEY ("to_person_id") REFERENCES "people" ("id")
);

CREATE INDEX "ix_cluster_hand_overs_cluster_id" ON "cluster_hand_overs" ("cluster_id");

CREATE INDEX "ix_cluster_hand_overs_from_person_id" ON "cluster_hand_overs" ("from_person_id");

CREATE INDEX "ix_cluster_hand_overs_to_person_id" ON "cluster_hand_overs" ("to_person_id");

CREATE INDEX "ix_cluster_task_events_cluster_id_at_utc" ON "cluster_task_events" ("cluster_id", "at_utc");

CREATE INDEX "ix_cluster_task_events_task_id" ON "cluster_task_events" ("task_id");

CREATE INDEX "ix_cluster_tasks_assigned_person_id_status" ON "cluster_tasks" ("assigned_person_id", "status");

CREATE UNIQUE INDEX "ix_cluster_tasks_cluster_id_kind_year" ON "cluster_tasks" ("cluster_id", "kind", "year");
