CREATE TABLE "indicator_distributions" (
    "indicator_id" TEXT NOT NULL,
    "quarter" INTEGER NOT NULL,
    "practices" INTEGER NOT NULL,
    "p10" REAL NULL,
    "p20" REAL NULL,
    "p30" REAL NULL,
    "p40" REAL NULL,
    "p50" REAL NULL,
    "p60" REAL NULL,
    "p70" REAL NULL,
    "p80" REAL NULL,
    "p90" REAL NULL,
    CONSTRAINT "pk_indicator_distributions" PRIMARY KEY ("indicator_id", "quarter")
);
