-- AlterTable
ALTER TABLE "AudioFile" ADD COLUMN "loudness" REAL;
