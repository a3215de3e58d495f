-- AlterTable
ALTER TABLE "Image" ADD COLUMN "hash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Image_hash_key" ON "Image"("hash");
