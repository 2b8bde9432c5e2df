-- CreateEnum
CREATE TYPE "ReservationStatus" AS ENUM ('HELD', 'COMMITTED', 'RELEASED');

-- CreateTable
CREATE TABLE "Reservation" (
    "orderId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "status" "ReservationStatus" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Reservation_pkey" PRIMARY KEY ("orderId")
);

-- CreateTable
CREATE TABLE "ReservationLine" (
    "orderId" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unitPriceCents" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,

    CONSTRAINT "ReservationLine_pkey" PRIMARY KEY ("orderId","productId")
);

-- AddForeignKey
ALTER TABLE "ReservationLine" ADD CONSTRAINT "ReservationLine_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Reservation"("orderId") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: a reserved line holds at least one unit at a non-negative price.
ALTER TABLE "ReservationLine" ADD CONSTRAINT "ReservationLine_quantity_positive" CHECK ("quantity" > 0);
ALTER TABLE "ReservationLine" ADD CONSTRAINT "ReservationLine_unitPriceCents_non_negative" CHECK ("unitPriceCents" >= 0);
