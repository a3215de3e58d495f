-- CreateTable
CREATE TABLE "AudioFile" (
    "id" SERIAL NOT NULL,
    "path" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "lastPlayed" BIGINT NOT NULL,
    "attributes" BIGINT NOT NULL DEFAULT 0,
    "numPlayed" INTEGER NOT NULL DEFAULT 0,
    "imageId" INTEGER NOT NULL DEFAULT 0,
    "lyricsId" INTEGER NOT NULL DEFAULT 0,
    "amp" INTEGER NOT NULL DEFAULT 0,
    "format" INTEGER NOT NULL,
    "secondsTotal" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "chunksTotal" INTEGER NOT NULL,
    "chunkTimeUs" INTEGER NOT NULL,
    "bitrate" INTEGER NOT NULL,
    "frequency" INTEGER NOT NULL,
    "channels" INTEGER NOT NULL,
    "headerLen" INTEGER NOT NULL,
    "maxChunkSize" INTEGER NOT NULL,
    "techinfo" TEXT NOT NULL,
    "artist" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "year" TEXT NOT NULL,
    "album" TEXT NOT NULL,
    "comment" TEXT NOT NULL,

    CONSTRAINT "AudioFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChunkTable" (
    "fileId" INTEGER NOT NULL,
    "offsets" BYTEA NOT NULL,
    "extra" BYTEA,

    CONSTRAINT "ChunkTable_pkey" PRIMARY KEY ("fileId")
);

-- CreateTable
CREATE TABLE "Attribute" (
    "bit" INTEGER NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Attribute_pkey" PRIMARY KEY ("bit")
);

-- CreateTable
CREATE TABLE "Image" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "Image_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lyrics" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "Lyrics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mood" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "Mood_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Playlist" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "Playlist_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AudioFile_path_key" ON "AudioFile"("path");

-- CreateIndex
CREATE UNIQUE INDEX "AudioFile_hash_key" ON "AudioFile"("hash");

-- CreateIndex
CREATE INDEX "AudioFile_lastPlayed_idx" ON "AudioFile"("lastPlayed");

-- CreateIndex
CREATE UNIQUE INDEX "Attribute_name_key" ON "Attribute"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Image_name_key" ON "Image"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Lyrics_name_key" ON "Lyrics"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Mood_name_key" ON "Mood"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Playlist_name_key" ON "Playlist"("name");

-- AddForeignKey
ALTER TABLE "ChunkTable" ADD CONSTRAINT "ChunkTable_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "AudioFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;
