// Injected into the CommonJS bundles of the server: what `import.meta.url` means in its ES module sources.
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
