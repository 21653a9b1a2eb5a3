// Makes sure the pinned moto is usable (the preinstalled one, or the pin installed into .moto-venv).
import { resolveMotoPython, pinnedMotoVersion } from '../shared/emulator/moto-server.js';

const root = process.cwd();
const python = resolveMotoPython(root, (l) => console.log(l));
console.log(`moto ${pinnedMotoVersion(root)} ready (${python})`);
