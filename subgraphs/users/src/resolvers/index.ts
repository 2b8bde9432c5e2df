// Every resolver of the users subgraph.
import type { Resolvers } from "../__generated__/resolvers-types.ts";
import { Mutation } from "./Mutation.ts";
import { Query } from "./Query.ts";
import { User } from "./User.ts";

export const resolvers: Resolvers = { Query, Mutation, User };
