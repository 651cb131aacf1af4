import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

interface ChunkInfo {
  fileName: string;
  gzipBytes: number;
  isEntry: boolean;
  imports: string[];
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1).padStart(8);

/**
 * Prints every emitted JS chunk with its gzipped size, sums what the browser must load before
 * the first screen (the entry chunk and everything it imports statically) and fails the build
 * when that sum is over budget, so route-level code splitting cannot quietly regress.
 */
export function chunkSizeReport(options: { budgetKb: number }): Plugin {
  return {
    name: 'lianxin-chunk-size-report',
    apply: 'build',
    generateBundle(_outputOptions, bundle) {
      const chunks = new Map<string, ChunkInfo>();
      for (const item of Object.values(bundle)) {
        if (item.type !== 'chunk') continue;
        chunks.set(item.fileName, {
          fileName: item.fileName,
          gzipBytes: gzipSync(Buffer.from(item.code), { level: 9 }).length,
          isEntry: item.isEntry,
          imports: item.imports,
        });
      }

      const initial = new Set<string>();
      const visit = (name: string) => {
        if (initial.has(name)) return;
        const chunk = chunks.get(name);
        if (!chunk) return;
        initial.add(name);
        for (const dep of chunk.imports) visit(dep);
      };
      for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);

      const rows = [...chunks.values()].sort((a, b) => b.gzipBytes - a.gzipBytes);
      const lines = rows.map(
        (c) => `${kb(c.gzipBytes)} KB  ${initial.has(c.fileName) ? 'initial' : 'lazy   '}  ${c.fileName}`,
      );
      const initialBytes = rows.filter((c) => initial.has(c.fileName)).reduce((sum, c) => sum + c.gzipBytes, 0);
      const totalBytes = rows.reduce((sum, c) => sum + c.gzipBytes, 0);
      const summary = [
        '',
        'JS chunks (gzipped):',
        ...lines,
        `${kb(totalBytes)} KB  total JS`,
        `${kb(initialBytes)} KB  initial JS (budget ${options.budgetKb} KB)`,
        '',
      ].join('\n');
      console.log(summary);
      if (initialBytes > options.budgetKb * 1024) {
        this.error(
          `Initial JS is ${(initialBytes / 1024).toFixed(1)} KB gzipped, over the ${options.budgetKb} KB budget: ` +
            'move route code behind React.lazy or trim the shell.',
        );
      }
    },
  };
}
