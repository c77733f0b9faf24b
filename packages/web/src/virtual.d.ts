/** The address of the evaluation worker's module (see vite.config.ts). */
declare module "virtual:qel-eval-worker-url" {
  const url: string;
  export default url;
}
