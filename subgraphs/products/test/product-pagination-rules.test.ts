// Unit tests of the pagination rules: cursors round-trip and refuse anything this service did not issue; page arguments are checked.
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { escapeLike, parsePageArgs } from "../src/domain/catalog.ts";
import { decodeCursor, encodeCursor } from "../src/domain/cursor.ts";

const key = { name: "Analytical Engine Mug ☕ \"quoted\"", id: "3f2b8c1e-7d4a-5b6c-8e9f-0a1b2c3d4e5f" };

/** The BAD_USER_INPUT error `run` throws, for asserting on its extensions. */
function refusal(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error("expected a refusal");
}

describe("cursor", () => {
  it("round-trips a sort key through an opaque base64url string", () => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain("Analytical");
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it("refuses garbage, naming the argument", () => {
    for (const garbage of ["", "not a cursor", "!!!!", "a".repeat(5000), "eyJ"]) {
      expect(refusal(() => decodeCursor(garbage, "after")).extensions).toEqual({ code: "BAD_USER_INPUT", field: "after" });
    }
  });

  it("refuses well-encoded JSON of the wrong shape", () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const shapes = [
      {},
      { name: key.name, id: key.id },
      [key.name],
      [key.name, key.id, "extra"],
      [42, key.id],
      [key.name, "not-a-uuid"],
      [key.name, null],
      null,
      "text",
    ];
    for (const shape of shapes) {
      expect(refusal(() => decodeCursor(encode(shape))).extensions?.code).toBe("BAD_USER_INPUT");
    }
  });

  it("refuses a tampered cursor: padding, truncation or a flipped character", () => {
    const cursor = encodeCursor(key);
    const flipped = `${cursor.slice(0, 5)}${cursor[5] === "A" ? "B" : "A"}${cursor.slice(6)}`;
    for (const tampered of [`${cursor}=`, cursor.slice(0, -1), cursor.slice(1), flipped]) {
      expect(refusal(() => decodeCursor(tampered)).extensions?.field).toBe("after");
    }
  });
});

describe("page arguments", () => {
  it("defaults to 20 with no cursor and no filter", () => {
    expect(parsePageArgs({})).toEqual({ first: 20, after: null, search: null });
    expect(parsePageArgs({ first: null, after: null, search: null })).toEqual({ first: 20, after: null, search: null });
  });

  it("accepts first from 1 to 100 and refuses anything else, naming first", () => {
    expect(parsePageArgs({ first: 1 }).first).toBe(1);
    expect(parsePageArgs({ first: 100 }).first).toBe(100);
    for (const first of [0, 101, -5, 2.5]) {
      expect(refusal(() => parsePageArgs({ first })).extensions).toEqual({ code: "BAD_USER_INPUT", field: "first" });
    }
  });

  it("trims the search, drops a blank one, and refuses one over 100 characters", () => {
    expect(parsePageArgs({ search: "  mug\t" }).search).toBe("mug");
    expect(parsePageArgs({ search: "   " }).search).toBeNull();
    expect(parsePageArgs({ search: ` ${"x".repeat(100)} ` }).search).toHaveLength(100);
    expect(refusal(() => parsePageArgs({ search: "x".repeat(101) })).extensions).toEqual({ code: "BAD_USER_INPUT", field: "search" });
  });

  it("decodes the after cursor into a sort key", () => {
    expect(parsePageArgs({ after: encodeCursor(key) }).after).toEqual(key);
    expect(refusal(() => parsePageArgs({ after: "nope" })).extensions?.field).toBe("after");
  });

  it("escapes LIKE pattern characters so a search is plain text", () => {
    expect(escapeLike("100% cotton_tee\\")).toBe("100\\% cotton\\_tee\\\\");
    expect(escapeLike("plain")).toBe("plain");
  });
});
