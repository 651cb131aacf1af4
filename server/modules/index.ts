import type { ModuleManifest } from '../app.js';
import { orgModule } from './org/index.js';

/** Every module's manifest, in the order their routes register. */
export const modules: readonly ModuleManifest[] = [orgModule];
