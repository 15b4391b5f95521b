export { main, VERSION, type CliIO } from './main.js';
