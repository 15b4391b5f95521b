export { main, VERSION, type CliIO } from './main.js';
export { discover } from './discover.js';
