-- CreateTable
CREATE TABLE "ProductChange" (
    "id" BIGSERIAL NOT NULL,
    "productId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProductChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProductChange_createdAt_idx" ON "ProductChange"("createdAt");

