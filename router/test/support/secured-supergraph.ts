// Two foreign subgraphs whose schemas carry the authorization directives (a members directory and a billing
// service on free ports), composed into a supergraph the router serves: @authenticated and @requiresScopes on
// fields and on types, reached directly, through fragments, an interface, a union and an entity (_entities),
// @policy, and a mutation that needs a scope. Member.phone is non-null (a removal nulls its member).
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { type ForeignSubgraph, startSubgraph } from "./foreign-supergraph.ts";

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9",
  import: ["@key", "@authenticated", "@requiresScopes", "@policy"])`;

/** `memberEmail` lets a test change the directives of Member.email alone (hot reload). */
const directorySdl = (memberEmail = "@authenticated") => `${LINK}
type Query {
  notice: String!
  me: Member @authenticated
  member(id: ID!): Member
  members: [Member!]!
  staffNotes: [String!] @requiresScopes(scopes: [["staff:read"]])
  feed: [FeedItem!]!
  documents: [Document]!
  auditLog: [String!] @policy(policies: [["auditor"]])
}
type Mutation {
  post(text: String!): String!
  banMember(id: ID!): Boolean @requiresScopes(scopes: [["admin"]])
}
type Member @key(fields: "id") {
  id: ID!
  name: String!
  email: String ${memberEmail}
  phone: String! @authenticated
  salaryCents: Int @requiresScopes(scopes: [["payroll:read", "staff:read"], ["admin"]])
}
union FeedItem = Announcement | Invoice
type Announcement { id: ID! text: String! }
type Invoice @key(fields: "id") { id: ID! }
interface Document { id: ID! title: String! pages: Int }
type Memo implements Document { id: ID! title: String! pages: Int @authenticated }
type Payslip implements Document { id: ID! title: String! pages: Int netCents: Int @requiresScopes(scopes: [["payroll:read"]]) }
`;

const billingSdl = `${LINK}
type Member @key(fields: "id") { id: ID! balanceCents: Int @authenticated lastInvoice: Invoice }
type Invoice @key(fields: "id") @authenticated { id: ID! amountCents: Int! }
`;

const members = [
  { id: "m1", name: "Ada", email: "ada@example.com", phone: "+44 1", salaryCents: 500_000 },
  { id: "m2", name: "Grace", email: "grace@example.com", phone: "+1 2", salaryCents: 600_000 },
];
const documents = [
  { __typename: "Memo", id: "d1", title: "Welcome", pages: 2 },
  { __typename: "Payslip", id: "d2", title: "March payslip", pages: 1, netCents: 410_000 },
];

const directoryResolvers = {
  Query: {
    notice: () => "Open on Sundays",
    me: () => members[0],
    member: (_: unknown, { id }: { id: string }) => members.find((member) => member.id === id) ?? null,
    members: () => members,
    staffNotes: () => ["Restock shelves"],
    feed: () => [
      { __typename: "Announcement", id: "a1", text: "Hello" },
      { __typename: "Invoice", id: "i1" },
    ],
    documents: () => documents,
    auditLog: () => ["m2 logged in"],
  },
  Mutation: {
    post: (_: unknown, { text }: { text: string }) => `posted: ${text}`,
    banMember: () => true,
  },
  Member: { __resolveReference: ({ id }: { id: string }) => members.find((member) => member.id === id) },
  FeedItem: { __resolveType: (item: { __typename: string }) => item.__typename },
  Document: { __resolveType: (item: { __typename: string }) => item.__typename },
};

const billingResolvers = {
  Member: {
    __resolveReference: ({ id }: { id: string }) => ({ id }),
    balanceCents: ({ id }: { id: string }) => (id === "m1" ? 1_250 : 0),
    lastInvoice: () => ({ id: "i1", amountCents: 9_900 }),
  },
  Invoice: { __resolveReference: ({ id }: { id: string }) => ({ id, amountCents: 9_900 }) },
};

export interface SecuredSubgraphs {
  directory: ForeignSubgraph;
  billing: ForeignSubgraph;
  /** The supergraph SDL; `memberEmail` replaces Member.email's directives (the directory serves the field either way). */
  supergraph(options?: { memberEmail?: string }): string;
  stop(): Promise<void>;
}

export async function startSecuredSubgraphs(): Promise<SecuredSubgraphs> {
  const [directory, billing] = await Promise.all([
    startSubgraph("directory", directorySdl(), directoryResolvers),
    startSubgraph("billing", billingSdl, billingResolvers),
  ]);
  return {
    directory,
    billing,
    supergraph({ memberEmail } = {}) {
      const result = composeServices([
        { name: "directory", url: directory.url, typeDefs: parse(directorySdl(memberEmail)) },
        { name: "billing", url: billing.url, typeDefs: parse(billingSdl) },
      ]);
      if (result.errors) throw new Error(result.errors.map((error) => error.message).join("\n"));
      return result.supergraphSdl;
    },
    stop: async () => {
      await Promise.all([directory.stop(), billing.stop()]);
    },
  };
}
