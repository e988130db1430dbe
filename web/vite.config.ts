import { defineConfig } from "vite";

// Builds the front end into the Python package, where FastAPI serves it under /static/dist.
// Fixed file names (no hashes): the app adds a content hash as ?v= when it links them.
export default defineConfig({
  base: "/static/dist/",
  publicDir: false,
  build: {
    outDir: "../src/praksisplan/web/static/dist",
    emptyOutDir: true,
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    sourcemap: false,
    target: "es2022",
    chunkSizeWarningLimit: 1200, // MapLibre GL JS alone is ~1 MB minified
    rollupOptions: {
      input: { app: "src/main.ts" },
      output: {
        entryFileNames: "[name].js",
        chunkFileNames: "[name].js",
        // one stylesheet (cssCodeSplit: false) named app.css; other assets keep their names
        assetFileNames: (asset) =>
          asset.names.some((name) => name.endsWith(".css")) ? "app.css" : "[name][extname]",
      },
    },
  },
});
