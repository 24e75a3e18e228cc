-- Cluster funds (yearly budget, expenses with receipts kept in the database, reimbursement status) and
-- annual activity reports with their figures frozen as JSON on submission.

CREATE TABLE "cluster_budgets" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cluster_budgets" PRIMARY KEY AUTOINCREMENT,
    "cluster_id" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "amount_dkk" TEXT NOT NULL,
    "notes" TEXT NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at_utc" TEXT NOT NULL,
    CONSTRAINT "fk_cluster_budgets_clusters_cluster_id" FOREIGN KEY ("cluster_id") REFERENCES "clusters" ("id") ON DELETE CASCADE
);

CREATE TABLE "expenses" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_expenses" PRIMARY KEY AUTOINCREMENT,
    "cluster_id" INTEGER NOT NULL,
    "spent_on" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "amount_dkk" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "meeting_id" INTEGER NULL,
    "paid_by" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "submitted_by" TEXT NOT NULL,
    "submitted_at_utc" TEXT NOT NULL,
    "decided_by" TEXT NULL,
    "decided_at_utc" TEXT NULL,
    "reimbursed_by" TEXT NULL,
    "reimbursed_at_utc" TEXT NULL,
    "rejection_reason" TEXT NOT NULL,
    CONSTRAINT "fk_expenses_clusters_cluster_id" FOREIGN KEY ("cluster_id") REFERENCES "clusters" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_expenses_meetings_meeting_id" FOREIGN KEY ("meeting_id") REFERENCES "meetings" ("id") ON DELETE RESTRICT
);

CREATE TABLE "expense_receipts" (
    "expense_id" INTEGER NOT NULL CONSTRAINT "pk_expense_receipts" PRIMARY KEY,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "content" BLOB NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "uploaded_at_utc" TEXT NOT NULL,
    CONSTRAINT "fk_expense_receipts_expenses_expense_id" FOREIGN KEY ("expense_id") REFERENCES "expenses" ("id") ON DELETE CASCADE
);

CREATE TABLE "activity_reports" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_activity_reports" PRIMARY KEY AUTOINCREMENT,
    "cluster_id" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "figures_json" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "plans_next_year" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at_utc" TEXT NOT NULL,
    "updated_by" TEXT NULL,
    "updated_at_utc" TEXT NULL,
    "submitted_by" TEXT NULL,
    "submitted_at_utc" TEXT NULL,
    CONSTRAINT "fk_activity_reports_clusters_cluster_id" FOREIGN KEY ("cluster_id") REFERENCES "clusters" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_cluster_budgets_cluster_id_year" ON "cluster_budgets" ("cluster_id", "year");
CREATE INDEX "ix_expenses_cluster_id_spent_on" ON "expenses" ("cluster_id", "spent_on");
CREATE INDEX "ix_expenses_meeting_id" ON "expenses" ("meeting_id");
CREATE UNIQUE INDEX "ix_activity_reports_cluster_id_year_version" ON "activity_reports" ("cluster_id", "year", "version");
