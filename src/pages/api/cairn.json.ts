import { cairnApi } from '#core/outputs/cairn-api.ts';
import { json } from '../../endpoints.ts';
import { siteData } from '../../site-data.ts';

export const GET = () => json(cairnApi(siteData().snapshot, siteData().urls));
