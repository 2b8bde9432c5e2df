// The shopper's profile: their name (updateProfile), their password (changePassword, which ends their other
// sessions), and saved addresses to pick at checkout (saveAddress, deleteAddress).
import { useMutation, useQuery } from "@apollo/client/react";
import { useAuth } from "../auth/AuthProvider.tsx";
import { ActionOutcome } from "../components/ActionOutcome.tsx";
import { AddressFieldset, AddressView, addressInput, EMPTY_ADDRESS, savedAddressInput } from "../components/Address.tsx";
import { Field } from "../components/Field.tsx";
import { PageHeading } from "../components/Page.tsx";
import { ErrorMessage, Loading } from "../components/Status.tsx";
import {
  ChangePasswordDocument,
  DeleteAddressDocument,
  ProfileDocument,
  type ProfileQuery,
  SaveAddressDocument,
  UpdateProfileDocument,
} from "../gql/graphql.ts";
import { useAction } from "../lib/use-action.ts";
import { useFields } from "../lib/use-fields.ts";

type Profile = NonNullable<ProfileQuery["me"]>;

export function ProfilePage() {
  const { data, error, refetch } = useQuery(ProfileDocument, { fetchPolicy: "cache-and-network" });
  const me = data?.me;
  return (
    <section>
      <PageHeading title="Your profile" />
      {error && !me && <ErrorMessage error={error} retry={() => void refetch().catch(() => undefined)} />}
      {!me && !error && <Loading label="Loading your profile…" />}
      {me && (
        <div className="profile">
          <p>
            Signed in as <strong>{me.email}</strong>.
          </p>
          <NameForm me={me} />
          <PasswordForm />
          <Addresses me={me} />
        </div>
      )}
    </section>
  );
}

function NameForm({ me }: { me: Profile }) {
  const [updateProfile] = useMutation(UpdateProfileDocument);
  const { field, values } = useFields({ name: me.name });
  const action = useAction();
  return (
    <form
      className="stacked"
      aria-labelledby="profile-name-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(async () => {
          await updateProfile({ variables: { input: { name: values.name.trim() } } });
          return "Your name is saved.";
        });
      }}
    >
      <h2 id="profile-name-heading">Name</h2>
      <Field label="Name" autoComplete="name" required maxLength={100} {...field("name")} />
      <ActionOutcome error={action.error} done={action.done} />
      <button type="submit" disabled={action.loading}>
        {action.loading ? "Saving…" : "Save name"}
      </button>
    </form>
  );
}

function PasswordForm() {
  const { signIn } = useAuth();
  const [changePassword] = useMutation(ChangePasswordDocument);
  const { field, values, reset } = useFields({ currentPassword: "", newPassword: "" });
  const action = useAction();
  return (
    <form
      className="stacked"
      aria-labelledby="profile-password-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(async () => {
          const { data } = await changePassword({ variables: { input: values } });
          if (!data) return null;
          // The old session ended with the change: carry on with the new one.
          await signIn(data.changePassword.token, data.changePassword.user);
          reset();
          return "Your password is changed. Other devices have been logged out.";
        });
      }}
    >
      <h2 id="profile-password-heading">Password</h2>
      <Field label="Current password" type="password" autoComplete="current-password" required {...field("currentPassword")} />
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        maxLength={200}
        hint="At least 10 characters, not a common password."
        {...field("newPassword")}
      />
      <ActionOutcome error={action.error} done={action.done} />
      <button type="submit" disabled={action.loading}>
        {action.loading ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}

function Addresses({ me }: { me: Profile }) {
  const [saveAddress] = useMutation(SaveAddressDocument);
  const [deleteAddress] = useMutation(DeleteAddressDocument);
  const { field, values, reset } = useFields(EMPTY_ADDRESS);
  const adding = useAction();
  const removing = useAction();
  return (
    <div className="addresses">
      <h2>Saved addresses</h2>
      {me.addresses.length === 0 ? (
        <p>No saved addresses yet.</p>
      ) : (
        <ul className="address-list">
          {me.addresses.map((address) => (
            <li key={`${address.name}|${address.line1}|${address.line2}|${address.postalCode}|${address.country}`}>
              <AddressView address={address} />
              <button
                type="button"
                className="secondary"
                disabled={removing.loading}
                onClick={() =>
                  void removing.run(async () => {
                    await deleteAddress({ variables: { input: savedAddressInput(address) } });
                    return "Address deleted.";
                  })
                }
              >
                Delete<span className="visually-hidden"> the address of {address.name}, {address.line1}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <ActionOutcome error={removing.error} done={removing.done} />
      <form
        className="stacked"
        onSubmit={(event) => {
          event.preventDefault();
          void adding.run(async () => {
            await saveAddress({ variables: { input: addressInput(values) } });
            reset();
            return "Address saved.";
          });
        }}
      >
        <AddressFieldset legend="Add an address" field={field} />
        <ActionOutcome error={adding.error} done={adding.done} />
        <button type="submit" disabled={adding.loading}>
          {adding.loading ? "Saving…" : "Save address"}
        </button>
      </form>
    </div>
  );
}
