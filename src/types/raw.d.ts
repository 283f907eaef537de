/** Text files embedded in the bundle (vitest and the esbuild config both read `?raw` imports as strings). */
declare module '*?raw' {
  const text: string;
  export default text;
}
