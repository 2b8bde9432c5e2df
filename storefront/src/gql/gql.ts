/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation CancelOrder($orderId: ID!) {\n  cancelOrder(orderId: $orderId) {\n    id\n    status\n  }\n}": typeof types.CancelOrderDocument,
    "query Catalog($search: String, $first: Int!, $after: String) {\n  products(search: $search, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...ProductSummary\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.CatalogDocument,
    "mutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    user {\n      id\n      name\n      email\n    }\n  }\n}": typeof types.LoginDocument,
    "mutation Logout {\n  logout\n}": typeof types.LogoutDocument,
    "query Me {\n  me {\n    id\n    name\n    email\n  }\n}": typeof types.MeDocument,
    "query MyOrders {\n  me {\n    id\n    orders {\n      ...OrderDetails\n    }\n  }\n}": typeof types.MyOrdersDocument,
    "query Order($id: ID!) {\n  order(id: $id) {\n    ...OrderDetails\n  }\n}": typeof types.OrderDocument,
    "mutation PayOrder($input: PayOrderInput!) {\n  payOrder(input: $input) {\n    id\n    status\n    amountCents\n    currency\n    order {\n      id\n      status\n      payment {\n        id\n        status\n        amountCents\n        currency\n      }\n    }\n  }\n}": typeof types.PayOrderDocument,
    "mutation PlaceOrder($input: PlaceOrderInput!) {\n  placeOrder(input: $input) {\n    ...OrderDetails\n  }\n}": typeof types.PlaceOrderDocument,
    "query Product($id: ID!) {\n  product(id: $id) {\n    ...ProductSummary\n    description\n  }\n}": typeof types.ProductDocument,
    "mutation RefreshSession {\n  refreshSession {\n    token\n    user {\n      id\n      name\n      email\n    }\n  }\n}": typeof types.RefreshSessionDocument,
    "mutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    token\n    user {\n      id\n      name\n      email\n    }\n  }\n}": typeof types.SignUpDocument,
    "fragment ProductSummary on Product {\n  id\n  sku\n  name\n  priceCents\n  currency\n  stock\n  inStock\n}\n\nfragment OrderDetails on Order {\n  id\n  status\n  totalCents\n  currency\n  createdAt\n  items {\n    quantity\n    unitPriceCents\n    lineTotalCents\n    product {\n      id\n      name\n    }\n  }\n  payment {\n    id\n    status\n    amountCents\n    currency\n  }\n}": typeof types.ProductSummaryFragmentDoc,
};
const documents: Documents = {
    "mutation CancelOrder($orderId: ID!) {\n  cancelOrder(orderId: $orderId) {\n    id\n    status\n  }\n}": types.CancelOrderDocument,
    "query Catalog($search: String, $first: Int!, $after: String) {\n  products(search: $search, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...ProductSummary\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.CatalogDocument,
    "mutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    user {\n      id\n      name\n      email\n    }\n  }\n}": types.LoginDocument,
    "mutation Logout {\n  logout\n}": types.LogoutDocument,
    "query Me {\n  me {\n    id\n    name\n    email\n  }\n}": types.MeDocument,
    "query MyOrders {\n  me {\n    id\n    orders {\n      ...OrderDetails\n    }\n  }\n}": types.MyOrdersDocument,
    "query Order($id: ID!) {\n  order(id: $id) {\n    ...OrderDetails\n  }\n}": types.OrderDocument,
    "mutation PayOrder($input: PayOrderInput!) {\n  payOrder(input: $input) {\n    id\n    status\n    amountCents\n    currency\n    order {\n      id\n      status\n      payment {\n        id\n        status\n        amountCents\n        currency\n      }\n    }\n  }\n}": types.PayOrderDocument,
    "mutation PlaceOrder($input: PlaceOrderInput!) {\n  placeOrder(input: $input) {\n    ...OrderDetails\n  }\n}": types.PlaceOrderDocument,
    "query Product($id: ID!) {\n  product(id: $id) {\n    ...ProductSummary\n    description\n  }\n}": types.ProductDocument,
    "mutation RefreshSession {\n  refreshSession {\n    token\n    user {\n      id\n      name\n      email\n    }\n  }\n}": types.RefreshSessionDocument,
    "mutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    token\n    user {\n      id\n      name\n      email\n    }\n  }\n}": types.SignUpDocument,
    "fragment ProductSummary on Product {\n  id\n  sku\n  name\n  priceCents\n  currency\n  stock\n  inStock\n}\n\nfragment OrderDetails on Order {\n  id\n  status\n  totalCents\n  currency\n  createdAt\n  items {\n    quantity\n    unitPriceCents\n    lineTotalCents\n    product {\n      id\n      name\n    }\n  }\n  payment {\n    id\n    status\n    amountCents\n    currency\n  }\n}": types.ProductSummaryFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CancelOrder($orderId: ID!) {\n  cancelOrder(orderId: $orderId) {\n    id\n    status\n  }\n}"): (typeof documents)["mutation CancelOrder($orderId: ID!) {\n  cancelOrder(orderId: $orderId) {\n    id\n    status\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Catalog($search: String, $first: Int!, $after: String) {\n  products(search: $search, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...ProductSummary\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query Catalog($search: String, $first: Int!, $after: String) {\n  products(search: $search, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...ProductSummary\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    user {\n      id\n      name\n      email\n    }\n  }\n}"): (typeof documents)["mutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    user {\n      id\n      name\n      email\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Logout {\n  logout\n}"): (typeof documents)["mutation Logout {\n  logout\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me {\n  me {\n    id\n    name\n    email\n  }\n}"): (typeof documents)["query Me {\n  me {\n    id\n    name\n    email\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyOrders {\n  me {\n    id\n    orders {\n      ...OrderDetails\n    }\n  }\n}"): (typeof documents)["query MyOrders {\n  me {\n    id\n    orders {\n      ...OrderDetails\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Order($id: ID!) {\n  order(id: $id) {\n    ...OrderDetails\n  }\n}"): (typeof documents)["query Order($id: ID!) {\n  order(id: $id) {\n    ...OrderDetails\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PayOrder($input: PayOrderInput!) {\n  payOrder(input: $input) {\n    id\n    status\n    amountCents\n    currency\n    order {\n      id\n      status\n      payment {\n        id\n        status\n        amountCents\n        currency\n      }\n    }\n  }\n}"): (typeof documents)["mutation PayOrder($input: PayOrderInput!) {\n  payOrder(input: $input) {\n    id\n    status\n    amountCents\n    currency\n    order {\n      id\n      status\n      payment {\n        id\n        status\n        amountCents\n        currency\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PlaceOrder($input: PlaceOrderInput!) {\n  placeOrder(input: $input) {\n    ...OrderDetails\n  }\n}"): (typeof documents)["mutation PlaceOrder($input: PlaceOrderInput!) {\n  placeOrder(input: $input) {\n    ...OrderDetails\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Product($id: ID!) {\n  product(id: $id) {\n    ...ProductSummary\n    description\n  }\n}"): (typeof documents)["query Product($id: ID!) {\n  product(id: $id) {\n    ...ProductSummary\n    description\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RefreshSession {\n  refreshSession {\n    token\n    user {\n      id\n      name\n      email\n    }\n  }\n}"): (typeof documents)["mutation RefreshSession {\n  refreshSession {\n    token\n    user {\n      id\n      name\n      email\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    token\n    user {\n      id\n      name\n      email\n    }\n  }\n}"): (typeof documents)["mutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    token\n    user {\n      id\n      name\n      email\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ProductSummary on Product {\n  id\n  sku\n  name\n  priceCents\n  currency\n  stock\n  inStock\n}\n\nfragment OrderDetails on Order {\n  id\n  status\n  totalCents\n  currency\n  createdAt\n  items {\n    quantity\n    unitPriceCents\n    lineTotalCents\n    product {\n      id\n      name\n    }\n  }\n  payment {\n    id\n    status\n    amountCents\n    currency\n  }\n}"): (typeof documents)["fragment ProductSummary on Product {\n  id\n  sku\n  name\n  priceCents\n  currency\n  stock\n  inStock\n}\n\nfragment OrderDetails on Order {\n  id\n  status\n  totalCents\n  currency\n  createdAt\n  items {\n    quantity\n    unitPriceCents\n    lineTotalCents\n    product {\n      id\n      name\n    }\n  }\n  payment {\n    id\n    status\n    amountCents\n    currency\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;