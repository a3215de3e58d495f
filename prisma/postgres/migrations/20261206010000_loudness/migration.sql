-- AlterTable
ALTER TABLE "AudioFile" ADD COLUMN "loudness" DOUBLE PRECISION;
