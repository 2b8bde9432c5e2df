// The staff area's frame: its own navigation with the fulfilment counts, around the staff pages. The counts need
// orders:manage and the router answers FORBIDDEN to anyone else; an account the graph refuses and that holds no
// staff scope sees only "not allowed" (no staff page is rendered, so nothing else is asked for).
import { useQuery } from "@apollo/client/react";
import { NavLink, Outlet } from "react-router";
import { PageHeading } from "../components/Page.tsx";
import { ErrorMessage, Loading } from "../components/Status.tsx";
import { MyScopesDocument, StaffOverviewDocument } from "../gql/graphql.ts";
import { errorCode } from "../lib/errors.ts";
import { isStaff } from "../lib/staff.ts";

export function StaffLayout() {
  const scopes = useQuery(MyScopesDocument).data?.me?.scopes;
  const { data, error, loading } = useQuery(StaffOverviewDocument, { fetchPolicy: "cache-and-network", errorPolicy: "all" });
  if (loading && !data) return <Loading label="Opening the staff area…" />;
  if (errorCode(error) === "FORBIDDEN" && !isStaff(scopes)) {
    return (
      <section className="staff-forbidden">
        <PageHeading title="Staff area" />
        <ErrorMessage>You are not allowed to see the staff area. It is for the shop's staff only.</ErrorMessage>
      </section>
    );
  }
  const count = (n: number | undefined) => (n === undefined ? "" : ` (${n})`);
  return (
    <div className="staff-area">
      <nav aria-label="Staff" className="staff-nav">
        <ul>
          <li>
            <NavLink to="/staff" end>
              To ship{count(data?.toShip?.totalCount)}
            </NavLink>
          </li>
          <li>
            <NavLink to="/staff?status=SHIPPED" end>
              In transit{count(data?.inTransit?.totalCount)}
            </NavLink>
          </li>
          <li>
            <NavLink to="/staff/products">Products</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
