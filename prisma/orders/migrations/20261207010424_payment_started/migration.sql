-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "paymentStartedAt" TIMESTAMP(3);

