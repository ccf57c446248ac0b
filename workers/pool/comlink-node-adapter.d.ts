// comlink ships its Node adapter as .mjs with types under the extensionless name.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
