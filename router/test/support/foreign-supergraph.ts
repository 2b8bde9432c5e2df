// Two tiny subgraphs that are not ours (a catalog and a shipping service on free ports, with no credential
// check), composed into a supergraph file the router serves: @key, @requires, @provides, @override,
// @inaccessible, an interface entity (@interfaceObject) and a union.
import type { IncomingHttpHeaders } from "node:http";
import { composeServices } from "@apollo/composition";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { parse } from "graphql";

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7",
  import: ["@key", "@shareable", "@external", "@requires", "@provides", "@override", "@inaccessible", "@interfaceObject"])`;

/** The catalog owns books, authors and media (films, albums); `withPages` adds Book.pages (the field a supergraph swap brings in). */
const catalogSdl = (withPages: boolean) => `${LINK}
type Query {
  book(id: ID!): Book
  media: [Media!]!
  search(text: String!): [SearchResult!]!
}
interface Media @key(fields: "id") { id: ID! title: String! }
type Book @key(fields: "id") {
  id: ID!
  title: String! @shareable
  weightGrams: Int!
  stock: Int!
  author: Author!
  internalCode: String! @inaccessible
  ${withPages ? "pages: Int!" : ""}
}
type Film implements Media @key(fields: "id") { id: ID! title: String! minutes: Int! }
type Album implements Media @key(fields: "id") { id: ID! title: String! tracks: Int! }
type Author @key(fields: "id") { id: ID! name: String! }
union SearchResult = Book | Author
`;

/** Shipping computes a cost from the catalog's weight, now owns stock, counts reviews of any medium, and has a staff pick. */
const shippingSdl = `${LINK}
type Query { staffPick: Book @provides(fields: "title") }
type Book @key(fields: "id") {
  id: ID!
  title: String! @external
  weightGrams: Int! @external
  shippingCents: Int! @requires(fields: "weightGrams")
  stock: Int! @override(from: "catalog")
}
type Media @key(fields: "id") @interfaceObject { id: ID! reviewCount: Int! }
`;

const authors = [{ id: "a1", name: "Ursula K. Le Guin" }];
const books = [
  { __typename: "Book", id: "b1", title: "The Dispossessed", weightGrams: 400, authorId: "a1", internalCode: "SECRET-1", pages: 387 },
  { __typename: "Book", id: "b2", title: "The Lathe of Heaven", weightGrams: 250, authorId: "a1", internalCode: "SECRET-2", pages: 184 },
];
const media = [
  { __typename: "Film", id: "f1", title: "Tales from Earthsea", minutes: 115 },
  { __typename: "Album", id: "m1", title: "Music of Earthsea", tracks: 12 },
];
type BookRow = (typeof books)[number];

const catalogResolvers = {
  Query: {
    book: (_: unknown, { id }: { id: string }) => books.find((book) => book.id === id) ?? null,
    media: () => media,
    search: (_: unknown, { text }: { text: string }) =>
      [...books.map((b) => ({ ...b, match: b.title })), ...authors.map((a) => ({ __typename: "Author", ...a, match: a.name }))].filter(
        (item) => item.match.toLowerCase().includes(text.toLowerCase()),
      ),
  },
  Media: {
    __resolveReference: ({ id }: { id: string }) => media.find((item) => item.id === id),
    __resolveType: (item: { __typename: string }) => item.__typename,
  },
  Book: {
    __resolveReference: ({ id }: { id: string }) => books.find((book) => book.id === id),
    author: (book: BookRow) => authors.find((author) => author.id === book.authorId),
    // Overridden by shipping: the router must never ask the catalog for it.
    stock: () => -1,
  },
  Author: { __resolveReference: ({ id }: { id: string }) => authors.find((author) => author.id === id) },
  SearchResult: { __resolveType: (item: { __typename: string }) => item.__typename },
};

const shippingResolvers = {
  Query: {
    // @provides: shipping knows the pick's title itself (marked so a test can tell who answered).
    staffPick: () => ({ id: "b2", title: "The Lathe of Heaven (staff pick)" }),
  },
  Book: {
    __resolveReference: (book: { id: string; weightGrams?: number }) => ({ ...book }),
    shippingCents: (book: { weightGrams: number }) => 199 + Math.ceil(book.weightGrams / 100) * 50,
    stock: (book: { id: string }) => (book.id === "b1" ? 7 : 3),
  },
  Media: { __resolveReference: ({ id }: { id: string }) => ({ id, reviewCount: id.length * 10 }) },
};

export interface ForeignSubgraph {
  name: string;
  url: string;
  /** Headers of every request it received, in order. */
  requests: IncomingHttpHeaders[];
  /** The operation text of every request it received, in order. */
  operations: string[];
  stop(): Promise<void>;
}

/** A subgraph built with @apollo/subgraph on a free port that records what it is sent. */
export async function startSubgraph(name: string, sdl: string, resolvers: Record<string, unknown>): Promise<ForeignSubgraph> {
  const requests: IncomingHttpHeaders[] = [];
  const operations: string[] = [];
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as GraphQLResolverMap<unknown> }]),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      { requestDidStart: async ({ request }) => void operations.push(request.query ?? "") },
    ],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: "127.0.0.1" },
    context: async ({ req }) => {
      requests.push(req.headers);
      return {};
    },
  });
  return { name, url, requests, operations, stop: () => server.stop() };
}

export interface ForeignSubgraphs {
  catalog: ForeignSubgraph;
  shipping: ForeignSubgraph;
  /** The supergraph SDL of the running subgraphs; `withPages` includes Book.pages (the catalog serves it either way). */
  supergraph(options?: { withPages?: boolean; catalogUrl?: string }): string;
  stop(): Promise<void>;
}

export async function startForeignSubgraphs(): Promise<ForeignSubgraphs> {
  const [catalog, shipping] = await Promise.all([
    startSubgraph("catalog", catalogSdl(true), catalogResolvers),
    startSubgraph("shipping", shippingSdl, shippingResolvers),
  ]);
  return {
    catalog,
    shipping,
    supergraph({ withPages = false, catalogUrl = catalog.url } = {}) {
      const result = composeServices([
        { name: "catalog", url: catalogUrl, typeDefs: parse(catalogSdl(withPages)) },
        { name: "shipping", url: shipping.url, typeDefs: parse(shippingSdl) },
      ]);
      if (result.errors) throw new Error(result.errors.map((error) => error.message).join("\n"));
      return result.supergraphSdl;
    },
    stop: async () => {
      await Promise.all([catalog.stop(), shipping.stop()]);
    },
  };
}
