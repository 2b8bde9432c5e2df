// Reads schema-changes.yaml: the breaking changes that were agreed with the graph's clients and may land.
import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const acknowledgementsSchema = z.object({
  acknowledged: z
    .array(
      z.object({
        coordinate: z.string().regex(/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/, "must be a schema coordinate such as Product.priceCents or Query.product.id"),
        change: z.string().regex(/^[A-Z_]+$/, "must be a change type such as FIELD_REMOVED").optional(),
        reason: z.string().trim().min(1, "say why the break is acceptable"),
      }),
    )
    .nullish(),
});

export interface Acknowledgement {
  coordinate: string;
  /** Limits the acknowledgement to one kind of change (graphql-inspector's type, e.g. FIELD_REMOVED). */
  change?: string;
  reason: string;
}

/** The acknowledgements in `file`; none when it does not exist. Throws naming the file on a malformed entry. */
export function readAcknowledgements(file: string): Acknowledgement[] {
  if (!existsSync(file)) return [];
  const result = acknowledgementsSchema.safeParse(parseYaml(readFileSync(file, "utf8")) ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`${file} is not a valid list of acknowledged changes: ${problems}`);
  }
  return (result.data.acknowledged ?? []).map((entry) => ({ ...entry }));
}
