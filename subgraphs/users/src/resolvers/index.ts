// Every resolver of the users subgraph.
import { Mutation } from "./Mutation.ts";
import { Query } from "./Query.ts";
import { User } from "./User.ts";

export const resolvers = { Query, Mutation, User };
