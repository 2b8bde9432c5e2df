-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "OrderStatus" ADD VALUE 'SHIPPED';
ALTER TYPE "OrderStatus" ADD VALUE 'DELIVERED';

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "carrier" TEXT,
ADD COLUMN     "deliveredAt" TIMESTAMP(3),
ADD COLUMN     "shippedAt" TIMESTAMP(3),
ADD COLUMN     "shippingAddress" JSONB,
ADD COLUMN     "trackingNumber" TEXT;

-- CreateTable
CREATE TABLE "OrderEvent" (
    "id" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "fromStatus" "OrderStatus" NOT NULL,
    "toStatus" "OrderStatus" NOT NULL,
    "actorId" UUID,
    "actorService" TEXT NOT NULL,
    "details" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrderEvent_orderId_createdAt_idx" ON "OrderEvent"("orderId", "createdAt");

-- CreateIndex
CREATE INDEX "Order_createdAt_id_idx" ON "Order"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Order_status_createdAt_id_idx" ON "Order"("status", "createdAt", "id");

-- AddForeignKey
ALTER TABLE "OrderEvent" ADD CONSTRAINT "OrderEvent_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written backstops (the service checks first): a shipment is carrier, tracking number and time together;
-- nothing is delivered before it was shipped; an address is a JSON object; an event moves an order somewhere.
-- (The new enum values are not named here: PostgreSQL refuses a value added in the same transaction.)
ALTER TABLE "Order" ADD CONSTRAINT "Order_shipment_complete"
  CHECK (("carrier" IS NULL) = ("trackingNumber" IS NULL) AND ("carrier" IS NULL) = ("shippedAt" IS NULL));
ALTER TABLE "Order" ADD CONSTRAINT "Order_delivered_after_shipped" CHECK ("deliveredAt" IS NULL OR "shippedAt" IS NOT NULL);
ALTER TABLE "Order" ADD CONSTRAINT "Order_shippingAddress_object"
  CHECK ("shippingAddress" IS NULL OR jsonb_typeof("shippingAddress") = 'object');
ALTER TABLE "OrderEvent" ADD CONSTRAINT "OrderEvent_moves" CHECK ("fromStatus" <> "toStatus");
