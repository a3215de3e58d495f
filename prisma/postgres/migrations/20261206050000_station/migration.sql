-- CreateTable
CREATE TABLE "Station" (
    "id" INTEGER NOT NULL,
    "name" TEXT,
    "description" TEXT,
    "artwork" TEXT,
    "publicOn" BOOLEAN,
    "showListeners" BOOLEAN,
    "showNext" BOOLEAN,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Station_pkey" PRIMARY KEY ("id")
);
