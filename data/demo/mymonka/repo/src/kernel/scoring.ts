// The clinical kernel: a weighted vulnerability index over the latest assessments.
export type Assessment = { domain: string; value: number; weight: number };

export function computeVulnerabilityScore(assessments: Assessment[]): number {
  const totalWeight = assessments.reduce((sum, a) => sum + a.weight, 0);
  if (totalWeight === 0) return 0;
  const weighted = assessments.reduce((sum, a) => sum + a.value * a.weight, 0);
  return Math.round((weighted / totalWeight) * 10) / 10;
}
