import { asctimeOf } from '../src/core/importLines';
console.log(asctimeOf(Date.UTC(2026,10,30,19,34,4,680)), asctimeOf(Date.UTC(2026,10,30,0,0,0,5)), asctimeOf(Date.UTC(1999,0,1,23,59,59,999)));
