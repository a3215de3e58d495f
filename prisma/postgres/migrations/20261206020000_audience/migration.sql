-- CreateTable
CREATE TABLE "ListenerSession" (
    "id" SERIAL NOT NULL,
    "output" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "address" TEXT,
    "family" TEXT NOT NULL,
    "endReason" TEXT,

    CONSTRAINT "ListenerSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Play" (
    "id" SERIAL NOT NULL,
    "fileId" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "endReason" TEXT,
    "mode" TEXT NOT NULL,
    "listenersStart" INTEGER NOT NULL,
    "listenersPeak" INTEGER NOT NULL,
    "listenersEnd" INTEGER,
    "tuneOuts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Play_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ListenerMinute" (
    "minute" TIMESTAMP(3) NOT NULL,
    "output" TEXT NOT NULL,
    "listeners" INTEGER NOT NULL,

    CONSTRAINT "ListenerMinute_pkey" PRIMARY KEY ("minute","output")
);

-- CreateTable
CREATE TABLE "ListenerHour" (
    "hour" TIMESTAMP(3) NOT NULL,
    "output" TEXT NOT NULL,
    "peak" INTEGER NOT NULL,
    "listenerSeconds" DOUBLE PRECISION NOT NULL,
    "sessions" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ListenerHour_pkey" PRIMARY KEY ("hour","output")
);

-- CreateTable
CREATE TABLE "AudienceMark" (
    "id" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AudienceMark_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ListenerSession_startedAt_idx" ON "ListenerSession"("startedAt");

-- CreateIndex
CREATE INDEX "ListenerSession_endedAt_idx" ON "ListenerSession"("endedAt");

-- CreateIndex
CREATE INDEX "Play_startedAt_idx" ON "Play"("startedAt");

-- CreateIndex
CREATE INDEX "Play_fileId_idx" ON "Play"("fileId");
