// Controlled form fields from one state object: `field("name")` gives an input its value and onChange.
import { useCallback, useState, type ChangeEvent } from "react";

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export function useFields<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const field = useCallback(
    (name: keyof T & string) => ({
      name,
      value: values[name],
      onChange: (event: ChangeEvent<Control>) => {
        const { value } = event.target;
        setValues((current) => ({ ...current, [name]: value }));
      },
    }),
    [values],
  );
  return { values, setValues, field, reset: () => setValues(initial) };
}
