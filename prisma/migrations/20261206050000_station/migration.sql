-- CreateTable
CREATE TABLE "Station" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "name" TEXT,
    "description" TEXT,
    "artwork" TEXT,
    "publicOn" BOOLEAN,
    "showListeners" BOOLEAN,
    "showNext" BOOLEAN,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
