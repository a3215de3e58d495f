-- CreateTable: the key the server processes sign their Redis messages with (one row, id 1)
CREATE TABLE "PeerKey" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
