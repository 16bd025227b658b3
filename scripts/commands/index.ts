import type { Command } from '../cli.ts';
import { check } from './check.ts';

/** Every command, in the order `cairn --help` lists them. */
export const COMMANDS: Command[] = [check];
