import type { APIRoute } from 'astro';
import { componentPaths, feedResponse } from '../../../endpoints.ts';

export const getStaticPaths = componentPaths;
export const GET: APIRoute = ({ params }) => feedResponse('rss', params.id);
