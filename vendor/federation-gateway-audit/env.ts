// From the audit's src/env.ts. Upstream reads PUNISH_FOR_POOR_PLANS from its .env, which ships it as 0 (the published
// results are measured that way): a suite's subgraph then answers even when a better plan would not have asked it.
export function shouldPunishForPoorPlans(): boolean {
  return false;
}
