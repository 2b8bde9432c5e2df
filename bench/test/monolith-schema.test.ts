// The monolith's field binding on a small two-subgraph schema: a field runs in the subgraph that produced its
// parent when that subgraph defines it, otherwise after the owner's __resolveReference (once per object).
import { buildSchema, graphql } from "graphql";
import { describe, expect, it } from "vitest";
import { bindResolvers, type MonolithContext, subgraphTypes } from "../src/monolith/schema.ts";

const shelf = `
  type Book @key(fields: "id") { id: ID! title: String! }
  type Query { books: [Book!]! }
`;
const reviews = `
  type Book @key(fields: "id") { id: ID! reviews: [Review!]! }
  type Review { stars: Int! book: Book! }
  type Author @key(fields: "id", resolvable: false) { id: ID! }
`;

describe("subgraphTypes", () => {
  it("reads fields and resolvable keys", () => {
    const types = subgraphTypes(reviews);
    expect([...types.get("Book")!.fields]).toEqual(["id", "reviews"]);
    expect(types.get("Book")!.keys).toEqual(["id"]);
    expect(types.get("Author")!.keys).toEqual([]);
  });
});

describe("bindResolvers", () => {
  it("resolves each field in its owner, going through __resolveReference across subgraphs", async () => {
    const references: string[] = [];
    const contexts: string[] = [];
    const api = buildSchema(`
      type Book { id: ID! title: String! reviews: [Review!]! }
      type Review { stars: Int! book: Book! }
      type Query { books: [Book!]! }
    `);
    const schema = bindResolvers(api, [
      {
        name: "shelf",
        sdl: shelf,
        resolvers: {
          Query: { books: () => [{ id: "1", title: "Notes" }, { id: "2", title: "Sketch" }] },
          Book: { __resolveReference: ({ id }: { id: string }) => ({ id, title: id === "1" ? "Notes" : "Sketch" }) },
        },
      },
      {
        name: "reviews",
        sdl: reviews,
        resolvers: {
          Book: {
            __resolveReference: (ref: { id: string }, context: { name: string }) => {
              references.push(ref.id);
              contexts.push(context.name);
              return { id: ref.id, stars: ref.id === "1" ? [5, 4] : [3] };
            },
            reviews: (book: { id: string; stars: number[] }) => book.stars.map((stars) => ({ stars, bookId: book.id })),
          },
          Review: { book: (review: { bookId: string }) => ({ id: review.bookId }) },
        },
      },
    ]);
    const contextValue: MonolithContext = { contextOf: (name) => ({ name }) };
    const result = await graphql({ schema, source: "{ books { title reviews { stars book { id title } } } }", contextValue });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      books: [
        { title: "Notes", reviews: [{ stars: 5, book: { id: "1", title: "Notes" } }, { stars: 4, book: { id: "1", title: "Notes" } }] },
        { title: "Sketch", reviews: [{ stars: 3, book: { id: "2", title: "Sketch" } }] },
      ],
    });
    // One reference per book into reviews, each with the reviews subgraph's own context.
    expect(references.sort()).toEqual(["1", "2"]);
    expect(new Set(contexts)).toEqual(new Set(["reviews"]));
  });
});
