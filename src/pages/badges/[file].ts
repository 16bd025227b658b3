import type { APIRoute } from 'astro';
import { badgePaths, badgeResponse } from '../../endpoints.ts';

export const getStaticPaths = badgePaths;
export const GET: APIRoute = ({ params }) => badgeResponse(params.file!);
