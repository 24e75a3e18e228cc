-- The five reference indicators of DATA-FORMATS.md per practice and quarter in plain SQL, as a yardstick for
-- the engine in scripts/bench. Each indicator is its own GROUP BY over the dispensings, joined to the listed
-- patients; results go to temporary tables so every row is really computed.
\set ON_ERROR_STOP on
\timing on

CREATE TEMP TABLE listed AS
SELECT practice_id, quarter,
       sum(patients) AS all_ages,
       sum(patients) FILTER (WHERE age_band_from >= 65) AS aged_65
FROM list_sizes GROUP BY practice_id, quarter;

CREATE TEMP TABLE ref_benzodiazepine_users AS
SELECT l.practice_id, l.quarter, coalesce(u.users, 0) AS numerator, l.all_ages AS denominator,
       1000.0 * coalesce(u.users, 0) / nullif(l.all_ages, 0) AS value
FROM listed l LEFT JOIN (
    SELECT practice_id, q, count(*) AS users FROM (
        SELECT practice_id, patient_id, (extract(year FROM dispensed_on) * 10 + extract(quarter FROM dispensed_on))::int AS q
        FROM dispensings WHERE atc LIKE 'N05BA%' OR atc LIKE 'N05CD%'
        GROUP BY 1, 2, 3 HAVING sum(packages) > 0) p
    GROUP BY practice_id, q) u ON u.practice_id = l.practice_id AND u.q = l.quarter;

CREATE TEMP TABLE ref_opioid_ddd AS
SELECT l.practice_id, l.quarter, coalesce(d.ddd, 0) AS numerator,
       l.all_ages * ((make_date(l.quarter / 10, (l.quarter % 10) * 3 - 2, 1) + interval '3 months')::date
                     - make_date(l.quarter / 10, (l.quarter % 10) * 3 - 2, 1)) AS denominator
FROM listed l LEFT JOIN (
    SELECT practice_id, (extract(year FROM dispensed_on) * 10 + extract(quarter FROM dispensed_on))::int AS q, sum(ddd) AS ddd
    FROM dispensings WHERE atc LIKE 'N02A%' GROUP BY 1, 2) d ON d.practice_id = l.practice_id AND d.q = l.quarter;

CREATE TEMP TABLE ref_antibiotic_dispensings AS
SELECT l.practice_id, l.quarter, coalesce(d.n, 0) AS numerator, l.all_ages AS denominator,
       4000.0 * coalesce(d.n, 0) / nullif(l.all_ages, 0) AS value
FROM listed l LEFT JOIN (
    SELECT practice_id, (extract(year FROM dispensed_on) * 10 + extract(quarter FROM dispensed_on))::int AS q, sum(sign(packages)) AS n
    FROM dispensings WHERE atc LIKE 'J01%' GROUP BY 1, 2) d ON d.practice_id = l.practice_id AND d.q = l.quarter;

CREATE TEMP TABLE ref_penicillin_v_share AS
SELECT practice_id, (extract(year FROM dispensed_on) * 10 + extract(quarter FROM dispensed_on))::int AS quarter,
       sum(sign(packages)) FILTER (WHERE atc = 'J01CE02') AS numerator, sum(sign(packages)) AS denominator,
       100.0 * sum(sign(packages)) FILTER (WHERE atc = 'J01CE02') / nullif(sum(sign(packages)), 0) AS value
FROM dispensings WHERE atc LIKE 'J01%' GROUP BY 1, 2;

CREATE TEMP TABLE ref_older_benzodiazepine_users AS
SELECT l.practice_id, l.quarter, coalesce(u.users, 0) AS numerator, l.aged_65 AS denominator,
       1000.0 * coalesce(u.users, 0) / nullif(l.aged_65, 0) AS value
FROM listed l LEFT JOIN (
    SELECT practice_id, q, count(*) AS users FROM (
        SELECT practice_id, patient_id, (extract(year FROM dispensed_on) * 10 + extract(quarter FROM dispensed_on))::int AS q,
               min(birth_year) AS birth_year
        FROM dispensings WHERE atc LIKE 'N05BA%' OR atc LIKE 'N05CD%' OR atc LIKE 'N05CF%'
        GROUP BY 1, 2, 3 HAVING sum(packages) > 0) p
    WHERE q / 10 - birth_year >= 65
    GROUP BY practice_id, q) u ON u.practice_id = l.practice_id AND u.q = l.quarter;
