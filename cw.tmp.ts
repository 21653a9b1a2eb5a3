import { loadControls, loadFrameworks, loadReferences } from './frameworks/index.js';
const fws = loadFrameworks(); const cs = loadControls(); const [socR, enR] = loadReferences() as any;
const assess = new Set(fws.flatMap((f) => f.requirements.filter((r) => r.assessable).map((r) => `${f.id}:${r.id}`)));
for (const c of cs) {
  const g = (fw: string, f: (x: string) => boolean = () => true) => c.mappings.filter((m) => m.framework === fw && f(m.requirement)).map((m) => m.requirement);
  const iso = g('iso27001-2022'), s = g('soc2-2017'), ir = g('nis2', (x) => /^IR-\d+\.\d+$/.test(x));
  const stat = new Map<string, [number, number, number]>(); // good, bad, oos
  const bump = (k: string, i: number) => { const v = stat.get(k) ?? [0, 0, 0]; v[i]++; stat.set(k, v); };
  for (const i of iso) {
    for (const x of s) { const inS = socR.mentions.left.has(i) && socR.mentions.right.has(x); const k = inS ? (socR.pairs.has(`${i}\t${x}`) ? 0 : 1) : 2; bump('iso:' + i, k); bump('soc:' + x, k); }
    for (const x of ir) { const inS = enR.mentions.left.has(x) && enR.mentions.right.has(i); const k = inS ? (enR.pairs.has(`${x}\t${i}`) ? 0 : 1) : 2; bump('iso:' + i, k); bump('ir:' + x, k); }
  }
  const bad = [...stat].filter(([, v]) => v[0] === 0 && v[1] > 0).map(([k, v]) => `${k}(${v[1]}/${v[2]})`);
  const weak = [...stat].filter(([, v]) => v[0] > 0 && v[1] > v[0]).map(([k, v]) => `${k}(+${v[0]}-${v[1]})`);
  if (bad.length || weak.length) console.log(`${c.id}: CONTRA ${bad.join(' ')} | WEAK ${weak.join(' ')}`);
}
