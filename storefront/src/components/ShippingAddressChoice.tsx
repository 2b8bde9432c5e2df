// Checkout: where the order goes. One of the shopper's saved addresses (the first is chosen to start with), or a
// new one entered here, which can also be saved to the profile.
import type { ChangeEvent } from "react";
import type { AddressFieldsFragment, AddressInput } from "../gql/graphql.ts";
import { AddressFieldset, AddressView, addressInput, type AddressDraft, savedAddressInput } from "./Address.tsx";

export const NEW_ADDRESS = "new";

export function ShippingAddressChoice({
  saved,
  choice,
  onChoose,
  field,
}: {
  saved: AddressFieldsFragment[];
  /** The saved address's index as a string, or NEW_ADDRESS; null until the saved addresses are known. */
  choice: string | null;
  onChoose: (choice: string) => void;
  field: (name: keyof AddressDraft) => { name: string; value: string; onChange: (event: ChangeEvent<HTMLInputElement>) => void };
}) {
  const current = currentChoice(choice, saved);
  return (
    <div className="shipping-choice">
      {saved.length > 0 && (
        <fieldset>
          <legend>Ship to</legend>
          {saved.map((address, index) => (
            <label key={`${address.name}|${address.line1}|${address.postalCode}`} className="radio">
              <input type="radio" name="shipTo" value={index} checked={current === String(index)} onChange={() => onChoose(String(index))} />{" "}
              <AddressView address={address} />
            </label>
          ))}
          <label className="radio">
            <input type="radio" name="shipTo" value={NEW_ADDRESS} checked={current === NEW_ADDRESS} onChange={() => onChoose(NEW_ADDRESS)} /> A new
            address
          </label>
        </fieldset>
      )}
      {current === NEW_ADDRESS && <AddressFieldset legend="Shipping address" field={field} />}
    </div>
  );
}

/** The address placeOrder gets for this choice; null while the saved addresses are not known yet. */
export function chosenAddress(choice: string | null, saved: AddressFieldsFragment[] | undefined, draft: AddressDraft): AddressInput | null {
  if (!saved) return null;
  const current = currentChoice(choice, saved);
  if (current === NEW_ADDRESS) return addressInput(draft);
  const address = saved[Number(current)];
  return address ? savedAddressInput(address) : null;
}

/** Until the shopper chooses, the first saved address (a new one when none is saved). */
function currentChoice(choice: string | null, saved: AddressFieldsFragment[]): string {
  return choice ?? (saved.length > 0 ? "0" : NEW_ADDRESS);
}
