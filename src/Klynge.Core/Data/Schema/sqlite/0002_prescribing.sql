CREATE TABLE "import_runs" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_import_runs" PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "first_quarter" INTEGER NOT NULL,
    "last_quarter" INTEGER NOT NULL,
    "imported_at_utc" TEXT NOT NULL,
    "user_name" TEXT NOT NULL
);

CREATE TABLE "indicator_results" (
    "indicator_id" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "quarter" INTEGER NOT NULL,
    "numerator" REAL NOT NULL,
    "denominator" REAL NOT NULL,
    "value" REAL NULL,
    "standardised_value" REAL NULL,
    "percentile" REAL NULL,
    "funnel" TEXT NULL,
    "small_number" INTEGER NOT NULL,
    CONSTRAINT "pk_indicator_results" PRIMARY KEY ("indicator_id", "level", "unit_id", "quarter")
);

CREATE TABLE "meetings" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_meetings" PRIMARY KEY AUTOINCREMENT,
    "cluster_id" INTEGER NOT NULL,
    "starts_at" TEXT NOT NULL,
    "topic_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    CONSTRAINT "fk_meetings_clusters_cluster_id" FOREIGN KEY ("cluster_id") REFERENCES "clusters" ("id") ON DELETE CASCADE
);

CREATE TABLE "dispensings" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_dispensings" PRIMARY KEY AUTOINCREMENT,
    "patient_id" TEXT NOT NULL,
    "birth_year" INTEGER NOT NULL,
    "sex" TEXT NOT NULL,
    "practice_id" INTEGER NOT NULL,
    "atc" TEXT NOT NULL,
    "dispensed_on" TEXT NOT NULL,
    "packages" INTEGER NOT NULL,
    "ddd" REAL NULL,
    CONSTRAINT "fk_dispensings_practices_practice_id" FOREIGN KEY ("practice_id") REFERENCES "practices" ("id") ON DELETE CASCADE
);

CREATE TABLE "list_sizes" (
    "practice_id" INTEGER NOT NULL,
    "quarter" INTEGER NOT NULL,
    "sex" TEXT NOT NULL,
    "age_band_from" INTEGER NOT NULL,
    "patients" INTEGER NOT NULL,
    CONSTRAINT "pk_list_sizes" PRIMARY KEY ("practice_id", "quarter", "sex", "age_band_from"),
    CONSTRAINT "fk_list_sizes_practices_practice_id" FOREIGN KEY ("practice_id") REFERENCES "practices" ("id") ON DELETE CASCADE
);

CREATE TABLE "planted_effects" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_planted_effects" PRIMARY KEY AUTOINCREMENT,
    "meeting_id" INTEGER NOT NULL,
    "cluster_id" INTEGER NOT NULL,
    "topic_id" TEXT NOT NULL,
    "indicator_id" TEXT NOT NULL,
    "relative_change" REAL NOT NULL,
    "from_quarter" INTEGER NOT NULL,
    CONSTRAINT "fk_planted_effects_meetings_meeting_id" FOREIGN KEY ("meeting_id") REFERENCES "meetings" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_dispensings_dispensed_on" ON "dispensings" ("dispensed_on");

CREATE INDEX "ix_dispensings_practice_id_dispensed_on" ON "dispensings" ("practice_id", "dispensed_on");

CREATE INDEX "ix_indicator_results_level_unit_id_quarter" ON "indicator_results" ("level", "unit_id", "quarter");

CREATE INDEX "ix_list_sizes_quarter" ON "list_sizes" ("quarter");

CREATE INDEX "ix_meetings_cluster_id_starts_at" ON "meetings" ("cluster_id", "starts_at");

CREATE INDEX "ix_planted_effects_meeting_id" ON "planted_effects" ("meeting_id");
