import { StateBadge } from "./status-badge";

/** Active, banned, locked or deleted. */
export function UserState({
  user,
}: {
  user: { deletedAt: Date | null; banned: boolean | null; locked: boolean | null };
}) {
  if (user.deletedAt) return <StateBadge tone="muted">deleted</StateBadge>;
  if (user.banned) return <StateBadge tone="bad">banned</StateBadge>;
  if (user.locked) return <StateBadge tone="warn">locked</StateBadge>;
  return <StateBadge tone="ok">active</StateBadge>;
}
