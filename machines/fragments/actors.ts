import type { AnyStamped } from './events';

/**
 * Who may take which step (DOMAIN.md: "anything from the wrong actor" is refused). The mapping every
 * track follows:
 * - organization_department (组织部门, its 部务会议): motions, closing nominations, qualification review,
 *   recommendation results, choosing and inspecting candidates, consultation, publicity, verification,
 *   appointment notices, talks, proposals, withdrawal, calendar data;
 * - department (a unit's or the district's system) and organization_department: nominations and reports
 *   (举报 arrive through the mailbox and online channel, which either may run);
 * - committee (常委会): the vote, and nothing else;
 * - system (the workflow's own timers): timer events, and calendar data an operator loads through the host.
 *
 * Each is a named guard (`actorGuards`) that transitions compose with the step's own rule, e.g.
 * `and(['byOrganizationDepartment', 'motionAcceptable'])`, so a refusal names the rule that failed. They
 * read the raw event's actor and never throw on a missing one.
 */
type ActorArgs = { event: AnyStamped };

export const byOrganizationDepartment = ({ event }: ActorArgs) =>
  event.actor?.role === 'organization_department';

export const byCommittee = ({ event }: ActorArgs) => event.actor?.role === 'committee';

export const byDepartmentOrOrganization = ({ event }: ActorArgs) =>
  event.actor?.role === 'department' || event.actor?.role === 'organization_department';

const byOrganizationDepartmentOrSystem = ({ event }: ActorArgs) =>
  event.actor?.role === 'organization_department' || event.actor?.role === 'system';

/** For `setup({ guards })`: the actor conditions by name. */
export const actorGuards = {
  byOrganizationDepartment,
  byCommittee,
  byDepartmentOrOrganization,
  byOrganizationDepartmentOrSystem,
};
