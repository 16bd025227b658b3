import { maintenanceCalendar } from '#core/outputs/calendar.ts';
import { siteData } from '../site-data.ts';

export function GET(): Response {
  const { snapshot, urls, message } = siteData();
  return new Response(maintenanceCalendar(snapshot, urls, message), { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
}
