import { describe, expect, it } from "vitest";
import { computeVulnerabilityScore } from "../scoring";

describe("computeVulnerabilityScore", () => {
  it("returns 0 without assessments instead of dividing by zero", () => {
    expect(computeVulnerabilityScore([])).toBe(0);
  });

  it("weights each domain", () => {
    const score = computeVulnerabilityScore([
      { domain: "mobility", value: 4, weight: 2 },
      { domain: "nutrition", value: 1, weight: 1 },
    ]);
    expect(score).toBe(3);
  });
});
