-- CreateTable: the key the server processes sign their Redis messages with (one row, id 1)
CREATE TABLE "PeerKey" (
    "id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PeerKey_pkey" PRIMARY KEY ("id")
);
