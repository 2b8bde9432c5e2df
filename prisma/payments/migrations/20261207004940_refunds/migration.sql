-- CreateEnum
CREATE TYPE "RefundStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "refundHeldCents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "refundedCents" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "SimulatedCharge" ADD COLUMN     "refundedCents" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Refund" (
    "id" UUID NOT NULL,
    "paymentId" UUID NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "RefundStatus" NOT NULL DEFAULT 'PENDING',
    "requestedBy" UUID,
    "idempotencyKey" TEXT,
    "requestHash" TEXT,
    "processorRefundId" TEXT,
    "failureReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Refund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SimulatedRefund" (
    "id" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "chargeId" UUID NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SimulatedRefund_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Refund_paymentId_createdAt_idx" ON "Refund"("paymentId", "createdAt");

-- CreateIndex
CREATE INDEX "Refund_status_updatedAt_idx" ON "Refund"("status", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_requestedBy_idempotencyKey_key" ON "Refund"("requestedBy", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "SimulatedRefund_idempotencyKey_key" ON "SimulatedRefund"("idempotencyKey");

-- CreateIndex
CREATE INDEX "SimulatedRefund_chargeId_idx" ON "SimulatedRefund"("chargeId");

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Added by hand (Prisma cannot express these): a refund is for a positive amount, and a payment's refunds never
-- add up to more than its charge (the backstop behind refundPayment's conditional update).
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_amountCents_positive" CHECK ("amountCents" > 0);
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_refunds_within_charge"
  CHECK (0 <= "refundedCents" AND "refundedCents" <= "refundHeldCents" AND "refundHeldCents" <= "amountCents");
ALTER TABLE "SimulatedRefund" ADD CONSTRAINT "SimulatedRefund_amountCents_positive" CHECK ("amountCents" > 0);
ALTER TABLE "SimulatedCharge" ADD CONSTRAINT "SimulatedCharge_refunds_within_charge"
  CHECK (0 <= "refundedCents" AND "refundedCents" <= "amountCents");

-- Payments the shop refunded before refunds were counted were refunded in full.
UPDATE "Payment" SET "refundedCents" = "amountCents", "refundHeldCents" = "amountCents" WHERE "status" = 'REFUNDED';
UPDATE "SimulatedCharge" SET "refundedCents" = "amountCents" WHERE "refundedAt" IS NOT NULL;
