// Styles are bundled by esbuild; a stylesheet import has no value.
declare module '*.css';
