-- CreateTable
CREATE TABLE "ListenerSession" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "output" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "address" TEXT,
    "family" TEXT NOT NULL,
    "endReason" TEXT
);

-- CreateTable
CREATE TABLE "Play" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "fileId" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "endReason" TEXT,
    "mode" TEXT NOT NULL,
    "listenersStart" INTEGER NOT NULL,
    "listenersPeak" INTEGER NOT NULL,
    "listenersEnd" INTEGER,
    "tuneOuts" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "ListenerMinute" (
    "minute" DATETIME NOT NULL,
    "output" TEXT NOT NULL,
    "listeners" INTEGER NOT NULL,

    PRIMARY KEY ("minute", "output")
);

-- CreateTable
CREATE TABLE "ListenerHour" (
    "hour" DATETIME NOT NULL,
    "output" TEXT NOT NULL,
    "peak" INTEGER NOT NULL,
    "listenerSeconds" REAL NOT NULL,
    "sessions" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("hour", "output")
);

-- CreateTable
CREATE TABLE "AudienceMark" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ListenerSession_startedAt_idx" ON "ListenerSession"("startedAt");

-- CreateIndex
CREATE INDEX "ListenerSession_endedAt_idx" ON "ListenerSession"("endedAt");

-- CreateIndex
CREATE INDEX "Play_startedAt_idx" ON "Play"("startedAt");

-- CreateIndex
CREATE INDEX "Play_fileId_idx" ON "Play"("fileId");
