-- CreateTable: the playout leader's HLS sequence numbers per variant (used on PostgreSQL only)
CREATE TABLE "HlsSequence" (
    "codec" TEXT NOT NULL PRIMARY KEY,
    "seq" BIGINT NOT NULL,
    "disc" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
