CREATE TABLE indicator_distributions (
    indicator_id character varying(100) NOT NULL,
    quarter integer NOT NULL,
    practices integer NOT NULL,
    p10 double precision,
    p20 double precision,
    p30 double precision,
    p40 double precision,
    p50 double precision,
    p60 double precision,
    p70 double precision,
    p80 double precision,
    p90 double precision,
    CONSTRAINT pk_indicator_distributions PRIMARY KEY (indicator_id, quarter)
);
