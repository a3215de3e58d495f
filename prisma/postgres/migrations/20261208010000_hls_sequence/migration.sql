-- CreateTable: the playout leader's HLS sequence numbers per variant (a new leader goes on after them)
CREATE TABLE "HlsSequence" (
    "codec" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "disc" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HlsSequence_pkey" PRIMARY KEY ("codec")
);
