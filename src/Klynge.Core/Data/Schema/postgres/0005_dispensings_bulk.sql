-- Dispensings become a bulk-loaded fact table: no foreign key to practices (the importer checks every
-- practice_id) and no (practice_id, dispensed_on) index; together they cost most of a load's time.
ALTER TABLE dispensings DROP CONSTRAINT fk_dispensings_practices_practice_id;

DROP INDEX ix_dispensings_practice_id_dispensed_on;
