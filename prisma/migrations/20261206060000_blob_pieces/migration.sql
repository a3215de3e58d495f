-- AlterTable
ALTER TABLE "Image" ADD COLUMN "pieces" TEXT;
ALTER TABLE "Lyrics" ADD COLUMN "pieces" TEXT;
ALTER TABLE "Mood" ADD COLUMN "pieces" TEXT;
ALTER TABLE "Playlist" ADD COLUMN "pieces" TEXT;
ALTER TABLE "ChunkTable" ADD COLUMN "pieces" TEXT;

-- CreateTable
CREATE TABLE "BlobPiece" (
    "blob" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BLOB NOT NULL,

    PRIMARY KEY ("blob", "seq")
);
