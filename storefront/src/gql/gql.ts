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
    "mutation AdjustStock($id: ID!, $delta: Int!, $reason: String!) {\n  adjustStock(id: $id, delta: $delta, reason: $reason) {\n    ...StaffProduct\n  }\n}": typeof types.AdjustStockDocument,
    "mutation ArchiveProduct($id: ID!) {\n  archiveProduct(id: $id) {\n    ...StaffProduct\n  }\n}": typeof types.ArchiveProductDocument,
    "mutation CancelOrder($orderId: ID!) {\n  cancelOrder(orderId: $orderId) {\n    id\n    status\n  }\n}": typeof types.CancelOrderDocument,
    "query Catalog($search: String, $first: Int!, $after: String) {\n  products(search: $search, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...ProductSummary\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.CatalogDocument,
    "mutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input) {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}": typeof types.ChangePasswordDocument,
    "mutation CreateProduct($input: CreateProductInput!) {\n  createProduct(input: $input) {\n    ...StaffProduct\n  }\n}": typeof types.CreateProductDocument,
    "mutation DeleteAddress($input: AddressInput!) {\n  deleteAddress(input: $input) {\n    id\n    addresses {\n      ...AddressFields\n    }\n  }\n}": typeof types.DeleteAddressDocument,
    "mutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}": typeof types.LoginDocument,
    "mutation Logout {\n  logout\n}": typeof types.LogoutDocument,
    "mutation MarkOrderDelivered($orderId: ID!) {\n  markOrderDelivered(orderId: $orderId) {\n    ...OrderDetails\n  }\n}": typeof types.MarkOrderDeliveredDocument,
    "query Me {\n  me {\n    ...SessionUser\n  }\n}": typeof types.MeDocument,
    "query MyOrders($after: String) {\n  me {\n    id\n    orderHistory(first: 20, after: $after) {\n      edges {\n        cursor\n        node {\n          ...OrderDetails\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": typeof types.MyOrdersDocument,
    "query MyScopes {\n  me {\n    id\n    scopes\n  }\n}": typeof types.MyScopesDocument,
    "query Order($id: ID!) {\n  order(id: $id) {\n    ...OrderDetails\n  }\n}": typeof types.OrderDocument,
    "mutation PayOrder($input: PayOrderInput!) {\n  payOrder(input: $input) {\n    id\n    status\n    amountCents\n    currency\n    order {\n      id\n      status\n      payment {\n        id\n        status\n        amountCents\n        currency\n      }\n    }\n  }\n}": typeof types.PayOrderDocument,
    "mutation PlaceOrder($input: PlaceOrderInput!) {\n  placeOrder(input: $input) {\n    ...OrderDetails\n  }\n}": typeof types.PlaceOrderDocument,
    "query Product($id: ID!) {\n  product(id: $id) {\n    ...ProductSummary\n    description\n  }\n}": typeof types.ProductDocument,
    "query Profile {\n  me {\n    id\n    name\n    email\n    addresses {\n      ...AddressFields\n    }\n  }\n}": typeof types.ProfileDocument,
    "mutation RefreshSession {\n  refreshSession {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}": typeof types.RefreshSessionDocument,
    "mutation RefundPayment($input: RefundPaymentInput!) {\n  refundPayment(input: $input) {\n    id\n    amountCents\n    reason\n    status\n    createdAt\n  }\n}": typeof types.RefundPaymentDocument,
    "mutation SaveAddress($input: AddressInput!) {\n  saveAddress(input: $input) {\n    id\n    addresses {\n      ...AddressFields\n    }\n  }\n}": typeof types.SaveAddressDocument,
    "mutation ShipOrder($input: ShipOrderInput!) {\n  shipOrder(input: $input) {\n    ...OrderDetails\n  }\n}": typeof types.ShipOrderDocument,
    "mutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}": typeof types.SignUpDocument,
    "query StaffOrder($id: ID!) {\n  order(id: $id) {\n    ...OrderDetails\n    user {\n      id\n      name\n      email\n    }\n  }\n}": typeof types.StaffOrderDocument,
    "query StaffOrders($status: OrderStatus, $first: Int!, $after: String) {\n  orders(status: $status, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...OrderDetails\n        user {\n          id\n          name\n          email\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.StaffOrdersDocument,
    "query StaffOverview {\n  toShip: orders(status: PAID, first: 1) {\n    totalCount\n  }\n  inTransit: orders(status: SHIPPED, first: 1) {\n    totalCount\n  }\n}": typeof types.StaffOverviewDocument,
    "query StaffProduct($id: ID!) {\n  product(id: $id) {\n    ...StaffProduct\n    history {\n      action\n      actorId\n      createdAt\n      details\n    }\n  }\n}": typeof types.StaffProductDocument,
    "query StaffProducts($search: String, $first: Int!, $after: String) {\n  products(search: $search, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...StaffProduct\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.StaffProductsDocument,
    "mutation UpdateProduct($id: ID!, $input: UpdateProductInput!) {\n  updateProduct(id: $id, input: $input) {\n    ...StaffProduct\n  }\n}": typeof types.UpdateProductDocument,
    "mutation UpdateProfile($input: UpdateProfileInput!) {\n  updateProfile(input: $input) {\n    ...SessionUser\n  }\n}": typeof types.UpdateProfileDocument,
    "fragment ProductSummary on Product {\n  id\n  sku\n  name\n  priceCents\n  currency\n  stock\n  inStock\n  imageUrl\n}\n\nfragment AddressFields on Address {\n  name\n  line1\n  line2\n  city\n  postalCode\n  country\n}\n\nfragment OrderDetails on Order {\n  id\n  status\n  totalCents\n  currency\n  createdAt\n  items {\n    quantity\n    unitPriceCents\n    lineTotalCents\n    product {\n      id\n      name\n    }\n  }\n  shippingAddress {\n    ...AddressFields\n  }\n  shipment {\n    carrier\n    trackingNumber\n    shippedAt\n    deliveredAt\n  }\n  payment {\n    id\n    status\n    amountCents\n    currency\n    refundedCents\n    refunds {\n      id\n      amountCents\n      reason\n      status\n      createdAt\n    }\n  }\n}\n\nfragment SessionUser on User {\n  id\n  name\n  email\n}\n\nfragment StaffProduct on Product {\n  ...ProductSummary\n  description\n  archived\n}": typeof types.ProductSummaryFragmentDoc,
};
const documents: Documents = {
    "mutation AdjustStock($id: ID!, $delta: Int!, $reason: String!) {\n  adjustStock(id: $id, delta: $delta, reason: $reason) {\n    ...StaffProduct\n  }\n}": types.AdjustStockDocument,
    "mutation ArchiveProduct($id: ID!) {\n  archiveProduct(id: $id) {\n    ...StaffProduct\n  }\n}": types.ArchiveProductDocument,
    "mutation CancelOrder($orderId: ID!) {\n  cancelOrder(orderId: $orderId) {\n    id\n    status\n  }\n}": types.CancelOrderDocument,
    "query Catalog($search: String, $first: Int!, $after: String) {\n  products(search: $search, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...ProductSummary\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.CatalogDocument,
    "mutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input) {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}": types.ChangePasswordDocument,
    "mutation CreateProduct($input: CreateProductInput!) {\n  createProduct(input: $input) {\n    ...StaffProduct\n  }\n}": types.CreateProductDocument,
    "mutation DeleteAddress($input: AddressInput!) {\n  deleteAddress(input: $input) {\n    id\n    addresses {\n      ...AddressFields\n    }\n  }\n}": types.DeleteAddressDocument,
    "mutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}": types.LoginDocument,
    "mutation Logout {\n  logout\n}": types.LogoutDocument,
    "mutation MarkOrderDelivered($orderId: ID!) {\n  markOrderDelivered(orderId: $orderId) {\n    ...OrderDetails\n  }\n}": types.MarkOrderDeliveredDocument,
    "query Me {\n  me {\n    ...SessionUser\n  }\n}": types.MeDocument,
    "query MyOrders($after: String) {\n  me {\n    id\n    orderHistory(first: 20, after: $after) {\n      edges {\n        cursor\n        node {\n          ...OrderDetails\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": types.MyOrdersDocument,
    "query MyScopes {\n  me {\n    id\n    scopes\n  }\n}": types.MyScopesDocument,
    "query Order($id: ID!) {\n  order(id: $id) {\n    ...OrderDetails\n  }\n}": types.OrderDocument,
    "mutation PayOrder($input: PayOrderInput!) {\n  payOrder(input: $input) {\n    id\n    status\n    amountCents\n    currency\n    order {\n      id\n      status\n      payment {\n        id\n        status\n        amountCents\n        currency\n      }\n    }\n  }\n}": types.PayOrderDocument,
    "mutation PlaceOrder($input: PlaceOrderInput!) {\n  placeOrder(input: $input) {\n    ...OrderDetails\n  }\n}": types.PlaceOrderDocument,
    "query Product($id: ID!) {\n  product(id: $id) {\n    ...ProductSummary\n    description\n  }\n}": types.ProductDocument,
    "query Profile {\n  me {\n    id\n    name\n    email\n    addresses {\n      ...AddressFields\n    }\n  }\n}": types.ProfileDocument,
    "mutation RefreshSession {\n  refreshSession {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}": types.RefreshSessionDocument,
    "mutation RefundPayment($input: RefundPaymentInput!) {\n  refundPayment(input: $input) {\n    id\n    amountCents\n    reason\n    status\n    createdAt\n  }\n}": types.RefundPaymentDocument,
    "mutation SaveAddress($input: AddressInput!) {\n  saveAddress(input: $input) {\n    id\n    addresses {\n      ...AddressFields\n    }\n  }\n}": types.SaveAddressDocument,
    "mutation ShipOrder($input: ShipOrderInput!) {\n  shipOrder(input: $input) {\n    ...OrderDetails\n  }\n}": types.ShipOrderDocument,
    "mutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}": types.SignUpDocument,
    "query StaffOrder($id: ID!) {\n  order(id: $id) {\n    ...OrderDetails\n    user {\n      id\n      name\n      email\n    }\n  }\n}": types.StaffOrderDocument,
    "query StaffOrders($status: OrderStatus, $first: Int!, $after: String) {\n  orders(status: $status, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...OrderDetails\n        user {\n          id\n          name\n          email\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.StaffOrdersDocument,
    "query StaffOverview {\n  toShip: orders(status: PAID, first: 1) {\n    totalCount\n  }\n  inTransit: orders(status: SHIPPED, first: 1) {\n    totalCount\n  }\n}": types.StaffOverviewDocument,
    "query StaffProduct($id: ID!) {\n  product(id: $id) {\n    ...StaffProduct\n    history {\n      action\n      actorId\n      createdAt\n      details\n    }\n  }\n}": types.StaffProductDocument,
    "query StaffProducts($search: String, $first: Int!, $after: String) {\n  products(search: $search, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...StaffProduct\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.StaffProductsDocument,
    "mutation UpdateProduct($id: ID!, $input: UpdateProductInput!) {\n  updateProduct(id: $id, input: $input) {\n    ...StaffProduct\n  }\n}": types.UpdateProductDocument,
    "mutation UpdateProfile($input: UpdateProfileInput!) {\n  updateProfile(input: $input) {\n    ...SessionUser\n  }\n}": types.UpdateProfileDocument,
    "fragment ProductSummary on Product {\n  id\n  sku\n  name\n  priceCents\n  currency\n  stock\n  inStock\n  imageUrl\n}\n\nfragment AddressFields on Address {\n  name\n  line1\n  line2\n  city\n  postalCode\n  country\n}\n\nfragment OrderDetails on Order {\n  id\n  status\n  totalCents\n  currency\n  createdAt\n  items {\n    quantity\n    unitPriceCents\n    lineTotalCents\n    product {\n      id\n      name\n    }\n  }\n  shippingAddress {\n    ...AddressFields\n  }\n  shipment {\n    carrier\n    trackingNumber\n    shippedAt\n    deliveredAt\n  }\n  payment {\n    id\n    status\n    amountCents\n    currency\n    refundedCents\n    refunds {\n      id\n      amountCents\n      reason\n      status\n      createdAt\n    }\n  }\n}\n\nfragment SessionUser on User {\n  id\n  name\n  email\n}\n\nfragment StaffProduct on Product {\n  ...ProductSummary\n  description\n  archived\n}": types.ProductSummaryFragmentDoc,
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
export function graphql(source: "mutation AdjustStock($id: ID!, $delta: Int!, $reason: String!) {\n  adjustStock(id: $id, delta: $delta, reason: $reason) {\n    ...StaffProduct\n  }\n}"): (typeof documents)["mutation AdjustStock($id: ID!, $delta: Int!, $reason: String!) {\n  adjustStock(id: $id, delta: $delta, reason: $reason) {\n    ...StaffProduct\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ArchiveProduct($id: ID!) {\n  archiveProduct(id: $id) {\n    ...StaffProduct\n  }\n}"): (typeof documents)["mutation ArchiveProduct($id: ID!) {\n  archiveProduct(id: $id) {\n    ...StaffProduct\n  }\n}"];
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
export function graphql(source: "mutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input) {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}"): (typeof documents)["mutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input) {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateProduct($input: CreateProductInput!) {\n  createProduct(input: $input) {\n    ...StaffProduct\n  }\n}"): (typeof documents)["mutation CreateProduct($input: CreateProductInput!) {\n  createProduct(input: $input) {\n    ...StaffProduct\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteAddress($input: AddressInput!) {\n  deleteAddress(input: $input) {\n    id\n    addresses {\n      ...AddressFields\n    }\n  }\n}"): (typeof documents)["mutation DeleteAddress($input: AddressInput!) {\n  deleteAddress(input: $input) {\n    id\n    addresses {\n      ...AddressFields\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}"): (typeof documents)["mutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Logout {\n  logout\n}"): (typeof documents)["mutation Logout {\n  logout\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation MarkOrderDelivered($orderId: ID!) {\n  markOrderDelivered(orderId: $orderId) {\n    ...OrderDetails\n  }\n}"): (typeof documents)["mutation MarkOrderDelivered($orderId: ID!) {\n  markOrderDelivered(orderId: $orderId) {\n    ...OrderDetails\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me {\n  me {\n    ...SessionUser\n  }\n}"): (typeof documents)["query Me {\n  me {\n    ...SessionUser\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyOrders($after: String) {\n  me {\n    id\n    orderHistory(first: 20, after: $after) {\n      edges {\n        cursor\n        node {\n          ...OrderDetails\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"): (typeof documents)["query MyOrders($after: String) {\n  me {\n    id\n    orderHistory(first: 20, after: $after) {\n      edges {\n        cursor\n        node {\n          ...OrderDetails\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyScopes {\n  me {\n    id\n    scopes\n  }\n}"): (typeof documents)["query MyScopes {\n  me {\n    id\n    scopes\n  }\n}"];
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
export function graphql(source: "query Profile {\n  me {\n    id\n    name\n    email\n    addresses {\n      ...AddressFields\n    }\n  }\n}"): (typeof documents)["query Profile {\n  me {\n    id\n    name\n    email\n    addresses {\n      ...AddressFields\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RefreshSession {\n  refreshSession {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}"): (typeof documents)["mutation RefreshSession {\n  refreshSession {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RefundPayment($input: RefundPaymentInput!) {\n  refundPayment(input: $input) {\n    id\n    amountCents\n    reason\n    status\n    createdAt\n  }\n}"): (typeof documents)["mutation RefundPayment($input: RefundPaymentInput!) {\n  refundPayment(input: $input) {\n    id\n    amountCents\n    reason\n    status\n    createdAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SaveAddress($input: AddressInput!) {\n  saveAddress(input: $input) {\n    id\n    addresses {\n      ...AddressFields\n    }\n  }\n}"): (typeof documents)["mutation SaveAddress($input: AddressInput!) {\n  saveAddress(input: $input) {\n    id\n    addresses {\n      ...AddressFields\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ShipOrder($input: ShipOrderInput!) {\n  shipOrder(input: $input) {\n    ...OrderDetails\n  }\n}"): (typeof documents)["mutation ShipOrder($input: ShipOrderInput!) {\n  shipOrder(input: $input) {\n    ...OrderDetails\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}"): (typeof documents)["mutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    token\n    user {\n      ...SessionUser\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query StaffOrder($id: ID!) {\n  order(id: $id) {\n    ...OrderDetails\n    user {\n      id\n      name\n      email\n    }\n  }\n}"): (typeof documents)["query StaffOrder($id: ID!) {\n  order(id: $id) {\n    ...OrderDetails\n    user {\n      id\n      name\n      email\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query StaffOrders($status: OrderStatus, $first: Int!, $after: String) {\n  orders(status: $status, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...OrderDetails\n        user {\n          id\n          name\n          email\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query StaffOrders($status: OrderStatus, $first: Int!, $after: String) {\n  orders(status: $status, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...OrderDetails\n        user {\n          id\n          name\n          email\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query StaffOverview {\n  toShip: orders(status: PAID, first: 1) {\n    totalCount\n  }\n  inTransit: orders(status: SHIPPED, first: 1) {\n    totalCount\n  }\n}"): (typeof documents)["query StaffOverview {\n  toShip: orders(status: PAID, first: 1) {\n    totalCount\n  }\n  inTransit: orders(status: SHIPPED, first: 1) {\n    totalCount\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query StaffProduct($id: ID!) {\n  product(id: $id) {\n    ...StaffProduct\n    history {\n      action\n      actorId\n      createdAt\n      details\n    }\n  }\n}"): (typeof documents)["query StaffProduct($id: ID!) {\n  product(id: $id) {\n    ...StaffProduct\n    history {\n      action\n      actorId\n      createdAt\n      details\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query StaffProducts($search: String, $first: Int!, $after: String) {\n  products(search: $search, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...StaffProduct\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query StaffProducts($search: String, $first: Int!, $after: String) {\n  products(search: $search, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...StaffProduct\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateProduct($id: ID!, $input: UpdateProductInput!) {\n  updateProduct(id: $id, input: $input) {\n    ...StaffProduct\n  }\n}"): (typeof documents)["mutation UpdateProduct($id: ID!, $input: UpdateProductInput!) {\n  updateProduct(id: $id, input: $input) {\n    ...StaffProduct\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateProfile($input: UpdateProfileInput!) {\n  updateProfile(input: $input) {\n    ...SessionUser\n  }\n}"): (typeof documents)["mutation UpdateProfile($input: UpdateProfileInput!) {\n  updateProfile(input: $input) {\n    ...SessionUser\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ProductSummary on Product {\n  id\n  sku\n  name\n  priceCents\n  currency\n  stock\n  inStock\n  imageUrl\n}\n\nfragment AddressFields on Address {\n  name\n  line1\n  line2\n  city\n  postalCode\n  country\n}\n\nfragment OrderDetails on Order {\n  id\n  status\n  totalCents\n  currency\n  createdAt\n  items {\n    quantity\n    unitPriceCents\n    lineTotalCents\n    product {\n      id\n      name\n    }\n  }\n  shippingAddress {\n    ...AddressFields\n  }\n  shipment {\n    carrier\n    trackingNumber\n    shippedAt\n    deliveredAt\n  }\n  payment {\n    id\n    status\n    amountCents\n    currency\n    refundedCents\n    refunds {\n      id\n      amountCents\n      reason\n      status\n      createdAt\n    }\n  }\n}\n\nfragment SessionUser on User {\n  id\n  name\n  email\n}\n\nfragment StaffProduct on Product {\n  ...ProductSummary\n  description\n  archived\n}"): (typeof documents)["fragment ProductSummary on Product {\n  id\n  sku\n  name\n  priceCents\n  currency\n  stock\n  inStock\n  imageUrl\n}\n\nfragment AddressFields on Address {\n  name\n  line1\n  line2\n  city\n  postalCode\n  country\n}\n\nfragment OrderDetails on Order {\n  id\n  status\n  totalCents\n  currency\n  createdAt\n  items {\n    quantity\n    unitPriceCents\n    lineTotalCents\n    product {\n      id\n      name\n    }\n  }\n  shippingAddress {\n    ...AddressFields\n  }\n  shipment {\n    carrier\n    trackingNumber\n    shippedAt\n    deliveredAt\n  }\n  payment {\n    id\n    status\n    amountCents\n    currency\n    refundedCents\n    refunds {\n      id\n      amountCents\n      reason\n      status\n      createdAt\n    }\n  }\n}\n\nfragment SessionUser on User {\n  id\n  name\n  email\n}\n\nfragment StaffProduct on Product {\n  ...ProductSummary\n  description\n  archived\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;