-- CreateTable
CREATE TABLE "ScheduleEntry" (
    "id" SERIAL NOT NULL,
    "mode" TEXT NOT NULL,
    "weekdays" TEXT NOT NULL DEFAULT '',
    "dates" TEXT NOT NULL DEFAULT '',
    "start" TEXT NOT NULL,
    "end" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "transition" TEXT NOT NULL DEFAULT 'next',
    "fitTolerance" INTEGER NOT NULL DEFAULT 10,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScheduleEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduleSetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "ScheduleSetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SongRequest" (
    "id" SERIAL NOT NULL,
    "fileId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "address" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "playedAt" TIMESTAMP(3),
    "listeners" INTEGER,

    CONSTRAINT "SongRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SongRequest_status_position_idx" ON "SongRequest"("status", "position");

-- CreateIndex
CREATE INDEX "SongRequest_fileId_createdAt_idx" ON "SongRequest"("fileId", "createdAt");
