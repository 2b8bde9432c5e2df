// Entities owned by other subgraphs, as this one holds them: by key only (the router fetches the rest).

/** A user (owned by the users service). */
export interface UserReference {
  id: string;
}

/** A product (owned by the products service). */
export interface ProductReference {
  id: string;
}
