CREATE TABLE "outbox_messages" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_outbox_messages" PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "to_address" TEXT NOT NULL,
    "to_name" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text_body" TEXT NOT NULL,
    "html_body" TEXT NULL,
    "created_at_utc" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "next_attempt_at_utc" TEXT NOT NULL,
    "last_error" TEXT NULL,
    "sent_at_utc" TEXT NULL,
    "reference" TEXT NULL
);

CREATE TABLE "outbox_attachments" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_outbox_attachments" PRIMARY KEY AUTOINCREMENT,
    "message_id" INTEGER NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "content" BLOB NOT NULL,
    CONSTRAINT "fk_outbox_attachments_outbox_messages_message_id" FOREIGN KEY ("message_id") REFERENCES "outbox_messages" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_outbox_attachments_message_id" ON "outbox_attachments" ("message_id");

CREATE INDEX "ix_outbox_messages_reference" ON "outbox_messages" ("reference");

CREATE INDEX "ix_outbox_messages_status_next_attempt_at_utc" ON "outbox_messages" ("status", "next_attempt_at_utc");
