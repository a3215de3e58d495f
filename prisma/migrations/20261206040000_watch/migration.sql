-- AlterTable: a file a watched folder lost (afs/watch), kept for a grace period
ALTER TABLE "AudioFile" ADD COLUMN "missingSince" BIGINT;
