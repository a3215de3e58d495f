-- CreateTable: folders watched by `watch` or the dashboard, kept across restarts (afs/watch)
CREATE TABLE "WatchedFolder" (
    "path" TEXT NOT NULL PRIMARY KEY,
    "addedBy" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable: bytes uploaded per user and UTC day (the daily upload limit across restarts)
CREATE TABLE "UploadDay" (
    "day" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("day", "user")
);
