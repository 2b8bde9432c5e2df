// "Now" in raw SQL, as the Prisma schemas store time: DateTime columns are timestamp(3) WITHOUT time zone holding
// UTC, so raw statements write and compare them with UTC "now" whatever the session's time zone. @updatedAt is
// set by the Prisma client, not the database: raw writes set it with this too.
export const UTC_NOW = "(now() AT TIME ZONE 'UTC')";
