import { isMade } from '#core/model/time.ts';
import type { Incident, Repository } from '#core/parse/repository.ts';

/**
 * The repository as it was at `now`: incidents declared later, updates and postmortems written
 * later are not there yet. A build as of an earlier moment shows the page as it was then; a
 * time in the future by mistake is still an error of `cairn check`, which runs before a deploy.
 */
export function asOf(repository: Repository, now: number): Repository {
  const incidents: Incident[] = [];
  for (const incident of repository.incidents) {
    if (!isMade(incident.entries[0]!.at, now)) continue;
    const { postmortem } = incident;
    incidents.push({
      ...incident,
      entries: incident.entries.filter((e) => isMade(e.at, now)),
      postmortem: postmortem && (postmortem.at === undefined || isMade(postmortem.at, now)) ? postmortem : undefined,
    });
  }
  return { ...repository, incidents };
}
