-- AlterTable: why each play played (issue #17): mood, playlist, schedule or request
ALTER TABLE "Play" ADD COLUMN "reason" TEXT NOT NULL DEFAULT 'mood',
ADD COLUMN "scheduleEntryId" INTEGER,
ADD COLUMN "requestId" INTEGER;
