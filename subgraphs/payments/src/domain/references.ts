// Entities owned by other subgraphs, as this one holds them: by key only (the router fetches the rest).

/** An order (owned by the orders service). */
export interface OrderReference {
  id: string;
}
