CREATE TABLE "packages" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_packages" PRIMARY KEY AUTOINCREMENT,
    "cluster_id" INTEGER NOT NULL,
    "topic_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "follows_package_id" INTEGER NULL,
    "meeting_id" INTEGER NULL,
    "meeting_on" TEXT NULL,
    "cut_off" INTEGER NOT NULL,
    "created_at_utc" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "publish_on" TEXT NULL,
    "published_by" TEXT NULL,
    "snapshot" TEXT NOT NULL,
    CONSTRAINT "fk_packages_clusters_cluster_id" FOREIGN KEY ("cluster_id") REFERENCES "clusters" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_packages_meetings_meeting_id" FOREIGN KEY ("meeting_id") REFERENCES "meetings" ("id"),
    CONSTRAINT "fk_packages_packages_follows_package_id" FOREIGN KEY ("follows_package_id") REFERENCES "packages" ("id")
);

CREATE TABLE "package_pdfs" (
    "package_id" INTEGER NOT NULL,
    "audience" TEXT NOT NULL,
    "content" BLOB NOT NULL,
    "created_at_utc" TEXT NOT NULL,
    CONSTRAINT "pk_package_pdfs" PRIMARY KEY ("package_id", "audience"),
    CONSTRAINT "fk_package_pdfs_packages_package_id" FOREIGN KEY ("package_id") REFERENCES "packages" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_packages_cluster_id_created_at_utc" ON "packages" ("cluster_id", "created_at_utc");

CREATE INDEX "ix_packages_follows_package_id" ON "packages" ("follows_package_id");

CREATE INDEX "ix_packages_meeting_id" ON "packages" ("meeting_id");
