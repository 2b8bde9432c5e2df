-- CreateIndex
CREATE INDEX "PaymentRequest_paymentId_idx" ON "PaymentRequest"("paymentId");

