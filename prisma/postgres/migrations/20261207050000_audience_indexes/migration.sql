-- CreateIndex
CREATE INDEX "ListenerSession_range_idx" ON "ListenerSession"("startedAt", "endedAt", "family");

-- CreateIndex
CREATE INDEX "Play_rank_idx" ON "Play"("fileId", "startedAt", "listenersStart", "listenersPeak", "tuneOuts");
