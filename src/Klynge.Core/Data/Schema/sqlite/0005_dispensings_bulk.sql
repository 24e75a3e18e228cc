-- Dispensings become a bulk-loaded fact table: no foreign key to practices (the importer checks every
-- practice_id) and no (practice_id, dispensed_on) index. SQLite cannot drop a constraint, so the table is rebuilt.
CREATE TABLE "ef_temp_dispensings" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_dispensings" PRIMARY KEY AUTOINCREMENT,
    "patient_id" TEXT NOT NULL,
    "birth_year" INTEGER NOT NULL,
    "sex" TEXT NOT NULL,
    "practice_id" INTEGER NOT NULL,
    "atc" TEXT NOT NULL,
    "dispensed_on" TEXT NOT NULL,
    "packages" INTEGER NOT NULL,
    "ddd" REAL NULL
);

INSERT INTO "ef_temp_dispensings" ("id", "patient_id", "birth_year", "sex", "practice_id", "atc", "dispensed_on", "packages", "ddd")
SELECT "id", "patient_id", "birth_year", "sex", "practice_id", "atc", "dispensed_on", "packages", "ddd" FROM "dispensings";

DROP TABLE "dispensings";

ALTER TABLE "ef_temp_dispensings" RENAME TO "dispensings";

CREATE INDEX "ix_dispensings_dispensed_on" ON "dispensings" ("dispensed_on");
