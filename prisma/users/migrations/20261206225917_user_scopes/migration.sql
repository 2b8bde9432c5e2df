-- Staff scopes of an account (empty for customers); NOT NULL so every row has a list the token can carry.
ALTER TABLE "User" ADD COLUMN "scopes" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
