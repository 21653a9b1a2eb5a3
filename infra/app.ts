// `cdk synth` / `cdk deploy` entry (cdk.json: "app": "npx tsx infra/app.ts").
import { main } from './build.js';

main().synth();
