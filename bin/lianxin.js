#!/usr/bin/env node
// The `lianxin` command: runs the TypeScript sources through tsx (no separate compile step).
import { register } from 'tsx/esm/api';

register();
await import('../server/cli.ts');
