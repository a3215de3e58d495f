-- CreateTable: folders watched by `watch` or the dashboard, kept across restarts (afs/watch)
CREATE TABLE "WatchedFolder" (
    "path" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WatchedFolder_pkey" PRIMARY KEY ("path")
);

-- CreateTable: bytes uploaded per user and UTC day (the daily upload limit across restarts)
CREATE TABLE "UploadDay" (
    "day" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "UploadDay_pkey" PRIMARY KEY ("day","user")
);
