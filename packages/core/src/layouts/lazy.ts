import type { Layout } from './layout.js';

/**
 * A layout whose code (and heavy parser) is loaded only when a directory offers it a file it
 * could read, so that runs on other frameworks never pay for loading it.
 */
export function lazyLayout(name: string, wants: (file: string) => boolean, load: () => Promise<Layout>): Layout {
  let layout: Promise<Layout> | undefined;
  const get = () => (layout ??= load());
  return {
    name,
    async detect(dir, files, project) {
      if (!files.some(wants)) return [];
      return (await get()).detect(dir, files, project);
    },
    async load(set, ctx) {
      return (await get()).load(set, ctx);
    },
  };
}
