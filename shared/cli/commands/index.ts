import type { Command } from 'commander';
import { registerAudit } from './audit.js';
import { registerAuditor } from './auditor.js';
import { registerCollect } from './collect.js';
import { registerDeployment } from './deployment.js';
import { registerDoctor } from './doctor.js';
import { registerDemo } from './demo.js';
import { registerEvaluate } from './evaluate.js';
import { registerEvidence } from './evidence.js';
import { registerException } from './exception.js';
import { registerKey } from './key.js';
import { registerExplain } from './explain.js';
import { registerIngest } from './ingest.js';
import { registerStatus } from './status.js';
import { registerWindow } from './window.js';

/**
 * Registers collect, evaluate, status, window and demo on the program (verify and snapshot register from their own
 * modules). Call after `exitOverride()`, so the commands inherit it.
 */
export function registerAll(program: Command): Command {
  registerCollect(program);
  registerEvaluate(program);
  registerStatus(program);
  registerExplain(program);
  registerWindow(program);
  registerDemo(program);
  registerEvidence(program);
  registerException(program);
  registerKey(program);
  registerIngest(program);
  registerAuditor(program);
  registerDeployment(program);
  registerDoctor(program);
  registerAudit(program);
  return program;
}
