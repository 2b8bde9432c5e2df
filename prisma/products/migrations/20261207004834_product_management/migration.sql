-- CreateEnum
CREATE TYPE "ProductAction" AS ENUM ('CREATE', 'UPDATE', 'ADJUST_STOCK', 'ARCHIVE');

-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "archived" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "imageUrl" TEXT;

-- AlterTable
ALTER TABLE "ProductChange" ADD COLUMN     "fields" TEXT[] DEFAULT ARRAY['stock', 'inStock']::TEXT[];

-- CreateTable
CREATE TABLE "ProductAudit" (
    "id" BIGSERIAL NOT NULL,
    "productId" UUID NOT NULL,
    "actorId" UUID NOT NULL,
    "action" "ProductAction" NOT NULL,
    "details" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProductAudit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProductAudit_productId_id_idx" ON "ProductAudit"("productId", "id");


-- Hand-written: the database refuses an image reference longer than the service accepts.
ALTER TABLE "Product" ADD CONSTRAINT "Product_imageUrl_length" CHECK (char_length("imageUrl") <= 500);
