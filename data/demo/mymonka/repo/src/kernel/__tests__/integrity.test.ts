import { describe, expect, it } from "vitest";
import { computeVulnerabilityScore } from "../scoring";

// Integrity checks on the kernel: the index stays within its documented range.
describe("kernel integrity", () => {
  it("keeps the score between 0 and 5", () => {
    for (let value = 0; value <= 5; value++) {
      const score = computeVulnerabilityScore([{ domain: "any", value, weight: 1 }]);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(5);
    }
  });
});
