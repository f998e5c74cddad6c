import qs from "qs";
import { describe, expect, it } from "vitest";
import { parseForm } from "../src/http/form.js";

const QS_OPTIONS: qs.IParseOptions = {
  arrayLimit: 1000,
  depth: 12,
  parameterLimit: 10_000,
  allowDots: false,
  allowPrototypes: false,
  plainObjects: true,
};

const BODIES = [
  "email=jenny%40example.com&name=Jenny+Rosen",
  "name=Jenny%20Rosen&description=a+b%2Bc",
  "email=",
  "a=b=c&d=%3D",
  "name=%E2%9C%93%20ok&phone=%2B1%20555",
  "name=%E0%A4%A&email=x", // a malformed escape is kept as sent
  "name=%zz",
  "name=caf%C3%A9&email=a%26b",
  "constructor=x&toString=y",
  "__proto__=x&name=y",
  "a=1&a=2",
  "metadata[k]=v&email=e",
  "metadata%5Bk%5D=v&email=e",
  "metadata%5bk%5d=v",
  "expand[]=a&expand[]=b",
  "expand[0]=a",
  "a=1&",
  "&a=1",
  "a",
  "a=1&b",
  "1=x",
  "a.b=c",
  "name=Bench&email=bench%40example.com&description=x&phone=1&balance=100&tax_exempt=none",
];

describe("form bodies", () => {
  it.each(BODIES)("parses %s exactly as qs does", (body) => {
    const ours = parseForm(body);
    const theirs = qs.parse(body, QS_OPTIONS) as Record<string, unknown>;
    expect(ours).toStrictEqual(theirs);
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    expect(Object.getPrototypeOf(ours)).toBe(Object.getPrototypeOf(theirs));
  });
});
