var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// shared/errors.ts
var errors_exports = {};
__export(errors_exports, {
  AccessDeniedError: () => AccessDeniedError,
  ArtifactTooLargeError: () => ArtifactTooLargeError,
  ConfigError: () => ConfigError,
  ConflictError: () => ConflictError,
  ContentionError: () => ContentionError,
  DeliveryError: () => DeliveryError,
  DependencyError: () => DependencyError,
  FluxError: () => FluxError,
  IntegrityError: () => IntegrityError,
  InvalidSourceDataError: () => InvalidSourceDataError,
  NotFoundError: () => NotFoundError,
  SnapshotTooLargeError: () => SnapshotTooLargeError,
  ValidationError: () => ValidationError,
  formatIssues: () => formatIssues,
  isAwsError: () => isAwsError,
  isConditionalCheckFailed: () => isConditionalCheckFailed
});
function formatIssues(issues) {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join(".") : "(root)"}: ${i.message}`);
}
function isAwsError(error, names, statuses = []) {
  if (typeof error !== "object" || error === null) return false;
  const e = error;
  const status2 = e.$metadata?.httpStatusCode;
  return names.includes(e.name ?? "") || names.includes(e.Code ?? "") || status2 !== void 0 && statuses.includes(status2);
}
var FluxError, ValidationError, ConfigError, IntegrityError, ArtifactTooLargeError, SnapshotTooLargeError, ConflictError, NotFoundError, DependencyError, ContentionError, InvalidSourceDataError, DeliveryError, AccessDeniedError, isConditionalCheckFailed;
var init_errors = __esm({
  "shared/errors.ts"() {
    "use strict";
    FluxError = class extends Error {
      /** A literal, not `new.target.name`: class names do not survive minification (the Lambda bundles). */
      name = "FluxError";
      /** Stable machine-readable code, e.g. `INTEGRITY_ERROR`. */
      code;
      details;
      constructor(code, message2, details = {}, options) {
        super(message2, options);
        this.code = code;
        this.details = details;
      }
    };
    ValidationError = class extends FluxError {
      name = "ValidationError";
      issues;
      constructor(what, issues, options) {
        super("VALIDATION_ERROR", `${what} is invalid:
  - ${issues.join("\n  - ")}`, { what, issues }, options);
        this.issues = issues;
      }
    };
    ConfigError = class extends ValidationError {
      name = "ConfigError";
      constructor(issues, options) {
        super("configuration", issues, options);
        this.code = "CONFIG_ERROR";
      }
    };
    IntegrityError = class extends FluxError {
      constructor(check, message2, details = {}, options) {
        super("INTEGRITY_ERROR", message2, { check, ...details }, options);
        this.check = check;
      }
      check;
      name = "IntegrityError";
    };
    ArtifactTooLargeError = class extends FluxError {
      constructor(size, limit) {
        super("ARTIFACT_TOO_LARGE", `artifact is ${size} bytes; the limit is ${limit} bytes`, { size, limit });
        this.size = size;
        this.limit = limit;
      }
      size;
      limit;
      name = "ArtifactTooLargeError";
    };
    SnapshotTooLargeError = class extends FluxError {
      constructor(artifacts, limit, hint) {
        super(
          "SNAPSHOT_TOO_LARGE",
          `the window cites ${artifacts} artifacts; one snapshot built by the API holds at most ${limit}`,
          { artifacts, limit, hint }
        );
        this.artifacts = artifacts;
        this.limit = limit;
        this.hint = hint;
      }
      artifacts;
      limit;
      hint;
      name = "SnapshotTooLargeError";
    };
    ConflictError = class extends FluxError {
      name = "ConflictError";
      constructor(message2, details = {}, options) {
        super("CONFLICT", message2, details, options);
      }
    };
    NotFoundError = class extends FluxError {
      name = "NotFoundError";
      constructor(what, id, options) {
        super("NOT_FOUND", `${what} not found: ${id}`, { what, id }, options);
      }
    };
    DependencyError = class extends FluxError {
      name = "DependencyError";
      constructor(what, message2, options) {
        super("DEPENDENCY_ERROR", `${what}: ${message2}`, { what }, options);
      }
    };
    ContentionError = class extends FluxError {
      name = "ContentionError";
      constructor(message2, details = {}, options) {
        super("CONTENTION", message2, details, options);
      }
    };
    InvalidSourceDataError = class extends FluxError {
      constructor(source, issues, options) {
        const summary2 = issues.slice(0, 10).join("; ");
        super("INVALID_SOURCE_DATA", `${source} is malformed: ${summary2}`, { source, issues }, options);
        this.source = source;
        this.issues = issues;
      }
      source;
      issues;
      name = "InvalidSourceDataError";
    };
    DeliveryError = class extends FluxError {
      constructor(channel2, message2, details = {}, options) {
        super("DELIVERY_ERROR", message2, { channel: channel2, ...details }, options);
        this.channel = channel2;
      }
      channel;
      name = "DeliveryError";
    };
    AccessDeniedError = class extends FluxError {
      constructor(reason, message2, details = {}, options) {
        super("ACCESS_DENIED", message2, { reason, ...details }, options);
        this.reason = reason;
      }
      reason;
      name = "AccessDeniedError";
    };
    isConditionalCheckFailed = (error) => isAwsError(error, ["ConditionalCheckFailedException"]);
  }
});

// shared/cli/common.ts
import { CommanderError } from "commander";
function globalsOf(cmd) {
  const o = cmd.optsWithGlobals();
  return { config: o.config ?? "flux.config.json", ...o.json ? { json: true } : {} };
}
function commandInput(cmd) {
  const g = globalsOf(cmd);
  return { configPath: g.config, explicitConfig: configIsExplicit(cmd), json: g.json === true };
}
function setDebug(on) {
  debugTraces = on;
}
function isCredentialError(e) {
  for (let c = e, depth = 0; c instanceof Error && depth < 5; c = c.cause, depth++) {
    if (CREDENTIAL_ERRORS.has(c.name) || /could not load credentials|security token/i.test(c.message))
      return true;
  }
  return false;
}
function describeFailure(e, debug = debugTraces) {
  const err = e instanceof Error ? e : new Error(String(e));
  const lines = [err.message || err.name];
  if (isCredentialError(err)) {
    lines.push(
      "hint: no usable AWS credentials. Sign in (aws sso login, or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and",
      "      AWS_SECRET_ACCESS_KEY); against an emulator pass --endpoint <url> or set AWS_ENDPOINT_URL."
    );
  }
  if (debug) lines.push(String(err.stack ?? err));
  else if (!(err instanceof FluxError)) lines.push("(run again with --debug for the stack trace)");
  return lines.join("\n");
}
async function runAction(io, name, body) {
  let code;
  try {
    code = await body();
  } catch (e) {
    if (e instanceof CliExit) code = e.code;
    else {
      io.err(`flux-evidence ${name}: ${describeFailure(e)}
`);
      code = CODES.ERROR;
    }
  }
  if (code !== CODES.OK) throw new CommanderError(code, "flux-evidence.exit", `${name} exited with ${code}`);
}
function usage(io, name, message2) {
  io.err(`flux-evidence ${name}: ${message2}
`);
  throw new CliExit(CODES.USAGE, message2);
}
function configIsExplicit(cmd) {
  let c = cmd;
  while (c?.parent) c = c.parent;
  return c?.getOptionValueSource("config") === "cli";
}
function commaList(value, previous = []) {
  return [
    ...previous,
    ...value.split(",").map((s) => s.trim()).filter(Boolean)
  ];
}
function instantOption(io, name, option, value) {
  if (value === void 0) return void 0;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) usage(io, name, `${option}: not an ISO-8601 date or instant: ${value}`);
  return d;
}
var CODES, CliExit, debugTraces, CREDENTIAL_ERRORS;
var init_common = __esm({
  "shared/cli/common.ts"() {
    "use strict";
    init_errors();
    CODES = { OK: 0, FAILED: 1, USAGE: 2, ERROR: 3 };
    CliExit = class extends Error {
      constructor(code, message2) {
        super(message2);
        this.code = code;
      }
      code;
    };
    debugTraces = false;
    CREDENTIAL_ERRORS = /* @__PURE__ */ new Set([
      "CredentialsProviderError",
      "ExpiredToken",
      "ExpiredTokenException",
      "InvalidClientTokenId",
      "UnrecognizedClientException",
      "InvalidAccessKeyId",
      "SignatureDoesNotMatch"
    ]);
  }
});

// shared/cli/output.ts
import Table from "cli-table3";
function columnsOf(io) {
  const env = Number(io.env.COLUMNS);
  return io.columns ?? (Number.isInteger(env) && env >= 20 ? env : DEFAULT_COLUMNS);
}
function processIo() {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: process.env,
    isTty: process.stdout.isTTY === true,
    ...process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}
  };
}
function useColor(io, json5 = false) {
  return !json5 && io.isTty && !(io.env.NO_COLOR !== void 0 && io.env.NO_COLOR !== "");
}
function paint(word, color) {
  const c = COLORS[word];
  return color && c ? `${c}${word}\x1B[0m` : word;
}
function fitColumns(cells, width) {
  const n = cells[0]?.length ?? 0;
  const w = Array.from({ length: n }, (_, i) => Math.max(...cells.map((r) => visible(r[i] ?? ""))) + 2);
  const budget = width - (n + 1);
  let total = w.reduce((a, b) => a + b, 0);
  if (total <= budget) return void 0;
  while (total > budget) {
    const widest2 = w.indexOf(Math.max(...w));
    if (w[widest2] <= 8) break;
    w[widest2]--;
    total--;
  }
  return w;
}
function renderTable(head, rows, color, width = DEFAULT_COLUMNS) {
  const cells = [head.map(String), ...rows.map((r) => r.map(String))];
  const colWidths = fitColumns(cells, width);
  const table2 = new Table({
    head: [...head],
    ...colWidths ? { colWidths } : {},
    style: { head: color ? ["cyan"] : [], border: color ? ["grey"] : [] },
    ...color ? {} : {
      chars: {
        top: "-",
        "top-mid": "+",
        "top-left": "+",
        "top-right": "+",
        bottom: "-",
        "bottom-mid": "+",
        "bottom-left": "+",
        "bottom-right": "+",
        left: "|",
        "left-mid": "+",
        mid: "-",
        "mid-mid": "+",
        right: "|",
        "right-mid": "+",
        middle: "|"
      }
    }
  });
  for (const r of cells.slice(1)) table2.push(r);
  return table2.toString() + "\n";
}
function writeJson(io, value) {
  io.out(JSON.stringify(value, null, 2) + "\n");
}
var DEFAULT_COLUMNS, COLORS, visible;
var init_output = __esm({
  "shared/cli/output.ts"() {
    "use strict";
    DEFAULT_COLUMNS = 120;
    COLORS = {
      PASS: "\x1B[32m",
      met: "\x1B[32m",
      effective: "\x1B[32m",
      FAIL: "\x1B[31m",
      failing: "\x1B[31m",
      not_effective: "\x1B[31m",
      UNKNOWN: "\x1B[33m",
      unknown: "\x1B[33m",
      insufficient_evidence: "\x1B[33m",
      effective_with_exceptions: "\x1B[33m"
    };
    visible = (s) => s.replace(/\u001b\[[0-9;]*m/g, "").length;
  }
});

// shared/rules/types.ts
function defineRule(rule44) {
  const issues = [];
  if (!RULE_ID.test(rule44.id))
    issues.push(`id: "${rule44.id}" must be kebab-case <service>-<resource>-<property>`);
  if (!SEMVER.test(rule44.version)) issues.push(`version: "${rule44.version}" must be a semantic version`);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(rule44.collector))
    issues.push(`collector: "${rule44.collector}" must be kebab-case`);
  if (rule44.controls.length === 0) issues.push("controls: a rule serves at least one control");
  for (const c of rule44.controls)
    if (!CONTROL_ID.test(c)) issues.push(`controls: "${c}" is not a control id like IAM-01`);
  if (issues.length) throw new ValidationError(`rule ${rule44.id}`, issues);
  return rule44;
}
var DEFAULT_THRESHOLDS, RULE_ID, SEMVER, CONTROL_ID, outcome;
var init_types = __esm({
  "shared/rules/types.ts"() {
    "use strict";
    init_errors();
    DEFAULT_THRESHOLDS = {
      unusedCredentialDays: 45,
      passwordMinimumLength: 14,
      passwordReusePrevention: 24,
      adminPorts: [20, 21, 22, 23, 445, 1433, 1521, 2483, 2484, 3306, 3389, 5432, 5500, 5601, 9200, 9300, 27017],
      requiredApprovals: 1,
      publicRepositories: []
    };
    RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+){2,}$/;
    SEMVER = /^\d+\.\d+\.\d+$/;
    CONTROL_ID = /^[A-Z]{2,5}-\d{2,3}$/;
    outcome = {
      pass: (reason) => ({ status: "PASS", reason, failing: [] }),
      notApplicable: (reason) => ({ status: "NOT_APPLICABLE", reason, failing: [] }),
      /** Data that should exist is absent: never a pass, never "not applicable". */
      unknown: (reason) => ({ status: "UNKNOWN", reason, failing: [] }),
      fail: (reason, failing) => ({
        status: "FAIL",
        reason,
        failing
      }),
      /** PASS when nothing fails, else FAIL listing every failing resource. */
      of: (failing, passReason, failReason) => failing.length === 0 ? outcome.pass(passReason) : outcome.fail(failReason, failing)
    };
  }
});

// shared/config/schema.ts
import * as z from "zod";
var region, accountId, secretName, isoDate, AwsScopeSchema, GitHubSchema, IdentityProvidersSchema, FrameworkIdSchema, AuditorSchema, port, RuleThresholdsSchema, FluxConfigSchema;
var init_schema = __esm({
  "shared/config/schema.ts"() {
    "use strict";
    init_types();
    region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as eu-west-1");
    accountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id");
    secretName = z.string().min(1).max(512).describe("AWS Secrets Manager secret name or ARN");
    isoDate = z.iso.date({ message: "must be a date (YYYY-MM-DD)" });
    AwsScopeSchema = z.strictObject({
      accounts: z.union([
        z.strictObject({ mode: z.literal("list"), ids: z.array(accountId).min(1) }),
        z.strictObject({ mode: z.literal("organization"), exclude: z.array(accountId).default([]) }),
        z.strictObject({ mode: z.literal("current") })
      ]).default({ mode: "current" }).describe(
        "Accounts: an explicit list, every active account of the AWS Organization, or the current account"
      ),
      regions: z.union([z.array(region).min(1), z.literal("all-enabled")]).default("all-enabled"),
      memberRoleName: z.string().regex(/^[\w+=,.@-]{1,64}$/).default("FluxEvidenceReadOnly"),
      /** ExternalId the member-account role requires (its trust policy's sts:ExternalId condition). */
      externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, "must be 2-1224 characters of [A-Za-z0-9+=,.@:/_-]").optional(),
      /** Collection units (collector × account × region) in flight at once. */
      concurrency: z.number().int().min(1).max(64).default(8),
      /** Units in flight per account, so one account's API limits are never tripped. */
      perAccountConcurrency: z.number().int().min(1).max(16).default(3)
    });
    GitHubSchema = z.strictObject({
      org: z.string().min(1),
      baseUrl: z.url().default("https://api.github.com"),
      auth: z.discriminatedUnion("type", [
        z.strictObject({
          type: z.literal("app"),
          appId: z.number().int().positive(),
          installationId: z.number().int().positive(),
          privateKeySecret: secretName
        }),
        z.strictObject({ type: z.literal("token"), tokenSecret: secretName })
      ]),
      /** Days of merged pull requests collected per run (the change population). */
      pullRequestLookbackDays: z.number().int().min(1).max(400).default(30)
    });
    IdentityProvidersSchema = z.strictObject({
      okta: z.strictObject({ baseUrl: z.url(), tokenSecret: secretName }).optional(),
      entra: z.strictObject({
        tenantId: z.string().min(1),
        clientId: z.string().min(1),
        clientSecretSecret: secretName,
        graphBaseUrl: z.url().default("https://graph.microsoft.com")
      }).optional(),
      googleWorkspace: z.strictObject({
        customer: z.string().default("my_customer"),
        adminEmail: z.email(),
        serviceAccountSecret: secretName,
        baseUrl: z.url().default("https://admin.googleapis.com")
      }).optional(),
      identityCenter: z.strictObject({ identityStoreId: z.string().min(1), region }).optional()
    });
    FrameworkIdSchema = z.enum(["iso27001-2022", "soc2-2017", "nis2", "gdpr"]);
    AuditorSchema = z.strictObject({
      principalArn: z.string().regex(/^arn:aws[\w-]*:(iam|sts)::\d{12}:/, "must be an IAM role or user ARN"),
      engagement: z.string().regex(/^[a-z0-9-]{3,64}$/, "must be a kebab-case engagement id"),
      frameworks: z.array(FrameworkIdSchema).min(1),
      /** The engagement ends at this date: access stops then. */
      endsOn: isoDate
    });
    port = z.number().int().min(1).max(65535);
    RuleThresholdsSchema = z.strictObject({
      /** CIS 1.12: credentials unused for this many days must be disabled. */
      unusedCredentialDays: z.number().int().min(1).max(365).default(DEFAULT_THRESHOLDS.unusedCredentialDays),
      /** CIS 1.8. */
      passwordMinimumLength: z.number().int().min(6).max(128).default(DEFAULT_THRESHOLDS.passwordMinimumLength),
      /** CIS 1.9: previous passwords IAM remembers (AWS allows at most 24). */
      passwordReusePrevention: z.number().int().min(1).max(24).default(DEFAULT_THRESHOLDS.passwordReusePrevention),
      /** Ports no security group may open to the internet (CIS 5.2, 5.3). */
      adminPorts: z.array(port).min(1).default([...DEFAULT_THRESHOLDS.adminPorts]),
      /** Approving reviews a default branch's protection must require. */
      requiredApprovals: z.number().int().min(1).max(6).default(DEFAULT_THRESHOLDS.requiredApprovals),
      /** Repositories meant to be public (`name` or `owner/name`); any other public repository fails DAT-01. */
      publicRepositories: z.array(z.string().min(1)).default([])
    });
    FluxConfigSchema = z.strictObject({
      $schema: z.string().optional(),
      /** Name of this evidence log; part of every signed checkpoint. */
      origin: z.string().regex(/^[\w.:/-]{3,128}$/).default("flux-evidence"),
      /** Deployed platform; absent = the local locker (a directory) is used. */
      deployment: z.strictObject({
        region,
        evidenceBucket: z.string().min(3),
        ledgerTable: z.string().min(3),
        evidenceKeyArn: z.string().startsWith("arn:").optional(),
        signingKeyArn: z.string().startsWith("arn:"),
        /** The snapshot API (stateless stack outputs SnapshotApiId, SnapshotApiUrl): `auditor policy` names it. */
        snapshotApiId: z.string().regex(/^[a-z0-9]{10}$/, "must be an API Gateway id").optional(),
        snapshotApiUrl: z.url().optional()
      }).optional(),
      locker: z.strictObject({ path: z.string().min(1).default(".flux") }).default({ path: ".flux" }),
      aws: AwsScopeSchema.prefault({}),
      github: GitHubSchema.optional(),
      identityProviders: IdentityProvidersSchema.default({}),
      collectors: z.record(
        z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
        z.strictObject({ enabled: z.boolean().default(true), schedule: z.string().min(1).optional() })
      ).default({}),
      frameworks: z.array(FrameworkIdSchema).min(1).default(["iso27001-2022", "soc2-2017", "nis2", "gdpr"]),
      window: z.strictObject({ start: isoDate, end: isoDate, timeZone: z.string().default("UTC") }).refine((w) => w.start < w.end, "window.end must be after window.start").optional(),
      alerts: z.strictObject({
        emails: z.array(z.email()).default([]),
        webhookUrlSecret: secretName.optional(),
        evidenceLinkBase: z.url().optional()
      }).default({ emails: [] }),
      retention: z.strictObject({
        mode: z.enum(["COMPLIANCE", "GOVERNANCE"]).default("COMPLIANCE"),
        /** Must outlast the longest review window plus the certification cycle (ISO: 3 years). */
        days: z.number().int().min(1).max(36500).default(2190)
      }).default({ mode: "COMPLIANCE", days: 2190 }),
      auditors: z.array(AuditorSchema).default([]),
      /**
       * Operator principals (IAM role or user ARNs of this account) the snapshot API lets create, list and share
       * snapshots for any configured engagement that has not ended, within its frameworks. Everyone else is judged as
       * an auditor. Their own IAM policy must still allow `execute-api:Invoke` on the routes.
       */
      operators: z.array(z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:(role|user)\//, "must be an IAM role or user ARN")).default([]),
      rules: RuleThresholdsSchema.prefault({}),
      /**
       * Requirements declared out of scope, each with the reason an auditor reads (an ISO 27001 Statement of
       * Applicability exclusion, a SOC 2 category not in the report). Only requirements the framework lets an
       * organisation exclude are accepted; for them a control that was NOT_APPLICABLE throughout counts as met.
       */
      exclusions: z.array(
        z.strictObject({
          framework: FrameworkIdSchema,
          requirement: z.string().min(1),
          reason: z.string().trim().min(10, "must say why, in at least 10 characters")
        })
      ).default([]),
      accessReconciliation: z.strictObject({
        deprovisioningSlaHours: z.number().positive().default(24),
        /** Explicit identity links where emails differ: `{ "github:octocat": "alice@acme.example" }`. */
        identityLinks: z.record(z.string(), z.email()).default({})
      }).default({ deprovisioningSlaHours: 24, identityLinks: {} })
    });
  }
});

// shared/config/load.ts
var load_exports = {};
__export(load_exports, {
  loadConfigFile: () => loadConfigFile,
  parseConfig: () => parseConfig
});
import { readFileSync as readFileSync2 } from "node:fs";
function parseConfig(raw) {
  const result = FluxConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(formatIssues(result.error.issues));
  return result.data;
}
function loadConfigFile(path) {
  let text3;
  try {
    text3 = readFileSync2(path, "utf8");
  } catch (cause) {
    throw new ConfigError([`${path}: cannot be read (${cause.message})`], { cause });
  }
  let raw;
  try {
    raw = JSON.parse(text3);
  } catch (cause) {
    throw new ConfigError([`${path}: not valid JSON (${cause.message})`], { cause });
  }
  return parseConfig(raw);
}
var init_load = __esm({
  "shared/config/load.ts"() {
    "use strict";
    init_errors();
    init_schema();
  }
});

// shared/kernel/content-index.ts
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
var DynamoContentIndex;
var init_content_index = __esm({
  "shared/kernel/content-index.ts"() {
    "use strict";
    init_errors();
    DynamoContentIndex = class {
      constructor(doc, tableName) {
        this.doc = doc;
        this.tableName = tableName;
      }
      doc;
      tableName;
      async latest(collector28, scope) {
        const res = await this.doc.send(
          new GetCommand({
            TableName: this.tableName,
            Key: { pk: `LATEST#${collector28}#${scope}`, sk: "LATEST" },
            ConsistentRead: true
          })
        );
        if (!res.Item) return void 0;
        const { sha256: sha2562, key: key2, contentHash, observedAt, confirmedAt, observation } = res.Item;
        return { sha256: sha2562, key: key2, contentHash, observedAt, confirmedAt, ...observation ? { observation } : {} };
      }
      async put(collector28, scope, latest) {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: `LATEST#${collector28}#${scope}`, sk: "LATEST", collector: collector28, scope, ...latest },
            // Never move the pointer back in time when runs overlap.
            ConditionExpression: "attribute_not_exists(pk) OR confirmedAt <= :c",
            ExpressionAttributeValues: { ":c": latest.confirmedAt }
          })
        ).catch((err) => {
          if (!isConditionalCheckFailed(err)) throw err;
        });
      }
    };
  }
});

// shared/evidence/canonical.ts
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
function canonicalBytes(value) {
  assertJsonValue(value);
  const text3 = canonicalize(value);
  if (text3 === void 0) throw new ValidationError("JSON value", ["(root): cannot be canonicalized"]);
  return Buffer.from(text3, "utf8");
}
function sha256Hex(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}
function assertJsonValue(value, keys = []) {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new ValidationError("JSON value", [`${pathOf(keys)}: ${value} is not a finite number`]);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      keys.push(i);
      assertJsonValue(value[i], keys);
      keys.pop();
    }
    return;
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const k in value) {
      const v = value[k];
      if (v === void 0) continue;
      keys.push(k);
      assertJsonValue(v, keys);
      keys.pop();
    }
    return;
  }
  const kind = value === void 0 ? "undefined" : value instanceof Date ? "a Date" : typeof value;
  throw new ValidationError("JSON value", [`${pathOf(keys)}: ${kind} is not JSON; use strings for times`]);
}
var pathOf;
var init_canonical = __esm({
  "shared/evidence/canonical.ts"() {
    "use strict";
    init_errors();
    pathOf = (keys) => keys.reduce((p, k) => typeof k === "number" ? `${p}[${k}]` : `${p}.${k}`, "(root)");
  }
});

// shared/ledger/dynamo-batch.ts
import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
async function batchGetByPk(client, tableName, keys) {
  const found = /* @__PURE__ */ new Map();
  for (let i = 0; i < keys.length; i += BATCH_LIMIT) {
    let pending = keys.slice(i, i + BATCH_LIMIT);
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_ROUNDS)
        throw new DependencyError("DynamoDB BatchGetItem", `${pending.length} keys stayed unprocessed`);
      if (round > 0) await new Promise((r) => setTimeout(r, Math.random() * 25 * 2 ** round));
      const out = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } })
      );
      for (const item of out.Responses?.[tableName] ?? []) found.set(String(item.pk), item);
      pending = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return found;
}
var BATCH_LIMIT, MAX_ROUNDS;
var init_dynamo_batch = __esm({
  "shared/ledger/dynamo-batch.ts"() {
    "use strict";
    init_errors();
    BATCH_LIMIT = 100;
    MAX_ROUNDS = 8;
  }
});

// shared/ledger/merkle.ts
import { hash as sha256Once } from "node:crypto";
function leafHash(bytes) {
  if (bytes.length === HASH_SIZE) {
    leafScratch.set(bytes, 1);
    return sha256Once("sha256", leafScratch, "buffer");
  }
  const buf = Buffer.allocUnsafe(1 + bytes.length);
  buf[0] = 0;
  buf.set(bytes, 1);
  return sha256Once("sha256", buf, "buffer");
}
function nodeHash(left, right) {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    throw new IntegrityError("hash-size", `node inputs must be ${HASH_SIZE} bytes`, {
      left: left.length,
      right: right.length
    });
  }
  return hashChildren(left, right);
}
function hashChildren(left, right) {
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_SIZE);
  return sha256Once("sha256", nodeScratch, "buffer");
}
function hashFromHex(hex, what = "hash") {
  if (!/^[0-9a-f]{64}$/i.test(hex))
    throw new IntegrityError("malformed-hash", `${what} is not a 32-byte hex hash`, { what });
  return Buffer.from(hex, "hex");
}
function bitSet(n, level) {
  return Math.floor(n / 2 ** level) % 2 === 1;
}
function splitPoint(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
function popcount(n) {
  let c = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) c += x % 2;
  return c;
}
function rangeNodes(begin, end) {
  const out = [];
  for (let b = begin; b < end; ) {
    let size = 1;
    while (b % (size * 2) === 0 && b + size * 2 <= end) size *= 2;
    out.push({ level: Math.log2(size), index: b / size });
    b += size;
  }
  return out;
}
function inclusionPlan(index, treeSize) {
  assertSize(treeSize, "tree size");
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
    throw new IntegrityError("inclusion-proof", `leaf ${index} is not in a tree of ${treeSize} leaves`, {
      index,
      treeSize
    });
  }
  const siblings = [];
  let begin = 0;
  let end = treeSize;
  while (end - begin > 1) {
    const k = splitPoint(end - begin);
    if (index - begin < k) {
      siblings.push(rangeNodes(begin + k, end));
      end = begin + k;
    } else {
      siblings.push(rangeNodes(begin, begin + k));
      begin += k;
    }
  }
  return siblings.reverse();
}
function consistencyPlan(size1, size2) {
  assertSize(size1, "first tree size");
  assertSize(size2, "second tree size");
  if (size1 > size2) {
    throw new IntegrityError("consistency-proof", `tree size ${size1} is larger than ${size2}`, {
      size1,
      size2
    });
  }
  if (size1 === 0 || size1 === size2) return [];
  const out = [];
  let m = size1;
  let begin = 0;
  let end = size2;
  let complete = true;
  while (m !== end - begin) {
    const k = splitPoint(end - begin);
    if (m <= k) {
      out.push(rangeNodes(begin + k, end));
      end = begin + k;
    } else {
      out.push(rangeNodes(begin, begin + k));
      begin += k;
      m -= k;
      complete = false;
    }
  }
  if (!complete) out.push(rangeNodes(begin, end));
  return out.reverse();
}
function resolvePlan(plan, getNode) {
  return plan.map(
    (ids) => foldRight(ids.map((id) => toHash(getNode(id.level, id.index), `node ${id.level}/${id.index}`)))
  );
}
function planNodes(plan) {
  const seen = /* @__PURE__ */ new Map();
  for (const ids of plan) for (const id of ids) seen.set(`${id.level}/${id.index}`, id);
  return [...seen.values()];
}
function foldRight(hashes) {
  if (hashes.length === 0) return void 0;
  let acc = Buffer.from(hashes[hashes.length - 1]);
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i], acc);
  return acc;
}
function toHash(h, what) {
  if (typeof h === "string") return hashFromHex(h, what);
  if (h.length !== HASH_SIZE)
    throw new IntegrityError("malformed-hash", `${what} is ${h.length} bytes, not ${HASH_SIZE}`, { what });
  return Buffer.isBuffer(h) ? h : Buffer.from(h.buffer, h.byteOffset, h.byteLength);
}
function assertSize(n, what) {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new IntegrityError("tree-size", `${what} ${n} is not a non-negative integer`, { what, n });
}
var HASH_SIZE, EMPTY_ROOT, nodeScratch, leafScratch, CompactRange;
var init_merkle = __esm({
  "shared/ledger/merkle.ts"() {
    "use strict";
    init_errors();
    HASH_SIZE = 32;
    EMPTY_ROOT = sha256Once("sha256", Buffer.alloc(0), "buffer");
    nodeScratch = Buffer.alloc(1 + 2 * HASH_SIZE);
    nodeScratch[0] = 1;
    leafScratch = Buffer.alloc(1 + HASH_SIZE);
    leafScratch[0] = 0;
    CompactRange = class _CompactRange {
      constructor(n, edge) {
        this.n = n;
        this.edge = edge;
      }
      n;
      edge;
      static empty() {
        return new _CompactRange(0, []);
      }
      /** Restores a range from its size and hashes (as stored on the ledger head). */
      static from(size, hashes) {
        if (!Number.isSafeInteger(size) || size < 0 || hashes.length !== popcount(size)) {
          throw new IntegrityError(
            "compact-range",
            `a compact range of size ${size} needs ${popcount(size)} hashes`,
            {
              size,
              hashes: hashes.length
            }
          );
        }
        return new _CompactRange(
          size,
          hashes.map((h, i) => toHash(h, `compact range hash ${i}`))
        );
      }
      get size() {
        return this.n;
      }
      /** The edge hashes, largest subtree first (copies). */
      hashes() {
        return this.edge.map((h) => Buffer.from(h));
      }
      /** Appends a leaf hash; returns the perfect-subtree nodes (level >= 1) it completes, lowest first. */
      append(leaf) {
        let hash = toHash(leaf, "leaf hash");
        let index = this.n;
        const created2 = [];
        for (let level = 0; bitSet(this.n, level); level++) {
          hash = nodeHash(this.edge.pop(), hash);
          index = Math.floor(index / 2);
          created2.push({ level: level + 1, index, hash });
        }
        this.edge.push(hash);
        this.n += 1;
        return created2;
      }
      /** MTH of the leaves appended so far. */
      root() {
        return foldRight(this.edge) ?? EMPTY_ROOT;
      }
    };
  }
});

// shared/ledger/records.ts
function pickRecord(record9) {
  const out = {};
  for (const f of RECORD_FIELDS) {
    const v = record9[f];
    if (v !== void 0 && v !== null) out[f] = v;
  }
  return out;
}
function leafHashOf(record9) {
  return record9.leafHash ? Buffer.from(record9.leafHash, "hex") : leafHash(Buffer.from(record9.sha256, "hex"));
}
function recordDifferences(a, b) {
  return RECORD_FIELDS.filter((f) => a[f] !== b[f]);
}
function requireSameRecord(existing, record9) {
  const fields = recordDifferences(existing, record9);
  if (fields.length > 0) {
    throw new ConflictError(
      `artifact ${record9.sha256} is already in the ledger with different ${fields.join(", ")}`,
      { sha256: record9.sha256, index: existing.index, fields }
    );
  }
  return existing;
}
var RECORD_FIELDS;
var init_records = __esm({
  "shared/ledger/records.ts"() {
    "use strict";
    init_errors();
    init_merkle();
    RECORD_FIELDS = [
      "sha256",
      "key",
      "collector",
      "scope",
      "observedAt",
      "collectedAt",
      "leafHash"
    ];
  }
});

// shared/ledger/dynamo-schema.ts
import { CreateTableCommand, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
function itemToEntry(item) {
  return {
    ...pickRecord(item),
    index: Number(item.index),
    storedAt: String(item.storedAt)
  };
}
function itemToCheckpoint(item) {
  return {
    checkpoint: {
      origin: String(item.origin),
      treeSize: Number(item.treeSize),
      rootHash: String(item.rootHash),
      timestamp: String(item.timestamp)
    },
    signature: String(item.signature),
    keyId: String(item.keyId)
  };
}
function fromAttributeMap(item) {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, fromAttributeValue(v)]));
}
function fromAttributeValue(v) {
  const a = v;
  if (a.S !== void 0) return a.S;
  if (a.N !== void 0) return Number(a.N);
  if (a.L !== void 0) return a.L.map(fromAttributeValue);
  if (a.M !== void 0) return fromAttributeMap(a.M);
  if (a.BOOL !== void 0) return a.BOOL;
  return null;
}
function itemToHead(item, emptyRoot) {
  if (!item) return { treeSize: 0, rootHash: emptyRoot, edge: [] };
  return {
    treeSize: Number(item.treeSize),
    rootHash: String(item.rootHash),
    edge: (item.edge ?? []).map(String)
  };
}
var HEAD_KEY, CHECKPOINT_PK, artifactKey, leafKey, nodeKey, checkpointSk;
var init_dynamo_schema = __esm({
  "shared/ledger/dynamo-schema.ts"() {
    "use strict";
    init_records();
    init_records();
    HEAD_KEY = { pk: "HEAD", sk: "HEAD" };
    CHECKPOINT_PK = "CHECKPOINT";
    artifactKey = (sha2562) => ({ pk: `ART#${sha2562}`, sk: "ARTIFACT" });
    leafKey = (index) => ({ pk: `LEAF#${index}`, sk: "LEAF" });
    nodeKey = (level, index) => ({ pk: `NODE#${level}#${index}`, sk: "NODE" });
    checkpointSk = (timestamp, treeSize) => `${timestamp}#${String(treeSize).padStart(16, "0")}`;
  }
});

// shared/ledger/dynamo-append-batch.ts
import {
  TransactWriteCommand
} from "@aws-sdk/lib-dynamodb";
async function appendBatch(deps, input) {
  const records = input.map((r, i) => {
    const record9 = pickRecord(r);
    if (!SHA256_HEX.test(record9.sha256))
      throw new ValidationError("ledger record", [`[${i}].sha256: not a lower-case hex SHA-256`]);
    return record9;
  });
  const done = /* @__PURE__ */ new Map();
  const firsts = /* @__PURE__ */ new Map();
  for (const r of records) if (!firsts.has(r.sha256)) firsts.set(r.sha256, r);
  let pending = [...firsts.values()];
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > deps.maxAttempts) {
      throw new ContentionError(`batch append lost the race ${deps.maxAttempts} times`, {
        pending: pending.length,
        attempts: deps.maxAttempts
      });
    }
    const read2 = await batchGetByPk(deps.client, deps.table, [
      ...pending.map((r) => artifactKey(r.sha256)),
      HEAD_KEY
    ]);
    pending = pending.filter((r) => {
      const item = read2.get(artifactKey(r.sha256).pk);
      if (!item) return true;
      done.set(r.sha256, existingOutcome(itemToEntry(item), r));
      return false;
    });
    let head = itemToHead(read2.get(HEAD_KEY.pk), EMPTY_ROOT_HEX);
    while (pending.length > 0) {
      const chunk = planChunk(deps, head, pending);
      try {
        await deps.client.send(new TransactWriteCommand({ TransactItems: chunk.items }));
      } catch (e) {
        if (!isCancelled(e)) throw e;
        await deps.pause(attempt);
        break;
      }
      for (const entry of chunk.entries) done.set(entry.sha256, { index: entry.index, created: true, entry });
      pending = pending.slice(chunk.entries.length);
      head = chunk.next;
    }
  }
  const seen = /* @__PURE__ */ new Set();
  return records.map((r) => {
    const out = done.get(r.sha256);
    const first = !seen.has(r.sha256);
    seen.add(r.sha256);
    if (out instanceof ConflictError || first) return out;
    return existingOutcome(out.entry, r);
  });
}
function existingOutcome(existing, record9) {
  try {
    return { index: existing.index, created: false, entry: requireSameRecord(existing, record9) };
  } catch (e) {
    if (e instanceof ConflictError) return e;
    throw e;
  }
}
function planChunk(deps, head, pending) {
  const range = CompactRange.from(
    head.treeSize,
    head.edge.map((h) => Buffer.from(h, "hex"))
  );
  const storedAt = deps.clock().toISOString();
  const items = [];
  const entries = [];
  for (const record9 of pending) {
    const index = range.size;
    if (items.length + 2 + trailingOnes(index) + 1 > TRANSACT_LIMIT) break;
    const nodes = range.append(leafHashOf(record9));
    const entry = { ...record9, index, storedAt };
    items.push(
      createOnly(deps.table, { ...artifactKey(record9.sha256), ...entry }),
      createOnly(deps.table, { ...leafKey(index), ...entry }),
      ...nodes.map(
        (n) => createOnly(deps.table, { ...nodeKey(n.level, n.index), hash: n.hash.toString("hex") })
      )
    );
    entries.push(entry);
  }
  const next = {
    treeSize: range.size,
    rootHash: range.root().toString("hex"),
    edge: range.hashes().map((h) => h.toString("hex"))
  };
  items.push({
    Put: {
      TableName: deps.table,
      Item: { ...HEAD_KEY, ...next, updatedAt: storedAt },
      ...head.treeSize === 0 ? { ConditionExpression: "attribute_not_exists(pk)" } : { ConditionExpression: "treeSize = :n", ExpressionAttributeValues: { ":n": head.treeSize } }
    }
  });
  return { items, entries, next };
}
function createOnly(table2, item) {
  return { Put: { TableName: table2, Item: item, ConditionExpression: "attribute_not_exists(pk)" } };
}
function trailingOnes(n) {
  let k = 0;
  while (n % 2 === 1) {
    k++;
    n = (n - 1) / 2;
  }
  return k;
}
function isCancelled(e) {
  return e instanceof Error && (e.name === "TransactionCanceledException" || e.name === "TransactionConflictException");
}
var TRANSACT_LIMIT, SHA256_HEX, EMPTY_ROOT_HEX;
var init_dynamo_append_batch = __esm({
  "shared/ledger/dynamo-append-batch.ts"() {
    "use strict";
    init_errors();
    init_dynamo_batch();
    init_dynamo_schema();
    init_merkle();
    init_records();
    TRANSACT_LIMIT = 100;
    SHA256_HEX = /^[0-9a-f]{64}$/;
    EMPTY_ROOT_HEX = EMPTY_ROOT.toString("hex");
  }
});

// shared/ledger/checkpoint-bytes.ts
function checkpointBytes(checkpoint) {
  return canonicalBytes({ ...checkpoint });
}
var init_checkpoint_bytes = __esm({
  "shared/ledger/checkpoint-bytes.ts"() {
    "use strict";
    init_canonical();
  }
});

// shared/ledger/dynamo-ledger.ts
import {
  GetCommand as GetCommand2,
  PutCommand as PutCommand2,
  QueryCommand,
  TransactWriteCommand as TransactWriteCommand2
} from "@aws-sdk/lib-dynamodb";
function isCancelled2(e) {
  return e instanceof Error && (e.name === "TransactionCanceledException" || e.name === "TransactionConflictException");
}
function cancelReasons(e) {
  return e.CancellationReasons ?? [];
}
var SHA256_HEX2, EMPTY_ROOT_HEX2, DynamoLedger;
var init_dynamo_ledger = __esm({
  "shared/ledger/dynamo-ledger.ts"() {
    "use strict";
    init_errors();
    init_canonical();
    init_dynamo_append_batch();
    init_dynamo_batch();
    init_dynamo_schema();
    init_merkle();
    init_checkpoint_bytes();
    init_records();
    SHA256_HEX2 = /^[0-9a-f]{64}$/;
    EMPTY_ROOT_HEX2 = EMPTY_ROOT.toString("hex");
    DynamoLedger = class {
      constructor(options) {
        this.options = options;
        this.client = options.client;
        this.table = options.tableName;
        this.clock = options.clock ?? (() => /* @__PURE__ */ new Date());
        this.maxAttempts = options.maxAttempts ?? 40;
        this.backoff = { base: options.backoffMs?.base ?? 10, max: options.backoffMs?.max ?? 1e3 };
      }
      options;
      client;
      table;
      clock;
      maxAttempts;
      backoff;
      /** The head this instance last wrote or was told about; a stale value only costs one cancelled write. */
      knownHead;
      get origin() {
        return this.options.origin;
      }
      async append(input) {
        const record9 = pickRecord(input);
        if (!SHA256_HEX2.test(record9.sha256))
          throw new ValidationError("ledger record", ["sha256: not a lower-case hex SHA-256"]);
        if (record9.leafHash !== void 0 && !SHA256_HEX2.test(record9.leafHash))
          throw new ValidationError("ledger record", ["leafHash: not a lower-case hex SHA-256"]);
        const leaf = leafHashOf(record9);
        let head = this.knownHead;
        for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
          if (!head) {
            const read2 = await this.readArtifactAndHead(record9.sha256);
            if (read2.existing)
              return {
                index: read2.existing.index,
                created: false,
                entry: requireSameRecord(read2.existing, record9)
              };
            head = read2.head;
          }
          const range = CompactRange.from(
            head.treeSize,
            head.edge.map((h) => Buffer.from(h, "hex"))
          );
          const nodes = range.append(leaf);
          const index = head.treeSize;
          const entry = { ...record9, index, storedAt: this.clock().toISOString() };
          const next = {
            treeSize: range.size,
            rootHash: range.root().toString("hex"),
            edge: range.hashes().map((h) => h.toString("hex"))
          };
          const items = [
            this.createOnly({ ...artifactKey(record9.sha256), ...entry }, true),
            this.createOnly({ ...leafKey(index), ...entry }),
            ...nodes.map((n) => this.createOnly({ ...nodeKey(n.level, n.index), hash: n.hash.toString("hex") })),
            {
              Put: {
                TableName: this.table,
                Item: { ...HEAD_KEY, ...next, updatedAt: entry.storedAt },
                ReturnValuesOnConditionCheckFailure: "ALL_OLD",
                ...index === 0 ? { ConditionExpression: "attribute_not_exists(pk)" } : { ConditionExpression: "treeSize = :n", ExpressionAttributeValues: { ":n": index } }
              }
            }
          ];
          try {
            await this.client.send(new TransactWriteCommand2({ TransactItems: items }));
            this.knownHead = next;
            return { index, created: true, entry };
          } catch (e) {
            if (!isCancelled2(e)) throw e;
            const reasons = cancelReasons(e);
            const artifact = reasons[0];
            if (artifact?.Code === "ConditionalCheckFailed" && artifact.Item) {
              const existing = itemToEntry(fromAttributeMap(artifact.Item));
              return { index: existing.index, created: false, entry: requireSameRecord(existing, record9) };
            }
            const lost = reasons[items.length - 1];
            if (lost?.Code === "ConditionalCheckFailed") {
              head = lost.Item ? itemToHead(fromAttributeMap(lost.Item), EMPTY_ROOT_HEX2) : void 0;
            } else {
              const stray = reasons.findIndex((r) => r.Code === "ConditionalCheckFailed");
              if (stray > 0) {
                throw new IntegrityError(
                  "ledger-head-behind",
                  `ledger item ${String(items[stray].Put.Item.pk)} exists beyond the head (tree size ${index})`,
                  {
                    item: items[stray].Put.Item.pk,
                    treeSize: index
                  }
                );
              }
              head = void 0;
            }
            this.knownHead = head;
            await this.pause(attempt);
          }
        }
        throw new ContentionError(`append of ${record9.sha256} lost the race ${this.maxAttempts} times`, {
          sha256: record9.sha256,
          attempts: this.maxAttempts
        });
      }
      /**
       * Appends many records, up to ~30 leaves per TransactWriteItems (leaves, nodes and head in one transaction);
       * one outcome per record, in order (see dynamo-append-batch.ts). The sequencer's append path.
       */
      async appendBatch(records) {
        this.knownHead = void 0;
        return appendBatch(
          {
            client: this.client,
            table: this.table,
            clock: this.clock,
            maxAttempts: this.maxAttempts,
            pause: (attempt) => this.pause(attempt)
          },
          records
        );
      }
      async get(sha2562) {
        const out = await this.client.send(
          new GetCommand2({ TableName: this.table, Key: artifactKey(sha2562), ConsistentRead: true })
        );
        return out.Item ? itemToEntry(out.Item) : void 0;
      }
      async entryAt(index) {
        const out = await this.client.send(
          new GetCommand2({ TableName: this.table, Key: leafKey(index), ConsistentRead: true })
        );
        return out.Item ? itemToEntry(out.Item) : void 0;
      }
      async head() {
        const { treeSize, rootHash } = await this.readHead();
        return { treeSize, rootHash };
      }
      async inclusionProof(index, treeSize) {
        await this.assertSize(treeSize);
        return this.resolve(inclusionPlan(index, treeSize));
      }
      async consistencyProof(from, to) {
        await this.assertSize(to);
        return this.resolve(consistencyPlan(from, to));
      }
      async checkpoint(signer, now) {
        const { treeSize, rootHash } = await this.readHead();
        const checkpoint = { origin: this.origin, treeSize, rootHash, timestamp: now.toISOString() };
        const signature = await signer.sign(checkpointBytes(checkpoint));
        const signed = {
          checkpoint,
          signature: signature.toString("base64"),
          keyId: signer.keyId
        };
        await this.client.send(
          new PutCommand2({
            TableName: this.table,
            Item: {
              pk: CHECKPOINT_PK,
              sk: checkpointSk(checkpoint.timestamp, treeSize),
              ...checkpoint,
              signature: signed.signature,
              keyId: signed.keyId
            },
            ConditionExpression: "attribute_not_exists(pk)"
          })
        );
        await this.options.checkpointSink?.(signed, canonicalBytes(signed));
        return signed;
      }
      async latestCheckpoint(at) {
        const out = await this.client.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: at ? "pk = :pk AND sk <= :max" : "pk = :pk",
            ExpressionAttributeValues: {
              ":pk": CHECKPOINT_PK,
              ...at ? { ":max": `${at.toISOString()}#~` } : {}
            },
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true
          })
        );
        const item = out.Items?.[0];
        return item ? itemToCheckpoint(item) : void 0;
      }
      /**
       * Every signed checkpoint in the table, oldest first (sort key `<timestamp>#<size>`), page by page. The sequencer
       * is the only writer of these items; `audit` checks each one and the consistency of each with the next.
       */
      async *checkpoints() {
        let start;
        do {
          const out = await this.client.send(
            new QueryCommand({
              TableName: this.table,
              KeyConditionExpression: "pk = :pk",
              ExpressionAttributeValues: { ":pk": CHECKPOINT_PK },
              ScanIndexForward: true,
              ConsistentRead: true,
              ...start ? { ExclusiveStartKey: start } : {}
            })
          );
          for (const item of out.Items ?? []) yield itemToCheckpoint(item);
          start = out.LastEvaluatedKey;
        } while (start);
      }
      /** Entries in index order; a missing leaf is skipped (audits see the gap). */
      async *entries(from, to) {
        const PAGE3 = 500;
        for (let start = from; start < to; start += PAGE3) {
          const indexes = Array.from({ length: Math.min(PAGE3, to - start) }, (_, i) => start + i);
          const items = await batchGetByPk(this.client, this.table, indexes.map(leafKey));
          for (const i of indexes) {
            const item = items.get(leafKey(i).pk);
            if (item) yield itemToEntry(item);
          }
        }
      }
      async readHead() {
        const out = await this.client.send(
          new GetCommand2({ TableName: this.table, Key: HEAD_KEY, ConsistentRead: true })
        );
        return itemToHead(out.Item, EMPTY_ROOT_HEX2);
      }
      /** One consistent BatchGet of the artifact item and the head. */
      async readArtifactAndHead(sha2562) {
        const items = await batchGetByPk(this.client, this.table, [artifactKey(sha2562), HEAD_KEY]);
        const art = items.get(artifactKey(sha2562).pk);
        return {
          existing: art ? itemToEntry(art) : void 0,
          head: itemToHead(items.get(HEAD_KEY.pk), EMPTY_ROOT_HEX2)
        };
      }
      createOnly(item, returnOld = false) {
        return {
          Put: {
            TableName: this.table,
            Item: item,
            ConditionExpression: "attribute_not_exists(pk)",
            ...returnOld ? { ReturnValuesOnConditionCheckFailure: "ALL_OLD" } : {}
          }
        };
      }
      async assertSize(treeSize) {
        const { treeSize: current } = await this.readHead();
        if (!Number.isSafeInteger(treeSize) || treeSize < 0 || treeSize > current) {
          throw new IntegrityError("tree-size", `tree size ${treeSize} is outside 0..${current}`, {
            treeSize,
            current
          });
        }
      }
      /** Fetches the plan's perfect subtrees (leaf items for level 0, node items above) and folds them. */
      async resolve(plan) {
        const ids = planNodes(plan);
        const keyOf = (level, index) => level === 0 ? leafKey(index) : nodeKey(level, index);
        const items = await batchGetByPk(
          this.client,
          this.table,
          ids.map((id) => keyOf(id.level, id.index))
        );
        const proof = resolvePlan(plan, (level, index) => {
          const item = items.get(keyOf(level, index).pk);
          if (!item) {
            throw new IntegrityError(
              "ledger-node-missing",
              `ledger has no ${level === 0 ? `leaf ${index}` : `node ${level}/${index}`}`,
              { level, index }
            );
          }
          return level === 0 ? leafHashOf(itemToEntry(item)) : Buffer.from(String(item.hash), "hex");
        });
        return proof.map((h) => h.toString("hex"));
      }
      pause(attempt) {
        const cap = Math.min(this.backoff.max, this.backoff.base * 2 ** (attempt - 1));
        return new Promise((r) => setTimeout(r, Math.random() * cap));
      }
    };
  }
});

// shared/ledger/fingerprint.ts
var fingerprint_exports = {};
__export(fingerprint_exports, {
  keyFingerprint: () => keyFingerprint
});
import { createHash as createHash2, createPublicKey } from "node:crypto";
function keyFingerprint(key2) {
  const k = typeof key2 === "string" ? createPublicKey(key2) : key2;
  return createHash2("sha256").update(k.export({ type: "spki", format: "der" })).digest("hex");
}
var init_fingerprint = __esm({
  "shared/ledger/fingerprint.ts"() {
    "use strict";
  }
});

// shared/ledger/signer.ts
import { createPublicKey as createPublicKey2, generateKeyPairSync, sign, createPrivateKey } from "node:crypto";
import { GetPublicKeyCommand, SignCommand } from "@aws-sdk/client-kms";
function spkiDerToPem(der) {
  return createPublicKey2({ key: Buffer.from(der), format: "der", type: "spki" }).export({ type: "spki", format: "pem" }).toString();
}
var KmsSigner, LocalSigner;
var init_signer = __esm({
  "shared/ledger/signer.ts"() {
    "use strict";
    init_errors();
    init_fingerprint();
    KmsSigner = class {
      /** `keyId` is the key's ARN (preferred: it is what the checkpoint records), id or alias. */
      constructor(client, keyId) {
        this.client = client;
        this.keyId = keyId;
      }
      client;
      keyId;
      pem;
      async sign(message2) {
        const out = await this.client.send(
          new SignCommand({
            KeyId: this.keyId,
            Message: message2,
            MessageType: "RAW",
            SigningAlgorithm: "ECDSA_SHA_256"
          })
        );
        if (!out.Signature) throw new DependencyError("KMS Sign", `no signature returned for ${this.keyId}`);
        return Buffer.from(out.Signature);
      }
      /** The key's SPKI public key as PEM (fetched once). */
      publicKeyPem() {
        this.pem ??= this.client.send(new GetPublicKeyCommand({ KeyId: this.keyId })).then((out) => {
          if (!out.PublicKey)
            throw new DependencyError("KMS GetPublicKey", `no public key returned for ${this.keyId}`);
          return spkiDerToPem(out.PublicKey);
        });
        return this.pem;
      }
    };
    LocalSigner = class _LocalSigner {
      constructor(privateKey) {
        this.privateKey = privateKey;
        this.publicKey = createPublicKey2(privateKey);
        this.keyId = `local:${keyFingerprint(this.publicKey)}`;
      }
      privateKey;
      keyId;
      publicKey;
      /** A fresh P-256 key pair. */
      static generate() {
        return new _LocalSigner(generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey);
      }
      /** From a PKCS#8 (or SEC1) private key PEM. */
      static fromPrivateKeyPem(pem) {
        return new _LocalSigner(createPrivateKey(pem));
      }
      async sign(message2) {
        return sign("sha256", message2, { key: this.privateKey, dsaEncoding: "der" });
      }
      async publicKeyPem() {
        return this.publicKey.export({ type: "spki", format: "pem" }).toString();
      }
      /** PKCS#8 PEM of the private key, to persist a local key. */
      privateKeyPem() {
        return this.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
      }
    };
  }
});

// shared/locker/local-key.ts
import { createPrivateKey as createPrivateKey2, randomUUID } from "node:crypto";
import { chmod, link, mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
async function loadOrCreateLocalKey(lockerDir) {
  const dir = join(lockerDir, "keys");
  const path = join(lockerDir, SIGNING_KEY_PATH);
  await mkdir(dir, { recursive: true, mode: 448 });
  const existing = await readKey(path);
  if (existing) return existing;
  const tmp = `${path}.${randomUUID()}.tmp`;
  const fh = await open(tmp, "wx", 384);
  try {
    await fh.writeFile(LocalSigner.generate().privateKeyPem());
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await chmod(tmp, 384);
    await link(tmp, path);
  } catch (error) {
    if (error.code !== "EEXIST") throw error;
  } finally {
    await rm(tmp, { force: true });
  }
  return await readKey(path);
}
async function readKey(path) {
  let pem;
  try {
    pem = await readFile(path, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return void 0;
    throw error;
  }
  const { mode } = await stat(path);
  if (process.platform !== "win32" && (mode & 63) !== 0) {
    throw new ValidationError("locker signing key", [
      `${path} is readable by group or others (mode ${(mode & 511).toString(8)}): chmod 600 it`
    ]);
  }
  let curve;
  try {
    curve = createPrivateKey2(pem).asymmetricKeyDetails?.namedCurve;
  } catch (cause) {
    throw new ValidationError("locker signing key", [`${path} is not a readable private key PEM`], { cause });
  }
  if (curve !== "prime256v1")
    throw new ValidationError("locker signing key", [
      `${path} is not an ECDSA P-256 key (curve ${curve ?? "none"})`
    ]);
  return LocalSigner.fromPrivateKeyPem(pem);
}
var SIGNING_KEY_PATH;
var init_local_key = __esm({
  "shared/locker/local-key.ts"() {
    "use strict";
    init_errors();
    init_signer();
    SIGNING_KEY_PATH = join("keys", "checkpoint-signing.pem");
  }
});

// shared/locker/write-once.ts
import { randomUUID as randomUUID2 } from "node:crypto";
import { link as link2, mkdir as mkdir2, open as open2, readFile as readFile2, rm as rm2 } from "node:fs/promises";
import { dirname } from "node:path";
async function writeOnce(path, bytes, differs, details) {
  await mkdir2(dirname(path), { recursive: true });
  const tmp = `${path}.${randomUUID2()}.tmp`;
  const fh = await open2(tmp, "wx", 292);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await link2(tmp, path);
    return true;
  } catch (error) {
    if (error.code !== "EEXIST") throw error;
  } finally {
    await rm2(tmp, { force: true });
  }
  if (!(await readFile2(path)).equals(bytes))
    throw new IntegrityError("existing-object-differs", differs, details);
  return false;
}
var init_write_once = __esm({
  "shared/locker/write-once.ts"() {
    "use strict";
    init_errors();
  }
});

// shared/evidence/envelope.ts
import * as z2 from "zod";
var ENVELOPE_SCHEMA, isoInstant, kebabId, ScopeSchema, OperationSchema, ProvenanceSchema, CollectionErrorSchema, EnvelopeSchema;
var init_envelope = __esm({
  "shared/evidence/envelope.ts"() {
    "use strict";
    ENVELOPE_SCHEMA = "flux.evidence/v1";
    isoInstant = z2.iso.datetime({ offset: true, message: "must be an ISO-8601 timestamp" });
    kebabId = z2.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a kebab-case id");
    ScopeSchema = z2.strictObject({
      account: z2.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id").optional(),
      region: z2.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$|^global$/, 'must be an AWS region or "global"').optional(),
      org: z2.string().min(1).optional(),
      tenant: z2.string().min(1).optional()
    }).refine(
      (s) => Object.values(s).some((v) => v !== void 0),
      "scope names at least one of account, org, tenant"
    );
    OperationSchema = z2.strictObject({
      service: z2.string().min(1),
      operation: z2.string().min(1),
      params: z2.record(z2.string(), z2.unknown()).default({}),
      pages: z2.number().int().nonnegative(),
      items: z2.number().int().nonnegative(),
      requestIds: z2.array(z2.string()).default([]),
      error: z2.string().optional()
    });
    ProvenanceSchema = z2.strictObject({
      identity: z2.string().min(1),
      operations: z2.array(OperationSchema),
      complete: z2.boolean(),
      notes: z2.array(z2.string()).optional()
    });
    CollectionErrorSchema = z2.strictObject({
      code: z2.string().min(1),
      message: z2.string(),
      resource: z2.string().optional(),
      operation: z2.string().optional()
    });
    EnvelopeSchema = z2.strictObject({
      schema: z2.literal(ENVELOPE_SCHEMA),
      collector: kebabId,
      collectorVersion: z2.string().regex(/^\d+\.\d+\.\d+$/, "must be a semantic version"),
      scope: ScopeSchema,
      observedAt: isoInstant,
      collectedAt: isoInstant,
      provenance: ProvenanceSchema,
      data: z2.unknown().refine((d) => d !== void 0, "data is required"),
      errors: z2.array(CollectionErrorSchema)
    });
  }
});

// shared/evidence/artifact.ts
function sealEnvelope(envelope, maxBytes = DEFAULT_MAX_ARTIFACT_BYTES) {
  const parsed2 = EnvelopeSchema.safeParse(envelope);
  if (!parsed2.success) throw new ValidationError("evidence envelope", formatIssues(parsed2.error.issues));
  const bytes = canonicalBytes(envelope);
  if (bytes.length > maxBytes) throw new ArtifactTooLargeError(bytes.length, maxBytes);
  return { envelope, bytes, sha256: sha256Hex(bytes) };
}
function openArtifact(bytes, expectedSha256) {
  const actual = sha256Hex(bytes);
  if (expectedSha256 !== void 0 && actual !== expectedSha256) {
    throw new IntegrityError(
      "artifact-hash",
      `artifact hash mismatch: expected ${expectedSha256}, got ${actual}`,
      {
        expected: expectedSha256,
        actual
      }
    );
  }
  let json5;
  try {
    json5 = JSON.parse(bytes.toString("utf8"));
  } catch (cause) {
    throw new ValidationError("evidence artifact", ["(root): not JSON"], { cause });
  }
  const parsed2 = EnvelopeSchema.safeParse(json5);
  if (!parsed2.success) throw new ValidationError("evidence envelope", formatIssues(parsed2.error.issues));
  if (!canonicalBytes(json5).equals(bytes)) {
    throw new IntegrityError("canonical-form", "artifact bytes are not RFC 8785 canonical JSON", {
      sha256: actual
    });
  }
  return { envelope: json5, bytes, sha256: actual };
}
var DEFAULT_MAX_ARTIFACT_BYTES;
var init_artifact = __esm({
  "shared/evidence/artifact.ts"() {
    "use strict";
    init_errors();
    init_canonical();
    init_envelope();
    DEFAULT_MAX_ARTIFACT_BYTES = 50 * 1024 * 1024;
  }
});

// shared/store/types.ts
function artifactKey2(collector28, collectedAt, sha2562) {
  const d = new Date(collectedAt);
  if (Number.isNaN(d.getTime())) throw new RangeError(`collectedAt is not a timestamp: ${collectedAt}`);
  const yyyy = String(d.getUTCFullYear()).padStart(4, "0");
  const mm = String(d.getUTCMonth() + 1).padStart(2, "0");
  const dd = String(d.getUTCDate()).padStart(2, "0");
  return `evidence/${collector28}/${yyyy}/${mm}/${dd}/${d.toISOString()}_${sha2562}.json`;
}
function parseArtifactKey(key2) {
  const m = /^evidence\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}\/([^_/]+)_([0-9a-f]{64})\.json$/.exec(key2);
  return m ? { collector: m[1], collectedAt: m[2], sha256: m[3] } : void 0;
}
var init_types2 = __esm({
  "shared/store/types.ts"() {
    "use strict";
  }
});

// shared/store/check.ts
function requireArtifactKey(key2) {
  const parts = parseArtifactKey(key2);
  if (!parts)
    throw new ValidationError("artifact key", [
      `${key2}: not evidence/<collector>/<yyyy>/<mm>/<dd>/<collectedAt>_<sha256>.json`
    ]);
  return parts;
}
function checkStoredHash(key2, bytes, expectedSha256, where = {}) {
  const parts = requireArtifactKey(key2);
  const actual = sha256Hex(bytes);
  if (expectedSha256 !== parts.sha256 || actual !== parts.sha256) {
    const check = expectedSha256 !== parts.sha256 ? "expected-hash" : "artifact-hash";
    throw new IntegrityError(check, `stored object does not hash to the expected artifact: ${key2}`, {
      ...where,
      key: key2,
      expected: expectedSha256,
      actual
    });
  }
  return bytes;
}
function checkStoredArtifact(key2, bytes, expectedSha256, where = {}) {
  const parts = requireArtifactKey(key2);
  const fail = (check, message2, details = {}, cause) => new IntegrityError(check, `${message2}: ${key2}`, { ...where, key: key2, ...details }, { cause });
  if (expectedSha256 !== void 0 && expectedSha256 !== parts.sha256) {
    throw fail("expected-hash", "artifact key does not carry the expected hash", {
      expected: expectedSha256
    });
  }
  const actual = sha256Hex(bytes);
  if (actual !== parts.sha256) {
    throw fail("artifact-hash", "stored object does not hash to its key", { expected: parts.sha256, actual });
  }
  let artifact;
  try {
    artifact = openArtifact(bytes, parts.sha256);
  } catch (error) {
    throw fail("stored-envelope", "stored object is not a valid canonical evidence envelope", {}, error);
  }
  if (artifactKey2(artifact.envelope.collector, artifact.envelope.collectedAt, artifact.sha256) !== key2) {
    throw fail("key-mismatch", "stored envelope names another collector or collection time than its key");
  }
  return artifact;
}
function preparePut(artifact, maxBytes) {
  if (artifact.bytes.length > maxBytes) throw new ArtifactTooLargeError(artifact.bytes.length, maxBytes);
  const { envelope, bytes, sha256: sha2562 } = openArtifact(artifact.bytes, artifact.sha256);
  const key2 = artifactKey2(envelope.collector, envelope.collectedAt, sha2562);
  const record9 = (created2) => ({
    key: key2,
    sha256: sha2562,
    size: bytes.length,
    collector: envelope.collector,
    collectedAt: envelope.collectedAt,
    observedAt: envelope.observedAt,
    created: created2
  });
  return { envelope, bytes, sha256: sha2562, key: key2, record: record9 };
}
var init_check = __esm({
  "shared/store/check.ts"() {
    "use strict";
    init_errors();
    init_artifact();
    init_canonical();
    init_types2();
  }
});

// shared/locker/local-store.ts
import { readFile as readFile3, readdir } from "node:fs/promises";
import { join as join2 } from "node:path";
async function walk(dir, rel, out) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (error.code === "ENOENT") return;
    throw error;
  }
  for (const e of entries) {
    if (e.isDirectory()) await walk(join2(dir, e.name), `${rel}/${e.name}`, out);
    else if (e.name.endsWith(".json")) out.push(`${rel}/${e.name}`);
  }
}
var LocalEvidenceStore;
var init_local_store = __esm({
  "shared/locker/local-store.ts"() {
    "use strict";
    init_write_once();
    init_errors();
    init_artifact();
    init_check();
    init_types2();
    LocalEvidenceStore = class {
      constructor(root, maxBytes = DEFAULT_MAX_ARTIFACT_BYTES) {
        this.root = root;
        this.maxBytes = maxBytes;
      }
      root;
      maxBytes;
      async put(artifact) {
        const { bytes, key: key2, record: record9 } = preparePut(artifact, this.maxBytes);
        const created2 = await writeOnce(
          join2(this.root, key2),
          bytes,
          `stored object ${key2} differs from the artifact its key names`,
          { key: key2, root: this.root }
        );
        return record9(created2);
      }
      async get(key2, expectedSha256) {
        return checkStoredArtifact(key2, await this.read(key2), expectedSha256, { root: this.root });
      }
      async getBytes(key2, expectedSha256) {
        return checkStoredHash(key2, await this.read(key2), expectedSha256, { root: this.root });
      }
      async read(key2) {
        requireArtifactKey(key2);
        try {
          return await readFile3(join2(this.root, key2));
        } catch (error) {
          if (error.code === "ENOENT")
            throw new NotFoundError("artifact", key2, { cause: error });
          throw error;
        }
      }
      async *list(collector28, dayPrefix) {
        if (dayPrefix !== void 0 && (collector28 === void 0 || !/^\d{4}(?:\/\d{2}){0,2}$/.test(dayPrefix))) {
          throw new ValidationError("list prefix", [
            `dayPrefix "${dayPrefix}" needs a collector and the form yyyy[/mm[/dd]]`
          ]);
        }
        const base3 = ["evidence", collector28, dayPrefix].filter((p) => p !== void 0).join("/");
        const keys = [];
        await walk(join2(this.root, base3), base3, keys);
        yield* keys.filter((k) => parseArtifactKey(k)).sort();
      }
    };
  }
});

// shared/locker/sqlite-db.ts
import Database from "better-sqlite3";
function openSqlite(path) {
  const db = new Database(path, { timeout: 5e3 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  return db;
}
var init_sqlite_db = __esm({
  "shared/locker/sqlite-db.ts"() {
    "use strict";
  }
});

// shared/locker/sqlite-content-index.ts
var SCHEMA, SqliteContentIndex;
var init_sqlite_content_index = __esm({
  "shared/locker/sqlite-content-index.ts"() {
    "use strict";
    SCHEMA = `
CREATE TABLE IF NOT EXISTS content_latest (
  collector TEXT NOT NULL,
  scope TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  key TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  observed_at TEXT NOT NULL,
  confirmed_at TEXT NOT NULL,
  observation TEXT,
  PRIMARY KEY (collector, scope)
) WITHOUT ROWID;
`;
    SqliteContentIndex = class {
      constructor(db) {
        this.db = db;
        db.exec(SCHEMA);
        const columns = db.prepare("PRAGMA table_info(content_latest)").all();
        if (!columns.some((c) => c.name === "observation"))
          db.exec("ALTER TABLE content_latest ADD COLUMN observation TEXT");
      }
      db;
      async latest(collector28, scope) {
        const row = this.db.prepare(
          `SELECT sha256, key, content_hash AS contentHash, observed_at AS observedAt, confirmed_at AS confirmedAt,
           observation FROM content_latest WHERE collector = ? AND scope = ?`
        ).get(collector28, scope);
        if (!row) return void 0;
        const { observation, ...rest } = row;
        return { ...rest, ...observation ? { observation } : {} };
      }
      async put(collector28, scope, latest) {
        this.db.prepare(
          `INSERT INTO content_latest
           (collector, scope, sha256, key, content_hash, observed_at, confirmed_at, observation)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (collector, scope) DO UPDATE SET
           sha256 = excluded.sha256, key = excluded.key, content_hash = excluded.content_hash,
           observed_at = excluded.observed_at, confirmed_at = excluded.confirmed_at,
           observation = excluded.observation
         WHERE excluded.confirmed_at >= content_latest.confirmed_at`
        ).run(
          collector28,
          scope,
          latest.sha256,
          latest.key,
          latest.contentHash,
          latest.observedAt,
          latest.confirmedAt,
          latest.observation ?? null
        );
      }
    };
  }
});

// shared/locker/sqlite-ledger-schema.ts
var LEDGER_SCHEMA, ENTRY_COLUMNS, LEAF_HASH_MIGRATION;
var init_sqlite_ledger_schema = __esm({
  "shared/locker/sqlite-ledger-schema.ts"() {
    "use strict";
    LEDGER_SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_entries (
  idx INTEGER PRIMARY KEY CHECK (idx >= 0),
  sha256 TEXT NOT NULL UNIQUE,
  key TEXT NOT NULL,
  collector TEXT NOT NULL,
  scope TEXT NOT NULL,
  observed_at TEXT NOT NULL,
  collected_at TEXT NOT NULL,
  stored_at TEXT NOT NULL,
  leaf_hash TEXT
);
CREATE TABLE IF NOT EXISTS ledger_nodes (
  level INTEGER NOT NULL CHECK (level >= 1),
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  tree_size INTEGER NOT NULL,
  root_hash TEXT NOT NULL,
  edge TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_checkpoints (
  timestamp TEXT NOT NULL,
  tree_size INTEGER NOT NULL,
  body TEXT NOT NULL,
  signature TEXT NOT NULL,
  key_id TEXT NOT NULL,
  PRIMARY KEY (timestamp, tree_size)
) WITHOUT ROWID;
`;
    ENTRY_COLUMNS = `idx AS "index", sha256, key, collector, scope, observed_at AS observedAt,
  collected_at AS collectedAt, stored_at AS storedAt, leaf_hash AS leafHash`;
    LEAF_HASH_MIGRATION = `ALTER TABLE ledger_entries ADD COLUMN leaf_hash TEXT`;
  }
});

// shared/locker/sqlite-ledger.ts
function constraintCode(e) {
  return e.code === void 0 ? void 0 : String(e.code);
}
function toEntry(row) {
  if (!row) return void 0;
  const { leafHash: leafHash2, ...rest } = row;
  return leafHash2 ? { ...rest, leafHash: leafHash2 } : rest;
}
var SHA256_HEX3, EMPTY_ROOT_HEX3, PAGE, SqliteLedger;
var init_sqlite_ledger = __esm({
  "shared/locker/sqlite-ledger.ts"() {
    "use strict";
    init_errors();
    init_records();
    init_merkle();
    init_checkpoint_bytes();
    init_sqlite_ledger_schema();
    SHA256_HEX3 = /^[0-9a-f]{64}$/;
    EMPTY_ROOT_HEX3 = EMPTY_ROOT.toString("hex");
    PAGE = 500;
    SqliteLedger = class _SqliteLedger {
      constructor(options) {
        this.options = options;
        this.db = options.db;
        this.clock = options.clock ?? (() => /* @__PURE__ */ new Date());
        this.db.exec(LEDGER_SCHEMA);
        const columns = this.db.prepare(`SELECT name FROM pragma_table_info('ledger_entries')`).pluck().all();
        if (!columns.includes("leaf_hash")) this.db.exec(LEAF_HASH_MIGRATION);
        this.db.prepare(`INSERT OR IGNORE INTO ledger_meta (name, value) VALUES ('origin', ?)`).run(options.origin);
        const stored = _SqliteLedger.storedOrigin(this.db);
        if (stored !== options.origin) {
          throw new ConflictError(`this ledger's origin is ${stored}, not ${options.origin}`, {
            origin: stored,
            requested: options.origin
          });
        }
        const tx = this.db.transaction(
          (record9, storedAt) => this.appendInTx(record9, storedAt)
        );
        this.appendTx = (record9, storedAt) => tx.immediate(record9, storedAt);
      }
      options;
      db;
      clock;
      appendTx;
      /** The origin recorded in a ledger database, if one was opened in it before. */
      static storedOrigin(db) {
        const hasMeta = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger_meta'`).get();
        if (!hasMeta) return void 0;
        const row = db.prepare(`SELECT value FROM ledger_meta WHERE name = 'origin'`).get();
        return row?.value;
      }
      get origin() {
        return this.options.origin;
      }
      async append(input) {
        const record9 = pickRecord(input);
        if (!SHA256_HEX3.test(record9.sha256))
          throw new ValidationError("ledger record", ["sha256: not a lower-case hex SHA-256"]);
        if (record9.leafHash !== void 0 && !SHA256_HEX3.test(record9.leafHash))
          throw new ValidationError("ledger record", ["leafHash: not a lower-case hex SHA-256"]);
        return this.appendTx(record9, this.clock().toISOString());
      }
      async get(sha2562) {
        return toEntry(
          this.db.prepare(`SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE sha256 = ?`).get(sha2562)
        );
      }
      async entryAt(index) {
        return toEntry(this.db.prepare(`SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE idx = ?`).get(index));
      }
      async head() {
        const { treeSize, rootHash } = this.readHead();
        return { treeSize, rootHash };
      }
      async inclusionProof(index, treeSize) {
        return this.resolve(treeSize, () => inclusionPlan(index, treeSize));
      }
      async consistencyProof(from, to) {
        return this.resolve(to, () => consistencyPlan(from, to));
      }
      async checkpoint(signer, now) {
        const { treeSize, rootHash } = this.readHead();
        const checkpoint = { origin: this.origin, treeSize, rootHash, timestamp: now.toISOString() };
        const body = checkpointBytes(checkpoint);
        const signature = (await signer.sign(body)).toString("base64");
        try {
          this.db.prepare(
            `INSERT INTO ledger_checkpoints (timestamp, tree_size, body, signature, key_id) VALUES (?, ?, ?, ?, ?)`
          ).run(checkpoint.timestamp, treeSize, body.toString("utf8"), signature, signer.keyId);
        } catch (e) {
          if (constraintCode(e) !== "SQLITE_CONSTRAINT_PRIMARYKEY") throw e;
          throw new ConflictError(
            `a checkpoint of tree size ${treeSize} at ${checkpoint.timestamp} already exists`,
            {
              treeSize,
              timestamp: checkpoint.timestamp
            }
          );
        }
        return { checkpoint, signature, keyId: signer.keyId };
      }
      /** Every stored checkpoint, oldest first (audits check each one and that each extends the one before). */
      checkpoints() {
        const rows = this.db.prepare(
          `SELECT body, signature, key_id AS keyId FROM ledger_checkpoints ORDER BY timestamp, tree_size`
        ).all();
        return rows.map((row) => {
          const { origin, treeSize, rootHash, timestamp } = JSON.parse(row.body);
          return {
            checkpoint: { origin, treeSize, rootHash, timestamp },
            signature: row.signature,
            keyId: row.keyId
          };
        });
      }
      async latestCheckpoint(at) {
        const row = this.db.prepare(
          `SELECT body, signature, key_id AS keyId FROM ledger_checkpoints
         ${at ? "WHERE timestamp <= ?" : ""} ORDER BY timestamp DESC, tree_size DESC LIMIT 1`
        ).get(...at ? [at.toISOString()] : []);
        if (!row) return void 0;
        const { origin, treeSize, rootHash, timestamp } = JSON.parse(row.body);
        return {
          checkpoint: { origin, treeSize, rootHash, timestamp },
          signature: row.signature,
          keyId: row.keyId
        };
      }
      /** Entries in index order, read a page at a time; a missing leaf is skipped (audits see the gap). */
      async *entries(from, to) {
        const page3 = this.db.prepare(
          `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE idx >= ? AND idx < ? ORDER BY idx LIMIT ${PAGE}`
        );
        for (let start = from; start < to; ) {
          const rows = page3.all(start, to).map((r) => toEntry(r));
          yield* rows;
          if (rows.length < PAGE) return;
          start = rows[rows.length - 1].index + 1;
        }
      }
      appendInTx(record9, storedAt) {
        const existing = toEntry(
          this.db.prepare(`SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE sha256 = ?`).get(record9.sha256)
        );
        if (existing)
          return { index: existing.index, created: false, entry: requireSameRecord(existing, record9) };
        const head = this.readHead();
        const range = CompactRange.from(
          head.treeSize,
          head.edge.map((h) => Buffer.from(h, "hex"))
        );
        const nodes = range.append(leafHashOf(record9));
        const index = head.treeSize;
        const entry = { ...record9, index, storedAt };
        try {
          this.db.prepare(
            `INSERT INTO ledger_entries (idx, sha256, key, collector, scope, observed_at, collected_at, stored_at,
             leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
          ).run(
            index,
            record9.sha256,
            record9.key,
            record9.collector,
            record9.scope,
            record9.observedAt,
            record9.collectedAt,
            storedAt,
            record9.leafHash ?? null
          );
          const node2 = this.db.prepare(`INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)`);
          for (const n of nodes) node2.run(n.level, n.index, n.hash);
        } catch (e) {
          if (constraintCode(e) !== "SQLITE_CONSTRAINT_PRIMARYKEY") throw e;
          throw new IntegrityError(
            "ledger-head-behind",
            `ledger rows exist beyond the head (tree size ${index})`,
            {
              treeSize: index
            }
          );
        }
        this.db.prepare(
          `INSERT INTO ledger_head (id, tree_size, root_hash, edge) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET tree_size = excluded.tree_size, root_hash = excluded.root_hash, edge = excluded.edge`
        ).run(
          range.size,
          range.root().toString("hex"),
          JSON.stringify(range.hashes().map((h) => h.toString("hex")))
        );
        return { index, created: true, entry };
      }
      readHead() {
        const row = this.db.prepare(`SELECT tree_size, root_hash, edge FROM ledger_head WHERE id = 1`).get();
        if (!row) return { treeSize: 0, rootHash: EMPTY_ROOT_HEX3, edge: [] };
        return { treeSize: row.tree_size, rootHash: row.root_hash, edge: JSON.parse(row.edge) };
      }
      /** Checks the size against the head and folds the plan's stored subtrees, in one read transaction. */
      resolve(treeSize, plan) {
        const leaf = this.db.prepare(`SELECT sha256, leaf_hash AS leafHash FROM ledger_entries WHERE idx = ?`);
        const node2 = this.db.prepare(`SELECT hash FROM ledger_nodes WHERE level = ? AND idx = ?`).pluck();
        const read2 = this.db.transaction(() => {
          const current = this.readHead().treeSize;
          if (!Number.isSafeInteger(treeSize) || treeSize < 0 || treeSize > current) {
            throw new IntegrityError("tree-size", `tree size ${treeSize} is outside 0..${current}`, {
              treeSize,
              current
            });
          }
          return resolvePlan(plan(), (level, index) => {
            const found = level === 0 ? leaf.get(index) : node2.get(level, index);
            if (found === void 0) {
              throw new IntegrityError(
                "ledger-node-missing",
                `ledger has no ${level === 0 ? `leaf ${index}` : `node ${level}/${index}`}`,
                { level, index }
              );
            }
            if (Buffer.isBuffer(found)) return found;
            return leafHashOf({ sha256: found.sha256, ...found.leafHash ? { leafHash: found.leafHash } : {} });
          });
        });
        return read2().map((h) => h.toString("hex"));
      }
    };
  }
});

// shared/mapping/transitions.ts
function transitionOf(from, result) {
  const to = result.status;
  if (from === to) return void 0;
  if (from === void 0 && (to === "PASS" || to === "NOT_APPLICABLE")) return void 0;
  const kind = to === "FAIL" ? "drift" : to === "UNKNOWN" ? "unknown" : to === "PASS" && (from === "FAIL" || from === "UNKNOWN") ? "recovered" : "changed";
  return {
    controlId: result.controlId,
    from,
    to,
    kind,
    at: result.observedAt,
    failing: result.failing,
    reason: result.reason
  };
}
var init_transitions = __esm({
  "shared/mapping/transitions.ts"() {
    "use strict";
  }
});

// shared/mapping/results-store.ts
import { GetCommand as GetCommand3, PutCommand as PutCommand3, paginateQuery } from "@aws-sdk/lib-dynamodb";
function resultSortKey(r) {
  const { controlId: controlId2, status: status2, reason, failing, ruleVersions, mappingVersion, artifacts } = r;
  const body = JSON.parse(
    JSON.stringify({ controlId: controlId2, status: status2, reason, failing, ruleVersions, mappingVersion, artifacts })
  );
  return `${new Date(r.observedAt).toISOString()}#${sha256Hex(canonicalBytes(body)).slice(0, 16)}`;
}
function nextState(cur, result) {
  if (cur && Date.parse(result.observedAt) < Date.parse(cur.observedAt)) return void 0;
  return {
    controlId: result.controlId,
    status: result.status,
    rev: (cur?.rev ?? 0) + 1,
    observedAt: result.observedAt,
    evaluatedAt: result.evaluatedAt,
    since: cur && cur.status === result.status ? cur.since : result.observedAt
  };
}
var MAX_ATTEMPTS, DynamoResultsStore;
var init_results_store = __esm({
  "shared/mapping/results-store.ts"() {
    "use strict";
    init_canonical();
    init_errors();
    init_transitions();
    MAX_ATTEMPTS = 8;
    DynamoResultsStore = class {
      constructor(doc, tableName, pageSize = 500) {
        this.doc = doc;
        this.tableName = tableName;
        this.pageSize = pageSize;
      }
      doc;
      tableName;
      pageSize;
      async putResult(result) {
        const item = {
          pk: `RESULT#${result.controlId}`,
          sk: resultSortKey(result),
          ...JSON.parse(JSON.stringify(result))
        };
        try {
          await this.doc.send(
            new PutCommand3({
              TableName: this.tableName,
              Item: item,
              ConditionExpression: "attribute_not_exists(pk)"
            })
          );
          return true;
        } catch (err) {
          if (isConditionalCheckFailed(err)) return false;
          throw err;
        }
      }
      async *results(controlId2, from, to) {
        const pages = paginateQuery(
          { client: this.doc, pageSize: this.pageSize },
          {
            TableName: this.tableName,
            KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
            ExpressionAttributeValues: {
              ":pk": `RESULT#${controlId2}`,
              ":from": new Date(from).toISOString(),
              ":to": `${new Date(to).toISOString()}#~`
            }
          }
        );
        for await (const page3 of pages) {
          for (const item of page3.Items ?? []) {
            const { pk: _pk, sk: _sk, ...result } = item;
            yield result;
          }
        }
      }
      async getState(controlId2) {
        const res = await this.doc.send(
          new GetCommand3({
            TableName: this.tableName,
            Key: { pk: `STATE#${controlId2}`, sk: "STATE" },
            ConsistentRead: true
          })
        );
        if (!res.Item) return void 0;
        const { pk: _pk, sk: _sk, ...state } = res.Item;
        return state;
      }
      async updateState(result) {
        for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
          const cur = await this.getState(result.controlId);
          const next = nextState(cur, result);
          if (!next) return void 0;
          try {
            await this.doc.send(
              new PutCommand3({
                TableName: this.tableName,
                Item: { pk: `STATE#${result.controlId}`, sk: "STATE", ...next },
                ...cur ? {
                  ConditionExpression: "#rev = :rev AND #status = :status",
                  ExpressionAttributeNames: { "#rev": "rev", "#status": "status" },
                  ExpressionAttributeValues: { ":rev": cur.rev, ":status": cur.status }
                } : { ConditionExpression: "attribute_not_exists(pk)" }
              })
            );
            return transitionOf(cur?.status, result);
          } catch (err) {
            if (!isConditionalCheckFailed(err)) throw err;
          }
        }
        throw new ContentionError(`control state ${result.controlId} kept changing during update`, {
          controlId: result.controlId,
          attempts: MAX_ATTEMPTS
        });
      }
    };
  }
});

// shared/locker/sqlite-results-store.ts
var SCHEMA2, PAGE2, SqliteResultsStore;
var init_sqlite_results_store = __esm({
  "shared/locker/sqlite-results-store.ts"() {
    "use strict";
    init_results_store();
    init_transitions();
    SCHEMA2 = `
CREATE TABLE IF NOT EXISTS control_results (
  control_id TEXT NOT NULL,
  sort_key TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (control_id, sort_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS control_states (
  control_id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  rev INTEGER NOT NULL,
  observed_at TEXT NOT NULL,
  evaluated_at TEXT NOT NULL,
  since TEXT NOT NULL
) WITHOUT ROWID;
`;
    PAGE2 = 500;
    SqliteResultsStore = class {
      constructor(db) {
        this.db = db;
        db.exec(SCHEMA2);
        const tx = db.transaction((result) => this.updateInTx(result));
        this.update = (result) => tx.immediate(result);
      }
      db;
      update;
      async putResult(result) {
        const info = this.db.prepare(`INSERT OR IGNORE INTO control_results (control_id, sort_key, body) VALUES (?, ?, ?)`).run(result.controlId, resultSortKey(result), JSON.stringify(result));
        return info.changes === 1;
      }
      /** Results oldest first, read a page at a time so other calls may run between pages. */
      async *results(controlId2, from, to) {
        const page3 = this.db.prepare(
          `SELECT sort_key AS sortKey, body FROM control_results
         WHERE control_id = ? AND sort_key >= ? AND sort_key <= ? AND sort_key > ?
         ORDER BY sort_key LIMIT ${PAGE2}`
        );
        const lo = new Date(from).toISOString();
        const hi = `${new Date(to).toISOString()}#~`;
        let after = "";
        for (; ; ) {
          const rows = page3.all(controlId2, lo, hi, after);
          for (const row of rows) yield JSON.parse(row.body);
          if (rows.length < PAGE2) return;
          after = rows[rows.length - 1].sortKey;
        }
      }
      async getState(controlId2) {
        return this.db.prepare(
          `SELECT control_id AS controlId, status, rev, observed_at AS observedAt, evaluated_at AS evaluatedAt, since
         FROM control_states WHERE control_id = ?`
        ).get(controlId2);
      }
      async updateState(result) {
        return this.update(result);
      }
      updateInTx(result) {
        const cur = this.db.prepare(
          `SELECT control_id AS controlId, status, rev, observed_at AS observedAt, evaluated_at AS evaluatedAt, since
         FROM control_states WHERE control_id = ?`
        ).get(result.controlId);
        const next = nextState(cur, result);
        if (!next) return void 0;
        this.db.prepare(
          `INSERT INTO control_states (control_id, status, rev, observed_at, evaluated_at, since)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (control_id) DO UPDATE SET status = excluded.status, rev = excluded.rev,
           observed_at = excluded.observed_at, evaluated_at = excluded.evaluated_at, since = excluded.since`
        ).run(next.controlId, next.status, next.rev, next.observedAt, next.evaluatedAt, next.since);
        return transitionOf(cur?.status, result);
      }
    };
  }
});

// shared/locker/locker.ts
import { randomUUID as randomUUID3 } from "node:crypto";
import { mkdir as mkdir3 } from "node:fs/promises";
import { join as join3 } from "node:path";
async function openLocker(path, options = {}) {
  await mkdir3(join3(path, "evidence"), { recursive: true });
  const signer = await loadOrCreateLocalKey(path);
  const db = openSqlite(join3(path, "ledger.db"));
  try {
    const origin = options.origin ?? SqliteLedger.storedOrigin(db) ?? `flux-evidence/locker/${randomUUID3()}`;
    return {
      root: path,
      store: new LocalEvidenceStore(path),
      ledger: new SqliteLedger({ db, origin, ...options.clock ? { clock: options.clock } : {} }),
      index: new SqliteContentIndex(db),
      results: new SqliteResultsStore(db),
      signer,
      close: () => db.close()
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
var init_locker = __esm({
  "shared/locker/locker.ts"() {
    "use strict";
    init_local_key();
    init_local_store();
    init_sqlite_db();
    init_sqlite_content_index();
    init_sqlite_ledger();
    init_sqlite_results_store();
  }
});

// shared/store/s3-read.ts
import { GetObjectCommand } from "@aws-sdk/client-s3";
async function readStoredObject(s3, bucket, key2, maxBytes) {
  const integrity = (check, message2, details, cause) => new IntegrityError(check, `${message2}: ${key2}`, { bucket, key: key2, ...details }, { cause });
  let bytes;
  let storedChecksum;
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key2, ChecksumMode: "ENABLED" }));
    if (res.ContentLength !== void 0 && res.ContentLength > maxBytes) {
      res.Body?.transformToWebStream().cancel().catch(() => {
      });
      throw new ArtifactTooLargeError(res.ContentLength, maxBytes);
    }
    if (!res.Body) throw integrity("empty-body", "stored object has no body", {});
    bytes = Buffer.from(await res.Body.transformToByteArray());
    storedChecksum = res.ChecksumSHA256;
  } catch (error) {
    if (isAwsError(error, ["NoSuchKey", "NotFound"], [404]))
      throw new NotFoundError("evidence object", key2, { cause: error });
    if (error instanceof Error && /checksum mismatch/i.test(error.message)) {
      throw integrity("transport-checksum", "stored object fails its S3 checksum", {}, error);
    }
    throw error;
  }
  const sha2562 = sha256Hex(bytes);
  if (storedChecksum && !storedChecksum.includes("-")) {
    const actual = Buffer.from(sha2562, "hex").toString("base64");
    if (storedChecksum !== actual) {
      throw integrity("stored-checksum", "stored object differs from its S3 checksum", {
        storedChecksum,
        actual
      });
    }
  }
  return { bytes, sha256: sha2562 };
}
var init_s3_read = __esm({
  "shared/store/s3-read.ts"() {
    "use strict";
    init_errors();
    init_canonical();
  }
});

// shared/manual/files.ts
function mediaTypeOf(fileName) {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? "";
  const mediaType = MEDIA_TYPES[ext];
  if (!mediaType) {
    throw new ValidationError("evidence file", [
      `${fileName}: unsupported type (accepted: ${Object.keys(MEDIA_TYPES).join(", ")})`
    ]);
  }
  return { ext, mediaType };
}
function checkFileSize(fileName, size, max = MAX_FILE_BYTES) {
  if (size === 0) throw new ValidationError("evidence file", [`${fileName}: the file is empty (0 bytes)`]);
  if (size > max) {
    throw new ValidationError("evidence file", [
      `${fileName}: ${size} bytes is over the ${max}-byte limit (${Math.round(max / 1048576)} MiB)`
    ]);
  }
}
function fileKey(sha2562, ext) {
  return `${MANUAL_FILES}/${sha2562}.${ext}`;
}
function statementKey(kind, at, sha2562) {
  const day3 = at.slice(0, 10).replaceAll("-", "/");
  return `${kind}/${day3}/${sha2562}.json`;
}
var MAX_FILE_BYTES, MEDIA_TYPES, MANUAL_FILES;
var init_files = __esm({
  "shared/manual/files.ts"() {
    "use strict";
    init_errors();
    MAX_FILE_BYTES = 100 * 1024 * 1024;
    MEDIA_TYPES = {
      pdf: "application/pdf",
      docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      png: "image/png",
      csv: "text/csv",
      txt: "text/plain",
      md: "text/markdown"
    };
    MANUAL_FILES = "manual-files";
  }
});

// shared/manual/blob-store.ts
import { PutObjectCommand, paginateListObjectsV2 } from "@aws-sdk/client-s3";
import { readdir as readdir2, readFile as readFile4 } from "node:fs/promises";
import { join as join4 } from "node:path";
function requireKey(key2) {
  if (!KEY.test(key2) || key2.split("/").some((p) => p === ".." || p === "." || p === "")) {
    throw new ValidationError("manual evidence key", [`${key2}: not a manual evidence key`]);
  }
  return key2;
}
function checkHash(key2, bytes, expected, where) {
  const actual = sha256Hex(bytes);
  if (actual !== expected) {
    throw new IntegrityError("manual-hash", `stored object does not hash to the logged value: ${key2}`, {
      ...where,
      key: key2,
      expected,
      actual
    });
  }
  return bytes;
}
var wanted, DAY_MS, KEY, LocalBlobStore, S3BlobStore;
var init_blob_store = __esm({
  "shared/manual/blob-store.ts"() {
    "use strict";
    init_errors();
    init_canonical();
    init_s3_read();
    init_files();
    init_write_once();
    wanted = (prefix, name) => prefix === MANUAL_FILES ? !name.endsWith(".tmp") : name.endsWith(".json");
    DAY_MS = 864e5;
    KEY = /^(manual-files|manual|approval|exception|observation|coverage)\/[A-Za-z0-9._/-]+$/;
    LocalBlobStore = class {
      constructor(root) {
        this.root = root;
      }
      root;
      async put(key2, bytes) {
        const created2 = await writeOnce(join4(this.root, requireKey(key2)), bytes, `stored object ${key2} differs`, {
          key: key2
        });
        return { created: created2 };
      }
      async get(key2, expectedSha256) {
        try {
          const bytes = await readFile4(join4(this.root, requireKey(key2)));
          return checkHash(key2, bytes, expectedSha256, { root: this.root });
        } catch (error) {
          if (error.code === "ENOENT")
            throw new NotFoundError("manual evidence object", key2, { cause: error });
          throw error;
        }
      }
      async *list(prefix) {
        const out = [];
        const walk3 = async (rel) => {
          let entries;
          try {
            entries = await readdir2(join4(this.root, rel), { withFileTypes: true });
          } catch (error) {
            if (error.code === "ENOENT") return;
            throw error;
          }
          for (const e of entries) {
            if (e.isDirectory()) await walk3(`${rel}/${e.name}`);
            else if (wanted(prefix, e.name)) out.push(`${rel}/${e.name}`);
          }
        };
        await walk3(prefix);
        yield* out.sort();
      }
    };
    S3BlobStore = class {
      constructor(o) {
        this.o = o;
      }
      o;
      async put(key2, bytes, contentType) {
        const sha2562 = sha256Hex(bytes);
        const { kmsKeyId, retention } = this.o;
        const now = (this.o.clock ?? (() => /* @__PURE__ */ new Date()))();
        try {
          await this.o.s3.send(
            new PutObjectCommand({
              Bucket: this.o.bucket,
              Key: requireKey(key2),
              Body: bytes,
              ContentLength: bytes.length,
              ContentType: contentType,
              IfNoneMatch: "*",
              ChecksumAlgorithm: "SHA256",
              ChecksumSHA256: Buffer.from(sha2562, "hex").toString("base64"),
              Metadata: { sha256: sha2562 },
              ...kmsKeyId ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: kmsKeyId } : {},
              ...retention ? {
                ObjectLockMode: retention.mode,
                ObjectLockRetainUntilDate: new Date(now.getTime() + retention.days * DAY_MS)
              } : {}
            })
          );
          return { created: true };
        } catch (error) {
          if (!isAwsError(error, ["PreconditionFailed", "ConditionalRequestConflict"], [412, 409])) throw error;
        }
        await this.get(key2, sha2562);
        return { created: false };
      }
      async get(key2, expectedSha256) {
        const stored = await readStoredObject(this.o.s3, this.o.bucket, requireKey(key2), MAX_FILE_BYTES);
        return checkHash(key2, stored.bytes, expectedSha256, { bucket: this.o.bucket });
      }
      async *list(prefix) {
        for await (const page3 of paginateListObjectsV2(
          { client: this.o.s3 },
          { Bucket: this.o.bucket, Prefix: `${prefix}/` }
        )) {
          for (const o of page3.Contents ?? []) if (o.Key && wanted(prefix, o.Key)) yield o.Key;
        }
      }
    };
  }
});

// shared/store/s3-store.ts
import {
  PutObjectCommand as PutObjectCommand2,
  paginateListObjectsV2 as paginateListObjectsV22
} from "@aws-sdk/client-s3";
import * as z3 from "zod";
var DAY_MS2, S3EvidenceStoreOptionsSchema, S3EvidenceStore;
var init_s3_store = __esm({
  "shared/store/s3-store.ts"() {
    "use strict";
    init_errors();
    init_check();
    init_artifact();
    init_types2();
    init_s3_read();
    DAY_MS2 = 864e5;
    S3EvidenceStoreOptionsSchema = z3.strictObject({
      s3: z3.custom((v) => typeof v?.send === "function", "must be an S3Client"),
      bucket: z3.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name"),
      kmsKeyId: z3.string().min(1).optional(),
      retention: z3.strictObject({ mode: z3.enum(["COMPLIANCE", "GOVERNANCE"]), days: z3.number().int().positive() }).optional(),
      clock: z3.custom((v) => typeof v === "function", "must be a function returning a Date").optional(),
      maxArtifactBytes: z3.number().int().positive().optional()
    });
    S3EvidenceStore = class {
      bucket;
      s3;
      opts;
      maxBytes;
      constructor(options) {
        const parsed2 = S3EvidenceStoreOptionsSchema.safeParse(options);
        if (!parsed2.success) throw new ConfigError(formatIssues(parsed2.error.issues));
        const { s3, bucket, ...rest } = parsed2.data;
        this.s3 = s3;
        this.bucket = bucket;
        this.opts = rest;
        this.maxBytes = rest.maxArtifactBytes ?? DEFAULT_MAX_ARTIFACT_BYTES;
      }
      /**
       * Stores an artifact once. Before any write, the bytes are checked against the size limit, their hash, the
       * envelope schema and canonical form. A re-put of identical content is a no-op (created=false) after the
       * stored object is read back and rehashed; a differing stored object raises IntegrityError and is never overwritten.
       */
      async put(artifact) {
        const { envelope, bytes, sha256: sha2562, key: key2, record: record9 } = preparePut(artifact, this.maxBytes);
        try {
          await this.s3.send(new PutObjectCommand2(this.putInput(key2, bytes, sha2562, envelope)));
          return record9(true);
        } catch (error) {
          if (!isAwsError(error, ["PreconditionFailed", "ConditionalRequestConflict"], [412, 409])) throw error;
        }
        const existing = await readStoredObject(this.s3, this.bucket, key2, this.maxBytes);
        if (!existing.bytes.equals(bytes)) {
          throw new IntegrityError(
            "existing-object-differs",
            `stored object ${key2} differs from the artifact its key names`,
            {
              bucket: this.bucket,
              key: key2,
              expected: sha2562,
              actual: existing.sha256
            }
          );
        }
        return record9(false);
      }
      /** Reads an artifact back with S3 checksum validation, rehashes it and checks it against its key. */
      async get(key2, expectedSha256) {
        requireArtifactKey(key2);
        const stored = await readStoredObject(this.s3, this.bucket, key2, this.maxBytes);
        return checkStoredArtifact(key2, stored.bytes, expectedSha256, { bucket: this.bucket });
      }
      async getBytes(key2, expectedSha256) {
        requireArtifactKey(key2);
        const stored = await readStoredObject(this.s3, this.bucket, key2, this.maxBytes);
        return checkStoredHash(key2, stored.bytes, expectedSha256, { bucket: this.bucket });
      }
      /** Lists artifact keys, optionally under one collector and a day prefix (`yyyy`, `yyyy/mm` or `yyyy/mm/dd`). */
      async *list(collector28, dayPrefix) {
        if (dayPrefix !== void 0 && (collector28 === void 0 || !/^\d{4}(?:\/\d{2}){0,2}$/.test(dayPrefix))) {
          throw new ValidationError("list prefix", [
            `dayPrefix "${dayPrefix}" needs a collector and the form yyyy[/mm[/dd]]`
          ]);
        }
        const prefix = ["evidence", collector28, dayPrefix].filter((p) => p !== void 0).join("/") + "/";
        for await (const page3 of paginateListObjectsV22(
          { client: this.s3 },
          { Bucket: this.bucket, Prefix: prefix }
        )) {
          for (const object9 of page3.Contents ?? []) {
            if (object9.Key && parseArtifactKey(object9.Key)) yield object9.Key;
          }
        }
      }
      putInput(key2, bytes, sha2562, envelope) {
        const { kmsKeyId, retention } = this.opts;
        const now = (this.opts.clock ?? (() => /* @__PURE__ */ new Date()))();
        return {
          Bucket: this.bucket,
          Key: key2,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: "application/json",
          IfNoneMatch: "*",
          ChecksumAlgorithm: "SHA256",
          ChecksumSHA256: Buffer.from(sha2562, "hex").toString("base64"),
          Metadata: { collector: envelope.collector, "observed-at": envelope.observedAt, sha256: sha2562 },
          ...kmsKeyId ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: kmsKeyId } : {},
          ...retention ? {
            ObjectLockMode: retention.mode,
            ObjectLockRetainUntilDate: new Date(now.getTime() + retention.days * DAY_MS2)
          } : {}
        };
      }
    };
  }
});

// shared/mapping/evidence-loader.ts
import { PutCommand as PutCommand4, paginateQuery as paginateQuery2 } from "@aws-sdk/lib-dynamodb";
function toEvidenceInput(envelope, sha2562, scope, confirmation) {
  const proven = confirmation && (confirmation.observation !== void 0 || Date.parse(confirmation.confirmedAt) <= Date.parse(envelope.collectedAt));
  return {
    collector: envelope.collector,
    scope,
    sha256: sha2562,
    observedAt: envelope.observedAt,
    collectedAt: envelope.collectedAt,
    ...proven ? { confirmedAt: confirmation.confirmedAt } : {},
    ...proven && confirmation.observation ? { observation: confirmation.observation } : {},
    data: envelope.data,
    errors: envelope.errors,
    complete: envelope.provenance.complete
  };
}
var IndexedEvidenceLoader;
var init_evidence_loader = __esm({
  "shared/mapping/evidence-loader.ts"() {
    "use strict";
    IndexedEvidenceLoader = class {
      constructor(deps) {
        this.deps = deps;
      }
      deps;
      async remember(collector28, scope) {
        await this.deps.doc.send(
          new PutCommand4({
            TableName: this.deps.tableName,
            Item: { pk: `SCOPES#${collector28}`, sk: scope, collector: collector28, scope }
          })
        );
      }
      async latest(collector28) {
        const out = [];
        const pages = paginateQuery2(
          { client: this.deps.doc },
          {
            TableName: this.deps.tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": `SCOPES#${collector28}` }
          }
        );
        for await (const page3 of pages) {
          for (const item of page3.Items ?? []) {
            const scope = String(item.sk);
            const pointer = await this.deps.index.latest(collector28, scope);
            if (!pointer) continue;
            const { envelope, sha256: sha2562 } = await this.deps.store.get(pointer.key, pointer.sha256);
            out.push(toEvidenceInput(envelope, sha2562, scope, pointer));
          }
        }
        return out;
      }
    };
  }
});

// shared/store/ledger-evidence-loader.ts
var LedgerEvidenceLoader;
var init_ledger_evidence_loader = __esm({
  "shared/store/ledger-evidence-loader.ts"() {
    "use strict";
    init_evidence_loader();
    LedgerEvidenceLoader = class {
      constructor(deps) {
        this.deps = deps;
      }
      deps;
      scopes = /* @__PURE__ */ new Map();
      scanned = 0;
      envelopes = /* @__PURE__ */ new Map();
      async remember(collector28, scope) {
        this.scopesOf(collector28).add(scope);
      }
      /** Reads ledger entries appended since the last call. */
      async refresh() {
        const { treeSize } = await this.deps.ledger.head();
        if (treeSize <= this.scanned) return;
        for await (const e of this.deps.ledger.entries(this.scanned, treeSize))
          this.scopesOf(e.collector).add(e.scope);
        this.scanned = treeSize;
      }
      /** The (collector, scope) pairs seen so far (call refresh() first for the newest). */
      knownScopes() {
        return this.scopes;
      }
      async latest(collector28) {
        await this.refresh();
        const out = [];
        for (const scope of [...this.scopesOf(collector28)].sort()) {
          const pointer = await this.deps.index.latest(collector28, scope);
          if (!pointer) continue;
          const envelope = await this.envelope(pointer.key, pointer.sha256);
          out.push(toEvidenceInput(envelope, pointer.sha256, scope, pointer));
        }
        return out;
      }
      scopesOf(collector28) {
        let s = this.scopes.get(collector28);
        if (!s) this.scopes.set(collector28, s = /* @__PURE__ */ new Set());
        return s;
      }
      envelope(key2, sha2562) {
        let p = this.envelopes.get(sha2562);
        if (!p) {
          p = this.deps.store.get(key2, sha2562).then((a) => a.envelope);
          p.catch(() => this.envelopes.delete(sha2562));
          this.envelopes.set(sha2562, p);
        }
        return p;
      }
    };
  }
});

// shared/cli/ledger-loader.ts
var init_ledger_loader = __esm({
  "shared/cli/ledger-loader.ts"() {
    "use strict";
    init_ledger_evidence_loader();
  }
});

// shared/cli/backend.ts
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { isAbsolute, resolve } from "node:path";
async function openBackend(config, options = {}) {
  const d = config.deployment;
  if (!d) {
    const path = isAbsolute(config.locker.path) ? config.locker.path : resolve(options.baseDir ?? ".", config.locker.path);
    const locker = await openLocker(path, options.clock ? { clock: options.clock } : {});
    return {
      kind: "local",
      description: `local locker ${path}`,
      store: locker.store,
      blobs: new LocalBlobStore(path),
      ledger: locker.ledger,
      index: locker.index,
      results: locker.results,
      evidence: new LedgerEvidenceLoader(locker),
      signer: locker.signer,
      locker,
      close: async () => locker.close()
    };
  }
  const region2 = { region: d.region };
  const dynamo = new DynamoDBClient(region2);
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const s3 = new S3Client({ ...region2, ...options.forcePathStyle ? { forcePathStyle: true } : {} });
  const kms = new KMSClient(region2);
  const store = new S3EvidenceStore({
    s3,
    bucket: d.evidenceBucket,
    ...d.evidenceKeyArn ? { kmsKeyId: d.evidenceKeyArn } : {},
    retention: config.retention
  });
  const ledger = new DynamoLedger({
    client: doc,
    tableName: d.ledgerTable,
    origin: config.origin,
    ...options.clock ? { clock: options.clock } : {}
  });
  const index = new DynamoContentIndex(doc, d.ledgerTable);
  return {
    kind: "deployed",
    description: `s3://${d.evidenceBucket} + dynamodb:${d.ledgerTable} (${d.region})`,
    store,
    blobs: new S3BlobStore({
      s3,
      bucket: d.evidenceBucket,
      ...d.evidenceKeyArn ? { kmsKeyId: d.evidenceKeyArn } : {},
      ...config.retention ? { retention: config.retention } : {}
    }),
    ledger,
    index,
    results: new DynamoResultsStore(doc, d.ledgerTable),
    evidence: new LedgerEvidenceLoader({ ledger, index, store }),
    signer: new KmsSigner(kms, d.signingKeyArn),
    close: async () => {
      for (const c of [dynamo, s3, kms]) c.destroy();
    }
  };
}
var init_backend = __esm({
  "shared/cli/backend.ts"() {
    "use strict";
    init_content_index();
    init_dynamo_ledger();
    init_signer();
    init_locker();
    init_blob_store();
    init_results_store();
    init_s3_store();
    init_ledger_loader();
  }
});

// shared/cli/context.ts
var context_exports = {};
__export(context_exports, {
  loadCliConfig: () => loadCliConfig,
  withBackend: () => withBackend
});
import { existsSync } from "node:fs";
import { dirname as dirname2, resolve as resolve2 } from "node:path";
function loadCliConfig(path, io, explicit) {
  try {
    if (!explicit && !existsSync(path)) return FluxConfigSchema.parse({});
    return loadConfigFile(path);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(
        `flux-evidence: configuration ${path} is invalid:
${e.issues.map((i) => `  - ${i}
`).join("")}`
      );
      throw new CliExit(CODES.USAGE, "invalid configuration");
    }
    throw e;
  }
}
async function withBackend(input, io, body, options = {}) {
  const config = loadCliConfig(input.configPath, io, input.explicitConfig);
  const backend = await openBackend(config, {
    baseDir: dirname2(resolve2(input.configPath)),
    forcePathStyle: Boolean(io.env.AWS_ENDPOINT_URL),
    ...options.clock ? { clock: options.clock } : {}
  });
  try {
    return await body(config, backend);
  } finally {
    await backend.close();
  }
}
var init_context = __esm({
  "shared/cli/context.ts"() {
    "use strict";
    init_load();
    init_schema();
    init_errors();
    init_backend();
    init_common();
  }
});

// shared/ledger/merkle-verify.ts
function rootFromInclusionProof(leaf, index, treeSize, proof) {
  const fail = (message2, details = {}) => new IntegrityError("inclusion-proof", message2, {
    index,
    treeSize,
    proofLength: proof.length,
    ...details
  });
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) {
    throw fail(`leaf index ${index} is not inside a tree of ${treeSize} leaves`);
  }
  const path = proof.every(isHashBytes) ? proof : proof.map((h, i) => toHash(h, `inclusion proof hash ${i}`));
  let r = toHash(leaf, "leaf hash");
  let fn = index;
  let sn = treeSize - 1;
  const small = treeSize <= 2147483647;
  for (let i = 0; i < path.length; i++) {
    if (sn === 0) throw fail(`proof has ${proof.length} hashes, more than the path of leaf ${index} needs`);
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(path[i], r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = small ? fn >>> 1 : fn / 2;
        sn = small ? sn >>> 1 : Math.floor(sn / 2);
      }
    } else {
      r = hashChildren(r, path[i]);
    }
    fn = small ? fn >>> 1 : Math.floor(fn / 2);
    sn = small ? sn >>> 1 : Math.floor(sn / 2);
  }
  if (sn !== 0) throw fail(`proof has ${proof.length} hashes, fewer than the path of leaf ${index} needs`);
  return r;
}
function isHashBytes(h) {
  return typeof h !== "string" && h.length === HASH_SIZE;
}
function verifyInclusion(leaf, index, treeSize, proof, root) {
  const expected = toHash(root, "root hash");
  const computed = rootFromInclusionProof(leaf, index, treeSize, proof);
  if (!computed.equals(expected)) {
    throw new IntegrityError(
      "inclusion-proof",
      `inclusion proof of leaf ${index} in a tree of ${treeSize} leaves yields a root other than the expected one`,
      { index, treeSize, expectedRoot: expected.toString("hex"), computedRoot: computed.toString("hex") }
    );
  }
}
function verifyConsistency(size1, size2, proof, root1, root2) {
  const fail = (message2, details = {}) => new IntegrityError("consistency-proof", message2, { size1, size2, proofLength: proof.length, ...details });
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size2 < 0) {
    throw fail(`tree sizes ${size1} and ${size2} are not non-negative integers`);
  }
  if (size1 > size2) throw fail(`tree size ${size1} is larger than ${size2}: a log cannot shrink`);
  const r1 = toHash(root1, "first root");
  const r2 = toHash(root2, "second root");
  if (size1 === size2) {
    if (proof.length !== 0) throw fail("proof between trees of equal size must be empty");
    if (!r1.equals(r2)) throw fail(`two trees of ${size1} leaves have different roots`);
    return;
  }
  if (size1 === 0) {
    if (proof.length !== 0) throw fail("proof from the empty tree must be empty");
    return;
  }
  if (proof.length === 0) throw fail("proof is empty");
  const path = proof.map((h, i) => toHash(h, `consistency proof hash ${i}`));
  if (Number.isInteger(Math.log2(size1))) path.unshift(r1);
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (let i = 1; i < path.length; i++) {
    if (sn === 0) throw fail(`proof has more hashes than the trees ${size1} and ${size2} need`);
    const c = path[i];
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw fail(`proof has fewer hashes than the trees ${size1} and ${size2} need`);
  if (!fr.equals(r1)) {
    throw fail(`proof does not reproduce the root of the first tree (${size1} leaves)`, {
      expectedRoot: r1.toString("hex"),
      computedRoot: fr.toString("hex")
    });
  }
  if (!sr.equals(r2)) {
    throw fail(`proof does not reproduce the root of the second tree (${size2} leaves)`, {
      expectedRoot: r2.toString("hex"),
      computedRoot: sr.toString("hex")
    });
  }
}
var init_merkle_verify = __esm({
  "shared/ledger/merkle-verify.ts"() {
    "use strict";
    init_errors();
    init_merkle();
  }
});

// shared/ledger/verify-checkpoint.ts
import { createPublicKey as createPublicKey3, verify } from "node:crypto";
import * as z4 from "zod";
function verifyCheckpoint(signed, publicKeyPem, options = {}) {
  const parsed2 = signedSchema.safeParse(signed);
  if (!parsed2.success) {
    const issues = parsed2.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new IntegrityError("checkpoint-malformed", `signed checkpoint is malformed: ${issues.join("; ")}`, {
      issues
    });
  }
  const { checkpoint, signature, keyId } = parsed2.data;
  const key2 = p256PublicKey(publicKeyPem);
  if (options.keyId !== void 0 && keyId !== options.keyId) {
    throw new IntegrityError(
      "checkpoint-key",
      `checkpoint names key ${keyId}, not the expected ${options.keyId}`,
      {
        keyId,
        expected: options.keyId
      }
    );
  }
  if (options.origin !== void 0 && checkpoint.origin !== options.origin) {
    throw new IntegrityError(
      "checkpoint-origin",
      `checkpoint is from log ${checkpoint.origin}, not ${options.origin}`,
      {
        origin: checkpoint.origin,
        expected: options.origin
      }
    );
  }
  const ok2 = verify(
    "sha256",
    checkpointBytes(checkpoint),
    { key: key2, dsaEncoding: "der" },
    Buffer.from(signature, "base64")
  );
  if (!ok2) {
    throw new IntegrityError(
      "checkpoint-signature",
      `checkpoint signature does not verify with the given public key (tree size ${checkpoint.treeSize}, key ${keyId}): forged, altered or signed by another key`,
      { keyId, treeSize: checkpoint.treeSize, origin: checkpoint.origin }
    );
  }
  return checkpoint;
}
function p256PublicKey(pem) {
  let key2;
  try {
    key2 = createPublicKey3(pem);
  } catch (cause) {
    throw new IntegrityError("public-key-malformed", "public key is not a readable PEM", {}, { cause });
  }
  if (key2.asymmetricKeyType !== "ec" || key2.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new IntegrityError("public-key-malformed", "public key is not an ECDSA P-256 key", {
      type: key2.asymmetricKeyType,
      curve: key2.asymmetricKeyDetails?.namedCurve
    });
  }
  return key2;
}
var checkpointSchema, signedSchema;
var init_verify_checkpoint = __esm({
  "shared/ledger/verify-checkpoint.ts"() {
    "use strict";
    init_errors();
    init_checkpoint_bytes();
    checkpointSchema = z4.strictObject({
      origin: z4.string().min(1),
      treeSize: z4.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
      rootHash: z4.string().regex(/^[0-9a-f]{64}$/, "a lower-case hex SHA-256"),
      timestamp: z4.iso.datetime()
    });
    signedSchema = z4.strictObject({
      checkpoint: checkpointSchema,
      signature: z4.base64().min(1),
      keyId: z4.string().min(1)
    });
  }
});

// shared/ledger/audit.ts
function verifyCheckpointConsistency(older, newer, proof) {
  const a = older.checkpoint;
  const b = newer.checkpoint;
  if (a.origin !== b.origin) {
    throw new IntegrityError(
      "checkpoint-origin",
      `checkpoints come from different logs (${a.origin} and ${b.origin})`,
      {
        origins: [a.origin, b.origin]
      }
    );
  }
  verifyConsistency(a.treeSize, b.treeSize, proof, a.rootHash, b.rootHash);
}
var init_audit = __esm({
  "shared/ledger/audit.ts"() {
    "use strict";
    init_errors();
    init_merkle();
    init_records();
    init_merkle_verify();
    init_verify_checkpoint();
  }
});

// shared/ledger/leaf.ts
import { z as z5 } from "zod";
function encodeStatement(statement) {
  const parsed2 = StatementSchema.safeParse(statement);
  if (!parsed2.success) {
    throw new IntegrityError("statement-invalid", `not a valid ${statement.kind ?? "leaf"} statement`, {
      issues: parsed2.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)
    });
  }
  const bytes = canonicalBytes(parsed2.data);
  return { bytes, sha256: sha256Hex(bytes) };
}
function decodeLeaf(bytes) {
  if (bytes.length === HASH_SIZE) return { kind: "artifact", sha256: Buffer.from(bytes).toString("hex") };
  let json5;
  try {
    json5 = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    throw new IntegrityError(
      "leaf-unreadable",
      "a leaf is neither a 32-byte artifact hash nor a JSON statement"
    );
  }
  const parsed2 = StatementSchema.safeParse(json5);
  if (!parsed2.success) {
    throw new IntegrityError("leaf-unreadable", "a leaf statement does not match flux.leaf/v1", {
      issues: parsed2.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)
    });
  }
  if (!canonicalBytes(parsed2.data).equals(Buffer.from(bytes))) {
    throw new IntegrityError("leaf-not-canonical", "a leaf statement is not in RFC 8785 canonical form");
  }
  return parsed2.data;
}
var LEAF_SCHEMA, LEAF_KINDS, Sha256, Instant, Day, base, ObservationStatementSchema, ManualStatementSchema, ApprovalStatementSchema, ExceptionStatementSchema, CoverageStatementSchema, StatementSchema;
var init_leaf = __esm({
  "shared/ledger/leaf.ts"() {
    "use strict";
    init_canonical();
    init_errors();
    init_merkle();
    LEAF_SCHEMA = "flux.leaf/v1";
    LEAF_KINDS = ["artifact", "observation", "manual", "approval", "exception", "coverage"];
    Sha256 = z5.string().regex(/^[0-9a-f]{64}$/, "a lowercase hex SHA-256");
    Instant = z5.iso.datetime({ offset: true });
    Day = z5.iso.date();
    base = { leaf: z5.literal(LEAF_SCHEMA) };
    ObservationStatementSchema = z5.strictObject({
      ...base,
      kind: z5.literal("observation"),
      collector: z5.string().min(1),
      /** Canonical scope key, as on ledger records. */
      scope: z5.string().min(1),
      artifactSha256: Sha256,
      observedAt: Instant,
      collectedAt: Instant,
      runId: z5.string().min(1)
    });
    ManualStatementSchema = z5.strictObject({
      ...base,
      kind: z5.literal("manual"),
      /** SHA-256 of the stored file's bytes. */
      fileSha256: Sha256,
      key: z5.string().min(1),
      fileName: z5.string().min(1),
      size: z5.number().int().positive(),
      mediaType: z5.string().min(1),
      title: z5.string().min(1),
      owner: z5.string().min(1),
      /** `<framework>:<requirement id>` entries and/or common-control ids the document serves. */
      requirements: z5.array(z5.string().min(1)),
      controls: z5.array(z5.string().min(1)),
      validUntil: Day.optional(),
      periodStart: Day.optional(),
      periodEnd: Day.optional(),
      addedAt: Instant,
      addedBy: z5.string().min(1)
    });
    ApprovalStatementSchema = z5.strictObject({
      ...base,
      kind: z5.literal("approval"),
      evidence: Sha256,
      by: z5.string().min(1),
      at: Instant,
      note: z5.string().optional()
    });
    ExceptionStatementSchema = z5.strictObject({
      ...base,
      kind: z5.literal("exception"),
      control: z5.string().min(1),
      resource: z5.string().min(1).optional(),
      reason: z5.string().min(1),
      owner: z5.string().min(1),
      expires: Day,
      addedAt: Instant
    });
    CoverageStatementSchema = z5.strictObject({
      ...base,
      kind: z5.literal("coverage"),
      runId: z5.string().min(1),
      plannedAt: Instant,
      completedAt: Instant,
      units: z5.array(
        z5.strictObject({
          collector: z5.string().min(1),
          scope: z5.string().min(1),
          status: z5.enum(["completed", "failed", "missing"]),
          reason: z5.string().optional(),
          /** How a unit that ran recorded its evidence: a new artifact, or a re-observation of the latest one. */
          outcome: z5.enum(["stored", "observed"]).optional(),
          /** The log identity (SHA-256) of the artifact or observation statement the unit recorded. */
          evidence: Sha256.optional()
        })
      )
    });
    StatementSchema = z5.discriminatedUnion("kind", [
      ObservationStatementSchema,
      ManualStatementSchema,
      ApprovalStatementSchema,
      ExceptionStatementSchema,
      CoverageStatementSchema
    ]);
  }
});

// shared/ledger/log-audit.ts
var log_audit_exports = {};
__export(log_audit_exports, {
  auditLocker: () => auditLocker,
  temporaryFiles: () => temporaryFiles
});
import { readdir as readdir3 } from "node:fs/promises";
import { join as join5 } from "node:path";
async function auditLocker(deps) {
  const problems2 = [];
  const head = await deps.ledger.head();
  const range = CompactRange.empty();
  const seen = /* @__PURE__ */ new Set();
  const files = /* @__PURE__ */ new Set();
  let contiguous = true;
  const sizes = new Set(deps.checkpoints.map((c) => c.checkpoint.treeSize));
  const rootsAt = /* @__PURE__ */ new Map();
  if (sizes.has(0)) rootsAt.set(0, range.root().toString("hex"));
  let expected = 0;
  for await (const entry of deps.ledger.entries(0, head.treeSize)) {
    if (entry.index !== expected) {
      contiguous = false;
      problems2.push(gap(expected, entry.index));
    }
    expected = entry.index + 1;
    if (contiguous) {
      range.append(leafHashOf(entry));
      if (sizes.has(range.size)) rootsAt.set(range.size, range.root().toString("hex"));
    }
    seen.add(entry.sha256);
    if (entry.leafHash === void 0)
      await checkObject(deps.store, entry.key, entry.sha256, entry.index, problems2);
    else if (deps.blobs) await checkStatement(deps.blobs, entry, files, problems2);
  }
  if (expected !== head.treeSize) problems2.push(gap(expected, head.treeSize));
  else if (contiguous && range.root().toString("hex") !== head.rootHash) {
    problems2.push({
      kind: "head-mismatch",
      message: `the ${head.treeSize} leaves hash to a root other than the log head's: a recorded entry was rewritten`
    });
  }
  let artifacts = 0;
  for await (const key2 of deps.store.list()) {
    artifacts++;
    const sha2562 = parseArtifactKey(key2).sha256;
    if (!seen.has(sha2562) && !await deps.ledger.get(sha2562)) {
      problems2.push({
        kind: "orphan-artifact",
        key: key2,
        message: `${key2} is stored but has no log entry (the next collect appends it)`
      });
    }
  }
  if (deps.blobs) await findOrphanBlobs(deps.blobs, deps.ledger, seen, files, problems2);
  if (deps.lockerRoot) {
    for (const rel of await temporaryFiles(deps.lockerRoot, "evidence")) {
      problems2.push({
        kind: "temporary-file",
        key: rel,
        message: `${rel} is a leftover temporary file of an interrupted write`
      });
    }
  }
  await checkCheckpoints(deps, rootsAt, head, problems2);
  return { treeSize: head.treeSize, artifacts, checkpoints: deps.checkpoints.length, problems: problems2 };
}
async function checkObject(store, key2, sha2562, index, problems2) {
  try {
    await store.getBytes(key2, sha2562);
  } catch (e) {
    problems2.push({
      kind: "missing-object",
      key: key2,
      index,
      message: `leaf ${index} records ${key2}, which is missing or does not hash to the recorded SHA-256`,
      detail: e.message
    });
  }
}
async function checkStatement(blobs, entry, files, problems2) {
  const missing = (key2, what, detail) => problems2.push({
    kind: "missing-object",
    key: key2,
    index: entry.index,
    message: `leaf ${entry.index}: ${what}`,
    detail
  });
  let statement;
  try {
    const bytes = await blobs.get(entry.key, entry.sha256);
    if (leafHash(bytes).toString("hex") !== entry.leafHash)
      throw new IntegrityError("leaf-hash", "its bytes do not hash to the recorded leaf hash");
    statement = decodeLeaf(bytes);
  } catch (e) {
    missing(
      entry.key,
      `statement ${entry.key} is missing or does not match its log entry`,
      e.message
    );
    return;
  }
  if (statement.kind !== "manual") return;
  files.add(statement.key);
  try {
    await blobs.get(statement.key, statement.fileSha256);
  } catch (e) {
    missing(
      statement.key,
      `manual evidence file ${statement.key} is missing or does not hash to its statement's SHA-256`,
      e.message
    );
  }
}
async function findOrphanBlobs(blobs, ledger, seen, files, problems2) {
  for (const kind of LEAF_KINDS) {
    if (kind === "artifact") continue;
    for await (const key2 of blobs.list(kind)) {
      const sha3 = /([0-9a-f]{64})\.json$/.exec(key2)?.[1];
      if (sha3 && (seen.has(sha3) || await ledger.get(sha3))) continue;
      problems2.push({
        kind: "orphan-statement",
        key: key2,
        message: `${key2} is a stored ${kind} statement with no log entry`
      });
    }
  }
  for await (const key2 of blobs.list(MANUAL_FILES)) {
    if (files.has(key2)) continue;
    problems2.push({
      kind: "orphan-file",
      key: key2,
      message: `${key2} is a stored manual evidence file no logged statement names`
    });
  }
}
async function checkCheckpoints(deps, rootsAt, head, problems2) {
  let previous;
  const last = deps.checkpoints.length - 1;
  for (const [i, cp] of deps.checkpoints.entries()) {
    const { treeSize, rootHash, timestamp, origin } = cp.checkpoint;
    const label = `checkpoint of size ${treeSize} at ${timestamp}`;
    try {
      if (origin !== deps.origin)
        throw new IntegrityError("checkpoint-origin", `names log ${origin}, not ${deps.origin}`);
      verifyCheckpoint(cp, deps.publicKeyPem);
      const root = rootsAt.get(treeSize);
      if (root === void 0)
        throw new IntegrityError(
          "ledger-gap",
          `the log does not hold the ${treeSize} contiguous leaves it covers`
        );
      if (root !== rootHash)
        throw new IntegrityError(
          "checkpoint-root-mismatch",
          `the ${treeSize} leaves in the log hash to a root other than the one it signed: a recorded hash was rewritten`
        );
      if (previous) {
        const proof = await deps.ledger.consistencyProof(previous.checkpoint.treeSize, treeSize);
        verifyCheckpointConsistency(previous, cp, proof);
      }
      if (i === last) {
        const proof = await deps.ledger.consistencyProof(treeSize, head.treeSize);
        verifyConsistency(treeSize, head.treeSize, proof, rootHash, head.rootHash);
      }
    } catch (e) {
      problems2.push({ kind: "checkpoint", message: `${label} does not verify: ${e.message}` });
    }
    previous = cp;
  }
}
function gap(from, to) {
  const which = to - from === 1 ? `index ${from} is` : `indexes ${from}..${to - 1} are`;
  return { kind: "index-gap", index: from, message: `log ${which} missing: the indexes are not contiguous` };
}
async function temporaryFiles(root, dir) {
  let entries;
  try {
    entries = await readdir3(join5(root, dir), { withFileTypes: true });
  } catch (error) {
    if (error.code === "ENOENT") return [];
    throw error;
  }
  const out = [];
  for (const e of entries) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...await temporaryFiles(root, rel));
    else if (e.name.endsWith(".tmp")) out.push(rel);
  }
  return out.sort();
}
var init_log_audit = __esm({
  "shared/ledger/log-audit.ts"() {
    "use strict";
    init_errors();
    init_types2();
    init_audit();
    init_merkle_verify();
    init_verify_checkpoint();
    init_records();
    init_leaf();
    init_merkle();
    init_files();
  }
});

// shared/access/scope.ts
function engagementEndsAt(auditor) {
  return /* @__PURE__ */ new Date(`${auditor.endsOn}T00:00:00.000Z`);
}
function principalKey(arn2) {
  const m = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn2);
  if (m) return `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
  const role2 = /^arn:(aws[\w-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn2);
  return role2 ? `arn:${role2[1]}:iam::${role2[2]}:role/${role2[3]}` : arn2;
}
function authorize(principalArn, engagement2, auditors, now, framework) {
  const key2 = principalKey(principalArn);
  const mine = auditors.filter((a) => principalKey(a.principalArn) === key2);
  if (mine.length === 0) return deny("unknown-principal", "the caller is not a configured auditor principal");
  const auditor = mine.find((a) => a.engagement === engagement2);
  if (!auditor) return deny("other-engagement", `the caller is not an auditor of engagement ${engagement2}`);
  const endsAt = engagementEndsAt(auditor);
  if (now.getTime() >= endsAt.getTime())
    return deny("engagement-ended", `engagement ${engagement2} ended on ${auditor.endsOn}`);
  if (framework !== void 0 && !auditor.frameworks.includes(framework)) {
    return deny(
      "framework-not-in-engagement",
      `framework ${framework} is not part of engagement ${engagement2}`
    );
  }
  return { allowed: true, auditor, endsAt };
}
function deny(reason, message2) {
  return { allowed: false, reason, message: message2 };
}
function engagementPrefix(engagement2) {
  return `snapshots/${engagement2}/`;
}
var init_scope = __esm({
  "shared/access/scope.ts"() {
    "use strict";
  }
});

// shared/access/auditor-policy.ts
var auditor_policy_exports = {};
__export(auditor_policy_exports, {
  auditorAccess: () => auditorAccess
});
function auditorAccess(auditors, engagement2, api, trusted) {
  const auditor = auditors.find((a) => a.engagement === engagement2);
  if (!auditor)
    throw new ValidationError("engagement", [
      `${engagement2}: no auditor with this engagement in auditors[] (known: ${auditors.map((a) => a.engagement).join(", ") || "none"})`
    ]);
  const partition = api.partition ?? "aws";
  const endsAt = engagementEndsAt(auditor).toISOString().replace(".000Z", "Z");
  const until = { DateLessThan: { "aws:CurrentTime": endsAt } };
  const principal = principalKey(auditor.principalArn);
  const account = /^arn:[\w-]+:iam::(\d{12}):/.exec(principal)?.[1];
  if (account !== api.account)
    throw new ValidationError("auditors[]", [
      `${engagement2}: principalArn ${auditor.principalArn} must be a role in the platform account ${api.account}, which the audit firm assumes (--trusted)`
    ]);
  return {
    engagement: engagement2,
    principal,
    endsAt,
    identityPolicy: {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CallSnapshotApi",
          Effect: "Allow",
          Action: "execute-api:Invoke",
          Resource: ROUTES.map(
            (r) => `arn:${partition}:execute-api:${api.region}:${api.account}:${api.apiId}/$default/${r}`
          ),
          Condition: until
        }
      ]
    },
    trustStatement: {
      Sid: `AuditorOf${engagement2.replace(/[^A-Za-z0-9]/g, "")}`,
      Effect: "Allow",
      Principal: { AWS: trusted },
      Action: "sts:AssumeRole",
      Condition: { ...until, Bool: { "aws:MultiFactorAuthPresent": "true" } }
    }
  };
}
var ROUTES;
var init_auditor_policy = __esm({
  "shared/access/auditor-policy.ts"() {
    "use strict";
    init_errors();
    init_scope();
    ROUTES = ["GET/snapshots", "POST/snapshots", "POST/snapshots/*/url"];
  }
});

// shared/mapping/reasons.ts
function errorInWords(code) {
  if (code === void 0) return "the call failed";
  return WORDS[code] ?? `the call failed (${code})`;
}
function blindSpots(errors, reads) {
  return errors.map((x) => x).filter((e) => e.operation === void 0 || reads === void 0 || reads.includes(e.operation)).map((e) => ({
    ...e.resource !== void 0 ? { resource: e.resource } : {},
    ...e.operation !== void 0 ? { operation: e.operation } : {},
    why: errorInWords(e.code)
  }));
}
function describeBlind(blind) {
  const parts = blind.slice(0, 5).map((b) => {
    const what = b.resource ?? "part of the listing";
    return b.operation ? `${what} (${b.operation}: ${b.why})` : `${what} (${b.why})`;
  });
  const more = blind.length > 5 ? ` and ${blind.length - 5} more` : "";
  return `could not see ${parts.join(", ")}${more}`;
}
var WORDS;
var init_reasons = __esm({
  "shared/mapping/reasons.ts"() {
    "use strict";
    WORDS = {
      AccessDenied: "access was denied",
      Throttled: "the source kept throttling the requests",
      Timeout: "the request timed out",
      NotFound: "the source said it does not exist",
      InvalidSourceData: "the source answered in a shape that could not be read",
      SyntaxError: "the source answered with something that is not its API (the operation may be unsupported)"
    };
  }
});

// shared/mapping/engine.ts
function freshAt(e) {
  const observed = Date.parse(e.observedAt);
  const confirmed = e.confirmedAt === void 0 ? Number.NaN : Date.parse(e.confirmedAt);
  return confirmed > observed ? confirmed : observed;
}
function evidenceProblem(e, now, ttlHoursOf) {
  const ttl = ttlHoursOf(e.collector);
  if (ttl === void 0) return `collector ${e.collector} is not registered, so its evidence cannot be dated`;
  const ageMs = now.getTime() - freshAt(e);
  if (!(ageMs <= ttl * HOUR_MS)) {
    const hours = Number.isNaN(ageMs) ? "an unknown number of" : Math.floor(ageMs / HOUR_MS);
    return `evidence from ${e.collector} is stale: last observed ${hours} hours ago (ttl ${ttl}h)`;
  }
  if (e.data === null || e.data === void 0) {
    const blind = blindSpots(e.errors);
    return blind.length ? `collector ${e.collector} stored no data: ${describeBlind(blind)}` : `collector ${e.collector} stored no data`;
  }
  return void 0;
}
function partial(out, unseen) {
  if (out.status === "FAIL" || out.regardlessOfUnseen)
    return { status: out.status, reason: `${out.reason}; also ${unseen}`, failing: out.failing };
  const seen = out.status === "UNKNOWN" ? out.reason : `${out.reason} among what was read`;
  return { status: "UNKNOWN", reason: `${seen}, but ${unseen}`, failing: [] };
}
function judge(rule44, e, now, ttlHoursOf, thresholds) {
  const base3 = { rule: rule44.id, scope: e.scope };
  const problem = evidenceProblem(e, now, ttlHoursOf);
  if (problem) return { ...base3, status: "UNKNOWN", reason: problem, failing: [] };
  if (rule44.accepts && !rule44.accepts(e.data)) {
    return {
      ...base3,
      status: "UNKNOWN",
      reason: `data from ${e.collector} has a shape rule ${rule44.id} cannot read`,
      failing: []
    };
  }
  const blind = blindSpots(e.errors, rule44.reads);
  let out;
  try {
    out = rule44.evaluate(e.data, { now, thresholds, blind });
  } catch (err) {
    return {
      ...base3,
      status: "UNKNOWN",
      reason: `rule ${rule44.id} threw: ${err.message}`,
      failing: []
    };
  }
  if (blind.length > 0) out = partial(out, describeBlind(blind));
  else if (!e.complete && e.errors.length === 0)
    out = partial(out, `could not see everything: collector ${e.collector} marked its listing incomplete`);
  return { ...base3, status: out.status, reason: out.reason, failing: out.failing };
}
function evaluateControl(control, rules2, evidence, now, ttlHoursOf, options = {}) {
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const mine = rules2.filter((r) => r.controls.includes(control.id));
  const judgements = [];
  const used = /* @__PURE__ */ new Set();
  for (const rule44 of mine) {
    const inputs = evidence.filter((e) => e.collector === rule44.collector);
    if (inputs.length === 0) {
      judgements.push({
        rule: rule44.id,
        scope: "*",
        status: "UNKNOWN",
        reason: `no evidence from ${rule44.collector}`,
        failing: []
      });
    }
    for (const e of inputs) {
      used.add(e);
      judgements.push(judge(rule44, e, now, ttlHoursOf, thresholds));
    }
  }
  if (mine.length === 0) {
    judgements.push({
      rule: "-",
      scope: "*",
      status: "UNKNOWN",
      reason: `no rule evaluates ${control.id}`,
      failing: []
    });
  }
  const oldest = Math.min(...[...used].map(freshAt).filter((t) => !Number.isNaN(t)));
  return {
    controlId: control.id,
    ...combine(judgements),
    ruleVersions: Object.fromEntries(mine.map((r) => [r.id, r.version])),
    mappingVersion: control.version,
    artifacts: [...new Set([...used].map((e) => e.sha256))].sort(),
    ...observationsOf(used),
    observedAt: Number.isFinite(oldest) ? new Date(oldest).toISOString() : now.toISOString(),
    evaluatedAt: now.toISOString(),
    rules: judgements
  };
}
function observationsOf(used) {
  const cited = [...used].filter((e) => e.observation !== void 0 && freshAt(e) > Date.parse(e.observedAt));
  return cited.length ? { observations: [...new Set(cited.map((e) => e.observation))].sort() } : {};
}
function combine(js) {
  const label = (j) => j.scope === "*" ? `${j.rule}: ${j.reason}` : `${j.rule} @ ${j.scope}: ${j.reason}`;
  const fails = js.filter((j) => j.status === "FAIL");
  if (fails.length) {
    const failing = fails.flatMap(
      (j) => j.failing.map((f) => ({ ...f, resource: `${j.scope}/${f.resource}` }))
    );
    return { status: "FAIL", reason: fails.map(label).join("; "), failing };
  }
  const unknown6 = js.filter((j) => j.status === "UNKNOWN");
  if (unknown6.length) return { status: "UNKNOWN", reason: unknown6.map(label).join("; "), failing: [] };
  const passed = js.filter((j) => j.status === "PASS");
  if (passed.length === 0) return { status: "NOT_APPLICABLE", reason: js.map(label).join("; "), failing: [] };
  return { status: "PASS", reason: passed.map(label).join("; "), failing: [] };
}
var HOUR_MS;
var init_engine = __esm({
  "shared/mapping/engine.ts"() {
    "use strict";
    init_types();
    init_reasons();
    HOUR_MS = 36e5;
  }
});

// shared/collectors/aws-iam-credential-report/schema.ts
import * as z6 from "zod";
var instant, maybeInstant, AccessKeySchema, CredentialEntrySchema, schema;
var init_schema2 = __esm({
  "shared/collectors/aws-iam-credential-report/schema.ts"() {
    "use strict";
    instant = z6.iso.datetime({ offset: true });
    maybeInstant = instant.nullable();
    AccessKeySchema = z6.strictObject({
      active: z6.boolean(),
      lastRotated: maybeInstant,
      lastUsed: maybeInstant
    });
    CredentialEntrySchema = z6.strictObject({
      user: z6.string().min(1),
      arn: z6.string().startsWith("arn:"),
      createdAt: instant,
      /** null for the root account, whose password state the report gives as not_supported. */
      passwordEnabled: z6.boolean().nullable(),
      passwordLastUsed: maybeInstant,
      passwordLastChanged: maybeInstant,
      passwordNextRotation: maybeInstant,
      mfaActive: z6.boolean(),
      accessKey1: AccessKeySchema,
      accessKey2: AccessKeySchema,
      cert1Active: z6.boolean(),
      cert2Active: z6.boolean()
    });
    schema = z6.strictObject({
      /** When IAM generated the report (also the envelope's observedAt). */
      generatedAt: instant,
      /** The `<root_account>` row; null when the report has none (e.g. the emulator). */
      root: CredentialEntrySchema.nullable(),
      users: z6.array(CredentialEntrySchema)
    });
  }
});

// shared/collectors/aws-identity-center-users/schema.ts
import * as z7 from "zod";
var IDENTITY_CENTER_MFA_REASON, IdentityCenterUserSchema, IdentityCenterGroupSchema, schema2;
var init_schema3 = __esm({
  "shared/collectors/aws-identity-center-users/schema.ts"() {
    "use strict";
    IDENTITY_CENTER_MFA_REASON = "IAM Identity Center exposes no public API for users' MFA devices";
    IdentityCenterUserSchema = z7.strictObject({
      id: z7.string().min(1),
      userName: z7.string().min(1),
      /** Primary (else first) email, lower-cased and trimmed, for reconciliation across sources. */
      email: z7.string().nullable(),
      /** ENABLED or DISABLED; null when the store does not report it. */
      status: z7.string().nullable(),
      /** Ids of the groups the user is a direct member of (from groups whose memberships could be read). */
      groupIds: z7.array(z7.string()),
      /** Always UNKNOWN: no public API reports Identity Center MFA devices, and a gap is never a pass. */
      mfa: z7.strictObject({ status: z7.literal("UNKNOWN"), reason: z7.string().min(1) })
    });
    IdentityCenterGroupSchema = z7.strictObject({
      id: z7.string().min(1),
      displayName: z7.string().nullable(),
      /** null when the memberships could not be read (see errors). */
      memberUserIds: z7.array(z7.string()).nullable()
    });
    schema2 = z7.strictObject({
      identityStoreId: z7.string().min(1),
      region: z7.string().min(1),
      users: z7.array(IdentityCenterUserSchema),
      groups: z7.array(IdentityCenterGroupSchema)
    });
  }
});

// shared/collectors/entra-users/schema.ts
import * as z8 from "zod";
var isoInstant2, EntraUserFactSchema, EntraDeletedUserSchema, schema3;
var init_schema4 = __esm({
  "shared/collectors/entra-users/schema.ts"() {
    "use strict";
    isoInstant2 = z8.iso.datetime({ offset: true });
    EntraUserFactSchema = z8.strictObject({
      id: z8.string().min(1),
      /** Lower-cased and trimmed. */
      userPrincipalName: z8.string().min(1),
      /** `mail`, lower-cased and trimmed, for reconciliation across sources. */
      email: z8.string().nullable(),
      accountEnabled: z8.boolean().nullable(),
      /** Member or Guest. */
      userType: z8.string().nullable(),
      created: isoInstant2.nullable(),
      /** null when never signed in, or when sign-in activity is unavailable (see `signInActivityAvailable`). */
      lastSignIn: isoInstant2.nullable(),
      lastNonInteractiveSignIn: isoInstant2.nullable(),
      /** From userRegistrationDetails; null when the report has no entry for the user or could not be read. */
      mfa: z8.strictObject({ registered: z8.boolean(), capable: z8.boolean(), methods: z8.array(z8.string()) }).nullable(),
      /** Holds an Entra admin role (userRegistrationDetails.isAdmin); null when unknown. */
      isAdmin: z8.boolean().nullable()
    });
    EntraDeletedUserSchema = z8.strictObject({
      id: z8.string().min(1),
      userPrincipalName: z8.string().nullable(),
      email: z8.string().nullable(),
      deletedAt: isoInstant2.nullable()
    });
    schema3 = z8.strictObject({
      /** False when the tenant lacks Entra ID P1: every `lastSignIn` is then null because it is unknown. */
      signInActivityAvailable: z8.boolean(),
      users: z8.array(EntraUserFactSchema),
      /** Soft-deleted users (kept 30 days by Entra); null when the listing failed (see errors). */
      deletedUsers: z8.array(EntraDeletedUserSchema).nullable()
    });
  }
});

// shared/collectors/github-org/schema.ts
import * as z9 from "zod";
var login, schema4;
var init_schema5 = __esm({
  "shared/collectors/github-org/schema.ts"() {
    "use strict";
    login = z9.string().min(1);
    schema4 = z9.strictObject({
      org: login,
      /** null: GitHub did not show the setting (it is visible to organization owners only). */
      twoFactorRequirementEnabled: z9.boolean().nullable(),
      /** Base permission members get on every repository (`read`, `write`, `admin`, `none`); null when not shown. */
      defaultRepositoryPermission: z9.string().nullable(),
      members: z9.array(z9.strictObject({ login, role: z9.enum(["admin", "member"]) })),
      outsideCollaborators: z9.array(z9.strictObject({ login })),
      /** Logins of members without 2FA; null: could not be read (the envelope's errors say why). */
      membersWithout2fa: z9.array(login).nullable(),
      /** Logins of outside collaborators without 2FA; null: could not be read. */
      outsideCollaboratorsWithout2fa: z9.array(login).nullable()
    });
  }
});

// shared/collectors/google-workspace-users/schema.ts
import * as z10 from "zod";
var isoInstant3, GoogleUserFactSchema, GoogleDeletedUserSchema, schema5;
var init_schema6 = __esm({
  "shared/collectors/google-workspace-users/schema.ts"() {
    "use strict";
    isoInstant3 = z10.iso.datetime({ offset: true });
    GoogleUserFactSchema = z10.strictObject({
      id: z10.string().min(1),
      /** Lower-cased and trimmed, for reconciliation across sources. */
      primaryEmail: z10.string().min(1),
      /** Booleans are null when the Directory omitted them (unknown, never assumed false). */
      suspended: z10.boolean().nullable(),
      archived: z10.boolean().nullable(),
      isAdmin: z10.boolean().nullable(),
      isDelegatedAdmin: z10.boolean().nullable(),
      isEnrolledIn2Sv: z10.boolean().nullable(),
      isEnforcedIn2Sv: z10.boolean().nullable(),
      created: isoInstant3.nullable(),
      /** null when the user never signed in (the Directory reports 1970-01-01). */
      lastLogin: isoInstant3.nullable()
    });
    GoogleDeletedUserSchema = z10.strictObject({
      id: z10.string().min(1),
      primaryEmail: z10.string().min(1),
      deletedAt: isoInstant3.nullable()
    });
    schema5 = z10.strictObject({
      users: z10.array(GoogleUserFactSchema),
      /** Users deleted in the last 20 days (what the Directory still lists); null when that listing failed. */
      deletedUsers: z10.array(GoogleDeletedUserSchema).nullable()
    });
  }
});

// shared/collectors/okta-users/schema.ts
import * as z11 from "zod";
var isoInstant4, OktaFactorFactSchema, OktaUserFactSchema, schema6;
var init_schema7 = __esm({
  "shared/collectors/okta-users/schema.ts"() {
    "use strict";
    isoInstant4 = z11.iso.datetime({ offset: true });
    OktaFactorFactSchema = z11.strictObject({
      id: z11.string().min(1),
      factorType: z11.string().min(1),
      provider: z11.string().min(1),
      status: z11.string().min(1)
    });
    OktaUserFactSchema = z11.strictObject({
      id: z11.string().min(1),
      /** profile.login, lower-cased and trimmed. */
      login: z11.string().min(1),
      /** profile.email, lower-cased and trimmed, for reconciliation across sources. */
      email: z11.string().nullable(),
      /** STAGED, PROVISIONED, ACTIVE, RECOVERY, LOCKED_OUT, PASSWORD_EXPIRED, SUSPENDED or DEPROVISIONED. */
      status: z11.string().min(1),
      statusChanged: isoInstant4.nullable(),
      lastLogin: isoInstant4.nullable(),
      created: isoInstant4,
      /** Every factor the user has, in any status; null when they could not be read (see the envelope's errors). */
      factors: z11.array(OktaFactorFactSchema).nullable()
    });
    schema6 = z11.strictObject({
      /** Every user in every status, DEPROVISIONED included, sorted by id. */
      users: z11.array(OktaUserFactSchema)
    });
  }
});

// shared/reconcile/sources.ts
function parseIdentitySources(sources) {
  const parsed2 = [];
  const problems2 = [];
  for (const [collector28, inputs] of Object.entries(sources)) {
    const schema27 = IDENTITY_SCHEMAS[collector28];
    for (const input of inputs) {
      const at = { collector: collector28, scope: input.scope };
      if (!schema27) {
        problems2.push({
          ...at,
          code: "UnknownCollector",
          message: `${collector28} is not an identity collector`
        });
        continue;
      }
      const r = schema27.safeParse(input.data);
      if (!r.success) {
        problems2.push({ ...at, code: "InvalidInput", message: `${collector28} data fails its schema` });
        continue;
      }
      if (input.complete === false || (input.errors?.length ?? 0) > 0)
        problems2.push({
          ...at,
          code: "IncompleteInput",
          message: `${collector28} artifact ${input.sha256} is incomplete (${input.errors?.length ?? 0} error(s))`
        });
      parsed2.push({ collector: collector28, input, data: r.data });
    }
  }
  return { parsed: parsed2, problems: problems2 };
}
var IDENTITY_SCHEMAS, IDP_COLLECTORS, IDENTITY_COLLECTORS;
var init_sources = __esm({
  "shared/reconcile/sources.ts"() {
    "use strict";
    init_schema2();
    init_schema3();
    init_schema4();
    init_schema5();
    init_schema6();
    init_schema7();
    IDENTITY_SCHEMAS = {
      "okta-users": schema6,
      "entra-users": schema3,
      "google-workspace-users": schema5,
      "aws-identity-center-users": schema2,
      "aws-iam-credential-report": schema,
      "github-org": schema4
    };
    IDP_COLLECTORS = [
      "okta-users",
      "entra-users",
      "google-workspace-users"
    ];
    IDENTITY_COLLECTORS = Object.keys(IDENTITY_SCHEMAS);
  }
});

// shared/reconcile/load.ts
async function loadIdentitySources(loader, only = IDENTITY_COLLECTORS) {
  const out = {};
  for (const id of only) {
    const latest = await loader.latest(id);
    if (latest.length === 0) continue;
    out[id] = latest.map((e) => ({
      scope: e.scope,
      sha256: e.sha256,
      observedAt: new Date(freshAt(e)).toISOString(),
      data: e.data,
      complete: e.complete,
      errors: e.errors
    }));
  }
  return out;
}
var init_load2 = __esm({
  "shared/reconcile/load.ts"() {
    "use strict";
    init_engine();
    init_sources();
  }
});

// shared/collectors/access-reconciliation/extras.ts
function configuredIdentityCollectors(config) {
  const idp = config.identityProviders;
  const has = {
    "okta-users": !!idp.okta,
    "entra-users": !!idp.entra,
    "google-workspace-users": !!idp.googleWorkspace,
    "aws-identity-center-users": !!idp.identityCenter,
    "aws-iam-credential-report": true,
    "github-org": !!config.github
  };
  return IDENTITY_COLLECTORS.filter((id) => has[id] && config.collectors[id]?.enabled !== false);
}
async function reconciliationExtras(config, evidence) {
  return {
    identitySources: await loadIdentitySources(evidence, configuredIdentityCollectors(config)),
    deprovisioningSlaHours: config.accessReconciliation.deprovisioningSlaHours,
    identityLinks: config.accessReconciliation.identityLinks
  };
}
var RECONCILIATION_SCOPE, RECONCILIATION_ID;
var init_extras = __esm({
  "shared/collectors/access-reconciliation/extras.ts"() {
    "use strict";
    init_load2();
    init_sources();
    RECONCILIATION_SCOPE = { tenant: "all" };
    RECONCILIATION_ID = "access-reconciliation";
  }
});

// shared/kernel/errors.ts
function classifyError(err) {
  const e = err;
  const name = `${e?.name ?? ""} ${e?.code ?? ""}`;
  const status2 = e?.status ?? e?.$metadata?.httpStatusCode;
  const message2 = (e?.message ?? String(err)).slice(0, 500);
  if (e?.name === "InvalidSourceDataError") return { code: "InvalidSourceData", message: message2 };
  if (ACCESS.test(name) || status2 === 403 || status2 === 401) return { code: "AccessDenied", message: message2 };
  if (THROTTLE.test(name) || status2 === 429) return { code: "Throttled", message: message2 };
  if (TIMEOUT.test(name) || TIMEOUT.test(message2)) return { code: "Timeout", message: message2 };
  if (status2 === 404 || /NotFound|NoSuch/i.test(name)) return { code: "NotFound", message: message2 };
  return { code: e?.name || "Error", message: message2 };
}
async function essentialCall(resource2, operation, fn) {
  try {
    return await fn();
  } catch (err) {
    throw new SourceCallError(resource2, operation, err);
  }
}
function runFailure(err) {
  if (err instanceof SourceCallError)
    return { ...classifyError(err.failure), resource: err.resource, operation: err.operation };
  return { ...classifyError(err), operation: "collect" };
}
var ACCESS, THROTTLE, TIMEOUT, SourceCallError;
var init_errors2 = __esm({
  "shared/kernel/errors.ts"() {
    "use strict";
    ACCESS = /AccessDenied|UnauthorizedOperation|AuthorizationError|Forbidden|NotAuthorized|AccessDeniedException/i;
    THROTTLE = /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown|RateExceeded|429/i;
    TIMEOUT = /Timeout|TimedOut|ETIMEDOUT|ECONNRESET|AbortError/i;
    SourceCallError = class extends Error {
      constructor(resource2, operation, failure) {
        super(
          `${operation} on ${resource2} failed: ${failure?.message ?? String(failure)}`
        );
        this.resource = resource2;
        this.operation = operation;
        this.failure = failure;
        this.name = "SourceCallError";
      }
      resource;
      operation;
      failure;
    };
  }
});

// shared/kernel/provenance.ts
function stripPaging(params) {
  const out = {};
  for (const [k, v] of Object.entries(params)) {
    if (!PAGING_KEYS.has(k) && v !== void 0 && typeof v !== "function" && !(v instanceof Uint8Array))
      out[k] = v;
  }
  return out;
}
function countItems(output) {
  if (!output || typeof output !== "object") return 0;
  let best = -1;
  for (const [k, v] of Object.entries(output)) {
    if (k !== "$metadata" && Array.isArray(v)) best = Math.max(best, v.length);
  }
  return best >= 0 ? best : 1;
}
var PAGING_KEYS, ProvenanceRecorder;
var init_provenance = __esm({
  "shared/kernel/provenance.ts"() {
    "use strict";
    PAGING_KEYS = /* @__PURE__ */ new Set([
      "Marker",
      "NextToken",
      "ContinuationToken",
      "StartingToken",
      "StartAfter",
      "nextToken"
    ]);
    ProvenanceRecorder = class {
      ops = /* @__PURE__ */ new Map();
      identityArn = "unknown";
      notes = [];
      setIdentity(identity) {
        this.identityArn = identity;
      }
      get identity() {
        return this.identityArn;
      }
      note(text3) {
        this.notes.push(text3);
      }
      /** Records one page (one request) of an operation. */
      record(entry) {
        const params = stripPaging(entry.params ?? {});
        const id = `${entry.service}\0${entry.operation}\0${JSON.stringify(params)}`;
        const op = this.ops.get(id) ?? {
          service: entry.service,
          operation: entry.operation,
          params,
          pages: 0,
          items: 0,
          requestIds: []
        };
        op.pages += 1;
        op.items += entry.items;
        if (entry.requestId) op.requestIds.push(entry.requestId);
        if (entry.error) op.error = entry.error;
        this.ops.set(id, op);
      }
      operations() {
        return [...this.ops.values()];
      }
      /** Total requests made. */
      requestCount() {
        let n = 0;
        for (const op of this.ops.values()) n += op.pages;
        return n;
      }
      allNotes() {
        return [...this.notes];
      }
    };
  }
});

// shared/sources/aws/clients.ts
function createAwsClientFactory(connection, defaultRegion, recorder2) {
  const cache = /* @__PURE__ */ new Map();
  return (ctor, region2 = defaultRegion) => {
    const perRegion = cache.get(ctor) ?? /* @__PURE__ */ new Map();
    cache.set(ctor, perRegion);
    const hit = perRegion.get(region2);
    if (hit) return hit;
    const config = {
      region: region2,
      retryMode: "adaptive",
      maxAttempts: connection.maxAttempts ?? 6,
      ...connection.endpoint ? { endpoint: connection.endpoint } : {},
      ...connection.credentials ? { credentials: connection.credentials } : {},
      ...connection.forcePathStyle ? { forcePathStyle: true } : {}
    };
    let client = new ctor(config);
    if (connection.endpoint && ACCOUNT_HOST_SERVICES.has(serviceId(client)))
      client = new ctor({ ...config, ...fixedEndpoint(connection.endpoint) });
    attachProvenance(client, recorder2);
    perRegion.set(region2, client);
    return client;
  };
}
function attachProvenance(client, recorder2) {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const service = (context.clientName ?? "Unknown").replace(/Client$/, "");
      const operation = (context.commandName ?? "Unknown").replace(/Command$/, "");
      try {
        const result = await next(args);
        const meta28 = result.output.$metadata;
        recorder2.record({
          service,
          operation,
          params: args.input,
          items: countItems(result.output),
          ...meta28?.requestId ? { requestId: meta28.requestId } : {}
        });
        return result;
      } catch (err) {
        const e = err;
        recorder2.record({
          service,
          operation,
          params: args.input,
          items: 0,
          error: e.name ?? "Error",
          ...e.$metadata?.requestId ? { requestId: e.$metadata.requestId } : {}
        });
        throw err;
      }
    },
    { step: "initialize", name: "fluxProvenance", priority: "high" }
  );
}
var ACCOUNT_HOST_SERVICES, serviceId, fixedEndpoint;
var init_clients = __esm({
  "shared/sources/aws/clients.ts"() {
    "use strict";
    init_provenance();
    ACCOUNT_HOST_SERVICES = /* @__PURE__ */ new Set(["S3 Control"]);
    serviceId = (client) => client.config.serviceId ?? "";
    fixedEndpoint = (url4) => ({ endpointProvider: () => ({ url: new URL(url4) }) });
  }
});

// shared/kernel/runner.ts
var runner_exports = {};
__export(runner_exports, {
  collectEnvelope: () => collectEnvelope,
  recordObservation: () => recordObservation,
  runCollector: () => runCollector,
  scopeKey: () => scopeKey
});
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
function scopeKey(scope) {
  return Object.entries(scope).filter(([, v]) => v !== void 0).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(",");
}
async function runCollector(collector28, scope, deps) {
  const { envelope, requests } = await collectEnvelope(collector28, scope, deps);
  return storeEnvelope(envelope, requests, deps);
}
async function collectEnvelope(collector28, scope, deps) {
  const provenance = new ProvenanceRecorder();
  for (const n of deps.notes ?? []) provenance.note(n);
  const region2 = scope.region && scope.region !== "global" ? scope.region : "us-east-1";
  const aws = createAwsClientFactory(deps.connection, region2, provenance);
  const errors = [];
  const ctx = {
    scope,
    now: deps.now,
    aws,
    provenance,
    extras: deps.extras ?? {},
    recordError: (e) => errors.push(e),
    async tryResource(resource2, operation, fn) {
      try {
        return await fn();
      } catch (err) {
        errors.push({ ...classifyError(err), resource: resource2, operation });
        return void 0;
      }
    }
  };
  const collectedAt = deps.now().toISOString();
  if (collector28.meta.source === "aws") {
    const who = await ctx.tryResource(
      "sts",
      "GetCallerIdentity",
      () => aws(STSClient).send(new GetCallerIdentityCommand({}))
    );
    provenance.setIdentity(who?.Arn ?? "unknown");
  } else {
    provenance.setIdentity(deps.identity ?? collector28.meta.source);
  }
  let data = null;
  let observedAt = collectedAt;
  try {
    const out = await collector28.collect(ctx);
    const parsed2 = collector28.schema.safeParse(out.data);
    if (parsed2.success) {
      data = parsed2.data;
      observedAt = out.observedAt ?? collectedAt;
    } else {
      errors.push({
        code: "InvalidSourceData",
        message: `the source returned data that fails the ${collector28.meta.id} schema: ${formatIssues(parsed2.error.issues).slice(0, 20).join("; ")}`
      });
    }
  } catch (err) {
    errors.push(runFailure(err));
  }
  const envelope = {
    schema: ENVELOPE_SCHEMA,
    collector: collector28.meta.id,
    collectorVersion: collector28.meta.version,
    scope,
    observedAt,
    collectedAt,
    provenance: {
      identity: provenance.identity,
      operations: provenance.operations(),
      complete: errors.length === 0,
      ...provenance.allNotes().length ? { notes: provenance.allNotes() } : {}
    },
    data,
    errors
  };
  return { envelope, requests: provenance.requestCount() };
}
async function storeEnvelope(envelope, requests, deps) {
  const sKey = scopeKey(envelope.scope);
  const contentHash = sha256Hex(
    canonicalBytes({
      collector: envelope.collector,
      collectorVersion: envelope.collectorVersion,
      scope: envelope.scope,
      data: envelope.data,
      errors: envelope.errors
    })
  );
  const base3 = { collector: envelope.collector, scope: envelope.scope, requests };
  const latest = await deps.index?.latest(envelope.collector, sKey);
  if (latest && latest.contentHash === contentHash) {
    const observation = deps.statements ? await recordObservation(
      {
        collector: envelope.collector,
        scope: sKey,
        artifactSha256: latest.sha256,
        observedAt: envelope.observedAt,
        collectedAt: envelope.collectedAt,
        runId: deps.runId ?? envelope.collectedAt
      },
      { statements: deps.statements, ledger: deps.ledger }
    ) : void 0;
    const { observation: _previous, ...pointer } = latest;
    await deps.index.put(envelope.collector, sKey, {
      ...pointer,
      confirmedAt: envelope.collectedAt,
      ...observation ? { observation: observation.sha256 } : {}
    });
    return {
      ...base3,
      outcome: "unchanged",
      sha256: latest.sha256,
      key: latest.key,
      envelope,
      ...observation ? { observation } : {}
    };
  }
  const sealed = sealEnvelope(envelope);
  const stored = await deps.store.put(sealed);
  const appended = await deps.ledger.append({
    sha256: sealed.sha256,
    key: stored.key,
    collector: envelope.collector,
    scope: sKey,
    observedAt: envelope.observedAt,
    collectedAt: envelope.collectedAt
  });
  await deps.index?.put(envelope.collector, sKey, {
    sha256: sealed.sha256,
    key: stored.key,
    contentHash,
    observedAt: envelope.observedAt,
    confirmedAt: envelope.collectedAt
  });
  return {
    ...base3,
    outcome: "stored",
    sha256: sealed.sha256,
    key: stored.key,
    ...appended.index !== void 0 ? { ledgerIndex: appended.index } : {},
    envelope
  };
}
async function recordObservation(observation, deps) {
  const statement = { leaf: LEAF_SCHEMA, kind: "observation", ...observation };
  const { bytes, sha256: sha2562 } = encodeStatement(statement);
  const key2 = statementKey("observation", statement.collectedAt, sha2562);
  await deps.statements.put(key2, bytes, "application/json");
  const hash = leafHash(bytes).toString("hex");
  const appended = await deps.ledger.append({
    sha256: sha2562,
    key: key2,
    collector: statement.collector,
    scope: statement.scope,
    observedAt: statement.observedAt,
    collectedAt: statement.collectedAt,
    leafHash: hash
  });
  return {
    sha256: sha2562,
    key: key2,
    leafHash: hash,
    statement,
    ...appended.index !== void 0 ? { ledgerIndex: appended.index } : {}
  };
}
var init_runner = __esm({
  "shared/kernel/runner.ts"() {
    "use strict";
    init_artifact();
    init_canonical();
    init_envelope();
    init_errors();
    init_leaf();
    init_merkle();
    init_files();
    init_clients();
    init_errors2();
    init_provenance();
  }
});

// shared/kernel/collect-all.ts
import pLimit from "p-limit";
async function collectAll(units, deps, options) {
  const overall = pLimit(options.concurrency);
  const perAccount = /* @__PURE__ */ new Map();
  const results = [];
  const failures = [];
  await Promise.all(
    units.map((unit) => {
      const key2 = unit.scope.account ?? unit.scope.org ?? unit.scope.tenant ?? "-";
      if (!perAccount.has(key2)) perAccount.set(key2, pLimit(options.perAccountConcurrency));
      return perAccount.get(key2)(
        () => overall(async () => {
          try {
            const r = await runCollector(unit.collector, unit.scope, {
              ...deps,
              connection: unit.connection
            });
            results.push(r);
            options.onResult?.(r);
          } catch (err) {
            failures.push({ collector: unit.collector.meta.id, scope: unit.scope, ...classifyError(err) });
          }
        })
      );
    })
  );
  return { results, failures };
}
var init_collect_all = __esm({
  "shared/kernel/collect-all.ts"() {
    "use strict";
    init_errors2();
    init_runner();
  }
});

// shared/kernel/plan.ts
var plan_exports = {};
__export(plan_exports, {
  MEMBER_PLANNER_ACTIONS: () => MEMBER_PLANNER_ACTIONS,
  planUnits: () => planUnits,
  resolveAccounts: () => resolveAccounts
});
import { DescribeRegionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand as GetCallerIdentityCommand2, STSClient as STSClient2 } from "@aws-sdk/client-sts";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
async function resolveAccounts(aws, base3, homeRegion) {
  const who = await new STSClient2(clientConfig(base3, homeRegion)).send(new GetCallerIdentityCommand2({}));
  const self = who.Account;
  let ids;
  if (aws.accounts.mode === "current") ids = [self];
  else if (aws.accounts.mode === "list") ids = aws.accounts.ids;
  else {
    ids = [];
    const exclude = new Set(aws.accounts.exclude);
    const org = new OrganizationsClient(clientConfig(base3, homeRegion));
    for await (const page3 of paginateListAccounts({ client: org }, {})) {
      for (const a of page3.Accounts ?? []) {
        const active = a.State ? a.State === "ACTIVE" : a.Status === "ACTIVE";
        if (a.Id && active && !exclude.has(a.Id)) ids.push(a.Id);
      }
    }
  }
  return [...new Set(ids)].sort().map((account) => ({
    account,
    connection: account === self ? base3 : {
      ...base3,
      credentials: fromTemporaryCredentials({
        params: {
          RoleArn: `arn:aws:iam::${account}:role/${aws.memberRoleName}`,
          RoleSessionName: "flux-evidence-collector",
          DurationSeconds: 3600,
          ...aws.externalId ? { ExternalId: aws.externalId } : {}
        },
        ...base3.credentials ? { masterCredentials: base3.credentials } : {},
        clientConfig: clientConfig(base3, homeRegion)
      })
    }
  }));
}
async function resolveRegions(aws, target, homeRegion) {
  if (aws.regions !== "all-enabled") return aws.regions;
  const res = await new EC2Client(clientConfig(target.connection, homeRegion)).send(
    new DescribeRegionsCommand({ AllRegions: false })
  );
  return (res.Regions ?? []).map((r) => r.RegionName).filter(Boolean).sort();
}
async function planUnits(collectors2, aws, base3, homeRegion) {
  const awsCollectors = collectors2.filter((c) => c.meta.source === "aws");
  const units = [];
  for (const target of await resolveAccounts(aws, base3, homeRegion)) {
    const needsRegions = awsCollectors.some((c) => c.meta.scope === "regional");
    const regions = needsRegions ? await resolveRegions(aws, target, homeRegion) : [];
    for (const collector28 of awsCollectors) {
      const scopes = collector28.meta.scope === "regional" ? regions.map((region2) => ({ account: target.account, region: region2 })) : [{ account: target.account, region: "global" }];
      for (const scope of scopes) units.push({ collector: collector28, scope, connection: target.connection });
    }
  }
  return units;
}
var clientConfig, MEMBER_PLANNER_ACTIONS;
var init_plan = __esm({
  "shared/kernel/plan.ts"() {
    "use strict";
    clientConfig = (c, region2) => ({
      region: region2,
      ...c.endpoint ? { endpoint: c.endpoint } : {},
      ...c.credentials ? { credentials: c.credentials } : {}
    });
    MEMBER_PLANNER_ACTIONS = ["ec2:DescribeRegions"];
  }
});

// shared/reconcile/records.ts
function idpRecords(s) {
  const out = [];
  const add = (email3, active, status2, changedAt) => {
    if (email3) out.push({ email: email3, source: s.collector, active, status: status2, changedAt });
  };
  if (s.collector === "okta-users") {
    for (const u2 of s.data.users)
      add(normalize(u2.email ?? u2.login), !OKTA_INACTIVE.has(u2.status), u2.status, u2.statusChanged);
  } else if (s.collector === "entra-users") {
    const d = s.data;
    for (const u2 of d.users)
      add(
        normalize(u2.email ?? u2.userPrincipalName),
        u2.accountEnabled !== false,
        u2.accountEnabled === false ? "disabled" : "enabled",
        null
      );
    for (const u2 of d.deletedUsers ?? [])
      add(normalize(u2.email ?? u2.userPrincipalName), false, "deleted", u2.deletedAt);
  } else if (s.collector === "google-workspace-users") {
    const d = s.data;
    for (const u2 of d.users) {
      const status2 = u2.suspended ? "suspended" : u2.archived ? "archived" : "active";
      add(normalize(u2.primaryEmail), status2 === "active", status2, null);
    }
    for (const u2 of d.deletedUsers ?? []) add(normalize(u2.primaryEmail), false, "deleted", u2.deletedAt);
  }
  return out;
}
function accountRecords(s) {
  const out = [];
  if (s.collector === "aws-iam-credential-report") {
    for (const u2 of s.data.users) {
      const access = [
        ...u2.passwordEnabled ? ["console password"] : [],
        ...u2.accessKey1.active ? ["active access key 1"] : [],
        ...u2.accessKey2.active ? ["active access key 2"] : [],
        ...u2.cert1Active || u2.cert2Active ? ["active signing certificate"] : []
      ];
      if (access.length === 0) continue;
      const name = u2.user.toLowerCase();
      out.push({
        source: s.collector,
        resource: u2.arn,
        access,
        linkKeys: [`iam:${name}`, `iam:${u2.arn.toLowerCase()}`],
        email: looksLikeEmail(name) ? name : null
      });
    }
  } else if (s.collector === "github-org") {
    const d = s.data;
    const gh = (login2, access) => ({
      source: s.collector,
      resource: `github:${d.org}/${login2}`,
      access: [access],
      linkKeys: [`github:${login2.toLowerCase()}`],
      email: null
    });
    for (const m of d.members) out.push(gh(m.login, m.role === "admin" ? "org owner" : "org member"));
    for (const c of d.outsideCollaborators) out.push(gh(c.login, "outside collaborator"));
  } else if (s.collector === "aws-identity-center-users") {
    const d = s.data;
    for (const u2 of d.users) {
      if (u2.status === "DISABLED") continue;
      out.push({
        source: s.collector,
        resource: `identitycenter:${d.identityStoreId}/${u2.userName}`,
        access: [`identity center user (${u2.status ?? "status not reported"})`],
        linkKeys: [`identitycenter:${u2.userName.toLowerCase()}`],
        email: normalize(u2.email)
      });
    }
  }
  return out;
}
var normalize, looksLikeEmail, OKTA_INACTIVE;
var init_records2 = __esm({
  "shared/reconcile/records.ts"() {
    "use strict";
    normalize = (s) => {
      const t = s?.trim().toLowerCase();
      return t ? t : null;
    };
    looksLikeEmail = (s) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s);
    OKTA_INACTIVE = /* @__PURE__ */ new Set(["SUSPENDED", "DEPROVISIONED"]);
  }
});

// shared/reconcile/reconcile.ts
function reconcileAccess(sources, opts) {
  const links = new Map(
    Object.entries(opts.identityLinks ?? {}).map(([k, v]) => [k.trim().toLowerCase(), normalize(v)])
  );
  const people = /* @__PURE__ */ new Map();
  for (const s of sources.filter((x) => IDP_COLLECTORS.includes(x.collector)))
    for (const r of idpRecords(s)) people.set(r.email, [...people.get(r.email) ?? [], r]);
  const inputs = sources.map((s) => ({
    collector: s.collector,
    scope: s.input.scope,
    sha256: s.input.sha256,
    observedAt: s.input.observedAt,
    records: IDP_COLLECTORS.includes(s.collector) ? idpRecords(s).length : accountRecords(s).length
  }));
  const activeOf = /* @__PURE__ */ new Map();
  const orphans = [];
  let linkedAccounts = 0;
  for (const s of sources.filter((x) => !IDP_COLLECTORS.includes(x.collector))) {
    for (const a of accountRecords(s)) {
      const linked = a.linkKeys.map((k) => links.get(k)).find((e) => e !== void 0);
      const email3 = linked ?? a.email;
      const account = { source: a.source, resource: a.resource, access: [...a.access] };
      if (!email3) orphans.push({ ...account, reason: "no link to an IdP identity", email: null });
      else if (!people.has(email3))
        orphans.push({ ...account, reason: "joined to an email no identity provider lists", email: email3 });
      else {
        linkedAccounts++;
        activeOf.set(email3, [...activeOf.get(email3) ?? [], account]);
      }
    }
  }
  const leavers = [];
  for (const [email3, records] of [...people].sort(([a], [b]) => a.localeCompare(b))) {
    if (records.some((r) => r.active)) continue;
    const times = records.map((r) => r.changedAt).filter((t) => t !== null);
    const deprovisionedAt = times.length ? times.reduce((a, b) => Date.parse(a) <= Date.parse(b) ? a : b) : null;
    const stillActive = [...activeOf.get(email3) ?? []].sort((a, b) => a.resource.localeCompare(b.resource));
    const open3 = stillActive.length > 0;
    const latencyHours = open3 && deprovisionedAt !== null ? Math.max(0, Math.round((opts.now.getTime() - Date.parse(deprovisionedAt)) / HOUR_MS2 * 100) / 100) : null;
    leavers.push({
      email: email3,
      idp: records.map((r) => ({ source: r.source, status: r.status, changedAt: r.changedAt })),
      deprovisionedAt,
      stillActive,
      open: open3,
      latencyHours,
      breachesSla: open3 && (latencyHours === null || latencyHours > opts.deprovisioningSlaHours)
    });
  }
  return {
    asOf: opts.now.toISOString(),
    deprovisioningSlaHours: opts.deprovisioningSlaHours,
    inputs,
    idpIdentities: people.size,
    linkedAccounts,
    leavers,
    orphans: orphans.sort((a, b) => a.resource.localeCompare(b.resource))
  };
}
var HOUR_MS2;
var init_reconcile = __esm({
  "shared/reconcile/reconcile.ts"() {
    "use strict";
    init_records2();
    init_sources();
    HOUR_MS2 = 36e5;
  }
});

// shared/kernel/types.ts
function defineCollector(collector28) {
  return collector28;
}
function requestedPageSize(ctx) {
  return typeof ctx.extras.pageSize === "number" ? ctx.extras.pageSize : void 0;
}
var init_types3 = __esm({
  "shared/kernel/types.ts"() {
    "use strict";
  }
});

// shared/collectors/access-reconciliation/meta.ts
var meta;
var init_meta = __esm({
  "shared/collectors/access-reconciliation/meta.ts"() {
    "use strict";
    meta = {
      id: "access-reconciliation",
      version: "1.0.0",
      title: "Access reconciliation: leavers still active elsewhere, unowned accounts, deprovisioning latency",
      source: "derived",
      scope: "tenant",
      schedule: "rate(1 day)",
      ttlHours: 36,
      // Reads stored evidence only (the evidence bucket and the ledger's content index).
      permissions: ["s3:GetObject", "dynamodb:GetItem", "dynamodb:Query"]
    };
  }
});

// shared/collectors/access-reconciliation/schema.ts
import * as z12 from "zod";
var isoInstant5, ReconciliationInputSchema, ActiveAccountSchema, IdpStatusSchema, LeaverSchema, OrphanSchema, schema7;
var init_schema8 = __esm({
  "shared/collectors/access-reconciliation/schema.ts"() {
    "use strict";
    isoInstant5 = z12.iso.datetime({ offset: true });
    ReconciliationInputSchema = z12.strictObject({
      collector: z12.string().min(1),
      scope: z12.string().min(1),
      sha256: z12.string().regex(/^[0-9a-f]{64}$/),
      /** When the input's facts were last seen to hold (its observedAt, or a later re-observation). */
      observedAt: isoInstant5,
      /** Identities (IdP users) or accounts (IAM, GitHub, Identity Center) read from it. */
      records: z12.number().int().nonnegative()
    });
    ActiveAccountSchema = z12.strictObject({
      /** Collector the account was read from, e.g. `aws-iam-credential-report`, `github-org`. */
      source: z12.string().min(1),
      /** Stable resource name: IAM user ARN, `github:<org>/<login>`, `identitycenter:<storeId>/<userName>`. */
      resource: z12.string().min(1),
      /** Why it counts as active, e.g. `console password`, `active access key`, `org member`. */
      access: z12.array(z12.string().min(1)).min(1)
    });
    IdpStatusSchema = z12.strictObject({
      source: z12.string().min(1),
      /** The IdP's word: DEPROVISIONED, SUSPENDED, disabled, deleted, suspended. */
      status: z12.string().min(1),
      /** When the IdP says the status changed; null when the IdP does not report it. */
      changedAt: isoInstant5.nullable()
    });
    LeaverSchema = z12.strictObject({
      /** Normalized (lower-cased) email: the join key. */
      email: z12.string().min(1),
      idp: z12.array(IdpStatusSchema).min(1),
      /** The earliest known status change across the IdPs; null when none reports a time. */
      deprovisionedAt: isoInstant5.nullable(),
      /** Accounts elsewhere still active for this person; empty: fully deprovisioned (as far as the inputs show). */
      stillActive: z12.array(ActiveAccountSchema),
      /** Open: some access remains. */
      open: z12.boolean(),
      /** For open leavers: hours from `deprovisionedAt` to `asOf` (latency so far); null when either is unknown or closed. */
      latencyHours: z12.number().nonnegative().nullable(),
      /** Open and beyond the SLA, or open with an unknown change time (a gap is never within SLA). Closed: false. */
      breachesSla: z12.boolean()
    });
    OrphanSchema = ActiveAccountSchema.extend({
      /** `no link`: not joined to any IdP identity; `unknown identity`: linked or named to an email no IdP lists. */
      reason: z12.string().min(1),
      /** The email it was joined to, when a link or email named one. */
      email: z12.string().nullable()
    });
    schema7 = z12.strictObject({
      /** The time the latencies are measured to (the collection time). */
      asOf: isoInstant5,
      deprovisioningSlaHours: z12.number().positive(),
      inputs: z12.array(ReconciliationInputSchema),
      /** Distinct people (normalized emails) the identity providers list, in any status. */
      idpIdentities: z12.number().int().nonnegative(),
      /** Active accounts outside the IdPs that were joined to an IdP identity. */
      linkedAccounts: z12.number().int().nonnegative(),
      leavers: z12.array(LeaverSchema),
      orphans: z12.array(OrphanSchema)
    });
  }
});

// shared/collectors/access-reconciliation/collector.ts
function requireExtras(extras) {
  const issues = [];
  if (typeof extras.identitySources !== "object" || extras.identitySources === null)
    issues.push("extras.identitySources: the latest identity artifacts are required");
  const sla = extras.deprovisioningSlaHours;
  if (typeof sla !== "number" || !(sla > 0))
    issues.push("extras.deprovisioningSlaHours: a positive number is required");
  if (issues.length) throw new ValidationError("access-reconciliation extras", issues);
  return extras;
}
var collector;
var init_collector = __esm({
  "shared/collectors/access-reconciliation/collector.ts"() {
    "use strict";
    init_errors();
    init_sources();
    init_reconcile();
    init_types3();
    init_meta();
    init_schema8();
    collector = defineCollector({
      meta,
      schema: schema7,
      async collect(ctx) {
        const extras = requireExtras(ctx.extras);
        const { parsed: parsed2, problems: problems2 } = parseIdentitySources(extras.identitySources);
        for (const p of problems2)
          ctx.recordError({
            code: p.code,
            message: p.message,
            resource: `${p.collector}@${p.scope}`,
            operation: "read-evidence"
          });
        for (const s of parsed2) {
          ctx.provenance.record({
            service: "evidence-store",
            operation: "ReadLatestArtifact",
            params: { collector: s.collector, scope: s.input.scope, sha256: s.input.sha256 },
            items: 1
          });
          ctx.provenance.note(
            `input ${s.collector} ${s.input.scope} sha256:${s.input.sha256} observed ${s.input.observedAt}`
          );
        }
        const absent = IDENTITY_COLLECTORS.filter((id) => !(id in extras.identitySources));
        if (absent.length)
          ctx.provenance.note(`no input from ${absent.join(", ")} (not configured or never collected)`);
        if (!parsed2.some((s) => IDP_COLLECTORS.includes(s.collector)))
          ctx.recordError({
            code: "NoIdentityProvider",
            message: `no evidence from any identity provider (${IDP_COLLECTORS.join(", ")}): leavers cannot be known`,
            operation: "read-evidence"
          });
        ctx.provenance.note(
          "Join: normalized email; IAM users, GitHub logins and Identity Center user names join through accessReconciliation.identityLinks, else through an email their source gives; names are never guessed."
        );
        const now = ctx.now();
        const data = reconcileAccess(parsed2, {
          now,
          deprovisioningSlaHours: extras.deprovisioningSlaHours,
          ...extras.identityLinks ? { identityLinks: extras.identityLinks } : {}
        });
        const oldest = parsed2.map((s) => Date.parse(s.input.observedAt)).filter((t) => !Number.isNaN(t));
        return { data, ...oldest.length ? { observedAt: new Date(Math.min(...oldest)).toISOString() } : {} };
      }
    });
  }
});

// shared/collectors/aws-backup-plans/meta.ts
var meta2;
var init_meta2 = __esm({
  "shared/collectors/aws-backup-plans/meta.ts"() {
    "use strict";
    meta2 = {
      id: "aws-backup-plans",
      version: "1.0.0",
      title: "AWS Backup plans (rules, schedules, retention, selections) and vaults (encryption, lock)",
      source: "aws",
      scope: "regional",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: [
        "backup:ListBackupPlans",
        "backup:GetBackupPlan",
        "backup:ListBackupSelections",
        "backup:ListBackupVaults"
      ]
    };
  }
});

// shared/collectors/aws-backup-plans/schema.ts
import * as z13 from "zod";
var BackupRuleSchema, BackupPlanSchema, BackupVaultSchema, schema8;
var init_schema9 = __esm({
  "shared/collectors/aws-backup-plans/schema.ts"() {
    "use strict";
    BackupRuleSchema = z13.strictObject({
      name: z13.string().min(1),
      vaultName: z13.string().min(1),
      /** cron/rate expression; null for rules without a schedule. */
      schedule: z13.string().nullable(),
      scheduleTimezone: z13.string().nullable(),
      startWindowMinutes: z13.number().int().nullable(),
      completionWindowMinutes: z13.number().int().nullable(),
      /** Retention: recovery points are deleted after this many days; null keeps them forever. */
      deleteAfterDays: z13.number().int().nullable(),
      moveToColdStorageAfterDays: z13.number().int().nullable(),
      continuousBackup: z13.boolean(),
      /** Vault ARNs recovery points are copied to (other regions or accounts). */
      copyDestinations: z13.array(z13.string())
    });
    BackupPlanSchema = z13.strictObject({
      id: z13.string().min(1),
      arn: z13.string().min(1),
      name: z13.string().min(1),
      versionId: z13.string().nullable(),
      /** Null when the plan could not be read (see the envelope's errors). */
      rules: z13.array(BackupRuleSchema).nullable(),
      /** What the plan backs up (selection ids and names); null when they could not be listed. */
      selections: z13.array(z13.strictObject({ id: z13.string().min(1), name: z13.string() })).nullable()
    });
    BackupVaultSchema = z13.strictObject({
      name: z13.string().min(1),
      arn: z13.string().min(1),
      encryptionKeyArn: z13.string().nullable(),
      /** Vault Lock: true when a lock configuration is in force (governance or, after lockDate, compliance). */
      locked: z13.boolean(),
      minRetentionDays: z13.number().int().nullable(),
      maxRetentionDays: z13.number().int().nullable(),
      lockDate: z13.iso.datetime({ offset: true }).nullable(),
      recoveryPoints: z13.number().int().nullable()
    });
    schema8 = z13.strictObject({
      plans: z13.array(BackupPlanSchema),
      /** Null when the vaults could not be listed (see the envelope's errors). */
      vaults: z13.array(BackupVaultSchema).nullable()
    });
  }
});

// shared/collectors/aws-backup-plans/collector.ts
import {
  BackupClient,
  GetBackupPlanCommand,
  paginateListBackupPlans,
  paginateListBackupSelections,
  paginateListBackupVaults
} from "@aws-sdk/client-backup";
function toRule(r) {
  return {
    name: r.RuleName,
    vaultName: r.TargetBackupVaultName,
    schedule: r.ScheduleExpression ?? null,
    scheduleTimezone: r.ScheduleExpressionTimezone ?? null,
    startWindowMinutes: r.StartWindowMinutes ?? null,
    completionWindowMinutes: r.CompletionWindowMinutes ?? null,
    deleteAfterDays: r.Lifecycle?.DeleteAfterDays ?? null,
    moveToColdStorageAfterDays: r.Lifecycle?.MoveToColdStorageAfterDays ?? null,
    continuousBackup: r.EnableContinuousBackup ?? false,
    copyDestinations: (r.CopyActions ?? []).map((c) => c.DestinationBackupVaultArn)
  };
}
var collector2;
var init_collector2 = __esm({
  "shared/collectors/aws-backup-plans/collector.ts"() {
    "use strict";
    init_types3();
    init_meta2();
    init_schema9();
    collector2 = defineCollector({
      meta: meta2,
      schema: schema8,
      async collect(ctx) {
        const backup = ctx.aws(BackupClient);
        const pageSize = requestedPageSize(ctx);
        const plans = [];
        for await (const page3 of paginateListBackupPlans({ client: backup, pageSize }, {})) {
          for (const p of page3.BackupPlansList ?? []) {
            const id = p.BackupPlanId;
            const got = await ctx.tryResource(
              id,
              "GetBackupPlan",
              () => backup.send(new GetBackupPlanCommand({ BackupPlanId: id }))
            );
            const selections = await ctx.tryResource(id, "ListBackupSelections", async () => {
              const out = [];
              for await (const s of paginateListBackupSelections(
                { client: backup, pageSize },
                { BackupPlanId: id }
              )) {
                for (const sel of s.BackupSelectionsList ?? [])
                  out.push({ id: sel.SelectionId, name: sel.SelectionName ?? "" });
              }
              return out;
            });
            plans.push({
              id,
              arn: p.BackupPlanArn,
              name: p.BackupPlanName,
              versionId: p.VersionId ?? null,
              rules: got ? (got.BackupPlan?.Rules ?? []).map(toRule) : null,
              selections: selections ?? null
            });
          }
        }
        const vaults = await ctx.tryResource("backup-vaults", "ListBackupVaults", async () => {
          const out = [];
          for await (const page3 of paginateListBackupVaults({ client: backup, pageSize }, {})) {
            for (const v of page3.BackupVaultList ?? []) {
              out.push({
                name: v.BackupVaultName,
                arn: v.BackupVaultArn,
                encryptionKeyArn: v.EncryptionKeyArn ?? null,
                locked: v.Locked ?? false,
                minRetentionDays: v.MinRetentionDays ?? null,
                maxRetentionDays: v.MaxRetentionDays ?? null,
                lockDate: v.LockDate ? v.LockDate.toISOString() : null,
                recoveryPoints: v.NumberOfRecoveryPoints ?? null
              });
            }
          }
          return out;
        });
        return { data: { plans, vaults: vaults ?? null } };
      }
    });
  }
});

// shared/collectors/aws-cloudtrail-trails/meta.ts
var meta3;
var init_meta3 = __esm({
  "shared/collectors/aws-cloudtrail-trails/meta.ts"() {
    "use strict";
    meta3 = {
      id: "aws-cloudtrail-trails",
      version: "1.1.0",
      title: "CloudTrail trails: logging, multi-region, log file validation, KMS, management events",
      source: "aws",
      scope: "regional",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"]
    };
  }
});

// shared/collectors/aws-cloudtrail-trails/schema.ts
import * as z14 from "zod";
var ManagementEventsSchema, TrailSchema, CoveringTrailSchema, schema9;
var init_schema10 = __esm({
  "shared/collectors/aws-cloudtrail-trails/schema.ts"() {
    "use strict";
    ManagementEventsSchema = z14.strictObject({
      /** `classic`: EventSelectors; `advanced`: AdvancedEventSelectors; `none`: the trail has neither. */
      selectorKind: z14.enum(["classic", "advanced", "none"]),
      /** Some selector includes management events. */
      included: z14.boolean(),
      /** Widest read/write coverage among the selectors that include management events; null when none do. */
      readWriteType: z14.enum(["All", "ReadOnly", "WriteOnly"]).nullable(),
      /** Event sources an advanced selector excludes from management events (e.g. kms.amazonaws.com). */
      excludedEventSources: z14.array(z14.string())
    });
    TrailSchema = z14.strictObject({
      name: z14.string().min(1),
      arn: z14.string().min(1),
      homeRegion: z14.string().min(1),
      isMultiRegion: z14.boolean(),
      isOrganizationTrail: z14.boolean(),
      logFileValidationEnabled: z14.boolean(),
      /** KMS key that encrypts the log files; null when S3-managed encryption is used. */
      kmsKeyId: z14.string().nullable(),
      s3BucketName: z14.string().nullable(),
      includeGlobalServiceEvents: z14.boolean(),
      isLogging: z14.boolean().optional(),
      latestDeliveryTime: z14.iso.datetime({ offset: true }).nullable().optional(),
      latestDeliveryError: z14.string().nullable().optional(),
      managementEvents: ManagementEventsSchema.optional()
    });
    CoveringTrailSchema = z14.strictObject({
      name: z14.string().min(1),
      arn: z14.string().min(1),
      homeRegion: z14.string().min(1),
      isMultiRegion: z14.boolean(),
      isOrganizationTrail: z14.boolean(),
      /** Absent when its status could not be read (see the envelope's errors). */
      isLogging: z14.boolean().optional()
    });
    schema9 = z14.strictObject({
      trails: z14.array(TrailSchema),
      /** Absent in artifacts of collector versions before 1.1.0. */
      coveringTrails: z14.array(CoveringTrailSchema).optional()
    });
  }
});

// shared/collectors/aws-cloudtrail-trails/selectors.ts
function managementEvents(classic, advanced) {
  if (advanced?.length) {
    const coverages = [];
    const excluded = /* @__PURE__ */ new Set();
    for (const sel of advanced) {
      const fields = sel.FieldSelectors ?? [];
      const category = fields.find((f) => f.Field === "eventCategory");
      if (!category?.Equals?.includes("Management")) continue;
      const readOnly = fields.find((f) => f.Field === "readOnly");
      const ro = readOnly?.Equals ?? [];
      coverages.push(ro.length === 1 ? ro[0] === "true" ? "ReadOnly" : "WriteOnly" : "All");
      for (const src of fields.find((f) => f.Field === "eventSource")?.NotEquals ?? []) excluded.add(src);
    }
    return {
      selectorKind: "advanced",
      included: coverages.length > 0,
      readWriteType: widest(coverages),
      excludedEventSources: [...excluded].sort()
    };
  }
  if (classic?.length) {
    const including = classic.filter((s) => s.IncludeManagementEvents !== false);
    const excluded = new Set(including.flatMap((s) => s.ExcludeManagementEventSources ?? []));
    return {
      selectorKind: "classic",
      included: including.length > 0,
      readWriteType: widest(including.map((s) => s.ReadWriteType ?? "All")),
      excludedEventSources: [...excluded].sort()
    };
  }
  return { selectorKind: "none", included: false, readWriteType: null, excludedEventSources: [] };
}
function widest(coverages) {
  if (coverages.length === 0) return null;
  if (coverages.includes("All") || coverages.includes("ReadOnly") && coverages.includes("WriteOnly"))
    return "All";
  return coverages[0];
}
var init_selectors = __esm({
  "shared/collectors/aws-cloudtrail-trails/selectors.ts"() {
    "use strict";
  }
});

// shared/collectors/aws-cloudtrail-trails/collector.ts
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand
} from "@aws-sdk/client-cloudtrail";
var collector3;
var init_collector3 = __esm({
  "shared/collectors/aws-cloudtrail-trails/collector.ts"() {
    "use strict";
    init_errors();
    init_types3();
    init_meta3();
    init_schema10();
    init_selectors();
    collector3 = defineCollector({
      meta: meta3,
      schema: schema9,
      async collect(ctx) {
        const client = ctx.aws(CloudTrailClient);
        const { trailList } = await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
        if (!trailList) throw new InvalidSourceDataError("DescribeTrails", ["trailList: missing"]);
        const region2 = ctx.scope.region;
        const own = (t) => t.HomeRegion === region2 && (t.TrailARN ?? "").split(":")[4] === ctx.scope.account;
        const covering = await Promise.all(
          trailList.filter((t) => !own(t)).map(async (t) => {
            if (!t.Name || !t.TrailARN || !t.HomeRegion) {
              throw new InvalidSourceDataError("DescribeTrails", [
                "a trail lacks Name, TrailARN or HomeRegion"
              ]);
            }
            const arn2 = t.TrailARN;
            const status2 = await ctx.tryResource(
              arn2,
              "GetTrailStatus",
              () => ctx.aws(CloudTrailClient, t.HomeRegion).send(new GetTrailStatusCommand({ Name: arn2 }))
            );
            return {
              name: t.Name,
              arn: arn2,
              homeRegion: t.HomeRegion,
              isMultiRegion: t.IsMultiRegionTrail ?? false,
              isOrganizationTrail: t.IsOrganizationTrail ?? false,
              ...status2 ? { isLogging: status2.IsLogging ?? false } : {}
            };
          })
        );
        const trails = await Promise.all(
          trailList.filter(own).map(async (t) => {
            if (!t.Name || !t.TrailARN || !t.HomeRegion) {
              throw new InvalidSourceDataError("DescribeTrails", ["a trail lacks Name, TrailARN or HomeRegion"]);
            }
            const arn2 = t.TrailARN;
            const home = ctx.aws(CloudTrailClient, t.HomeRegion);
            const [status2, selectors] = await Promise.all([
              ctx.tryResource(arn2, "GetTrailStatus", () => home.send(new GetTrailStatusCommand({ Name: arn2 }))),
              ctx.tryResource(
                arn2,
                "GetEventSelectors",
                () => home.send(new GetEventSelectorsCommand({ TrailName: arn2 }))
              )
            ]);
            return {
              name: t.Name,
              arn: arn2,
              homeRegion: t.HomeRegion,
              isMultiRegion: t.IsMultiRegionTrail ?? false,
              isOrganizationTrail: t.IsOrganizationTrail ?? false,
              logFileValidationEnabled: t.LogFileValidationEnabled ?? false,
              kmsKeyId: t.KmsKeyId ?? null,
              s3BucketName: t.S3BucketName ?? null,
              includeGlobalServiceEvents: t.IncludeGlobalServiceEvents ?? false,
              ...status2 ? {
                isLogging: status2.IsLogging ?? false,
                latestDeliveryTime: status2.LatestDeliveryTime?.toISOString() ?? null,
                latestDeliveryError: status2.LatestDeliveryError || null
              } : {},
              ...selectors ? {
                managementEvents: managementEvents(
                  selectors.EventSelectors,
                  selectors.AdvancedEventSelectors
                )
              } : {}
            };
          })
        );
        const byArn = (a, b) => a.arn.localeCompare(b.arn);
        return { data: { trails: trails.sort(byArn), coveringTrails: covering.sort(byArn) } };
      }
    });
  }
});

// shared/collectors/aws-config-compliance/meta.ts
var meta4;
var init_meta4 = __esm({
  "shared/collectors/aws-config-compliance/meta.ts"() {
    "use strict";
    meta4 = {
      id: "aws-config-compliance",
      version: "1.0.0",
      title: "AWS Config rules and their compliance",
      source: "aws",
      scope: "regional",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: ["config:DescribeConfigRules", "config:DescribeComplianceByConfigRule"]
    };
  }
});

// shared/collectors/aws-config-compliance/schema.ts
import * as z15 from "zod";
var RuleSchema, schema10;
var init_schema11 = __esm({
  "shared/collectors/aws-config-compliance/schema.ts"() {
    "use strict";
    RuleSchema = z15.strictObject({
      name: z15.string().min(1),
      arn: z15.string().nullable(),
      id: z15.string().nullable(),
      /** AWS (managed rule), CUSTOM_LAMBDA or CUSTOM_POLICY. */
      sourceOwner: z15.string().min(1),
      /** Managed rule identifier (e.g. S3_BUCKET_VERSIONING_ENABLED) or the custom rule's Lambda ARN. */
      sourceIdentifier: z15.string().nullable(),
      state: z15.string().nullable(),
      /** The service that created the rule (e.g. securityhub.amazonaws.com, conformance packs); null if a user. */
      createdBy: z15.string().nullable(),
      /**
       * Null when Config has no compliance result for the rule yet. This and the two counts below are absent when
       * the compliance listing failed before reaching the rule (see the envelope's errors).
       */
      complianceType: z15.enum(["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE", "INSUFFICIENT_DATA"]).nullable().optional(),
      /** Non-compliant resources, as counted by Config (capped at 100); null when not given. */
      nonCompliantResourceCount: z15.number().int().nonnegative().nullable().optional(),
      /** True when the count hit Config's cap, so the real number is larger. */
      nonCompliantCountCapped: z15.boolean().nullable().optional()
    });
    schema10 = z15.strictObject({ rules: z15.array(RuleSchema) });
  }
});

// shared/collectors/aws-config-compliance/collector.ts
import {
  ConfigServiceClient,
  paginateDescribeComplianceByConfigRule,
  paginateDescribeConfigRules
} from "@aws-sdk/client-config-service";
var collector4;
var init_collector4 = __esm({
  "shared/collectors/aws-config-compliance/collector.ts"() {
    "use strict";
    init_errors();
    init_types3();
    init_meta4();
    init_schema11();
    collector4 = defineCollector({
      meta: meta4,
      schema: schema10,
      async collect(ctx) {
        const client = ctx.aws(ConfigServiceClient);
        const rules2 = [];
        for await (const page3 of paginateDescribeConfigRules({ client }, {})) {
          if (!page3.ConfigRules)
            throw new InvalidSourceDataError("DescribeConfigRules", ["ConfigRules: missing"]);
          rules2.push(...page3.ConfigRules);
        }
        const compliance = /* @__PURE__ */ new Map();
        const complete = await ctx.tryResource("config-rules", "DescribeComplianceByConfigRule", async () => {
          for await (const page3 of paginateDescribeComplianceByConfigRule({ client }, {})) {
            if (!page3.ComplianceByConfigRules) {
              throw new InvalidSourceDataError("DescribeComplianceByConfigRule", [
                "ComplianceByConfigRules: missing"
              ]);
            }
            for (const c of page3.ComplianceByConfigRules) {
              if (!c.ConfigRuleName)
                throw new InvalidSourceDataError("DescribeComplianceByConfigRule", [
                  "an entry has no ConfigRuleName"
                ]);
              compliance.set(c.ConfigRuleName, c.Compliance);
            }
          }
          return true;
        });
        const names = /* @__PURE__ */ new Set();
        const out = rules2.map((r) => {
          if (!r.ConfigRuleName || !r.Source?.Owner) {
            throw new InvalidSourceDataError("DescribeConfigRules", [
              "a rule lacks ConfigRuleName or Source.Owner"
            ]);
          }
          names.add(r.ConfigRuleName);
          const base3 = {
            name: r.ConfigRuleName,
            arn: r.ConfigRuleArn ?? null,
            id: r.ConfigRuleId ?? null,
            sourceOwner: r.Source.Owner,
            sourceIdentifier: r.Source.SourceIdentifier ?? null,
            state: r.ConfigRuleState ?? null,
            createdBy: r.CreatedBy ?? null
          };
          if (!complete && !compliance.has(r.ConfigRuleName)) return base3;
          const c = compliance.get(r.ConfigRuleName);
          const count3 = c?.ComplianceContributorCount;
          return {
            ...base3,
            complianceType: c?.ComplianceType ?? null,
            nonCompliantResourceCount: count3?.CappedCount ?? null,
            nonCompliantCountCapped: count3 ? count3.CapExceeded ?? false : null
          };
        });
        const orphans = [...compliance.keys()].filter((n) => !names.has(n));
        if (orphans.length)
          ctx.provenance.note(`compliance without a rule definition (created meanwhile?): ${orphans.join(", ")}`);
        return { data: { rules: out.sort((a, b) => a.name.localeCompare(b.name)) } };
      }
    });
  }
});

// shared/collectors/aws-config-recorder/meta.ts
var meta5;
var init_meta5 = __esm({
  "shared/collectors/aws-config-recorder/meta.ts"() {
    "use strict";
    meta5 = {
      id: "aws-config-recorder",
      version: "1.0.0",
      title: "AWS Config recorders and delivery channels",
      source: "aws",
      scope: "regional",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: [
        "config:DescribeConfigurationRecorders",
        "config:DescribeConfigurationRecorderStatus",
        "config:DescribeDeliveryChannels",
        "config:DescribeDeliveryChannelStatus"
      ]
    };
  }
});

// shared/collectors/aws-config-recorder/schema.ts
import * as z16 from "zod";
var isoOrNull, RecorderSchema, DeliveryChannelSchema, schema11;
var init_schema12 = __esm({
  "shared/collectors/aws-config-recorder/schema.ts"() {
    "use strict";
    isoOrNull = z16.iso.datetime({ offset: true }).nullable();
    RecorderSchema = z16.strictObject({
      name: z16.string().min(1),
      roleArn: z16.string().nullable(),
      allSupported: z16.boolean(),
      includeGlobalResourceTypes: z16.boolean(),
      /** Resource types recorded when the recorder lists them explicitly. */
      resourceTypes: z16.array(z16.string()),
      /** Resource types left out under the EXCLUSION_BY_RESOURCE_TYPES strategy. */
      excludedResourceTypes: z16.array(z16.string()),
      /** ALL_SUPPORTED_RESOURCE_TYPES, INCLUSION_BY_RESOURCE_TYPES or EXCLUSION_BY_RESOURCE_TYPES; null when not stated. */
      recordingStrategy: z16.string().nullable(),
      /** Recording frequency of the default recording mode (CONTINUOUS / DAILY); null when not stated. */
      recordingFrequency: z16.string().nullable(),
      recording: z16.boolean().optional(),
      lastStatus: z16.string().nullable().optional(),
      lastStartTime: isoOrNull.optional(),
      lastStopTime: isoOrNull.optional(),
      lastErrorCode: z16.string().nullable().optional()
    });
    DeliveryChannelSchema = z16.strictObject({
      name: z16.string().min(1),
      s3BucketName: z16.string().nullable(),
      s3KeyPrefix: z16.string().nullable(),
      s3KmsKeyArn: z16.string().nullable(),
      snsTopicArn: z16.string().nullable(),
      snapshotDeliveryFrequency: z16.string().nullable(),
      lastSnapshotStatus: z16.string().nullable().optional(),
      lastSnapshotTime: isoOrNull.optional(),
      lastHistoryStatus: z16.string().nullable().optional(),
      lastHistoryTime: isoOrNull.optional()
    });
    schema11 = z16.strictObject({
      recorders: z16.array(RecorderSchema),
      deliveryChannels: z16.array(DeliveryChannelSchema)
    });
  }
});

// shared/collectors/aws-config-recorder/collector.ts
import {
  ConfigServiceClient as ConfigServiceClient2,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand
} from "@aws-sdk/client-config-service";
function recorder(r, status2, statusRead) {
  if (!r.name) throw new InvalidSourceDataError("DescribeConfigurationRecorders", ["a recorder has no name"]);
  const g = r.recordingGroup;
  return {
    name: r.name,
    roleArn: r.roleARN ?? null,
    allSupported: g?.allSupported ?? false,
    includeGlobalResourceTypes: g?.includeGlobalResourceTypes ?? false,
    resourceTypes: [...g?.resourceTypes ?? []],
    excludedResourceTypes: [...g?.exclusionByResourceTypes?.resourceTypes ?? []],
    recordingStrategy: g?.recordingStrategy?.useOnly ?? null,
    recordingFrequency: r.recordingMode?.recordingFrequency ?? null,
    // Status read but this recorder missing from it: it has never been started.
    ...statusRead ? {
      recording: status2?.recording ?? false,
      lastStatus: status2?.lastStatus ?? null,
      lastStartTime: status2?.lastStartTime?.toISOString() ?? null,
      lastStopTime: status2?.lastStopTime?.toISOString() ?? null,
      lastErrorCode: status2?.lastErrorCode ?? null
    } : {}
  };
}
function channel(c, status2, statusRead) {
  if (!c.name)
    throw new InvalidSourceDataError("DescribeDeliveryChannels", ["a delivery channel has no name"]);
  const snap = status2?.configSnapshotDeliveryInfo;
  const hist = status2?.configHistoryDeliveryInfo;
  return {
    name: c.name,
    s3BucketName: c.s3BucketName ?? null,
    s3KeyPrefix: c.s3KeyPrefix ?? null,
    s3KmsKeyArn: c.s3KmsKeyArn ?? null,
    snsTopicArn: c.snsTopicARN ?? null,
    snapshotDeliveryFrequency: c.configSnapshotDeliveryProperties?.deliveryFrequency ?? null,
    ...statusRead ? {
      lastSnapshotStatus: snap?.lastStatus ?? null,
      lastSnapshotTime: snap?.lastSuccessfulTime?.toISOString() ?? null,
      lastHistoryStatus: hist?.lastStatus ?? null,
      lastHistoryTime: hist?.lastSuccessfulTime?.toISOString() ?? null
    } : {}
  };
}
var collector5;
var init_collector5 = __esm({
  "shared/collectors/aws-config-recorder/collector.ts"() {
    "use strict";
    init_errors();
    init_types3();
    init_meta5();
    init_schema12();
    collector5 = defineCollector({
      meta: meta5,
      schema: schema11,
      async collect(ctx) {
        const config = ctx.aws(ConfigServiceClient2);
        const region2 = ctx.scope.region ?? "unknown-region";
        const [{ ConfigurationRecorders }, { DeliveryChannels }] = await Promise.all([
          config.send(new DescribeConfigurationRecordersCommand({})),
          config.send(new DescribeDeliveryChannelsCommand({}))
        ]);
        if (!ConfigurationRecorders)
          throw new InvalidSourceDataError("DescribeConfigurationRecorders", ["ConfigurationRecorders: missing"]);
        if (!DeliveryChannels)
          throw new InvalidSourceDataError("DescribeDeliveryChannels", ["DeliveryChannels: missing"]);
        const [recorderStatus, channelStatus] = await Promise.all([
          ConfigurationRecorders.length ? ctx.tryResource(
            `config-recorders/${region2}`,
            "DescribeConfigurationRecorderStatus",
            () => config.send(new DescribeConfigurationRecorderStatusCommand({}))
          ) : void 0,
          DeliveryChannels.length ? ctx.tryResource(
            `config-delivery-channels/${region2}`,
            "DescribeDeliveryChannelStatus",
            () => config.send(new DescribeDeliveryChannelStatusCommand({}))
          ) : void 0
        ]);
        const recorders = ConfigurationRecorders.map(
          (r) => recorder(
            r,
            recorderStatus?.ConfigurationRecordersStatus?.find((s) => s.name === r.name),
            !!recorderStatus
          )
        );
        const deliveryChannels = DeliveryChannels.map(
          (c) => channel(
            c,
            channelStatus?.DeliveryChannelsStatus?.find((s) => s.name === c.name),
            !!channelStatus
          )
        );
        return { data: { recorders, deliveryChannels } };
      }
    });
  }
});

// shared/collectors/aws-ec2-ebs-default-encryption/meta.ts
var meta6;
var init_meta6 = __esm({
  "shared/collectors/aws-ec2-ebs-default-encryption/meta.ts"() {
    "use strict";
    meta6 = {
      id: "aws-ec2-ebs-default-encryption",
      version: "1.0.0",
      title: "EBS encryption by default and the default KMS key",
      source: "aws",
      scope: "regional",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: ["ec2:GetEbsEncryptionByDefault", "ec2:GetEbsDefaultKmsKeyId"]
    };
  }
});

// shared/collectors/aws-ec2-ebs-default-encryption/schema.ts
import * as z17 from "zod";
var schema12;
var init_schema13 = __esm({
  "shared/collectors/aws-ec2-ebs-default-encryption/schema.ts"() {
    "use strict";
    schema12 = z17.strictObject({
      /** Whether new EBS volumes in this region are encrypted by default. */
      encryptionByDefault: z17.boolean(),
      /**
       * The key new volumes are encrypted with (`alias/aws/ebs` for the AWS managed key, else a key ARN);
       * null only when it could not be read (see the envelope's errors).
       */
      defaultKmsKeyId: z17.string().min(1).nullable()
    });
  }
});

// shared/collectors/aws-ec2-ebs-default-encryption/collector.ts
import {
  EC2Client as EC2Client2,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand
} from "@aws-sdk/client-ec2";
var collector6;
var init_collector6 = __esm({
  "shared/collectors/aws-ec2-ebs-default-encryption/collector.ts"() {
    "use strict";
    init_types3();
    init_meta6();
    init_schema13();
    collector6 = defineCollector({
      meta: meta6,
      schema: schema12,
      async collect(ctx) {
        const ec2 = ctx.aws(EC2Client2);
        const { EbsEncryptionByDefault } = await ec2.send(new GetEbsEncryptionByDefaultCommand({}));
        const key2 = await ctx.tryResource(
          "ebs-default-kms-key",
          "GetEbsDefaultKmsKeyId",
          () => ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))
        );
        return {
          data: {
            // An answer without the flag is malformed: left undefined so the schema rejects it.
            encryptionByDefault: EbsEncryptionByDefault,
            defaultKmsKeyId: key2 ? key2.KmsKeyId : null
          }
        };
      }
    });
  }
});

// shared/collectors/aws-ec2-security-groups/meta.ts
var meta7;
var init_meta7 = __esm({
  "shared/collectors/aws-ec2-security-groups/meta.ts"() {
    "use strict";
    meta7 = {
      id: "aws-ec2-security-groups",
      version: "1.0.0",
      title: "EC2 security groups: ingress open to the internet and the administrative ports it exposes",
      source: "aws",
      scope: "regional",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: ["ec2:DescribeSecurityGroups", "ec2:DescribeNetworkInterfaces"]
    };
  }
});

// shared/collectors/aws-ec2-security-groups/open-ingress.ts
function openIngress(permissions, adminPorts) {
  const out = [];
  for (const p of permissions) {
    const cidrs = [];
    if ((p.IpRanges ?? []).some((r) => r.CidrIp === WORLD_V4)) cidrs.push(WORLD_V4);
    if ((p.Ipv6Ranges ?? []).some((r) => r.CidrIpv6 === WORLD_V6)) cidrs.push(WORLD_V6);
    if (cidrs.length === 0) continue;
    const protocol = p.IpProtocol;
    const all = protocol === "-1";
    const fromPort = all || p.FromPort === void 0 || p.FromPort === -1 ? null : p.FromPort;
    const toPort = all || p.ToPort === void 0 || p.ToPort === -1 ? null : p.ToPort;
    const exposed2 = NO_PORTS.has(protocol) ? [] : adminPorts.filter(
      (port2) => fromPort === null ? true : port2 >= fromPort && port2 <= (toPort ?? fromPort)
    );
    for (const cidr of cidrs)
      out.push({ protocol, fromPort, toPort, cidr, adminPortsExposed: [...exposed2].sort((a, b) => a - b) });
  }
  return out;
}
var DEFAULT_ADMIN_PORTS, WORLD_V4, WORLD_V6, NO_PORTS;
var init_open_ingress = __esm({
  "shared/collectors/aws-ec2-security-groups/open-ingress.ts"() {
    "use strict";
    DEFAULT_ADMIN_PORTS = [
      21,
      22,
      23,
      445,
      1433,
      3306,
      3389,
      5432,
      5900,
      6379,
      9200,
      27017
    ];
    WORLD_V4 = "0.0.0.0/0";
    WORLD_V6 = "::/0";
    NO_PORTS = /* @__PURE__ */ new Set(["icmp", "1", "icmpv6", "58"]);
  }
});

// shared/collectors/aws-ec2-security-groups/schema.ts
import * as z18 from "zod";
var OpenIngressSchema, SecurityGroupSchema, schema13;
var init_schema14 = __esm({
  "shared/collectors/aws-ec2-security-groups/schema.ts"() {
    "use strict";
    OpenIngressSchema = z18.strictObject({
      /** As AWS reports it: `tcp`, `udp`, `icmp`, `-1` (all traffic) or a protocol number. */
      protocol: z18.string().min(1),
      /** Null when the rule covers all ports (`-1`). */
      fromPort: z18.number().int().nullable(),
      toPort: z18.number().int().nullable(),
      cidr: z18.enum(["0.0.0.0/0", "::/0"]),
      /** The configured administrative ports this rule opens (all of them for protocol -1). */
      adminPortsExposed: z18.array(z18.number().int())
    });
    SecurityGroupSchema = z18.strictObject({
      groupId: z18.string().min(1),
      groupName: z18.string(),
      vpcId: z18.string().nullable(),
      /** Whether any network interface uses the group; null when interfaces could not be listed. */
      attached: z18.boolean().nullable(),
      openIngress: z18.array(OpenIngressSchema)
    });
    schema13 = z18.strictObject({
      groups: z18.array(SecurityGroupSchema),
      /** The administrative ports checked (configuration in force for this run). */
      adminPorts: z18.array(z18.number().int())
    });
  }
});

// shared/collectors/aws-ec2-security-groups/collector.ts
import {
  EC2Client as EC2Client3,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroups
} from "@aws-sdk/client-ec2";
function readAdminPorts(value) {
  if (value === void 0) return DEFAULT_ADMIN_PORTS;
  if (!Array.isArray(value) || !value.every((p) => Number.isInteger(p) && p >= 0 && p <= 65535)) {
    throw new ConfigError(["extras.adminPorts must be an array of port numbers (0-65535)"]);
  }
  return [...value].sort((a, b) => a - b);
}
var collector7;
var init_collector7 = __esm({
  "shared/collectors/aws-ec2-security-groups/collector.ts"() {
    "use strict";
    init_errors();
    init_types3();
    init_meta7();
    init_open_ingress();
    init_schema14();
    collector7 = defineCollector({
      meta: meta7,
      schema: schema13,
      async collect(ctx) {
        const ec2 = ctx.aws(EC2Client3);
        const pageSize = requestedPageSize(ctx);
        const adminPorts = readAdminPorts(ctx.extras.adminPorts);
        const inUse = await ctx.tryResource("network-interfaces", "DescribeNetworkInterfaces", async () => {
          const ids = /* @__PURE__ */ new Set();
          for await (const page3 of paginateDescribeNetworkInterfaces({ client: ec2, pageSize }, {})) {
            for (const eni of page3.NetworkInterfaces ?? [])
              for (const g of eni.Groups ?? []) if (g.GroupId) ids.add(g.GroupId);
          }
          return ids;
        });
        const groups = [];
        for await (const page3 of paginateDescribeSecurityGroups({ client: ec2, pageSize }, {})) {
          for (const g of page3.SecurityGroups ?? []) {
            groups.push({
              // A group without an id is malformed: left undefined so the schema rejects the run.
              groupId: g.GroupId,
              groupName: g.GroupName ?? "",
              vpcId: g.VpcId ?? null,
              attached: inUse ? inUse.has(g.GroupId ?? "") : null,
              openIngress: openIngress(g.IpPermissions ?? [], adminPorts)
            });
          }
        }
        return { data: { groups, adminPorts: [...adminPorts] } };
      }
    });
  }
});

// shared/collectors/aws-guardduty-detectors/meta.ts
var meta8;
var init_meta8 = __esm({
  "shared/collectors/aws-guardduty-detectors/meta.ts"() {
    "use strict";
    meta8 = {
      id: "aws-guardduty-detectors",
      version: "1.0.0",
      title: "GuardDuty detectors: status, finding publishing frequency, data sources and features",
      source: "aws",
      scope: "regional",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: ["guardduty:ListDetectors", "guardduty:GetDetector"]
    };
  }
});

// shared/collectors/aws-guardduty-detectors/schema.ts
import * as z19 from "zod";
var DetectorSchema, schema14;
var init_schema15 = __esm({
  "shared/collectors/aws-guardduty-detectors/schema.ts"() {
    "use strict";
    DetectorSchema = z19.strictObject({
      detectorId: z19.string().min(1),
      /** `ENABLED` or `DISABLED`, as GuardDuty reports it. */
      status: z19.string().min(1),
      findingPublishingFrequency: z19.string().nullable(),
      createdAt: z19.string().nullable(),
      /** Legacy data-source switches flattened to `path → status`, e.g. `Kubernetes.AuditLogs: DISABLED`. */
      dataSources: z19.record(z19.string(), z19.string()),
      /** Protection plans (S3, EKS, RDS, Lambda, runtime monitoring...) and their status. */
      features: z19.array(z19.strictObject({ name: z19.string().min(1), status: z19.string().min(1) }))
    });
    schema14 = z19.strictObject({
      /** Empty when GuardDuty is not enabled in the region (no detector). */
      detectors: z19.array(DetectorSchema)
    });
  }
});

// shared/collectors/aws-guardduty-detectors/collector.ts
import { GetDetectorCommand, GuardDutyClient, paginateListDetectors } from "@aws-sdk/client-guardduty";
function flattenStatuses(value, path = "", out = {}) {
  if (!value || typeof value !== "object") return out;
  for (const [k, v] of Object.entries(value)) {
    if ((k === "Status" || k === "status") && typeof v === "string" && path) out[path] = v;
    else if (v && typeof v === "object" && !Array.isArray(v))
      flattenStatuses(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}
var collector8;
var init_collector8 = __esm({
  "shared/collectors/aws-guardduty-detectors/collector.ts"() {
    "use strict";
    init_types3();
    init_meta8();
    init_schema15();
    collector8 = defineCollector({
      meta: meta8,
      schema: schema14,
      async collect(ctx) {
        const gd = ctx.aws(GuardDutyClient);
        const pageSize = requestedPageSize(ctx);
        const ids = [];
        for await (const page3 of paginateListDetectors({ client: gd, pageSize }, {}))
          ids.push(...page3.DetectorIds ?? []);
        const detectors = [];
        for (const detectorId of ids) {
          const d = await ctx.tryResource(
            detectorId,
            "GetDetector",
            () => gd.send(new GetDetectorCommand({ DetectorId: detectorId }))
          );
          if (!d) continue;
          detectors.push({
            detectorId,
            // A detector answer without a status is malformed: the schema rejects it.
            status: d.Status,
            findingPublishingFrequency: d.FindingPublishingFrequency ?? null,
            createdAt: d.CreatedAt ?? null,
            dataSources: flattenStatuses(d.DataSources),
            features: (d.Features ?? []).map((f) => ({ name: f.Name, status: f.Status }))
          });
        }
        return { data: { detectors } };
      }
    });
  }
});

// shared/collectors/aws-iam-account-summary/meta.ts
var meta9;
var init_meta9 = __esm({
  "shared/collectors/aws-iam-account-summary/meta.ts"() {
    "use strict";
    meta9 = {
      id: "aws-iam-account-summary",
      version: "1.0.0",
      title: "IAM account summary (root MFA, root access keys, entity counts)",
      source: "aws",
      scope: "global",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: ["iam:GetAccountSummary"]
    };
  }
});

// shared/collectors/aws-iam-account-summary/schema.ts
import * as z20 from "zod";
var count, schema15;
var init_schema16 = __esm({
  "shared/collectors/aws-iam-account-summary/schema.ts"() {
    "use strict";
    count = z20.number().int().nonnegative();
    schema15 = z20.strictObject({
      /** Root user has MFA (IAM's AccountMFAEnabled). */
      accountMfaEnabled: z20.boolean(),
      /** Root user has access keys (AccountAccessKeysPresent). */
      accountAccessKeysPresent: z20.boolean(),
      /** Root user has signing certificates (AccountSigningCertificatesPresent). */
      accountSigningCertificatesPresent: z20.boolean(),
      users: count,
      groups: count,
      roles: count,
      /** Customer managed policies. */
      policies: count,
      mfaDevices: count,
      mfaDevicesInUse: count
    });
  }
});

// shared/collectors/aws-iam-account-summary/collector.ts
import { GetAccountSummaryCommand, IAMClient } from "@aws-sdk/client-iam";
function flag(value) {
  if (value === 0) return false;
  if (value === 1) return true;
  return value;
}
var collector9;
var init_collector9 = __esm({
  "shared/collectors/aws-iam-account-summary/collector.ts"() {
    "use strict";
    init_errors2();
    init_types3();
    init_meta9();
    init_schema16();
    collector9 = defineCollector({
      meta: meta9,
      schema: schema15,
      async collect(ctx) {
        const { SummaryMap: m = {} } = await essentialCall(
          "account-summary",
          "GetAccountSummary",
          () => ctx.aws(IAMClient).send(new GetAccountSummaryCommand({}))
        );
        const data = {
          accountMfaEnabled: flag(m.AccountMFAEnabled),
          accountAccessKeysPresent: flag(m.AccountAccessKeysPresent),
          accountSigningCertificatesPresent: flag(m.AccountSigningCertificatesPresent),
          users: m.Users,
          groups: m.Groups,
          roles: m.Roles,
          policies: m.Policies,
          mfaDevices: m.MFADevices,
          mfaDevicesInUse: m.MFADevicesInUse
        };
        return { data };
      }
    });
  }
});

// shared/collectors/aws-iam-admin-access/authorization-details.ts
import {
  IAMClient as IAMClient2,
  paginateGetAccountAuthorizationDetails
} from "@aws-sdk/client-iam";
async function authorizationDetails(ctx) {
  const out = { users: [], groups: [], roles: [], localPolicies: [] };
  const pages = paginateGetAccountAuthorizationDetails(
    // IAM's maximum page; the default (100) would triple the calls for a large account.
    { client: ctx.aws(IAMClient2), pageSize: 1e3 },
    { Filter: ["User", "Group", "Role", "LocalManagedPolicy"] }
  );
  for await (const page3 of pages) {
    out.users.push(...page3.UserDetailList ?? []);
    out.groups.push(...page3.GroupDetailList ?? []);
    out.roles.push(...page3.RoleDetailList ?? []);
    out.localPolicies.push(...page3.Policies ?? []);
  }
  return out;
}
var DETAILS_OP;
var init_authorization_details = __esm({
  "shared/collectors/aws-iam-admin-access/authorization-details.ts"() {
    "use strict";
    DETAILS_OP = "GetAccountAuthorizationDetails";
  }
});

// shared/collectors/aws-iam-admin-access/meta.ts
var meta10;
var init_meta10 = __esm({
  "shared/collectors/aws-iam-admin-access/meta.ts"() {
    "use strict";
    meta10 = {
      id: "aws-iam-admin-access",
      version: "1.1.0",
      title: "IAM principals with full administrative access, and users with policies attached directly",
      source: "aws",
      scope: "global",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: ["iam:GetAccountAuthorizationDetails", "iam:ListPolicies", "iam:GetPolicyVersion"]
    };
  }
});

// shared/collectors/aws-iam-admin-access/policy-document.ts
function decodePolicyDocument(raw, what) {
  const text3 = raw.trim();
  try {
    if (text3.startsWith("{")) return JSON.parse(text3);
    return JSON.parse(decodeURIComponent(text3));
  } catch (err) {
    throw new InvalidSourceDataError(what, ["the policy document is not URL-encoded JSON"], { cause: err });
  }
}
function allowsFullAdmin(document, what) {
  const doc = document;
  if (!doc || typeof doc !== "object" || doc.Statement === void 0) {
    throw new InvalidSourceDataError(what, ["the policy document has no Statement"]);
  }
  return list(doc.Statement).some((s) => {
    if (!s || typeof s !== "object") throw new InvalidSourceDataError(what, ["a statement is not an object"]);
    const st = s;
    return st.Effect === "Allow" && list(st.Action).some((a) => a === "*" || a === "*:*") && list(st.Resource).includes("*");
  });
}
var ADMINISTRATOR_ACCESS_ARN, list;
var init_policy_document = __esm({
  "shared/collectors/aws-iam-admin-access/policy-document.ts"() {
    "use strict";
    init_errors();
    ADMINISTRATOR_ACCESS_ARN = "arn:aws:iam::aws:policy/AdministratorAccess";
    list = (v) => Array.isArray(v) ? v : v === void 0 ? [] : [v];
  }
});

// shared/collectors/aws-iam-admin-access/principal-policies.ts
import {
  GetPolicyVersionCommand,
  IAMClient as IAMClient3,
  paginateListPolicies
} from "@aws-sdk/client-iam";
import pLimit2 from "p-limit";
function judge2(ctx, what, op, doc) {
  return ctx.tryResource(what, op, async () => {
    if (!doc) throw new InvalidSourceDataError(what, [`${op} returned no policy document`]);
    return allowsFullAdmin(decodePolicyDocument(doc, what), what);
  });
}
async function judgeManagedPolicies(ctx, attachedArns, localPolicies) {
  const local = new Map(localPolicies.map((p) => [p.Arn ?? "", p]));
  const arns = [...new Set(attachedArns)];
  const awsArns = arns.filter((a) => !local.has(a) && AWS_POLICY.test(a));
  const versions = awsArns.length > 0 ? await awsDefaultVersions(ctx) : /* @__PURE__ */ new Map();
  const iam = ctx.aws(IAMClient3);
  const limit = pLimit2(CONCURRENCY);
  const one = async (arn2) => {
    const policy = local.get(arn2);
    if (policy) {
      const v = policy.PolicyVersionList?.find((x) => x.VersionId === policy.DefaultVersionId);
      return judge2(ctx, arn2, DETAILS_OP, v?.Document);
    }
    if (!AWS_POLICY.test(arn2)) {
      return ctx.tryResource(
        arn2,
        DETAILS_OP,
        () => Promise.reject(
          new InvalidSourceDataError(arn2, ["attached customer policy missing from the listing"])
        )
      );
    }
    if (versions === void 0) return void 0;
    const version = versions.get(arn2);
    if (!version) {
      return ctx.tryResource(
        arn2,
        "ListPolicies",
        () => Promise.reject(
          new InvalidSourceDataError(arn2, ["attached AWS policy has no default version listed"])
        )
      );
    }
    return ctx.tryResource(arn2, "GetPolicyVersion", async () => {
      const { PolicyVersion: v } = await iam.send(
        new GetPolicyVersionCommand({ PolicyArn: arn2, VersionId: version })
      );
      if (!v?.Document) throw new InvalidSourceDataError(arn2, ["GetPolicyVersion returned no Document"]);
      return allowsFullAdmin(decodePolicyDocument(v.Document, arn2), arn2);
    });
  };
  const results = await Promise.all(arns.map((a) => limit(() => one(a))));
  return new Map(arns.map((a, i) => [a, results[i] ?? (a === ADMINISTRATOR_ACCESS_ARN ? true : null)]));
}
async function awsDefaultVersions(ctx) {
  return ctx.tryResource(AWS_POLICIES, "ListPolicies", async () => {
    const versions = /* @__PURE__ */ new Map();
    const pages = paginateListPolicies(
      { client: ctx.aws(IAMClient3), pageSize: 1e3 },
      { Scope: "AWS", OnlyAttached: true }
    );
    for await (const page3 of pages) {
      for (const p of page3.Policies ?? [])
        if (p.Arn && p.DefaultVersionId) versions.set(p.Arn, p.DefaultVersionId);
    }
    return versions;
  });
}
async function principalPolicies(ctx, arn2, attached, inline, managed) {
  const facts = [];
  for (const p of attached ?? []) {
    if (!p.PolicyArn) continue;
    const allowsAdmin = managed.get(p.PolicyArn) ?? null;
    facts.push({ name: p.PolicyName ?? p.PolicyArn, arn: p.PolicyArn, kind: "attached", allowsAdmin });
  }
  for (const p of inline ?? []) {
    if (!p.PolicyName) continue;
    const allows = await judge2(ctx, `${arn2}#${p.PolicyName}`, DETAILS_OP, p.PolicyDocument);
    facts.push({ name: p.PolicyName, arn: null, kind: "inline", allowsAdmin: allows ?? null });
  }
  return facts;
}
var CONCURRENCY, AWS_POLICY, AWS_POLICIES;
var init_principal_policies = __esm({
  "shared/collectors/aws-iam-admin-access/principal-policies.ts"() {
    "use strict";
    init_errors();
    init_authorization_details();
    init_policy_document();
    CONCURRENCY = 8;
    AWS_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\//;
    AWS_POLICIES = "arn:aws:iam::aws:policy";
  }
});

// shared/collectors/aws-iam-admin-access/schema.ts
import * as z21 from "zod";
var principalType, AdminGrantSchema, DirectPolicyUserSchema, schema16;
var init_schema17 = __esm({
  "shared/collectors/aws-iam-admin-access/schema.ts"() {
    "use strict";
    principalType = z21.enum(["user", "group", "role"]);
    AdminGrantSchema = z21.strictObject({
      type: principalType,
      name: z21.string().min(1),
      arn: z21.string().startsWith("arn:"),
      /** `attached` (managed policy), `inline`, or `group:<name>` for a user who is admin through a group. */
      via: z21.string().regex(/^(attached|inline|group:.+)$/),
      policyName: z21.string().min(1),
      /** The managed policy's ARN; null for inline policies. */
      policyArn: z21.string().nullable()
    });
    DirectPolicyUserSchema = z21.strictObject({
      name: z21.string().min(1),
      arn: z21.string().startsWith("arn:"),
      attachedPolicies: z21.array(z21.string()),
      inlinePolicies: z21.array(z21.string())
    });
    schema16 = z21.strictObject({
      counts: z21.strictObject({
        users: z21.number().int().nonnegative(),
        groups: z21.number().int().nonnegative(),
        roles: z21.number().int().nonnegative()
      }),
      /** Every (principal, policy) pair granting `Allow * on *`, sorted by type, name, via, policy. */
      admins: z21.array(AdminGrantSchema),
      usersWithDirectPolicies: z21.array(DirectPolicyUserSchema)
    });
  }
});

// shared/collectors/aws-iam-admin-access/collector.ts
var user, group, role, inlineOf, grant, order, byKey, collector10;
var init_collector10 = __esm({
  "shared/collectors/aws-iam-admin-access/collector.ts"() {
    "use strict";
    init_types3();
    init_authorization_details();
    init_meta10();
    init_principal_policies();
    init_schema17();
    user = (u2) => ({
      type: "user",
      name: u2.UserName ?? "",
      arn: u2.Arn ?? "",
      detail: u2
    });
    group = (g) => ({
      type: "group",
      name: g.GroupName ?? "",
      arn: g.Arn ?? "",
      detail: g
    });
    role = (r) => ({
      type: "role",
      name: r.RoleName ?? "",
      arn: r.Arn ?? "",
      detail: r
    });
    inlineOf = (d) => "UserPolicyList" in d ? d.UserPolicyList : "GroupPolicyList" in d ? d.GroupPolicyList : d.RolePolicyList;
    grant = (p, via, f) => ({
      type: p.type,
      name: p.name,
      arn: p.arn,
      via,
      policyName: f.name,
      policyArn: f.arn
    });
    order = { user: 0, group: 1, role: 2 };
    byKey = (a, b) => order[a.type] - order[b.type] || a.name.localeCompare(b.name) || a.via.localeCompare(b.via) || a.policyName.localeCompare(b.policyName);
    collector10 = defineCollector({
      meta: meta10,
      schema: schema16,
      async collect(ctx) {
        const details = await authorizationDetails(ctx);
        const users = details.users.map(user);
        const all = [...users, ...details.groups.map(group), ...details.roles.map(role)];
        const attachedArns = all.flatMap(
          (p) => (p.detail.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn ?? "")
        );
        const managed = await judgeManagedPolicies(ctx, attachedArns.filter(Boolean), details.localPolicies);
        const policies = await Promise.all(
          all.map(
            (p) => principalPolicies(ctx, p.arn, p.detail.AttachedManagedPolicies, inlineOf(p.detail), managed)
          )
        );
        const members = /* @__PURE__ */ new Map();
        for (const u2 of users) {
          for (const g of u2.detail.GroupList ?? [])
            members.set(g, [...members.get(g) ?? [], u2]);
        }
        const admins = [];
        all.forEach((p, i) => {
          for (const f of policies[i]) {
            if (f.allowsAdmin !== true) continue;
            admins.push(grant(p, f.kind, f));
            if (p.type !== "group") continue;
            for (const member of members.get(p.name) ?? []) admins.push(grant(member, `group:${p.name}`, f));
          }
        });
        const usersWithDirectPolicies = users.map((u2, i) => ({
          name: u2.name,
          arn: u2.arn,
          attachedPolicies: policies[i].filter((f) => f.kind === "attached").map((f) => f.name).sort(),
          inlinePolicies: policies[i].filter((f) => f.kind === "inline").map((f) => f.name).sort()
        })).filter((u2) => u2.attachedPolicies.length + u2.inlinePolicies.length > 0).sort((a, b) => a.name.localeCompare(b.name));
        return {
          data: {
            counts: { users: users.length, groups: details.groups.length, roles: details.roles.length },
            admins: admins.sort(byKey),
            usersWithDirectPolicies
          }
        };
      }
    });
  }
});

// shared/collectors/aws-iam-credential-report/meta.ts
var meta11;
var init_meta11 = __esm({
  "shared/collectors/aws-iam-credential-report/meta.ts"() {
    "use strict";
    meta11 = {
      id: "aws-iam-credential-report",
      version: "1.0.0",
      title: "IAM credential report (passwords, MFA, access keys, certificates per user and root)",
      source: "aws",
      scope: "global",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: ["iam:GenerateCredentialReport", "iam:GetCredentialReport"]
    };
  }
});

// shared/collectors/aws-iam-credential-report/csv.ts
function parseCsv(text3) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  let fieldStarted = false;
  const endRow = () => {
    row.push(field);
    if (!(row.length === 1 && row[0] === "" && !fieldStarted)) rows.push(row);
    row = [];
    field = "";
    fieldStarted = false;
  };
  for (let i = 0; i < text3.length; i += 1) {
    const ch = text3[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text3[i + 1] === '"') {
        field += '"';
        i += 1;
      } else quoted = false;
      continue;
    }
    if (ch === '"') {
      if (field !== "")
        return { ok: false, problems: [`row ${rows.length + 1}: quote inside an unquoted field`] };
      quoted = true;
      fieldStarted = true;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      fieldStarted = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text3[i + 1] === "\n") i += 1;
      endRow();
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) return { ok: false, problems: [`row ${rows.length + 1}: unterminated quoted field`] };
  if (fieldStarted || field !== "" || row.length > 0) endRow();
  return { ok: true, rows };
}
var init_csv = __esm({
  "shared/collectors/aws-iam-credential-report/csv.ts"() {
    "use strict";
  }
});

// shared/collectors/aws-iam-credential-report/parse-report.ts
function parseCredentialReport(csv) {
  const parsed2 = parseCsv(csv);
  if (!parsed2.ok) throw new InvalidSourceDataError("IAM credential report", parsed2.problems);
  const [header, ...rows] = parsed2.rows;
  const problems2 = [];
  if (!header) throw new InvalidSourceDataError("IAM credential report", ["the report is empty"]);
  const index = new Map(header.map((name, i) => [name.trim(), i]));
  const missing = REPORT_COLUMNS.filter((c) => !index.has(c));
  if (missing.length)
    throw new InvalidSourceDataError("IAM credential report", [`missing columns: ${missing.join(", ")}`]);
  let root = null;
  const users = [];
  rows.forEach((fields, r) => {
    const line = r + 2;
    if (fields.length !== header.length) {
      problems2.push(`line ${line}: ${fields.length} fields, the header has ${header.length}`);
      return;
    }
    const get = (c) => fields[index.get(c)].trim();
    const bool = (c, allowUnsupported = false) => {
      const v = get(c);
      if (v === "true") return true;
      if (v === "false") return false;
      if (allowUnsupported && v === "not_supported") return null;
      problems2.push(`line ${line}: ${c} is "${v.slice(0, 40)}", expected true or false`);
      return false;
    };
    const date2 = (c, required = false) => {
      const v = get(c);
      if (!required && NO_DATE.has(v)) return null;
      const t = ISO_PREFIX.test(v) ? Date.parse(v) : NaN;
      if (Number.isNaN(t)) {
        problems2.push(
          `line ${line}: ${c} is "${v.slice(0, 40)}", expected a date${required ? "" : " or N/A"}`
        );
        return null;
      }
      return new Date(t).toISOString();
    };
    const entry = {
      user: get("user"),
      arn: get("arn"),
      createdAt: date2("user_creation_time", true) ?? "",
      passwordEnabled: bool("password_enabled", true),
      passwordLastUsed: date2("password_last_used"),
      passwordLastChanged: date2("password_last_changed"),
      passwordNextRotation: date2("password_next_rotation"),
      mfaActive: bool("mfa_active") ?? false,
      accessKey1: {
        active: bool("access_key_1_active") ?? false,
        lastRotated: date2("access_key_1_last_rotated"),
        lastUsed: date2("access_key_1_last_used_date")
      },
      accessKey2: {
        active: bool("access_key_2_active") ?? false,
        lastRotated: date2("access_key_2_last_rotated"),
        lastUsed: date2("access_key_2_last_used_date")
      },
      cert1Active: bool("cert_1_active") ?? false,
      cert2Active: bool("cert_2_active") ?? false
    };
    if (!entry.user) problems2.push(`line ${line}: user is empty`);
    if (!entry.arn.startsWith("arn:")) problems2.push(`line ${line}: arn is "${entry.arn.slice(0, 60)}"`);
    if (entry.user === ROOT_USER) {
      if (root) problems2.push(`line ${line}: a second ${ROOT_USER} row`);
      root = entry;
    } else users.push(entry);
  });
  if (problems2.length) throw new InvalidSourceDataError("IAM credential report", problems2);
  return { root, users };
}
var REPORT_COLUMNS, ROOT_USER, NO_DATE, ISO_PREFIX;
var init_parse_report = __esm({
  "shared/collectors/aws-iam-credential-report/parse-report.ts"() {
    "use strict";
    init_errors();
    init_csv();
    REPORT_COLUMNS = [
      "user",
      "arn",
      "user_creation_time",
      "password_enabled",
      "password_last_used",
      "password_last_changed",
      "password_next_rotation",
      "mfa_active",
      "access_key_1_active",
      "access_key_1_last_rotated",
      "access_key_1_last_used_date",
      "access_key_1_last_used_region",
      "access_key_1_last_used_service",
      "access_key_2_active",
      "access_key_2_last_rotated",
      "access_key_2_last_used_date",
      "access_key_2_last_used_region",
      "access_key_2_last_used_service",
      "cert_1_active",
      "cert_1_last_rotated",
      "cert_2_active",
      "cert_2_last_rotated"
    ];
    ROOT_USER = "<root_account>";
    NO_DATE = /* @__PURE__ */ new Set(["N/A", "no_information", "not_supported"]);
    ISO_PREFIX = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
  }
});

// shared/collectors/aws-iam-credential-report/collector.ts
import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient as IAMClient4 } from "@aws-sdk/client-iam";
async function waitForReport(ctx) {
  const sleep = typeof ctx.extras.sleep === "function" ? ctx.extras.sleep : timerSleep;
  const iam = ctx.aws(IAMClient4);
  let state;
  for (let attempt = 1; attempt <= REPORT_WAIT.attempts; attempt += 1) {
    ({ State: state } = await essentialCall(
      REPORT,
      "GenerateCredentialReport",
      () => iam.send(new GenerateCredentialReportCommand({}))
    ));
    if (state === "COMPLETE") return;
    if (attempt < REPORT_WAIT.attempts) await sleep(REPORT_WAIT.delayMs);
  }
  throw new DependencyError(
    "IAM credential report",
    `generation timeout: not COMPLETE after ${REPORT_WAIT.attempts} calls (last state ${state ?? "none"})`
  );
}
var REPORT_WAIT, REPORT, timerSleep, collector11;
var init_collector11 = __esm({
  "shared/collectors/aws-iam-credential-report/collector.ts"() {
    "use strict";
    init_errors();
    init_errors2();
    init_types3();
    init_meta11();
    init_parse_report();
    init_schema2();
    REPORT_WAIT = { attempts: 10, delayMs: 2e3 };
    REPORT = "credential-report";
    timerSleep = (ms) => new Promise((resolve7) => setTimeout(resolve7, ms));
    collector11 = defineCollector({
      meta: meta11,
      schema,
      async collect(ctx) {
        await waitForReport(ctx);
        const report2 = await essentialCall(
          REPORT,
          "GetCredentialReport",
          () => ctx.aws(IAMClient4).send(new GetCredentialReportCommand({}))
        );
        if (!report2.Content || !report2.GeneratedTime) {
          throw new InvalidSourceDataError("IAM credential report", [
            "GetCredentialReport returned no content or time"
          ]);
        }
        if (report2.ReportFormat && report2.ReportFormat !== "text/csv") {
          throw new InvalidSourceDataError("IAM credential report", [`unexpected format ${report2.ReportFormat}`]);
        }
        const { root, users } = parseCredentialReport(Buffer.from(report2.Content).toString("utf8"));
        const generatedAt = report2.GeneratedTime.toISOString();
        if (!root) ctx.provenance.note("the credential report has no <root_account> row");
        return { data: { generatedAt, root, users }, observedAt: generatedAt };
      }
    });
  }
});

// shared/collectors/aws-iam-password-policy/meta.ts
var meta12;
var init_meta12 = __esm({
  "shared/collectors/aws-iam-password-policy/meta.ts"() {
    "use strict";
    meta12 = {
      id: "aws-iam-password-policy",
      version: "1.0.0",
      title: "IAM account password policy",
      source: "aws",
      scope: "global",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: ["iam:GetAccountPasswordPolicy"]
    };
  }
});

// shared/collectors/aws-iam-password-policy/schema.ts
import * as z22 from "zod";
var PasswordPolicySchema, schema17;
var init_schema18 = __esm({
  "shared/collectors/aws-iam-password-policy/schema.ts"() {
    "use strict";
    PasswordPolicySchema = z22.strictObject({
      minimumLength: z22.number().int(),
      requireSymbols: z22.boolean(),
      requireNumbers: z22.boolean(),
      requireUppercase: z22.boolean(),
      requireLowercase: z22.boolean(),
      allowUsersToChangePassword: z22.boolean(),
      maxPasswordAgeDays: z22.number().int().nullable(),
      passwordReusePrevention: z22.number().int().nullable(),
      hardExpiry: z22.boolean()
    });
    schema17 = z22.strictObject({
      /** False when the account has no password policy (IAM defaults apply). */
      present: z22.boolean(),
      policy: PasswordPolicySchema.nullable()
    });
  }
});

// shared/collectors/aws-iam-password-policy/collector.ts
import { GetAccountPasswordPolicyCommand, IAMClient as IAMClient5 } from "@aws-sdk/client-iam";
var collector12;
var init_collector12 = __esm({
  "shared/collectors/aws-iam-password-policy/collector.ts"() {
    "use strict";
    init_errors2();
    init_types3();
    init_meta12();
    init_schema18();
    collector12 = defineCollector({
      meta: meta12,
      schema: schema17,
      async collect(ctx) {
        const p = await essentialCall("account-password-policy", "GetAccountPasswordPolicy", async () => {
          try {
            return (await ctx.aws(IAMClient5).send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
          } catch (err) {
            if (err.name === "NoSuchEntityException") return void 0;
            throw err;
          }
        });
        if (!p) return { data: { present: false, policy: null } };
        return {
          data: {
            present: true,
            policy: {
              minimumLength: p.MinimumPasswordLength ?? 6,
              requireSymbols: p.RequireSymbols ?? false,
              requireNumbers: p.RequireNumbers ?? false,
              requireUppercase: p.RequireUppercaseCharacters ?? false,
              requireLowercase: p.RequireLowercaseCharacters ?? false,
              allowUsersToChangePassword: p.AllowUsersToChangePassword ?? false,
              maxPasswordAgeDays: p.MaxPasswordAge ?? null,
              passwordReusePrevention: p.PasswordReusePrevention ?? null,
              hardExpiry: p.HardExpiry ?? false
            }
          }
        };
      }
    });
  }
});

// shared/sources/idp/secrets.ts
import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import * as z23 from "zod";
function resolveOktaToken(secretName2, sources) {
  return readSecret(secretName2, IDP_SECRET_ENV.oktaToken, "token", sources);
}
function resolveEntraClientSecret(secretName2, sources) {
  return readSecret(secretName2, IDP_SECRET_ENV.entraClientSecret, "clientSecret", sources);
}
async function resolveGoogleServiceAccount(secretName2, sources) {
  const raw = await readSecret(secretName2, IDP_SECRET_ENV.googleServiceAccount, void 0, sources);
  let json5;
  try {
    json5 = JSON.parse(raw);
  } catch {
    throw invalid(secretName2, "is not a JSON service-account key");
  }
  const parsed2 = ServiceAccountKeySchema.safeParse(json5);
  if (!parsed2.success)
    throw invalid(secretName2, `lacks ${parsed2.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  return parsed2.data;
}
async function readSecret(name, envKey, field, sources) {
  const local = sources.env?.[envKey]?.trim();
  if (local) return local;
  if (!sources.secretsManager) {
    throw new DependencyError(
      "identity-provider credentials",
      `no Secrets Manager client and no ${envKey} for secret ${name}`
    );
  }
  let value;
  try {
    value = (await sources.secretsManager.send(new GetSecretValueCommand({ SecretId: name }))).SecretString;
  } catch (err) {
    throw new DependencyError(
      "Secrets Manager",
      `cannot read secret ${name}: ${err.name ?? "Error"}`
    );
  }
  const trimmed = value?.trim();
  if (!trimmed) throw invalid(name, "has no SecretString");
  if (!field || !trimmed.startsWith("{")) return trimmed;
  let parsed2;
  try {
    parsed2 = JSON.parse(trimmed);
  } catch {
    throw invalid(name, "is JSON-like but does not parse");
  }
  const inner = parsed2[field];
  if (typeof inner !== "string" || !inner.trim()) throw invalid(name, `has no string field "${field}"`);
  return inner.trim();
}
function invalid(name, reason) {
  return new ValidationError(`secret ${name}`, [reason]);
}
var IDP_SECRET_ENV, ServiceAccountKeySchema;
var init_secrets = __esm({
  "shared/sources/idp/secrets.ts"() {
    "use strict";
    init_errors();
    IDP_SECRET_ENV = {
      oktaToken: "OKTA_API_TOKEN",
      entraClientSecret: "ENTRA_CLIENT_SECRET",
      googleServiceAccount: "GOOGLE_SERVICE_ACCOUNT_JSON"
    };
    ServiceAccountKeySchema = z23.object({
      client_email: z23.email(),
      private_key: z23.string().regex(/-----BEGIN (?:RSA )?PRIVATE KEY-----/, "must be a PEM private key"),
      private_key_id: z23.string().optional(),
      token_uri: z23.url().optional()
    });
  }
});

// shared/sources/idp/transport.ts
function transportOf(c) {
  const { fetch: fetch2, sleep, now, logger, maxAttempts, maxRetryAfterSeconds, backoffBaseMs, timeoutMs } = c;
  return Object.fromEntries(
    Object.entries({
      fetch: fetch2,
      sleep,
      now,
      logger,
      maxAttempts,
      maxRetryAfterSeconds,
      backoffBaseMs,
      timeoutMs
    }).filter(([, v]) => v !== void 0)
  );
}
function once(fn) {
  let pending;
  return () => {
    pending ??= fn().catch((err) => {
      pending = void 0;
      throw err;
    });
    return pending;
  };
}
function normalizeEmail(value) {
  const v = value?.trim().toLowerCase();
  return v ? v : null;
}
var init_transport = __esm({
  "shared/sources/idp/transport.ts"() {
    "use strict";
  }
});

// shared/sources/idp/extras.ts
function buildIdpExtras(config, sources, transport = {}) {
  const { okta, entra, googleWorkspace: gw, identityCenter } = config;
  return {
    ...okta ? {
      okta: {
        ...transport,
        baseUrl: okta.baseUrl,
        token: once(() => resolveOktaToken(okta.tokenSecret, sources))
      }
    } : {},
    ...entra ? {
      entra: {
        ...transport,
        tenantId: entra.tenantId,
        clientId: entra.clientId,
        graphBaseUrl: entra.graphBaseUrl,
        clientSecret: once(() => resolveEntraClientSecret(entra.clientSecretSecret, sources))
      }
    } : {},
    ...gw ? {
      googleWorkspace: {
        ...transport,
        customer: gw.customer,
        adminEmail: gw.adminEmail,
        baseUrl: gw.baseUrl,
        serviceAccount: once(() => resolveGoogleServiceAccount(gw.serviceAccountSecret, sources))
      }
    } : {},
    ...identityCenter ? { identityCenter: { identityStoreId: identityCenter.identityStoreId, region: identityCenter.region } } : {}
  };
}
function requireIdpExtra(ctx, key2) {
  const value = ctx.extras[key2];
  if (!value)
    throw new DependencyError(`extras.${key2}`, `no ${key2} connection was configured for this collector`);
  return value;
}
var init_extras2 = __esm({
  "shared/sources/idp/extras.ts"() {
    "use strict";
    init_errors();
    init_secrets();
    init_transport();
  }
});

// shared/collectors/aws-identity-center-users/meta.ts
var meta13;
var init_meta13 = __esm({
  "shared/collectors/aws-identity-center-users/meta.ts"() {
    "use strict";
    meta13 = {
      id: "aws-identity-center-users",
      version: "1.0.0",
      title: "IAM Identity Center users and groups (MFA not exposed by any public API)",
      source: "aws",
      scope: "global",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: ["identitystore:ListUsers", "identitystore:ListGroups", "identitystore:ListGroupMemberships"]
    };
  }
});

// shared/collectors/aws-identity-center-users/collector.ts
import {
  IdentitystoreClient,
  paginateListGroupMemberships,
  paginateListGroups,
  paginateListUsers
} from "@aws-sdk/client-identitystore";
import pLimit3 from "p-limit";
var collector13;
var init_collector13 = __esm({
  "shared/collectors/aws-identity-center-users/collector.ts"() {
    "use strict";
    init_extras2();
    init_transport();
    init_types3();
    init_meta13();
    init_schema3();
    collector13 = defineCollector({
      meta: meta13,
      schema: schema2,
      async collect(ctx) {
        const { identityStoreId, region: region2 } = requireIdpExtra(ctx, "identityCenter");
        const client = ctx.aws(IdentitystoreClient, region2);
        const pageSize = requestedPageSize(ctx);
        const cfg = { client, ...pageSize ? { pageSize } : {} };
        const users = [];
        for await (const page3 of paginateListUsers(cfg, { IdentityStoreId: identityStoreId }))
          users.push(...page3.Users ?? []);
        const groups = [];
        for await (const page3 of paginateListGroups(cfg, { IdentityStoreId: identityStoreId }))
          groups.push(...page3.Groups ?? []);
        const limit = pLimit3(4);
        const members = await Promise.all(
          groups.map(
            (g) => limit(
              () => ctx.tryResource(g.GroupId ?? "unknown-group", "ListGroupMemberships", async () => {
                const ids = [];
                for await (const page3 of paginateListGroupMemberships(cfg, {
                  IdentityStoreId: identityStoreId,
                  GroupId: g.GroupId
                })) {
                  for (const m of page3.GroupMemberships ?? [])
                    if (m.MemberId && "UserId" in m.MemberId && m.MemberId.UserId) ids.push(m.MemberId.UserId);
                }
                return ids.sort();
              })
            )
          )
        );
        const groupsOf = /* @__PURE__ */ new Map();
        groups.forEach((g, i) => {
          for (const userId of members[i] ?? [])
            groupsOf.set(userId, [...groupsOf.get(userId) ?? [], g.GroupId]);
        });
        return {
          data: {
            identityStoreId,
            region: region2,
            users: users.map((u2) => ({
              // Missing ids stay undefined so the schema turns them into InvalidSourceData.
              id: u2.UserId,
              userName: u2.UserName,
              email: normalizeEmail((u2.Emails?.find((e) => e.Primary) ?? u2.Emails?.[0])?.Value),
              status: u2.UserStatus ?? null,
              groupIds: (groupsOf.get(u2.UserId ?? "") ?? []).sort(),
              mfa: { status: "UNKNOWN", reason: IDENTITY_CENTER_MFA_REASON }
            })).sort((a, b) => String(a.id).localeCompare(String(b.id))),
            groups: groups.map((g, i) => ({
              id: g.GroupId,
              displayName: g.DisplayName ?? null,
              memberUserIds: members[i] ?? null
            })).sort((a, b) => String(a.id).localeCompare(String(b.id)))
          }
        };
      }
    });
  }
});

// shared/collectors/aws-kms-keys/meta.ts
var meta14;
var init_meta14 = __esm({
  "shared/collectors/aws-kms-keys/meta.ts"() {
    "use strict";
    meta14 = {
      id: "aws-kms-keys",
      version: "1.1.0",
      title: "KMS customer managed keys: state, spec, origin and automatic rotation",
      source: "aws",
      scope: "regional",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: ["kms:ListKeys", "kms:DescribeKey", "kms:GetKeyRotationStatus"]
    };
  }
});

// shared/collectors/aws-kms-keys/schema.ts
import * as z24 from "zod";
var KmsKeySchema, schema18;
var init_schema19 = __esm({
  "shared/collectors/aws-kms-keys/schema.ts"() {
    "use strict";
    KmsKeySchema = z24.strictObject({
      keyId: z24.string().min(1),
      arn: z24.string().min(1),
      keyState: z24.string().min(1),
      enabled: z24.boolean(),
      keySpec: z24.string().min(1),
      /** Null when the source omitted it (AWS always returns it; emulators may not): a symmetric key can only encrypt. */
      keyUsage: z24.string().min(1).nullable(),
      origin: z24.string().min(1),
      multiRegion: z24.boolean(),
      creationDate: z24.iso.datetime({ offset: true }).nullable(),
      /** True for symmetric ENCRYPT_DECRYPT keys with AWS_KMS key material: the keys AWS can rotate automatically. */
      rotationEligible: z24.boolean(),
      /** Null when the key is not eligible, pending deletion, or its status could not be read (see the envelope's errors). */
      rotationEnabled: z24.boolean().nullable(),
      rotationPeriodDays: z24.number().int().nullable()
    });
    schema18 = z24.strictObject({
      /** Customer managed keys only; AWS managed keys are counted, not listed. */
      keys: z24.array(KmsKeySchema),
      awsManagedKeyCount: z24.number().int().nonnegative(),
      /** Keys that ListKeys returned (customer, AWS managed and undescribable ones). */
      listedKeyCount: z24.number().int().nonnegative()
    });
  }
});

// shared/collectors/aws-kms-keys/collector.ts
import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  KMSClient as KMSClient2,
  paginateListKeys
} from "@aws-sdk/client-kms";
async function toKey(keyId, m, kms, tryResource) {
  const keySpec = m?.KeySpec ?? m?.CustomerMasterKeySpec;
  const rotationEligible = keySpec === "SYMMETRIC_DEFAULT" && (m?.KeyUsage ?? "ENCRYPT_DECRYPT") === "ENCRYPT_DECRYPT" && m?.Origin === "AWS_KMS";
  let rotationEnabled = null;
  let rotationPeriodDays = null;
  if (rotationEligible && m?.KeyState !== "PendingDeletion") {
    const r = await tryResource(
      keyId,
      "GetKeyRotationStatus",
      () => kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))
    );
    if (r) {
      rotationEnabled = r.KeyRotationEnabled ?? false;
      rotationPeriodDays = r.RotationPeriodInDays ?? null;
    }
  }
  return {
    keyId: m?.KeyId,
    arn: m?.Arn,
    keyState: m?.KeyState,
    enabled: m?.Enabled,
    keySpec,
    keyUsage: m?.KeyUsage ?? null,
    origin: m?.Origin,
    multiRegion: m?.MultiRegion ?? false,
    creationDate: m?.CreationDate ? m.CreationDate.toISOString() : null,
    rotationEligible,
    rotationEnabled,
    rotationPeriodDays
  };
}
var collector14;
var init_collector14 = __esm({
  "shared/collectors/aws-kms-keys/collector.ts"() {
    "use strict";
    init_types3();
    init_meta14();
    init_schema19();
    collector14 = defineCollector({
      meta: meta14,
      schema: schema18,
      async collect(ctx) {
        const kms = ctx.aws(KMSClient2);
        const pageSize = requestedPageSize(ctx);
        const ids = [];
        for await (const page3 of paginateListKeys({ client: kms, pageSize }, {})) {
          for (const k of page3.Keys ?? []) ids.push(k.KeyId);
        }
        const keys = [];
        let awsManagedKeyCount = 0;
        for (const keyId of ids) {
          const described = await ctx.tryResource(
            keyId,
            "DescribeKey",
            () => kms.send(new DescribeKeyCommand({ KeyId: keyId }))
          );
          const m = described?.KeyMetadata;
          if (!described) continue;
          if (m?.KeyManager === "AWS") {
            awsManagedKeyCount += 1;
            continue;
          }
          keys.push(await toKey(keyId, m, kms, (r, op, fn) => ctx.tryResource(r, op, fn)));
        }
        return { data: { keys, awsManagedKeyCount, listedKeyCount: ids.length } };
      }
    });
  }
});

// shared/collectors/aws-rds-instances/meta.ts
var meta15;
var init_meta15 = __esm({
  "shared/collectors/aws-rds-instances/meta.ts"() {
    "use strict";
    meta15 = {
      id: "aws-rds-instances",
      version: "1.0.0",
      title: "RDS DB instances and clusters: encryption, public access, backups, deletion protection",
      source: "aws",
      scope: "regional",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: ["rds:DescribeDBInstances", "rds:DescribeDBClusters"]
    };
  }
});

// shared/collectors/aws-rds-instances/schema.ts
import * as z25 from "zod";
var DbInstanceSchema, DbClusterSchema, schema19;
var init_schema20 = __esm({
  "shared/collectors/aws-rds-instances/schema.ts"() {
    "use strict";
    DbInstanceSchema = z25.strictObject({
      id: z25.string().min(1),
      arn: z25.string().min(1),
      engine: z25.string().min(1),
      engineVersion: z25.string().nullable(),
      status: z25.string().nullable(),
      /** The cluster the instance belongs to (Aurora); its storage and backup settings are the cluster's. */
      clusterId: z25.string().nullable(),
      storageEncrypted: z25.boolean(),
      kmsKeyId: z25.string().nullable(),
      publiclyAccessible: z25.boolean(),
      /** Days of automated backups; 0 means automated backups are off. */
      backupRetentionPeriod: z25.number().int().nonnegative(),
      deletionProtection: z25.boolean(),
      multiAZ: z25.boolean(),
      autoMinorVersionUpgrade: z25.boolean(),
      iamAuthEnabled: z25.boolean()
    });
    DbClusterSchema = z25.strictObject({
      id: z25.string().min(1),
      arn: z25.string().min(1),
      engine: z25.string().min(1),
      engineVersion: z25.string().nullable(),
      status: z25.string().nullable(),
      storageEncrypted: z25.boolean(),
      kmsKeyId: z25.string().nullable(),
      /** Only Multi-AZ DB clusters report this; null for Aurora clusters (public access is per instance). */
      publiclyAccessible: z25.boolean().nullable(),
      backupRetentionPeriod: z25.number().int().nonnegative(),
      deletionProtection: z25.boolean(),
      multiAZ: z25.boolean(),
      iamAuthEnabled: z25.boolean(),
      members: z25.array(z25.string())
    });
    schema19 = z25.strictObject({
      instances: z25.array(DbInstanceSchema),
      /** Null when the clusters could not be listed (see the envelope's errors). */
      clusters: z25.array(DbClusterSchema).nullable()
    });
  }
});

// shared/collectors/aws-rds-instances/collector.ts
import {
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  RDSClient
} from "@aws-sdk/client-rds";
function toInstance(db) {
  return {
    id: db.DBInstanceIdentifier,
    arn: db.DBInstanceArn,
    engine: db.Engine,
    engineVersion: db.EngineVersion ?? null,
    status: db.DBInstanceStatus ?? null,
    clusterId: db.DBClusterIdentifier ?? null,
    storageEncrypted: db.StorageEncrypted,
    kmsKeyId: db.KmsKeyId ?? null,
    publiclyAccessible: db.PubliclyAccessible,
    backupRetentionPeriod: db.BackupRetentionPeriod,
    deletionProtection: db.DeletionProtection,
    multiAZ: db.MultiAZ,
    autoMinorVersionUpgrade: db.AutoMinorVersionUpgrade,
    iamAuthEnabled: db.IAMDatabaseAuthenticationEnabled
  };
}
function toCluster(c) {
  return {
    id: c.DBClusterIdentifier,
    arn: c.DBClusterArn,
    engine: c.Engine,
    engineVersion: c.EngineVersion ?? null,
    status: c.Status ?? null,
    storageEncrypted: c.StorageEncrypted,
    kmsKeyId: c.KmsKeyId ?? null,
    publiclyAccessible: c.PubliclyAccessible ?? null,
    backupRetentionPeriod: c.BackupRetentionPeriod,
    deletionProtection: c.DeletionProtection,
    multiAZ: c.MultiAZ,
    iamAuthEnabled: c.IAMDatabaseAuthenticationEnabled,
    members: (c.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier)
  };
}
var collector15;
var init_collector15 = __esm({
  "shared/collectors/aws-rds-instances/collector.ts"() {
    "use strict";
    init_types3();
    init_meta15();
    init_schema20();
    collector15 = defineCollector({
      meta: meta15,
      schema: schema19,
      async collect(ctx) {
        const rds = ctx.aws(RDSClient);
        const pageSize = requestedPageSize(ctx);
        const instances = [];
        for await (const page3 of paginateDescribeDBInstances({ client: rds, pageSize }, {})) {
          for (const db of page3.DBInstances ?? []) instances.push(toInstance(db));
        }
        const clusters = await ctx.tryResource("db-clusters", "DescribeDBClusters", async () => {
          const out = [];
          for await (const page3 of paginateDescribeDBClusters({ client: rds, pageSize }, {})) {
            for (const c of page3.DBClusters ?? []) out.push(toCluster(c));
          }
          return out;
        });
        return { data: { instances, clusters: clusters ?? null } };
      }
    });
  }
});

// shared/collectors/aws-s3-buckets/not-configured.ts
async function nullIfNotConfigured(names, fn) {
  try {
    return await fn();
  } catch (err) {
    const e = err;
    if (names.includes(e.name ?? "") || names.includes(e.Code ?? "")) return null;
    throw err;
  }
}
var init_not_configured = __esm({
  "shared/collectors/aws-s3-buckets/not-configured.ts"() {
    "use strict";
  }
});

// shared/collectors/aws-s3-buckets/account-pab.ts
import { GetPublicAccessBlockCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
async function accountPublicAccessBlock(ctx) {
  const accountId2 = ctx.scope.account;
  if (!accountId2) {
    ctx.recordError({
      code: "MissingScope",
      message: "the scope names no account, so the account-level Public Access Block cannot be read",
      operation: "GetPublicAccessBlock"
    });
    return void 0;
  }
  const client = ctx.aws(S3ControlClient);
  const out = await ctx.tryResource(
    `account/${accountId2}`,
    "GetPublicAccessBlock",
    () => nullIfNotConfigured(
      ["NoSuchPublicAccessBlockConfiguration"],
      () => client.send(new GetPublicAccessBlockCommand({ AccountId: accountId2 }))
    )
  );
  if (out === void 0) return void 0;
  const c = out?.PublicAccessBlockConfiguration;
  if (!c) return null;
  return {
    blockPublicAcls: c.BlockPublicAcls ?? false,
    ignorePublicAcls: c.IgnorePublicAcls ?? false,
    blockPublicPolicy: c.BlockPublicPolicy ?? false,
    restrictPublicBuckets: c.RestrictPublicBuckets ?? false
  };
}
var init_account_pab = __esm({
  "shared/collectors/aws-s3-buckets/account-pab.ts"() {
    "use strict";
    init_not_configured();
  }
});

// shared/collectors/aws-s3-buckets/policy.ts
function readPolicyDocument(bucket, json5) {
  let doc;
  try {
    doc = JSON.parse(json5);
  } catch (err) {
    throw new InvalidSourceDataError(`bucket policy of ${bucket}`, ["not valid JSON"], { cause: err });
  }
  const raw = doc?.Statement;
  if (raw === void 0 || raw === null) {
    throw new InvalidSourceDataError(`bucket policy of ${bucket}`, ["Statement: missing"]);
  }
  const statements = Array.isArray(raw) ? raw : [raw];
  return {
    allowsAnyoneUnconditionally: statements.some(
      (s) => s.Effect === "Allow" && isAnyone(s.Principal) && !hasConditions(s.Condition)
    ),
    tlsOnlyStatement: statements.some((s) => s.Effect === "Deny" && deniesInsecureTransport(s.Condition))
  };
}
function isAnyone(principal) {
  if (principal === "*") return true;
  if (principal && typeof principal === "object") {
    const aws = principal.AWS;
    return aws === "*" || Array.isArray(aws) && aws.includes("*");
  }
  return false;
}
function hasConditions(condition) {
  return !!condition && typeof condition === "object" && Object.keys(condition).length > 0;
}
function deniesInsecureTransport(condition) {
  if (!condition || typeof condition !== "object") return false;
  const bool = condition.Bool;
  if (!bool || typeof bool !== "object") return false;
  const key2 = Object.keys(bool).find((k) => k.toLowerCase() === "aws:securetransport");
  if (!key2) return false;
  const value = bool[key2];
  const values = Array.isArray(value) ? value : [value];
  return values.length > 0 && values.every((v) => v === false || String(v).toLowerCase() === "false");
}
var init_policy = __esm({
  "shared/collectors/aws-s3-buckets/policy.ts"() {
    "use strict";
    init_errors();
  }
});

// shared/collectors/aws-s3-buckets/bucket-facts.ts
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand as GetPublicAccessBlockCommand2,
  S3Client as S3Client2
} from "@aws-sdk/client-s3";
function locationToRegion(constraint) {
  if (!constraint) return "us-east-1";
  return constraint === "EU" ? "eu-west-1" : constraint;
}
async function bucketFacts(ctx, listed) {
  const Bucket = listed.name;
  const res = `s3://${Bucket}`;
  const region2 = listed.region ?? await ctx.tryResource(res, "GetBucketLocation", async () => {
    const out = await ctx.aws(S3Client2).send(new GetBucketLocationCommand({ Bucket }));
    return locationToRegion(out.LocationConstraint);
  });
  const s3 = ctx.aws(S3Client2, region2);
  const [encryption, publicAccessBlock, policy, versioning, objectLock, logging] = await Promise.all([
    ctx.tryResource(res, "GetBucketEncryption", async () => {
      const out = await nullIfNotConfigured(
        ["ServerSideEncryptionConfigurationNotFoundError"],
        () => s3.send(new GetBucketEncryptionCommand({ Bucket }))
      );
      const rule44 = out?.ServerSideEncryptionConfiguration?.Rules?.[0];
      const def = rule44?.ApplyServerSideEncryptionByDefault;
      if (!def?.SSEAlgorithm) return null;
      return {
        algorithm: def.SSEAlgorithm,
        kmsKeyId: def.KMSMasterKeyID ?? null,
        bucketKeyEnabled: rule44?.BucketKeyEnabled ?? false
      };
    }),
    ctx.tryResource(res, "GetPublicAccessBlock", async () => {
      const out = await nullIfNotConfigured(
        ["NoSuchPublicAccessBlockConfiguration"],
        () => s3.send(new GetPublicAccessBlockCommand2({ Bucket }))
      );
      const c = out?.PublicAccessBlockConfiguration;
      if (!c) return null;
      return {
        blockPublicAcls: c.BlockPublicAcls ?? false,
        ignorePublicAcls: c.IgnorePublicAcls ?? false,
        blockPublicPolicy: c.BlockPublicPolicy ?? false,
        restrictPublicBuckets: c.RestrictPublicBuckets ?? false
      };
    }),
    policyFacts(ctx, s3, Bucket, res),
    ctx.tryResource(res, "GetBucketVersioning", async () => {
      const out = await s3.send(new GetBucketVersioningCommand({ Bucket }));
      return {
        status: out.Status ?? "Disabled",
        mfaDelete: out.MFADelete ?? null
      };
    }),
    ctx.tryResource(res, "GetObjectLockConfiguration", async () => {
      const out = await nullIfNotConfigured(
        ["ObjectLockConfigurationNotFoundError"],
        () => s3.send(new GetObjectLockConfigurationCommand({ Bucket }))
      );
      const c = out?.ObjectLockConfiguration;
      if (!c) return null;
      const d = c.Rule?.DefaultRetention;
      return {
        enabled: c.ObjectLockEnabled === "Enabled",
        defaultMode: d?.Mode ?? null,
        // AWS sets exactly one of Days / Years (each at least 1); some sources send 0 for the other.
        defaultDays: d?.Days || null,
        defaultYears: d?.Years || null
      };
    }),
    ctx.tryResource(res, "GetBucketLogging", async () => {
      const out = await s3.send(new GetBucketLoggingCommand({ Bucket }));
      const l = out.LoggingEnabled;
      return l?.TargetBucket ? { targetBucket: l.TargetBucket, targetPrefix: l.TargetPrefix ?? "" } : null;
    })
  ]);
  return omitUndefined({
    name: Bucket,
    region: region2,
    createdAt: listed.createdAt,
    encryption,
    publicAccessBlock,
    policy,
    versioning,
    objectLock,
    logging
  });
}
async function policyFacts(ctx, s3, Bucket, res) {
  const status2 = await ctx.tryResource(
    res,
    "GetBucketPolicyStatus",
    () => nullIfNotConfigured(["NoSuchBucketPolicy"], () => s3.send(new GetBucketPolicyStatusCommand({ Bucket })))
  );
  if (status2 === void 0) return void 0;
  const doc = await ctx.tryResource(res, "GetBucketPolicy", async () => {
    const out = await nullIfNotConfigured(
      ["NoSuchBucketPolicy"],
      () => s3.send(new GetBucketPolicyCommand({ Bucket }))
    );
    return out?.Policy ? readPolicyDocument(Bucket, out.Policy) : null;
  });
  if (doc === void 0) return void 0;
  if (doc === null) return null;
  const isPublic = status2?.PolicyStatus?.IsPublic;
  return typeof isPublic === "boolean" ? { isPublic, isPublicSource: "PolicyStatus", tlsOnlyStatement: doc.tlsOnlyStatement } : {
    isPublic: doc.allowsAnyoneUnconditionally,
    isPublicSource: "policy-document",
    tlsOnlyStatement: doc.tlsOnlyStatement
  };
}
function omitUndefined(o) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== void 0));
}
var init_bucket_facts = __esm({
  "shared/collectors/aws-s3-buckets/bucket-facts.ts"() {
    "use strict";
    init_not_configured();
    init_policy();
  }
});

// shared/collectors/aws-s3-buckets/meta.ts
var meta16;
var init_meta16 = __esm({
  "shared/collectors/aws-s3-buckets/meta.ts"() {
    "use strict";
    meta16 = {
      id: "aws-s3-buckets",
      version: "1.0.0",
      title: "S3 buckets: encryption, public access, TLS-only policy, versioning, Object Lock, logging",
      source: "aws",
      scope: "global",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation",
        "s3:GetEncryptionConfiguration",
        "s3:GetBucketPublicAccessBlock",
        "s3:GetBucketPolicyStatus",
        "s3:GetBucketPolicy",
        "s3:GetBucketVersioning",
        "s3:GetBucketObjectLockConfiguration",
        "s3:GetBucketLogging",
        "s3:GetAccountPublicAccessBlock"
      ]
    };
  }
});

// shared/collectors/aws-s3-buckets/schema.ts
import * as z26 from "zod";
var PublicAccessBlockSchema, BucketSchema, schema20;
var init_schema21 = __esm({
  "shared/collectors/aws-s3-buckets/schema.ts"() {
    "use strict";
    PublicAccessBlockSchema = z26.strictObject({
      blockPublicAcls: z26.boolean(),
      ignorePublicAcls: z26.boolean(),
      blockPublicPolicy: z26.boolean(),
      restrictPublicBuckets: z26.boolean()
    });
    BucketSchema = z26.strictObject({
      name: z26.string().min(1),
      region: z26.string().min(1).optional(),
      createdAt: z26.iso.datetime({ offset: true }).nullable(),
      /** Default encryption; null when the bucket has none. */
      encryption: z26.strictObject({
        algorithm: z26.string().min(1),
        kmsKeyId: z26.string().nullable(),
        bucketKeyEnabled: z26.boolean()
      }).nullable().optional(),
      /** Bucket-level Block Public Access; null when not configured. */
      publicAccessBlock: PublicAccessBlockSchema.nullable().optional(),
      /** Bucket policy facts; null when the bucket has no policy. */
      policy: z26.strictObject({
        isPublic: z26.boolean(),
        /** `PolicyStatus`: S3's own evaluation; `policy-document`: Allow to Principal "*" without conditions. */
        isPublicSource: z26.enum(["PolicyStatus", "policy-document"]),
        /** A Deny statement with Condition Bool aws:SecureTransport = false is present. */
        tlsOnlyStatement: z26.boolean()
      }).nullable().optional(),
      versioning: z26.strictObject({
        status: z26.enum(["Enabled", "Suspended", "Disabled"]),
        mfaDelete: z26.enum(["Enabled", "Disabled"]).nullable()
      }).optional(),
      /** Object Lock; null when the bucket has no Object Lock configuration. */
      objectLock: z26.strictObject({
        enabled: z26.boolean(),
        defaultMode: z26.enum(["GOVERNANCE", "COMPLIANCE"]).nullable(),
        defaultDays: z26.number().int().nullable(),
        defaultYears: z26.number().int().nullable()
      }).nullable().optional(),
      /** Server access logging; null when disabled. */
      logging: z26.strictObject({ targetBucket: z26.string().min(1), targetPrefix: z26.string() }).nullable().optional()
    });
    schema20 = z26.strictObject({
      /** Account-level Block Public Access; null when not configured, absent when it could not be read. */
      accountPublicAccessBlock: PublicAccessBlockSchema.nullable().optional(),
      buckets: z26.array(BucketSchema)
    });
  }
});

// shared/collectors/aws-s3-buckets/collector.ts
import { paginateListBuckets, S3Client as S3Client3 } from "@aws-sdk/client-s3";
import pLimit4 from "p-limit";
function createS3BucketsCollector(options = {}) {
  const pageSize = options.pageSize ?? 1e3;
  const limit = pLimit4(options.concurrency ?? 8);
  return defineCollector({
    meta: meta16,
    schema: schema20,
    async collect(ctx) {
      const listed = [];
      const pages = paginateListBuckets({ client: ctx.aws(S3Client3, "us-east-1"), pageSize }, {});
      for await (const page3 of pages) {
        for (const b of page3.Buckets ?? []) {
          if (!b.Name) throw new InvalidSourceDataError("ListBuckets", ["a listed bucket has no Name"]);
          listed.push({
            name: b.Name,
            createdAt: b.CreationDate ? b.CreationDate.toISOString() : null,
            ...b.BucketRegion ? { region: b.BucketRegion } : {}
          });
        }
      }
      const [account, buckets2] = await Promise.all([
        accountPublicAccessBlock(ctx),
        Promise.all(listed.map((b) => limit(() => bucketFacts(ctx, b))))
      ]);
      return {
        data: {
          ...account !== void 0 ? { accountPublicAccessBlock: account } : {},
          buckets: buckets2.sort((a, b) => a.name.localeCompare(b.name))
        }
      };
    }
  });
}
var collector16;
var init_collector16 = __esm({
  "shared/collectors/aws-s3-buckets/collector.ts"() {
    "use strict";
    init_errors();
    init_types3();
    init_account_pab();
    init_bucket_facts();
    init_meta16();
    init_schema21();
    collector16 = createS3BucketsCollector();
  }
});

// shared/collectors/aws-securityhub-findings/meta.ts
var meta17;
var init_meta17 = __esm({
  "shared/collectors/aws-securityhub-findings/meta.ts"() {
    "use strict";
    meta17 = {
      id: "aws-securityhub-findings",
      version: "1.0.0",
      title: "Security Hub findings: active findings of the account and region, with standard control ids",
      source: "aws",
      scope: "regional",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: ["securityhub:DescribeHub", "securityhub:GetFindings"]
    };
  }
});

// shared/collectors/aws-securityhub-findings/schema.ts
import * as z27 from "zod";
var FindingSchema, schema21;
var init_schema22 = __esm({
  "shared/collectors/aws-securityhub-findings/schema.ts"() {
    "use strict";
    FindingSchema = z27.strictObject({
      id: z27.string().min(1),
      productArn: z27.string().min(1),
      generatorId: z27.string().min(1),
      /** The consolidated control id (`IAM.6`, `S3.8`), null for findings that are not control checks. */
      securityControlId: z27.string().nullable(),
      /** Standards the control check belongs to (`standards/aws-foundational-security-best-practices/v/1.0.0`). */
      standards: z27.array(z27.string()),
      title: z27.string(),
      severity: z27.string(),
      /** `PASSED`, `FAILED`, `WARNING` or `NOT_AVAILABLE`; null when the finding has no compliance part. */
      complianceStatus: z27.string().nullable(),
      workflowStatus: z27.string().nullable(),
      resources: z27.array(z27.strictObject({ type: z27.string(), id: z27.string() })),
      updatedAt: z27.string()
    });
    schema21 = z27.strictObject({
      /** False when Security Hub is not enabled in the region (a fact: there are no findings to read). */
      enabled: z27.boolean(),
      /** ACTIVE findings of this account and region, sorted by id. */
      findings: z27.array(FindingSchema)
    });
  }
});

// shared/collectors/aws-securityhub-findings/collector.ts
import { DescribeHubCommand, paginateGetFindings, SecurityHubClient } from "@aws-sdk/client-securityhub";
function regionOfProduct(f) {
  return f.ProductArn?.split(":")[3];
}
function normalise(f) {
  const standards = (f.Compliance?.AssociatedStandards ?? []).map((s) => s.StandardsId ?? "").filter(Boolean);
  return {
    // A finding without its id, product or generator is malformed: left undefined, which the schema rejects.
    id: f.Id,
    productArn: f.ProductArn,
    generatorId: f.GeneratorId,
    securityControlId: f.Compliance?.SecurityControlId ?? f.ProductFields?.ControlId ?? null,
    standards: [...new Set(standards)].sort(),
    title: f.Title ?? "",
    severity: f.Severity?.Label ?? "INFORMATIONAL",
    complianceStatus: f.Compliance?.Status ?? null,
    workflowStatus: f.Workflow?.Status ?? null,
    resources: (f.Resources ?? []).map((r) => ({ type: r.Type ?? "", id: r.Id ?? "" })),
    updatedAt: f.UpdatedAt ?? ""
  };
}
var NOT_ENABLED, collector17;
var init_collector17 = __esm({
  "shared/collectors/aws-securityhub-findings/collector.ts"() {
    "use strict";
    init_types3();
    init_meta17();
    init_schema22();
    NOT_ENABLED = /* @__PURE__ */ new Set(["InvalidAccessException", "ResourceNotFoundException"]);
    collector17 = defineCollector({
      meta: meta17,
      schema: schema21,
      async collect(ctx) {
        const sh = ctx.aws(SecurityHubClient);
        const pageSize = requestedPageSize(ctx) ?? 100;
        try {
          await sh.send(new DescribeHubCommand({}));
        } catch (err) {
          if (NOT_ENABLED.has(err.name ?? ""))
            return { data: { enabled: false, findings: [] } };
          throw err;
        }
        const { account, region: region2 } = ctx.scope;
        const Filters = {
          AwsAccountId: [{ Value: account, Comparison: "EQUALS" }],
          Region: [{ Value: region2, Comparison: "EQUALS" }],
          RecordState: [{ Value: "ACTIVE", Comparison: "EQUALS" }]
        };
        const findings = [];
        await ctx.tryResource("findings", "GetFindings", async () => {
          for await (const page3 of paginateGetFindings({ client: sh, pageSize }, { Filters })) {
            for (const f of page3.Findings ?? []) {
              if (f.RecordState !== "ACTIVE" || f.AwsAccountId !== account) continue;
              if ((f.Region ?? regionOfProduct(f)) !== region2) continue;
              findings.push(normalise(f));
            }
          }
        });
        findings.sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
        return { data: { enabled: true, findings } };
      }
    });
  }
});

// shared/collectors/aws-securityhub-status/meta.ts
var meta18;
var init_meta18 = __esm({
  "shared/collectors/aws-securityhub-status/meta.ts"() {
    "use strict";
    meta18 = {
      id: "aws-securityhub-status",
      version: "1.0.0",
      title: "Security Hub: subscription, enabled standards and active failed findings by severity",
      source: "aws",
      scope: "regional",
      schedule: "rate(1 day)",
      ttlHours: 36,
      permissions: ["securityhub:DescribeHub", "securityhub:GetEnabledStandards", "securityhub:GetFindings"]
    };
  }
});

// shared/collectors/aws-securityhub-status/schema.ts
import * as z28 from "zod";
var StandardSchema, schema22;
var init_schema23 = __esm({
  "shared/collectors/aws-securityhub-status/schema.ts"() {
    "use strict";
    StandardSchema = z28.strictObject({
      standardsArn: z28.string().min(1),
      subscriptionArn: z28.string().min(1),
      /** `READY`, `PENDING`, `INCOMPLETE`, `DELETING` or `FAILED`. */
      status: z28.string().min(1)
    });
    schema22 = z28.strictObject({
      /** False when the account is not subscribed to Security Hub in this region (a fact, not an error). */
      enabled: z28.boolean(),
      hubArn: z28.string().nullable(),
      subscribedAt: z28.string().nullable(),
      autoEnableControls: z28.boolean().nullable(),
      controlFindingGenerator: z28.string().nullable(),
      /** Null when the hub is off or the standards could not be read (see the envelope's errors). */
      standards: z28.array(StandardSchema).nullable(),
      /**
       * ACTIVE findings with compliance status FAILED, counted by severity label (`NONE` when unlabeled);
       * null when the hub is off or the findings could not be read.
       */
      failedFindingsBySeverity: z28.record(z28.string(), z28.number().int().nonnegative()).nullable()
    });
  }
});

// shared/collectors/aws-securityhub-status/collector.ts
import {
  DescribeHubCommand as DescribeHubCommand2,
  paginateGetEnabledStandards,
  paginateGetFindings as paginateGetFindings2,
  SecurityHubClient as SecurityHubClient2
} from "@aws-sdk/client-securityhub";
function notEnabled() {
  return {
    enabled: false,
    hubArn: null,
    subscribedAt: null,
    autoEnableControls: null,
    controlFindingGenerator: null,
    standards: null,
    failedFindingsBySeverity: null
  };
}
var NOT_ENABLED2, collector18;
var init_collector18 = __esm({
  "shared/collectors/aws-securityhub-status/collector.ts"() {
    "use strict";
    init_types3();
    init_meta18();
    init_schema23();
    NOT_ENABLED2 = /* @__PURE__ */ new Set(["InvalidAccessException", "ResourceNotFoundException"]);
    collector18 = defineCollector({
      meta: meta18,
      schema: schema22,
      async collect(ctx) {
        const sh = ctx.aws(SecurityHubClient2);
        const pageSize = requestedPageSize(ctx) ?? 100;
        let hub;
        try {
          hub = await sh.send(new DescribeHubCommand2({}));
        } catch (err) {
          if (NOT_ENABLED2.has(err.name ?? "")) return { data: notEnabled() };
          throw err;
        }
        const standards = await ctx.tryResource("standards", "GetEnabledStandards", async () => {
          const out = [];
          for await (const page3 of paginateGetEnabledStandards({ client: sh, pageSize }, {})) {
            for (const s of page3.StandardsSubscriptions ?? []) {
              out.push({
                standardsArn: s.StandardsArn,
                subscriptionArn: s.StandardsSubscriptionArn,
                status: s.StandardsStatus
              });
            }
          }
          return out;
        });
        const failedFindingsBySeverity = await ctx.tryResource("findings", "GetFindings", async () => {
          const counts2 = {};
          const Filters = {
            RecordState: [{ Value: "ACTIVE", Comparison: "EQUALS" }],
            ComplianceStatus: [{ Value: "FAILED", Comparison: "EQUALS" }]
          };
          for await (const page3 of paginateGetFindings2({ client: sh, pageSize }, { Filters })) {
            for (const f of page3.Findings ?? []) {
              if (f.RecordState !== "ACTIVE" || f.Compliance?.Status !== "FAILED") continue;
              const label = f.Severity?.Label ?? "NONE";
              counts2[label] = (counts2[label] ?? 0) + 1;
            }
          }
          return counts2;
        });
        return {
          data: {
            enabled: true,
            // A hub answer without its ARN is malformed: left undefined, which the schema rejects.
            hubArn: hub.HubArn,
            subscribedAt: hub.SubscribedAt ?? null,
            autoEnableControls: hub.AutoEnableControls ?? null,
            controlFindingGenerator: hub.ControlFindingGenerator ?? null,
            standards: standards ?? null,
            failedFindingsBySeverity: failedFindingsBySeverity ?? null
          }
        };
      }
    });
  }
});

// shared/sources/idp/errors.ts
var IdpHttpError, IdpInvalidDataError, TokenAuthorizationError;
var init_errors3 = __esm({
  "shared/sources/idp/errors.ts"() {
    "use strict";
    init_errors();
    IdpHttpError = class extends FluxError {
      constructor(service, operation, status2, summary2, requestId, options) {
        super(
          "IDP_HTTP_ERROR",
          `${service} ${operation} answered HTTP ${status2}${summary2 ? `: ${summary2}` : ""}`,
          {
            service,
            operation,
            status: status2,
            ...requestId ? { requestId } : {}
          },
          options
        );
        this.service = service;
        this.operation = operation;
        this.status = status2;
        this.summary = summary2;
        this.requestId = requestId;
      }
      service;
      operation;
      status;
      summary;
      requestId;
      name = "IdpHttpError";
    };
    IdpInvalidDataError = class extends InvalidSourceDataError {
      constructor(source, issues, options) {
        super(source, issues, options);
        this.name = "InvalidSourceData";
      }
    };
    TokenAuthorizationError = class extends IdpHttpError {
      name = "TokenAuthorizationError";
    };
  }
});

// shared/logging/redact.ts
function isSecretKey(key2) {
  const k = key2.toLowerCase().replace(/[-_.\s]/g, "");
  if (SECRET_KEYS.has(k)) return true;
  if (NOT_SECRET_KEY.test(k)) return false;
  return SECRET_KEY_PARTS.some((part) => k.includes(part));
}
function redactString(text3) {
  let out = text3;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
function redactingReplacer(key2, value) {
  if (key2 !== "" && isSecretKey(key2) && !isHarmless(value)) return REDACTED;
  if (typeof value === "string") return redactString(value);
  return value;
}
function redact(value) {
  return walk2(value, /* @__PURE__ */ new WeakSet());
}
function walk2(value, seen) {
  if (typeof value === "string") return redactString(value);
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => walk2(v, seen));
  if (value instanceof Error) {
    const copy = new Error(redactString(value.message), { cause: walk2(value.cause, seen) });
    copy.name = value.name;
    copy.stack = value.stack === void 0 ? void 0 : redactString(value.stack);
    return copy;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out = {};
  for (const [k, v] of Object.entries(value))
    out[k] = isSecretKey(k) && !isHarmless(v) ? REDACTED : walk2(v, seen);
  return out;
}
function isHarmless(value) {
  return value === null || value === void 0 || typeof value === "boolean";
}
var REDACTED, SECRET_KEYS, SECRET_KEY_PARTS, NOT_SECRET_KEY, SECRET_PATTERNS;
var init_redact = __esm({
  "shared/logging/redact.ts"() {
    "use strict";
    REDACTED = "[REDACTED]";
    SECRET_KEYS = /* @__PURE__ */ new Set([
      "authorization",
      "proxyauthorization",
      "cookie",
      "setcookie",
      "credentials",
      "passphrase",
      "pwd",
      "xapikey",
      "xamzsecuritytoken",
      "xamzsignature"
    ]);
    SECRET_KEY_PARTS = [
      "token",
      "secret",
      "password",
      "passwd",
      "privatekey",
      "apikey",
      "secretaccesskey",
      "signingkey"
    ];
    NOT_SECRET_KEY = /(?:arn|name|id|ids|count|type|length|expires?|expiresat|expiry|expiration|enabled|present|set|rotated|changed|lastused|date|time)$/;
    SECRET_PATTERNS = [
      // PEM private keys (RSA, EC, OPENSSH, ENCRYPTED, PKCS#8), also when the END line was cut off.
      [/-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----[\s\S]*?(?:-----END \1-----|$)/g, REDACTED],
      // GitHub tokens: classic/OAuth/user-to-server/server-to-server/refresh, and fine-grained PATs.
      [/\bgh[pousr]_[A-Za-z0-9]{20,255}\b/g, REDACTED],
      [/\bgithub_pat_[A-Za-z0-9_]{20,255}\b/g, REDACTED],
      // Authorization schemes: Okta API tokens, OAuth bearer tokens, HTTP basic.
      [/\bSSWS\s+[A-Za-z0-9._~+/=-]+/g, `SSWS ${REDACTED}`],
      [/\bBearer\s+[A-Za-z0-9._~+/=-]+/g, `Bearer ${REDACTED}`],
      [/\bBasic\s+[A-Za-z0-9+/]{8,}={0,2}/g, `Basic ${REDACTED}`],
      // JSON Web Tokens and Slack tokens.
      [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED],
      [/\bxox[abprs]-[A-Za-z0-9-]{10,}/g, REDACTED],
      // `secret=...`, `"password": "..."`, `aws_secret_access_key = ...` inside free text.
      [
        /\b((?:aws_?)?(?:secret(?:_?access_?key)?|password|passwd|api_?key|client_?secret|access_?token|refresh_?token|session_?token|private_?key)["']?\s*[:=]\s*["']?)[^\s"',;&}]+/gi,
        `$1${REDACTED}`
      ],
      // Presigned URL signatures and session tokens.
      [/([?&]X-Amz-(?:Signature|Security-Token|Credential)=)[^&\s"']+/gi, `$1${REDACTED}`],
      // Credentials embedded in URLs: scheme://user:password@host
      [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${REDACTED}@`],
      // AWS secret access keys: 40 base64 characters with both letter cases (a git SHA-1 is lower-case hex).
      [
        /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
        REDACTED
      ]
    ];
  }
});

// shared/logging/logger.ts
import { Logger } from "@aws-lambda-powertools/logger";
import * as z29 from "zod";
function createLogger(options) {
  const parsed2 = LoggerOptionsSchema.safeParse(options);
  if (!parsed2.success) throw new ConfigError(formatIssues(parsed2.error.issues));
  const { serviceName, level, persistentKeys } = parsed2.data;
  return new Logger({
    serviceName,
    ...level ? { logLevel: level } : {},
    ...persistentKeys ? { persistentKeys } : {},
    jsonReplacerFn: redactingReplacer
  });
}
var LOG_LEVELS, LoggerOptionsSchema;
var init_logger = __esm({
  "shared/logging/logger.ts"() {
    "use strict";
    init_errors();
    init_redact();
    init_redact();
    LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL", "SILENT"];
    LoggerOptionsSchema = z29.strictObject({
      serviceName: z29.string().min(1),
      level: z29.enum(LOG_LEVELS).optional(),
      persistentKeys: z29.record(z29.string(), z29.unknown()).optional()
    });
  }
});

// shared/sources/idp/retry.ts
function retryAfterMs(headers, now) {
  const value = headers.get("retry-after")?.trim();
  if (value) {
    if (/^\d+$/.test(value)) return Number(value) * 1e3;
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  const reset = headers.get("x-rate-limit-reset")?.trim();
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1e3 - now.getTime());
  return void 0;
}
function backoffMs(attempt, baseMs) {
  return Math.min(3e4, baseMs * 2 ** (attempt - 1));
}
var realSleep;
var init_retry = __esm({
  "shared/sources/idp/retry.ts"() {
    "use strict";
    realSleep = (ms) => new Promise((resolve7) => setTimeout(resolve7, ms));
  }
});

// shared/sources/idp/http.ts
function errorSummary(text3) {
  let body;
  try {
    body = JSON.parse(text3);
  } catch {
    return "";
  }
  if (!body || typeof body !== "object") return "";
  const nested = typeof body.error === "object" && body.error !== null ? body.error : void 0;
  const parts = [
    body.errorCode,
    body.errorSummary,
    nested?.code,
    nested?.status,
    nested?.message,
    typeof body.error === "string" ? body.error : void 0,
    body.error_description
  ].filter((p) => typeof p === "string" || typeof p === "number");
  return redactString(parts.join(" ")).slice(0, 300);
}
var IdpHttpClient;
var init_http = __esm({
  "shared/sources/idp/http.ts"() {
    "use strict";
    init_errors();
    init_logger();
    init_errors3();
    init_retry();
    IdpHttpClient = class {
      constructor(options) {
        this.options = options;
        this.base = new URL(options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`);
        this.fetchFn = options.fetch ?? fetch;
        this.sleep = options.sleep ?? realSleep;
        this.now = options.now ?? (() => /* @__PURE__ */ new Date());
        this.logger = options.logger ?? createLogger({ serviceName: "flux-idp", level: "WARN" });
      }
      options;
      base;
      fetchFn;
      sleep;
      now;
      logger;
      /** Sends one request and returns its parsed body. */
      async request(req) {
        return this.send(req, this.urlOf(req), 1);
      }
      /** Walks every page of a listing, yielding each page's items. */
      async *pages(listing) {
        let url4 = this.urlOf(listing);
        const seen = /* @__PURE__ */ new Set();
        const req = { ...listing, count: (p) => listing.items(p).length };
        for (let page3 = 1; url4; page3++) {
          const canonical = new URL(url4);
          canonical.searchParams.sort();
          if (page3 > (this.options.maxPages ?? 1e5) || seen.has(canonical.href)) {
            throw new IdpInvalidDataError(this.source(req), [
              `page ${page3}: the next-page link repeats or never ends`
            ]);
          }
          seen.add(canonical.href);
          const res = await this.send(req, url4, page3);
          yield listing.items(res.body);
          const next = listing.next(res);
          url4 = next === void 0 ? void 0 : this.sameOrigin(new URL(next, res.url), req, page3);
        }
      }
      /** Collects every item of a listing. */
      async listAll(listing) {
        const all = [];
        for await (const items of this.pages(listing)) all.push(...items);
        return all;
      }
      urlOf(req) {
        const url4 = new URL(req.path.replace(/^\//, ""), this.base);
        for (const [k, v] of Object.entries(req.params ?? {})) url4.searchParams.set(k, v);
        return url4;
      }
      sameOrigin(url4, req, page3) {
        if (url4.origin !== this.base.origin) {
          throw new IdpInvalidDataError(this.source(req), [
            `page ${page3}: next-page link leaves ${this.base.origin}`
          ]);
        }
        return url4;
      }
      source(req) {
        return `${this.options.service} ${this.operationOf(req)}`;
      }
      operationOf(req) {
        return req.operation ?? `${req.method ?? "GET"} ${req.path}`;
      }
      async send(req, url4, page3) {
        const operation = this.operationOf(req);
        const record9 = (items, requestId, error) => this.options.recorder?.record({
          service: this.options.service,
          operation,
          params: { ...req.recordParams ?? req.params ?? {} },
          items,
          ...requestId ? { requestId } : {},
          ...error ? { error } : {}
        });
        const maxAttempts = this.options.maxAttempts ?? 4;
        for (let attempt = 1; ; attempt++) {
          let res;
          try {
            res = await this.fetchFn(url4, await this.init(req));
          } catch (err) {
            if (attempt >= maxAttempts) {
              record9(0, void 0, `network: ${err.name}`);
              throw err;
            }
            await this.wait(operation, "network", attempt, backoffMs(attempt, this.backoffBase()));
            continue;
          }
          const requestId = this.options.requestIdHeader ? res.headers.get(this.options.requestIdHeader) ?? void 0 : void 0;
          const text3 = await res.text();
          if (res.ok) {
            const body = this.parse(req, text3, page3);
            record9(req.count ? req.count(body) : 1, requestId);
            return { body, headers: res.headers, url: url4 };
          }
          const retryable = res.status === 429 || res.status >= 500;
          const wait = retryable ? this.retryWait(res, attempt) : void 0;
          if (wait === void 0 || attempt >= maxAttempts) {
            record9(0, requestId, `HTTP ${res.status}`);
            throw new IdpHttpError(this.options.service, operation, res.status, errorSummary(text3), requestId);
          }
          await this.wait(operation, `HTTP ${res.status}`, attempt, wait);
        }
      }
      async init(req) {
        const headers = { accept: "application/json" };
        if (this.options.authorization) headers.authorization = await this.options.authorization();
        const init = {
          method: req.method ?? "GET",
          headers,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 3e4)
        };
        if (req.form) {
          headers["content-type"] = "application/x-www-form-urlencoded";
          init.body = new URLSearchParams({ ...req.form }).toString();
        }
        return init;
      }
      /** The wait before retrying, or undefined when the answer must not be retried. */
      retryWait(res, attempt) {
        const hinted = retryAfterMs(res.headers, this.now());
        if (hinted !== void 0)
          return hinted <= (this.options.maxRetryAfterSeconds ?? 120) * 1e3 ? hinted : void 0;
        return backoffMs(attempt, this.backoffBase());
      }
      backoffBase() {
        return this.options.backoffBaseMs ?? 500;
      }
      async wait(operation, reason, attempt, ms) {
        const { service } = this.options;
        this.logger.warn("identity provider request retried", {
          idp: service,
          operation,
          reason,
          attempt,
          waitMs: ms
        });
        this.options.recorder?.note(
          `${service} ${operation}: ${reason} on attempt ${attempt}, retried after ${ms} ms`
        );
        await this.sleep(ms);
      }
      parse(req, text3, page3) {
        let json5;
        try {
          json5 = JSON.parse(text3);
        } catch {
          throw new IdpInvalidDataError(this.source(req), [
            `page ${page3}: the body is not JSON (truncated or malformed, ${text3.length} bytes)`
          ]);
        }
        const parsed2 = req.schema.safeParse(json5);
        if (!parsed2.success) {
          throw new IdpInvalidDataError(
            this.source(req),
            formatIssues(parsed2.error.issues).map((i) => `page ${page3}: ${i}`)
          );
        }
        return parsed2.data;
      }
    };
  }
});

// shared/sources/idp/paging.ts
function parseLinkNext(header) {
  if (!header) return void 0;
  for (const part of header.split(/,\s*(?=<)/)) {
    const m = /^\s*<([^>]+)>(.*)$/.exec(part);
    if (m && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(m[2])) return m[1];
  }
  return void 0;
}
function pageTokenNext(param = "pageToken") {
  return ({ body, url: url4 }) => {
    if (!body.nextPageToken) return void 0;
    const next = new URL(url4);
    next.searchParams.set(param, body.nextPageToken);
    return next;
  };
}
var linkHeaderNext, odataNextLink;
var init_paging = __esm({
  "shared/sources/idp/paging.ts"() {
    "use strict";
    linkHeaderNext = ({ headers }) => parseLinkNext(headers.get("link"));
    odataNextLink = ({ body }) => body["@odata.nextLink"] || void 0;
  }
});

// shared/sources/idp/token.ts
import * as z30 from "zod";
function fetchToken(options) {
  const url4 = new URL(options.tokenUrl);
  const { service, tokenUrl: _u, form, recordParams, recorder: recorder2, ...transport } = options;
  const http = new IdpHttpClient({
    ...transport,
    service,
    baseUrl: url4.origin,
    ...recorder2 ? { recorder: recorder2 } : {}
  });
  const now = options.now ?? (() => /* @__PURE__ */ new Date());
  let cached2;
  let pending;
  const refresh = async () => {
    try {
      const { body } = await http.request({
        method: "POST",
        path: url4.pathname + url4.search,
        operation: `POST ${url4.pathname}`,
        form: await form(),
        recordParams,
        schema: TokenResponseSchema
      });
      cached2 = { token: body.access_token, expiresAt: now().getTime() + (body.expires_in - 60) * 1e3 };
      return body.access_token;
    } catch (err) {
      if (err instanceof IdpHttpError && [400, 401, 403].includes(err.status)) {
        throw new TokenAuthorizationError(
          err.service,
          err.operation,
          err.status,
          err.summary,
          err.requestId,
          { cause: err }
        );
      }
      throw err;
    } finally {
      pending = void 0;
    }
  };
  return () => {
    if (cached2 && now().getTime() < cached2.expiresAt) return Promise.resolve(cached2.token);
    pending ??= refresh();
    return pending;
  };
}
var TokenResponseSchema;
var init_token = __esm({
  "shared/sources/idp/token.ts"() {
    "use strict";
    init_errors3();
    init_http();
    TokenResponseSchema = z30.object({
      access_token: z30.string().min(1),
      token_type: z30.string().optional(),
      expires_in: z30.coerce.number().int().positive()
    });
  }
});

// shared/sources/idp/graph.ts
import * as z31 from "zod";
function createGraphClient(conn, recorder2) {
  const graphBase = conn.graphBaseUrl ?? "https://graph.microsoft.com";
  const tokenUrl = conn.tokenUrl ?? `https://login.microsoftonline.com/${encodeURIComponent(conn.tenantId)}/oauth2/v2.0/token`;
  const rec = recorder2 ? { recorder: recorder2 } : {};
  const token = fetchToken({
    ...transportOf(conn),
    ...rec,
    service: "entra-token",
    tokenUrl,
    form: async () => ({
      grant_type: "client_credentials",
      client_id: conn.clientId,
      client_secret: await conn.clientSecret(),
      scope: `${new URL(graphBase).origin}/.default`
    }),
    recordParams: { grant_type: "client_credentials", client_id: conn.clientId }
  });
  const http = new IdpHttpClient({
    ...transportOf(conn),
    ...rec,
    service: "graph",
    baseUrl: graphBase,
    authorization: async () => `Bearer ${await token()}`,
    requestIdHeader: "request-id"
  });
  const list2 = (path, item, params = {}) => http.listAll({
    path,
    params,
    schema: page(item),
    items: (p) => p.value,
    next: odataNextLink
  });
  return {
    listUsers: (select) => list2("/v1.0/users", GraphUserSchema, { $select: select.join(","), $top: String(conn.pageSize ?? 999) }),
    listRegistrationDetails: () => list2("/v1.0/reports/authenticationMethods/userRegistrationDetails", RegistrationDetailsSchema),
    listDeletedUsers: () => list2("/v1.0/directory/deletedItems/microsoft.graph.user", DeletedUserSchema, {
      $select: "id,userPrincipalName,mail,deletedDateTime"
    })
  };
}
function entraIdentity(tenantId, clientId) {
  return `entra-app:${clientId}@${tenantId}`;
}
var isoInstant6, page, GraphUserSchema, RegistrationDetailsSchema, DeletedUserSchema;
var init_graph = __esm({
  "shared/sources/idp/graph.ts"() {
    "use strict";
    init_http();
    init_paging();
    init_token();
    init_transport();
    isoInstant6 = z31.iso.datetime({ offset: true });
    page = (item) => z31.object({ value: z31.array(item), "@odata.nextLink": z31.string().optional() });
    GraphUserSchema = z31.object({
      id: z31.string().min(1),
      userPrincipalName: z31.string().min(1),
      mail: z31.string().nullable().optional(),
      accountEnabled: z31.boolean().nullable().optional(),
      userType: z31.string().nullable().optional(),
      createdDateTime: isoInstant6.nullable().optional(),
      signInActivity: z31.object({
        lastSignInDateTime: isoInstant6.nullable().optional(),
        lastNonInteractiveSignInDateTime: isoInstant6.nullable().optional()
      }).nullable().optional()
    });
    RegistrationDetailsSchema = z31.object({
      id: z31.string().min(1),
      isAdmin: z31.boolean(),
      isMfaRegistered: z31.boolean(),
      isMfaCapable: z31.boolean(),
      methodsRegistered: z31.array(z31.string())
    });
    DeletedUserSchema = z31.object({
      id: z31.string().min(1),
      userPrincipalName: z31.string().nullable().optional(),
      mail: z31.string().nullable().optional(),
      deletedDateTime: isoInstant6.nullable().optional()
    });
  }
});

// shared/collectors/entra-users/meta.ts
var meta19;
var init_meta19 = __esm({
  "shared/collectors/entra-users/meta.ts"() {
    "use strict";
    meta19 = {
      id: "entra-users",
      version: "1.0.0",
      title: "Microsoft Entra ID users: status, sign-in activity, MFA registration and deleted users",
      source: "entra",
      scope: "tenant",
      schedule: "rate(1 day)",
      ttlHours: 36,
      // Microsoft Graph application permissions. signInActivity and the registration report also need Entra ID P1.
      permissions: ["User.Read.All", "AuditLog.Read.All"]
    };
  }
});

// shared/collectors/entra-users/collector.ts
async function listUsers(graph, ctx) {
  try {
    return { users: await graph.listUsers([...SELECT, "signInActivity"]), signInActivityAvailable: true };
  } catch (err) {
    if (!(err instanceof IdpHttpError && err.status === 403 && /NonPremiumTenant/i.test(err.summary)))
      throw err;
    ctx.provenance.note(
      "signInActivity needs Entra ID P1: the tenant refused it, so users were listed without sign-in dates."
    );
    return { users: await graph.listUsers(SELECT), signInActivityAvailable: false };
  }
}
var SELECT, collector19;
var init_collector19 = __esm({
  "shared/collectors/entra-users/collector.ts"() {
    "use strict";
    init_errors3();
    init_extras2();
    init_graph();
    init_transport();
    init_types3();
    init_meta19();
    init_schema4();
    SELECT = ["id", "userPrincipalName", "mail", "accountEnabled", "userType", "createdDateTime"];
    collector19 = defineCollector({
      meta: meta19,
      schema: schema3,
      async collect(ctx) {
        const conn = requireIdpExtra(ctx, "entra");
        if (ctx.provenance.identity === meta19.source)
          ctx.provenance.setIdentity(entraIdentity(conn.tenantId, conn.clientId));
        const graph = createGraphClient(conn, ctx.provenance);
        const { users, signInActivityAvailable } = await listUsers(graph, ctx);
        const registrations = await ctx.tryResource(
          "userRegistrationDetails",
          "GET /v1.0/reports/authenticationMethods/userRegistrationDetails",
          () => graph.listRegistrationDetails()
        );
        const mfaById = new Map((registrations ?? []).map((r) => [r.id, r]));
        const deleted = await ctx.tryResource(
          "deletedUsers",
          "GET /v1.0/directory/deletedItems/microsoft.graph.user",
          () => graph.listDeletedUsers()
        );
        return {
          data: {
            signInActivityAvailable,
            users: users.map((u2) => {
              const r = mfaById.get(u2.id);
              return {
                id: u2.id,
                userPrincipalName: normalizeEmail(u2.userPrincipalName) ?? u2.userPrincipalName,
                email: normalizeEmail(u2.mail),
                accountEnabled: u2.accountEnabled ?? null,
                userType: u2.userType ?? null,
                created: u2.createdDateTime ?? null,
                lastSignIn: u2.signInActivity?.lastSignInDateTime ?? null,
                lastNonInteractiveSignIn: u2.signInActivity?.lastNonInteractiveSignInDateTime ?? null,
                mfa: r ? {
                  registered: r.isMfaRegistered,
                  capable: r.isMfaCapable,
                  methods: [...r.methodsRegistered].sort()
                } : null,
                isAdmin: r ? r.isAdmin : null
              };
            }).sort((a, b) => a.id.localeCompare(b.id)),
            deletedUsers: deleted?.map((u2) => ({
              id: u2.id,
              userPrincipalName: normalizeEmail(u2.userPrincipalName),
              email: normalizeEmail(u2.mail),
              deletedAt: u2.deletedDateTime ?? null
            })).sort((a, b) => a.id.localeCompare(b.id)) ?? null
          }
        };
      }
    });
  }
});

// shared/sources/github/route-index.ts
function routeIndexFrom(rest) {
  if (shared) return shared;
  const index = new RouteIndex();
  for (const ns of Object.values(rest)) {
    for (const fn of Object.values(ns)) {
      const d = fn?.endpoint?.DEFAULTS;
      if (d?.url) index.add(d.method, d.url);
    }
  }
  shared = index;
  return index;
}
var node, RouteIndex, shared;
var init_route_index = __esm({
  "shared/sources/github/route-index.ts"() {
    "use strict";
    node = () => ({ literal: /* @__PURE__ */ new Map(), routes: /* @__PURE__ */ new Map() });
    RouteIndex = class {
      root = node();
      add(method, template) {
        const segments = template.split("/").filter(Boolean);
        if (segments.some((s) => s.includes("{") && !/^\{\w+\}$/.test(s))) return;
        let at = this.root;
        for (const s of segments) {
          const param = /^\{(\w+)\}$/.exec(s)?.[1];
          if (param) {
            at.param ??= { name: param, node: node() };
            at = at.param.node;
          } else {
            let next = at.literal.get(s);
            if (!next) at.literal.set(s, next = node());
            at = next;
          }
        }
        at.routes.set(method.toUpperCase(), template);
      }
      /** Finds the route of `method path`; literal segments win over parameters. */
      match(method, path) {
        const segments = path.split("/").filter(Boolean).map((s) => decodeURIComponent(s));
        const params = {};
        const walk3 = (at, i) => {
          if (i === segments.length) return at.routes.get(method.toUpperCase());
          const lit = at.literal.get(segments[i]);
          const viaLiteral = lit && walk3(lit, i + 1);
          if (viaLiteral) return viaLiteral;
          if (!at.param) return void 0;
          const found = walk3(at.param.node, i + 1);
          if (found) params[at.param.name] = segments[i];
          return found;
        };
        const template = walk3(this.root, 0);
        return template ? { template, pathParams: params } : void 0;
      }
    };
  }
});

// shared/sources/github/provenance-plugin.ts
function identify(options) {
  const template = options.url;
  const pathParams = new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
  const params = {};
  for (const [k, v] of Object.entries(options)) {
    if (NOT_PARAMS.has(k) || PAGING.has(k) || isSecretKey(k)) continue;
    if (pathParams.has(k) && !KEPT_PATH_PARAMS.has(k)) continue;
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") params[k] = v;
  }
  return { operation: `${options.method} ${template}`, params };
}
function pageItems(data) {
  if (Array.isArray(data)) return data.length;
  if (!data || typeof data !== "object") return 0;
  if ("total_count" in data) {
    const list2 = Object.values(data).find((v) => Array.isArray(v));
    if (Array.isArray(list2)) return list2.length;
  }
  return 1;
}
function isRateLimited(status2, headers, message2) {
  if (status2 !== 403 && status2 !== 429) return false;
  return status2 === 429 || headers?.["x-ratelimit-remaining"] === "0" || /\bsecondary rate\b/i.test(message2);
}
function provenancePlugin(octokit, options) {
  const recorder2 = options.fluxRecorder;
  if (!recorder2) return {};
  const rest = octokit.rest ?? {};
  const resolve7 = (opts) => {
    if (!/^https?:\/\//.test(opts.url)) return identify(opts);
    const url4 = new URL(opts.url);
    const basePath = typeof opts.baseUrl === "string" ? new URL(opts.baseUrl).pathname.replace(/\/+$/, "") : "";
    const path = basePath && url4.pathname.startsWith(basePath) ? url4.pathname.slice(basePath.length) : url4.pathname;
    const route = routeIndexFrom(rest).match(opts.method, path);
    const params = {};
    for (const [k, v] of Object.entries(route?.pathParams ?? {})) if (KEPT_PATH_PARAMS.has(k)) params[k] = v;
    for (const [k, v] of url4.searchParams)
      if (!PAGING.has(k) && !isSecretKey(k)) params[k] = /^\d{1,9}$/.test(v) ? Number(v) : v;
    return { operation: `${opts.method} ${route?.template ?? path}`, params };
  };
  octokit.hook.after("request", (response, opts) => {
    const o = opts;
    const id = resolve7(o);
    const headers = response.headers;
    const requestId = headers["x-github-request-id"];
    recorder2.record({
      service: GITHUB_SERVICE,
      ...id,
      items: pageItems(response.data),
      ...typeof requestId === "string" ? { requestId } : {}
    });
  });
  octokit.hook.error("request", (error, opts) => {
    const o = opts;
    const id = resolve7(o);
    const e = error;
    const headers = e.response?.headers;
    const requestId = headers?.["x-github-request-id"];
    const status2 = e.status ?? 0;
    const limited = isRateLimited(status2, headers, e.message ?? "");
    if (limited) {
      const after = headers?.["retry-after"] ?? headers?.["x-ratelimit-reset"];
      recorder2.note(
        `GitHub rate limit on ${id.operation}: HTTP ${status2}${after ? ` (retry-after/reset ${String(after)})` : ""}; the throttling plugin decides on a retry`
      );
    }
    recorder2.record({
      service: GITHUB_SERVICE,
      ...id,
      items: 0,
      // A rate-limited attempt that is retried is not an error of the operation; exhausted retries surface
      // as the collector's error in the envelope.
      ...limited ? {} : { error: `HTTP ${status2 || "error"}` },
      ...typeof requestId === "string" ? { requestId } : {}
    });
    throw error;
  });
  return {};
}
var GITHUB_SERVICE, NOT_PARAMS, KEPT_PATH_PARAMS, PAGING;
var init_provenance_plugin = __esm({
  "shared/sources/github/provenance-plugin.ts"() {
    "use strict";
    init_redact();
    init_route_index();
    GITHUB_SERVICE = "GitHub";
    NOT_PARAMS = /* @__PURE__ */ new Set(["method", "url", "baseUrl", "headers", "request", "mediaType", "data"]);
    KEPT_PATH_PARAMS = /* @__PURE__ */ new Set(["org", "owner"]);
    PAGING = /* @__PURE__ */ new Set(["page", "after", "before", "cursor"]);
  }
});

// shared/sources/github/client.ts
import { createAppAuth } from "@octokit/auth-app";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
function bare429Plugin(octokit) {
  octokit.hook.error("request", (error) => {
    const e = error;
    if (e.status === 429 && e.response?.headers?.["x-ratelimit-remaining"] !== "0" && !/\bsecondary rate\b/i.test(e.message)) {
      e.message = `${e.message} (secondary rate limit: HTTP 429)`;
    }
    throw error;
  });
  return {};
}
function createGitHubClient(options) {
  return build(options, /* @__PURE__ */ new Map());
}
function build(options, tokenCache) {
  if (options.auth.type === "token" && !options.auth.token)
    throw new ValidationError("GitHub auth", ["token: is empty"]);
  const logger = options.logger ?? createLogger({ serviceName: "flux-github", level: "WARN" });
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const maxWait = options.maxRetryAfterSeconds ?? 300;
  const onLimit = (kind) => (retryAfter, req, _o, retryCount) => {
    const retrying = retryCount < maxRetries && retryAfter <= maxWait;
    logger.warn("GitHub rate limit", {
      kind,
      route: `${req.method} ${req.url}`,
      retryAfterSeconds: retryAfter,
      retryCount,
      retrying
    });
    return retrying;
  };
  const auth = options.auth;
  const client = new FluxOctokit({
    baseUrl: (options.baseUrl ?? "https://api.github.com").replace(/\/+$/, ""),
    userAgent: "flux-evidence",
    ...auth.type === "token" ? { auth: auth.token } : {
      authStrategy: createAppAuth,
      auth: {
        appId: auth.appId,
        privateKey: auth.privateKey,
        installationId: auth.installationId,
        // Shared by the clients bindRecorder derives, so a run does not mint a token per collector.
        cache: {
          get: (k) => tokenCache.get(k) ?? "",
          set: (k, v) => tokenCache.set(k, v)
        }
      }
    },
    ...options.fetch ? { request: { fetch: options.fetch } } : {},
    log: {
      debug: () => {
      },
      info: () => {
      },
      warn: (message2) => logger.warn(message2),
      // @octokit/plugin-request-log reports every non-2xx here, including a 404 "Branch not protected" (a fact).
      // Failures that matter reach the envelope's errors; keep them out of the error log.
      error: (message2) => logger.debug(message2)
    },
    retry: { retries: options.serverErrorRetries ?? 3, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: { onRateLimit: onLimit("primary"), onSecondaryRateLimit: onLimit("secondary") },
    fluxRecorder: options.recorder
  });
  created.set(client, { options, tokenCache });
  return client;
}
function bindRecorder(client, recorder2) {
  const origin = created.get(client);
  if (!origin)
    throw new ValidationError("GitHub client", [
      "was not made by createGitHubClient, so its requests cannot be recorded"
    ]);
  return build({ ...origin.options, recorder: recorder2 }, origin.tokenCache);
}
var FluxOctokit, created;
var init_client = __esm({
  "shared/sources/github/client.ts"() {
    "use strict";
    init_errors();
    init_logger();
    init_provenance_plugin();
    FluxOctokit = Octokit.plugin(provenancePlugin, retry, bare429Plugin, throttling);
    created = /* @__PURE__ */ new WeakMap();
  }
});

// shared/sources/github/extras.ts
function githubRun(ctx) {
  const { github, githubOrg, since } = ctx.extras;
  const issues = [];
  const looksLikeClient = typeof github === "object" && github !== null && "paginate" in github && "request" in github;
  if (!looksLikeClient) issues.push("extras.github: must be a client from createGitHubClient");
  if (typeof githubOrg !== "string" || !githubOrg)
    issues.push("extras.githubOrg: must be the organization login");
  if (since !== void 0 && (typeof since !== "string" || Number.isNaN(Date.parse(since)))) {
    issues.push("extras.since: must be an ISO-8601 instant");
  }
  if (issues.length) throw new ValidationError("GitHub collector extras", issues);
  return {
    octokit: bindRecorder(github, ctx.provenance),
    org: githubOrg,
    ...typeof since === "string" ? { since } : {}
  };
}
function githubExtras(extras) {
  return { ...extras };
}
var init_extras3 = __esm({
  "shared/sources/github/extras.ts"() {
    "use strict";
    init_errors();
    init_client();
  }
});

// shared/sources/github/settle.ts
async function allSettledOrThrow(promises) {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((s) => s.value);
}
var init_settle = __esm({
  "shared/sources/github/settle.ts"() {
    "use strict";
  }
});

// shared/collectors/github-org/meta.ts
var meta20;
var init_meta20 = __esm({
  "shared/collectors/github-org/meta.ts"() {
    "use strict";
    meta20 = {
      id: "github-org",
      version: "1.0.0",
      title: "GitHub organization: 2FA requirement, members and roles, outside collaborators, members without 2FA",
      source: "github",
      scope: "org",
      schedule: "rate(1 day)",
      ttlHours: 36,
      // GitHub App permissions. The 2FA filters answer only for organization owners (or an App with
      // organization administration); without it they fail and are recorded as errors.
      permissions: ["organization_administration:read", "members:read"]
    };
  }
});

// shared/collectors/github-org/collector.ts
var byLogin, collector20;
var init_collector20 = __esm({
  "shared/collectors/github-org/collector.ts"() {
    "use strict";
    init_extras3();
    init_settle();
    init_types3();
    init_meta20();
    init_schema5();
    byLogin = (a, b) => a.localeCompare(b);
    collector20 = defineCollector({
      meta: meta20,
      schema: schema4,
      async collect(ctx) {
        const { octokit, org } = githubRun(ctx);
        const members = (role2) => octokit.paginate(octokit.rest.orgs.listMembers, { org, role: role2, per_page: 100 });
        const [{ data: settings }, admins, plain, outside] = await allSettledOrThrow([
          octokit.rest.orgs.get({ org }),
          members("admin"),
          members("member"),
          octokit.paginate(octokit.rest.orgs.listOutsideCollaborators, { org, per_page: 100 })
        ]);
        const [no2fa, outsideNo2fa] = await allSettledOrThrow([
          ctx.tryResource(
            org,
            "GET /orgs/{org}/members?filter=2fa_disabled",
            () => octokit.paginate(octokit.rest.orgs.listMembers, { org, filter: "2fa_disabled", per_page: 100 })
          ),
          ctx.tryResource(
            org,
            "GET /orgs/{org}/outside_collaborators?filter=2fa_disabled",
            () => octokit.paginate(octokit.rest.orgs.listOutsideCollaborators, {
              org,
              filter: "2fa_disabled",
              per_page: 100
            })
          )
        ]);
        const twoFactor = settings.two_factor_requirement_enabled ?? null;
        if (twoFactor === null)
          ctx.provenance.note(
            "two_factor_requirement_enabled was not in GET /orgs/{org}: it is shown to owners only"
          );
        return {
          data: {
            org,
            twoFactorRequirementEnabled: twoFactor,
            defaultRepositoryPermission: settings.default_repository_permission ?? null,
            members: [
              ...admins.map((u2) => ({ login: u2.login, role: "admin" })),
              ...plain.map((u2) => ({ login: u2.login, role: "member" }))
            ].sort((a, b) => byLogin(a.login, b.login)),
            outsideCollaborators: outside.map((u2) => ({ login: u2.login })).sort((a, b) => byLogin(a.login, b.login)),
            membersWithout2fa: no2fa ? no2fa.map((u2) => u2.login).sort(byLogin) : null,
            outsideCollaboratorsWithout2fa: outsideNo2fa ? outsideNo2fa.map((u2) => u2.login).sort(byLogin) : null
          }
        };
      }
    });
  }
});

// shared/sources/github/branch-rules.ts
import * as z32 from "zod";
function status(err) {
  return err?.status;
}
async function readBranchRules(octokit, owner, repo, branch) {
  let classic = null;
  try {
    const { data: p } = await octokit.rest.repos.getBranchProtection({ owner, repo, branch });
    const reviews = p.required_pull_request_reviews;
    classic = {
      requiredApprovingReviewCount: reviews ? reviews.required_approving_review_count ?? 0 : null,
      dismissStaleReviews: reviews?.dismiss_stale_reviews ?? false,
      requireCodeOwnerReviews: reviews?.require_code_owner_reviews ?? false,
      requireLastPushApproval: reviews?.require_last_push_approval ?? false,
      requiredStatusChecks: [
        .../* @__PURE__ */ new Set([
          ...p.required_status_checks?.contexts ?? [],
          ...(p.required_status_checks?.checks ?? []).map((c) => c.context)
        ])
      ].sort(),
      strictStatusChecks: p.required_status_checks?.strict ?? false,
      enforceAdmins: p.enforce_admins?.enabled ?? false,
      allowForcePushes: p.allow_force_pushes?.enabled ?? false,
      allowDeletions: p.allow_deletions?.enabled ?? false,
      requiredLinearHistory: p.required_linear_history?.enabled ?? false
    };
  } catch (err) {
    if (status(err) !== 404) throw err;
  }
  const rules2 = await octokit.paginate(octokit.rest.repos.getBranchRules, {
    owner,
    repo,
    branch,
    per_page: 100
  });
  const rulesets = {
    rulesetIds: [
      ...new Set(rules2.map((r) => r.ruleset_id).filter((id) => typeof id === "number"))
    ].sort((a, b) => a - b),
    requiredApprovingReviewCount: null,
    dismissStaleReviewsOnPush: false,
    requireCodeOwnerReview: false,
    requiredStatusChecks: [],
    strictStatusChecks: false,
    nonFastForwardBlocked: false,
    deletionBlocked: false
  };
  for (const rule44 of rules2) {
    if (rule44.type === "pull_request" && rule44.parameters) {
      rulesets.requiredApprovingReviewCount = Math.max(
        rulesets.requiredApprovingReviewCount ?? 0,
        rule44.parameters.required_approving_review_count
      );
      rulesets.dismissStaleReviewsOnPush ||= rule44.parameters.dismiss_stale_reviews_on_push;
      rulesets.requireCodeOwnerReview ||= rule44.parameters.require_code_owner_review;
    } else if (rule44.type === "required_status_checks" && rule44.parameters) {
      rulesets.requiredStatusChecks.push(...rule44.parameters.required_status_checks.map((c) => c.context));
      rulesets.strictStatusChecks ||= rule44.parameters.strict_required_status_checks_policy;
    } else if (rule44.type === "non_fast_forward") rulesets.nonFastForwardBlocked = true;
    else if (rule44.type === "deletion") rulesets.deletionBlocked = true;
  }
  rulesets.requiredStatusChecks = [...new Set(rulesets.requiredStatusChecks)].sort();
  return { branch, classic, rulesets };
}
function requiredChecksOf(rules2) {
  return [
    .../* @__PURE__ */ new Set([...rules2.classic?.requiredStatusChecks ?? [], ...rules2.rulesets.requiredStatusChecks])
  ].sort();
}
var ClassicProtectionSchema, RulesetRulesSchema, BranchRulesSchema;
var init_branch_rules = __esm({
  "shared/sources/github/branch-rules.ts"() {
    "use strict";
    ClassicProtectionSchema = z32.strictObject({
      /** null: pull-request reviews are not required. */
      requiredApprovingReviewCount: z32.number().int().nonnegative().nullable(),
      dismissStaleReviews: z32.boolean(),
      requireCodeOwnerReviews: z32.boolean(),
      requireLastPushApproval: z32.boolean(),
      requiredStatusChecks: z32.array(z32.string()),
      strictStatusChecks: z32.boolean(),
      enforceAdmins: z32.boolean(),
      allowForcePushes: z32.boolean(),
      allowDeletions: z32.boolean(),
      requiredLinearHistory: z32.boolean()
    });
    RulesetRulesSchema = z32.strictObject({
      rulesetIds: z32.array(z32.number().int()),
      /** null: no pull_request rule applies. */
      requiredApprovingReviewCount: z32.number().int().nonnegative().nullable(),
      dismissStaleReviewsOnPush: z32.boolean(),
      requireCodeOwnerReview: z32.boolean(),
      requiredStatusChecks: z32.array(z32.string()),
      strictStatusChecks: z32.boolean(),
      /** A `non_fast_forward` rule applies (force pushes blocked). */
      nonFastForwardBlocked: z32.boolean(),
      /** A `deletion` rule applies. */
      deletionBlocked: z32.boolean()
    });
    BranchRulesSchema = z32.strictObject({
      branch: z32.string(),
      /** null: GitHub answered 404 "Branch not protected" — a fact, not an error. */
      classic: ClassicProtectionSchema.nullable(),
      rulesets: RulesetRulesSchema
    });
  }
});

// shared/collectors/github-pull-requests/approvals.ts
function approvalsAtMerge(reviews, mergedAt, author, headSha) {
  const cutoff = Date.parse(mergedAt);
  const latest = /* @__PURE__ */ new Map();
  for (const r of reviews) {
    if (!r.user || !r.submitted_at || r.state === "COMMENTED" || r.state === "PENDING") continue;
    const at = Date.parse(r.submitted_at);
    if (at > cutoff) continue;
    const prev = latest.get(r.user.login);
    if (!prev || at >= prev.at) latest.set(r.user.login, { state: r.state, at, commit: r.commit_id });
  }
  const approved = [...latest].filter(([, v]) => v.state === "APPROVED");
  const onHead = ([, v]) => headSha === void 0 || v.commit === headSha;
  const approvers = approved.filter(onHead).map(([login2]) => login2).sort();
  const staleApprovers = approved.filter((a) => !onHead(a)).map(([login2]) => login2).sort();
  return { approvers, staleApprovers, approvedByOther: approvers.some((login2) => login2 !== author) };
}
var init_approvals = __esm({
  "shared/collectors/github-pull-requests/approvals.ts"() {
    "use strict";
  }
});

// shared/collectors/github-pull-requests/checks.ts
async function requiredCheckStates(octokit, owner, repo, sha3, required) {
  if (required.length === 0) return { sha: sha3, sources: [], required: [] };
  const runs = await octokit.paginate(octokit.rest.checks.listForRef, {
    owner,
    repo,
    ref: sha3,
    per_page: 100,
    filter: "latest"
  });
  const byName = /* @__PURE__ */ new Map();
  for (const run of runs) {
    byName.set(
      run.name,
      run.status === "completed" ? run.conclusion ?? "pending" : "pending"
    );
  }
  const sources = ["check-runs"];
  if (required.some((name) => !byName.has(name))) {
    sources.push("statuses");
    const { data } = await octokit.rest.repos.getCombinedStatusForRef({
      owner,
      repo,
      ref: sha3,
      per_page: 100
    });
    for (const s of data.statuses) if (!byName.has(s.context)) byName.set(s.context, s.state);
    if (data.total_count > data.statuses.length) {
      throw Object.assign(
        new Error(
          `combined status of ${owner}/${repo}@${sha3} has ${data.total_count} contexts; more than one page`
        ),
        { name: "IncompleteStatuses" }
      );
    }
  }
  return { sha: sha3, sources, required: required.map((name) => ({ name, state: byName.get(name) ?? "missing" })) };
}
var init_checks = __esm({
  "shared/collectors/github-pull-requests/checks.ts"() {
    "use strict";
  }
});

// shared/collectors/github-pull-requests/direct-commits.ts
async function directCommits(octokit, owner, repo, base3, since, until, merged) {
  const covered = new Set(merged.flatMap((p) => p.mergeCommitSha ? [p.mergeCommitSha] : []));
  const commits = await octokit.paginate(octokit.rest.repos.listCommits, {
    owner,
    repo,
    sha: base3,
    since,
    until,
    per_page: 100
  });
  const direct = [];
  for (const c of commits) {
    if (covered.has(c.sha)) continue;
    const pulls = await octokit.paginate(octokit.rest.repos.listPullRequestsAssociatedWithCommit, {
      owner,
      repo,
      commit_sha: c.sha,
      per_page: 100
    });
    if (pulls.some((p) => p.merged_at && p.base.ref === base3)) continue;
    direct.push({
      sha: c.sha,
      author: c.author && "login" in c.author ? c.author.login : null,
      committedAt: c.commit.committer?.date ?? c.commit.author?.date ?? until
    });
  }
  return {
    commits: commits.length,
    direct: direct.sort((a, b) => a.committedAt.localeCompare(b.committedAt))
  };
}
var init_direct_commits = __esm({
  "shared/collectors/github-pull-requests/direct-commits.ts"() {
    "use strict";
  }
});

// shared/collectors/github-pull-requests/merged-pulls.ts
async function mergedPulls(octokit, owner, repo, base3, since, until) {
  const from = Date.parse(since);
  const to = Date.parse(until);
  const out = [];
  const pages = octokit.paginate.iterator(octokit.rest.pulls.list, {
    owner,
    repo,
    state: "closed",
    base: base3,
    sort: "updated",
    direction: "desc",
    per_page: 100
  });
  listing: for await (const { data } of pages) {
    for (const pr of data) {
      if (Date.parse(pr.updated_at) < from) break listing;
      if (!pr.merged_at) continue;
      const merged = Date.parse(pr.merged_at);
      if (merged < from || merged > to) continue;
      out.push({
        number: pr.number,
        author: pr.user?.login ?? null,
        baseRef: pr.base.ref,
        mergedAt: pr.merged_at,
        mergeCommitSha: pr.merge_commit_sha,
        headSha: pr.head.sha
      });
    }
  }
  return out.sort((a, b) => a.number - b.number);
}
var init_merged_pulls = __esm({
  "shared/collectors/github-pull-requests/merged-pulls.ts"() {
    "use strict";
  }
});

// shared/collectors/github-pull-requests/meta.ts
var meta21;
var init_meta21 = __esm({
  "shared/collectors/github-pull-requests/meta.ts"() {
    "use strict";
    meta21 = {
      id: "github-pull-requests",
      version: "1.1.0",
      title: "GitHub pull requests merged into default branches (author, approvals of the last commit, required checks) and commits pushed without one",
      source: "github",
      scope: "org",
      schedule: "rate(1 day)",
      ttlHours: 36,
      // GitHub App permissions: metadata (repo listing), pull_requests (PRs, reviews), administration (required
      // checks from branch protection and rules), checks and statuses (check runs / commit statuses), contents
      // (default-branch commits, to find those no merged pull request contains).
      permissions: [
        "metadata:read",
        "pull_requests:read",
        "administration:read",
        "checks:read",
        "statuses:read",
        "contents:read"
      ]
    };
  }
});

// shared/collectors/github-pull-requests/schema.ts
import * as z33 from "zod";
var isoInstant7, sha, CheckStateSchema, PullRequestSchema, schema23;
var init_schema24 = __esm({
  "shared/collectors/github-pull-requests/schema.ts"() {
    "use strict";
    isoInstant7 = z33.iso.datetime({ offset: true });
    sha = z33.string().regex(/^[0-9a-f]{40}$/);
    CheckStateSchema = z33.enum([
      "success",
      "failure",
      "neutral",
      "cancelled",
      "skipped",
      "timed_out",
      "action_required",
      "stale",
      "startup_failure",
      "error",
      "pending",
      "missing"
    ]);
    PullRequestSchema = z33.strictObject({
      repository: z33.string().min(1),
      number: z33.number().int().positive(),
      /** null: the author's account was deleted (ghost). */
      author: z33.string().nullable(),
      baseRef: z33.string(),
      mergedAt: isoInstant7,
      mergeCommitSha: sha.nullable(),
      /** The PR's last head commit (absent in artifacts of collector versions before 1.1.0). */
      headSha: sha.optional(),
      /**
       * Reviewers whose latest review (ignoring comments) submitted at or before the merge is an APPROVED review of
       * the last head commit; null: unreadable.
       */
      approvers: z33.array(z33.string()).nullable(),
      /** Reviewers whose approval was of an earlier commit (pushed over before the merge); absent before 1.1.0. */
      staleApprovers: z33.array(z33.string()).nullable().optional(),
      /** An approval of the last head commit by someone other than the author was in force at merge; null: unreadable. */
      approvedByOther: z33.boolean().nullable(),
      /** Required checks at the merge commit; null: unreadable (errors name the PR or its repository). */
      checks: z33.strictObject({
        sha,
        /** Which APIs answered: check runs always, commit statuses only when a required check had no check run. */
        sources: z33.array(z33.enum(["check-runs", "statuses"])),
        required: z33.array(z33.strictObject({ name: z33.string(), state: CheckStateSchema }))
      }).nullable()
    });
    schema23 = z33.strictObject({
      org: z33.string().min(1),
      /** Population window: PRs merged in [since, until]. */
      since: isoInstant7,
      until: isoInstant7,
      repositories: z33.array(
        z33.strictObject({
          fullName: z33.string(),
          defaultBranch: z33.string(),
          /** Required checks of the default branch now (classic + rulesets); null: unreadable. */
          requiredChecks: z33.array(z33.string()).nullable(),
          /** null: the PR listing failed (see errors); the population of this repo is unknown. */
          mergedPullRequests: z33.number().int().nonnegative().nullable(),
          /** Commits on the default branch in the window; null: unreadable; absent before collector 1.1.0. */
          defaultBranchCommits: z33.number().int().nonnegative().nullable().optional(),
          /** Default-branch commits in the window that no merged pull request contains; null: unreadable. */
          directCommits: z33.array(z33.strictObject({ sha, author: z33.string().nullable(), committedAt: isoInstant7 })).nullable().optional()
        })
      ),
      pullRequests: z33.array(PullRequestSchema)
    });
  }
});

// shared/collectors/github-pull-requests/collector.ts
import pLimit5 from "p-limit";
var DEFAULT_LOOKBACK_DAYS, REPO_CONCURRENCY, PR_CONCURRENCY, collector21;
var init_collector21 = __esm({
  "shared/collectors/github-pull-requests/collector.ts"() {
    "use strict";
    init_branch_rules();
    init_extras3();
    init_types3();
    init_approvals();
    init_checks();
    init_direct_commits();
    init_merged_pulls();
    init_meta21();
    init_schema24();
    DEFAULT_LOOKBACK_DAYS = 30;
    REPO_CONCURRENCY = 4;
    PR_CONCURRENCY = 10;
    collector21 = defineCollector({
      meta: meta21,
      schema: schema23,
      async collect(ctx) {
        const { octokit, org, since: given } = githubRun(ctx);
        const until = ctx.now().toISOString();
        const since = given ? new Date(given).toISOString() : new Date(Date.parse(until) - DEFAULT_LOOKBACK_DAYS * 864e5).toISOString();
        if (!given) ctx.provenance.note(`no since given: the window is the last ${DEFAULT_LOOKBACK_DAYS} days`);
        ctx.provenance.note(
          "required checks are those of the default branch at collection time (classic protection + rulesets); their state is read at the merge commit from check runs, and from commit statuses only when a required check has no check run"
        );
        const repos = await octokit.paginate(octokit.rest.repos.listForOrg, { org, type: "all", per_page: 100 });
        const repoLimit = pLimit5(REPO_CONCURRENCY);
        const prLimit = pLimit5(PR_CONCURRENCY);
        const repositories = [];
        const pullRequests = [];
        await Promise.all(
          repos.map(
            (r) => repoLimit(async () => {
              const base3 = r.default_branch ?? "main";
              const [rules2, pulls] = await Promise.all([
                ctx.tryResource(
                  r.full_name,
                  "GET /repos/{owner}/{repo}/branches/{branch}/protection+rules",
                  () => readBranchRules(octokit, org, r.name, base3)
                ),
                ctx.tryResource(
                  r.full_name,
                  "GET /repos/{owner}/{repo}/pulls",
                  () => mergedPulls(octokit, org, r.name, base3, since, until)
                )
              ]);
              const required = rules2 ? requiredChecksOf(rules2) : null;
              const history = pulls ? await ctx.tryResource(
                r.full_name,
                "GET /repos/{owner}/{repo}/commits",
                () => directCommits(octokit, org, r.name, base3, since, until, pulls)
              ) : void 0;
              repositories.push({
                fullName: r.full_name,
                defaultBranch: base3,
                requiredChecks: required,
                mergedPullRequests: pulls?.length ?? null,
                defaultBranchCommits: history?.commits ?? null,
                directCommits: history?.direct ?? null
              });
              const facts = await Promise.all(
                (pulls ?? []).map(
                  (pr) => prLimit(async () => {
                    const id = `${r.full_name}#${pr.number}`;
                    const [reviews, checks] = await Promise.all([
                      ctx.tryResource(
                        id,
                        "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
                        () => octokit.paginate(octokit.rest.pulls.listReviews, {
                          owner: org,
                          repo: r.name,
                          pull_number: pr.number,
                          per_page: 100
                        })
                      ),
                      required && pr.mergeCommitSha ? ctx.tryResource(
                        id,
                        "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
                        () => requiredCheckStates(octokit, org, r.name, pr.mergeCommitSha, required)
                      ) : Promise.resolve(void 0)
                    ]);
                    const { headSha, ...facts2 } = pr;
                    const approvals = reviews ? approvalsAtMerge(reviews, pr.mergedAt, pr.author, headSha) : null;
                    return {
                      repository: r.full_name,
                      ...facts2,
                      headSha,
                      approvers: approvals?.approvers ?? null,
                      staleApprovers: approvals?.staleApprovers ?? null,
                      approvedByOther: approvals?.approvedByOther ?? null,
                      checks: checks ?? null
                    };
                  })
                )
              );
              pullRequests.push(...facts);
            })
          )
        );
        repositories.sort((a, b) => a.fullName.localeCompare(b.fullName));
        pullRequests.sort((a, b) => a.repository.localeCompare(b.repository) || a.number - b.number);
        return { data: { org, since, until, repositories, pullRequests } };
      }
    });
  }
});

// shared/collectors/github-repos/meta.ts
var meta22;
var init_meta22 = __esm({
  "shared/collectors/github-repos/meta.ts"() {
    "use strict";
    meta22 = {
      id: "github-repos",
      version: "1.0.0",
      title: "GitHub repositories: visibility, default-branch protection and rulesets, security and analysis settings",
      source: "github",
      scope: "org",
      schedule: "rate(1 day)",
      ttlHours: 36,
      // GitHub App permissions: repository metadata (listing), administration (branch protection, rules, and the
      // security_and_analysis block, shown to admins only).
      permissions: ["metadata:read", "administration:read"]
    };
  }
});

// shared/collectors/github-repos/schema.ts
import * as z34 from "zod";
var featureStatus, RepositorySchema, schema24;
var init_schema25 = __esm({
  "shared/collectors/github-repos/schema.ts"() {
    "use strict";
    init_branch_rules();
    featureStatus = z34.enum(["enabled", "disabled"]).nullable();
    RepositorySchema = z34.strictObject({
      name: z34.string().min(1),
      fullName: z34.string().min(1),
      visibility: z34.enum(["public", "private", "internal"]),
      archived: z34.boolean(),
      fork: z34.boolean(),
      defaultBranch: z34.string().min(1),
      /** Default-branch protection and rules; null when they could not be read (the envelope's errors name the repo). */
      defaultBranchRules: BranchRulesSchema.nullable(),
      /** null: GitHub did not show security_and_analysis (it is shown to repository admins only). */
      securityAndAnalysis: z34.strictObject({
        secretScanning: featureStatus,
        secretScanningPushProtection: featureStatus,
        dependabotSecurityUpdates: featureStatus
      }).nullable()
    });
    schema24 = z34.strictObject({
      org: z34.string().min(1),
      repositories: z34.array(RepositorySchema)
    });
  }
});

// shared/collectors/github-repos/collector.ts
import pLimit6 from "p-limit";
var CONCURRENCY2, visibilityOf, collector22;
var init_collector22 = __esm({
  "shared/collectors/github-repos/collector.ts"() {
    "use strict";
    init_branch_rules();
    init_extras3();
    init_types3();
    init_meta22();
    init_schema25();
    CONCURRENCY2 = 8;
    visibilityOf = (r) => r.visibility === "internal" || r.visibility === "public" || r.visibility === "private" ? r.visibility : r.private ? "private" : "public";
    collector22 = defineCollector({
      meta: meta22,
      schema: schema24,
      async collect(ctx) {
        const { octokit, org } = githubRun(ctx);
        const repos = await octokit.paginate(octokit.rest.repos.listForOrg, { org, type: "all", per_page: 100 });
        const limit = pLimit6(CONCURRENCY2);
        let hidden = 0;
        const repositories = await Promise.all(
          repos.map(
            (r) => limit(async () => {
              const defaultBranch = r.default_branch ?? "main";
              const rules2 = await ctx.tryResource(
                r.full_name,
                "GET /repos/{owner}/{repo}/branches/{branch}/protection+rules",
                () => readBranchRules(octokit, org, r.name, defaultBranch)
              );
              const sa = r.security_and_analysis;
              if (!sa) hidden += 1;
              return {
                name: r.name,
                fullName: r.full_name,
                visibility: visibilityOf(r),
                archived: r.archived ?? false,
                fork: r.fork,
                defaultBranch,
                defaultBranchRules: rules2 ?? null,
                securityAndAnalysis: sa ? {
                  secretScanning: sa.secret_scanning?.status ?? null,
                  secretScanningPushProtection: sa.secret_scanning_push_protection?.status ?? null,
                  dependabotSecurityUpdates: sa.dependabot_security_updates?.status ?? null
                } : null
              };
            })
          )
        );
        if (hidden)
          ctx.provenance.note(
            `${hidden} repositories came without security_and_analysis (shown to repository admins only)`
          );
        repositories.sort((a, b) => a.fullName.localeCompare(b.fullName));
        return { data: { org, repositories } };
      }
    });
  }
});

// shared/collectors/github-vulnerability-alerts/meta.ts
var meta23;
var init_meta23 = __esm({
  "shared/collectors/github-vulnerability-alerts/meta.ts"() {
    "use strict";
    meta23 = {
      id: "github-vulnerability-alerts",
      version: "1.0.0",
      title: "GitHub open Dependabot and code-scanning alerts by severity and age",
      source: "github",
      scope: "org",
      schedule: "rate(1 day)",
      ttlHours: 36,
      // GitHub App permissions: Dependabot alerts (vulnerability_alerts) and code scanning (security_events).
      permissions: ["vulnerability_alerts:read", "security_events:read"]
    };
  }
});

// shared/collectors/github-vulnerability-alerts/schema.ts
import * as z35 from "zod";
var isoInstant8, counts, base2, DependabotAlertSchema, CodeScanningAlertSchema, schema25;
var init_schema26 = __esm({
  "shared/collectors/github-vulnerability-alerts/schema.ts"() {
    "use strict";
    isoInstant8 = z35.iso.datetime({ offset: true });
    counts = z35.record(z35.string(), z35.number().int().nonnegative());
    base2 = {
      repository: z35.string().min(1),
      number: z35.number().int().positive(),
      /** critical | high | medium | low (code scanning may also report error/warning/note for non-security rules). */
      severity: z35.string().min(1),
      createdAt: isoInstant8,
      /** Whole days between createdAt and the collection time. */
      ageDays: z35.number().int().nonnegative()
    };
    DependabotAlertSchema = z35.strictObject({
      ...base2,
      package: z35.string(),
      manifestPath: z35.string().nullable(),
      ghsaId: z35.string(),
      cveId: z35.string().nullable()
    });
    CodeScanningAlertSchema = z35.strictObject({
      ...base2,
      ruleId: z35.string().nullable(),
      tool: z35.string().nullable()
    });
    schema25 = z35.strictObject({
      org: z35.string().min(1),
      /** null: the alerts could not be read (feature off, no access); errors say why. Never "no alerts". */
      dependabot: z35.strictObject({ open: z35.array(DependabotAlertSchema), bySeverity: counts }).nullable(),
      codeScanning: z35.strictObject({ open: z35.array(CodeScanningAlertSchema), bySeverity: counts }).nullable()
    });
  }
});

// shared/collectors/github-vulnerability-alerts/collector.ts
function bySeverity(alerts) {
  const out = {};
  for (const a of alerts) out[a.severity] = (out[a.severity] ?? 0) + 1;
  return out;
}
var DAY_MS3, order2, collector23;
var init_collector23 = __esm({
  "shared/collectors/github-vulnerability-alerts/collector.ts"() {
    "use strict";
    init_extras3();
    init_settle();
    init_types3();
    init_meta23();
    init_schema26();
    DAY_MS3 = 864e5;
    order2 = (a, b) => a.repository.localeCompare(b.repository) || a.number - b.number;
    collector23 = defineCollector({
      meta: meta23,
      schema: schema25,
      async collect(ctx) {
        const { octokit, org } = githubRun(ctx);
        const now = ctx.now().getTime();
        const age2 = (createdAt) => Math.max(0, Math.floor((now - Date.parse(createdAt)) / DAY_MS3));
        const unavailable = (what) => {
          ctx.provenance.note(`${what} could not be read; recorded as null (unknown), not as "no alerts"`);
          return null;
        };
        const [dependabot, codeScanning] = await allSettledOrThrow([
          ctx.tryResource(
            org,
            "GET /orgs/{org}/dependabot/alerts",
            () => octokit.paginate(octokit.rest.dependabot.listAlertsForOrg, { org, state: "open", per_page: 100 })
          ).then((alerts) => {
            if (!alerts) return unavailable("Dependabot alerts");
            const open3 = alerts.map((a) => ({
              repository: a.repository.full_name,
              number: a.number,
              severity: a.security_advisory.severity,
              createdAt: a.created_at,
              ageDays: age2(a.created_at),
              package: `${a.dependency.package?.ecosystem ?? "unknown"}:${a.dependency.package?.name ?? "unknown"}`,
              manifestPath: a.dependency.manifest_path ?? null,
              ghsaId: a.security_advisory.ghsa_id,
              cveId: a.security_advisory.cve_id
            })).sort(order2);
            return { open: open3, bySeverity: bySeverity(open3) };
          }),
          ctx.tryResource(
            org,
            "GET /orgs/{org}/code-scanning/alerts",
            () => octokit.paginate(octokit.rest.codeScanning.listAlertsForOrg, { org, state: "open", per_page: 100 })
          ).then((alerts) => {
            if (!alerts) return unavailable("Code-scanning alerts");
            const open3 = alerts.map((a) => ({
              repository: a.repository.full_name,
              number: a.number,
              severity: a.rule.security_severity_level ?? a.rule.severity ?? "unknown",
              createdAt: a.created_at,
              ageDays: age2(a.created_at),
              ruleId: a.rule.id ?? null,
              tool: a.tool.name ?? null
            })).sort(order2);
            return { open: open3, bySeverity: bySeverity(open3) };
          })
        ]);
        return { data: { org, dependabot, codeScanning } };
      }
    });
  }
});

// shared/sources/idp/google.ts
import { createSign } from "node:crypto";
import * as z36 from "zod";
async function createGoogleDirectoryClient(conn, recorder2) {
  const key2 = await conn.serviceAccount();
  const tokenUrl = conn.tokenUrl ?? key2.token_uri ?? "https://oauth2.googleapis.com/token";
  const now = conn.now ?? (() => /* @__PURE__ */ new Date());
  const rec = recorder2 ? { recorder: recorder2 } : {};
  const token = fetchToken({
    ...transportOf(conn),
    ...rec,
    service: "google-token",
    tokenUrl,
    form: async () => ({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion: signServiceAccountJwt(key2, conn.adminEmail, DIRECTORY_USER_READONLY_SCOPE, tokenUrl, now())
    }),
    recordParams: {
      grant_type: "jwt-bearer",
      iss: key2.client_email,
      sub: conn.adminEmail,
      scope: DIRECTORY_USER_READONLY_SCOPE
    }
  });
  const http = new IdpHttpClient({
    ...transportOf(conn),
    ...rec,
    service: "google-admin",
    baseUrl: conn.baseUrl ?? "https://admin.googleapis.com",
    authorization: async () => `Bearer ${await token()}`
  });
  return {
    listUsers: (deleted = false) => http.listAll({
      path: "/admin/directory/v1/users",
      params: {
        customer: conn.customer,
        projection: "full",
        maxResults: String(conn.pageSize ?? 500),
        ...deleted ? { showDeleted: "true" } : {}
      },
      schema: UsersPageSchema,
      items: (page3) => page3.users ?? [],
      next: pageTokenNext()
    })
  };
}
function signServiceAccountJwt(key2, subject, scope, audience, at) {
  const iat = Math.floor(at.getTime() / 1e3);
  const header = { alg: "RS256", typ: "JWT", ...key2.private_key_id ? { kid: key2.private_key_id } : {} };
  const claims = { iss: key2.client_email, sub: subject, scope, aud: audience, iat, exp: iat + 3600 };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = createSign("RSA-SHA256").update(input).sign(key2.private_key);
  return `${input}.${signature.toString("base64url")}`;
}
function b64url(text3) {
  return Buffer.from(text3, "utf8").toString("base64url");
}
function googleIdentity(clientEmail, adminEmail) {
  return `google-service-account:${clientEmail} as ${adminEmail}`;
}
var DIRECTORY_USER_READONLY_SCOPE, isoInstant9, GoogleUserSchema, UsersPageSchema;
var init_google = __esm({
  "shared/sources/idp/google.ts"() {
    "use strict";
    init_http();
    init_paging();
    init_token();
    init_transport();
    DIRECTORY_USER_READONLY_SCOPE = "https://www.googleapis.com/auth/admin.directory.user.readonly";
    isoInstant9 = z36.iso.datetime({ offset: true });
    GoogleUserSchema = z36.object({
      id: z36.string().min(1),
      primaryEmail: z36.string().min(1),
      isAdmin: z36.boolean().optional(),
      isDelegatedAdmin: z36.boolean().optional(),
      suspended: z36.boolean().optional(),
      archived: z36.boolean().optional(),
      isEnrolledIn2Sv: z36.boolean().optional(),
      isEnforcedIn2Sv: z36.boolean().optional(),
      lastLoginTime: isoInstant9.optional(),
      creationTime: isoInstant9.optional(),
      deletionTime: isoInstant9.optional()
    });
    UsersPageSchema = z36.object({
      users: z36.array(GoogleUserSchema).optional(),
      nextPageToken: z36.string().optional()
    });
  }
});

// shared/collectors/google-workspace-users/meta.ts
var meta24;
var init_meta24 = __esm({
  "shared/collectors/google-workspace-users/meta.ts"() {
    "use strict";
    meta24 = {
      id: "google-workspace-users",
      version: "1.0.0",
      title: "Google Workspace users: suspension, 2-Step Verification, admin roles and deleted users",
      source: "google-workspace",
      scope: "tenant",
      schedule: "rate(1 day)",
      ttlHours: 36,
      // The one OAuth scope delegated to the service account (domain-wide delegation).
      permissions: ["https://www.googleapis.com/auth/admin.directory.user.readonly"]
    };
  }
});

// shared/collectors/google-workspace-users/collector.ts
function toFact(u2) {
  return {
    id: u2.id,
    primaryEmail: normalizeEmail(u2.primaryEmail) ?? u2.primaryEmail,
    suspended: u2.suspended ?? null,
    archived: u2.archived ?? null,
    isAdmin: u2.isAdmin ?? null,
    isDelegatedAdmin: u2.isDelegatedAdmin ?? null,
    isEnrolledIn2Sv: u2.isEnrolledIn2Sv ?? null,
    isEnforcedIn2Sv: u2.isEnforcedIn2Sv ?? null,
    created: u2.creationTime ?? null,
    lastLogin: u2.lastLoginTime && !EPOCH.test(u2.lastLoginTime) ? u2.lastLoginTime : null
  };
}
var EPOCH, collector24;
var init_collector24 = __esm({
  "shared/collectors/google-workspace-users/collector.ts"() {
    "use strict";
    init_extras2();
    init_google();
    init_transport();
    init_types3();
    init_meta24();
    init_schema6();
    EPOCH = /^1970-01-01T00:00:00(\.0+)?Z$/;
    collector24 = defineCollector({
      meta: meta24,
      schema: schema5,
      async collect(ctx) {
        const conn = requireIdpExtra(ctx, "googleWorkspace");
        if (ctx.provenance.identity === meta24.source) {
          ctx.provenance.setIdentity(googleIdentity((await conn.serviceAccount()).client_email, conn.adminEmail));
        }
        const directory = await createGoogleDirectoryClient(conn, ctx.provenance);
        const users = (await directory.listUsers()).map(toFact).sort((a, b) => a.id.localeCompare(b.id));
        const deleted = await ctx.tryResource(
          "deletedUsers",
          "GET /admin/directory/v1/users?showDeleted=true",
          () => directory.listUsers(true)
        );
        return {
          data: {
            users,
            deletedUsers: deleted?.map((u2) => ({
              id: u2.id,
              primaryEmail: normalizeEmail(u2.primaryEmail) ?? u2.primaryEmail,
              deletedAt: u2.deletionTime ?? null
            })).sort((a, b) => a.id.localeCompare(b.id)) ?? null
          }
        };
      }
    });
  }
});

// shared/sources/idp/okta.ts
import * as z37 from "zod";
function createOktaClient(conn, recorder2) {
  const http = new IdpHttpClient({
    ...transportOf(conn),
    service: "okta",
    baseUrl: conn.baseUrl,
    authorization: async () => `SSWS ${await conn.token()}`,
    requestIdHeader: "x-okta-request-id",
    ...recorder2 ? { recorder: recorder2 } : {}
  });
  return {
    listUsers: (filter) => http.listAll({
      path: "/api/v1/users",
      params: { limit: String(conn.pageSize ?? 200), ...filter ? { filter } : {} },
      schema: z37.array(OktaUserSchema),
      items: (page3) => page3,
      next: linkHeaderNext
    }),
    listFactors: async (userId) => (await http.request({
      path: `/api/v1/users/${encodeURIComponent(userId)}/factors`,
      operation: "GET /api/v1/users/{id}/factors",
      // One provenance entry for all users: pages = users asked, items = factors seen.
      recordParams: {},
      schema: z37.array(OktaFactorSchema),
      count: (page3) => page3.length
    })).body
  };
}
function oktaIdentity(baseUrl) {
  return `okta-api-token@${new URL(baseUrl).host}`;
}
var isoInstant10, OktaUserSchema, OktaFactorSchema;
var init_okta = __esm({
  "shared/sources/idp/okta.ts"() {
    "use strict";
    init_http();
    init_paging();
    init_transport();
    isoInstant10 = z37.iso.datetime({ offset: true });
    OktaUserSchema = z37.object({
      id: z37.string().min(1),
      status: z37.string().min(1),
      created: isoInstant10,
      statusChanged: isoInstant10.nullable().optional(),
      lastLogin: isoInstant10.nullable().optional(),
      profile: z37.object({ login: z37.string().min(1), email: z37.string().nullable().optional() })
    });
    OktaFactorSchema = z37.object({
      id: z37.string().min(1),
      factorType: z37.string().min(1),
      provider: z37.string().min(1),
      status: z37.string().min(1)
    });
  }
});

// shared/collectors/okta-users/meta.ts
var meta25;
var init_meta25 = __esm({
  "shared/collectors/okta-users/meta.ts"() {
    "use strict";
    meta25 = {
      id: "okta-users",
      version: "1.0.0",
      title: "Okta users: status, dates and MFA factors",
      source: "okta",
      scope: "tenant",
      schedule: "rate(1 day)",
      ttlHours: 36,
      // OAuth scope for a service app; with an SSWS token, a read-only administrator role grants the same reads.
      permissions: ["okta.users.read"]
    };
  }
});

// shared/collectors/okta-users/collector.ts
import pLimit7 from "p-limit";
var DEPROVISIONED, collector25;
var init_collector25 = __esm({
  "shared/collectors/okta-users/collector.ts"() {
    "use strict";
    init_extras2();
    init_okta();
    init_transport();
    init_types3();
    init_meta25();
    init_schema7();
    DEPROVISIONED = 'status eq "DEPROVISIONED"';
    collector25 = defineCollector({
      meta: meta25,
      schema: schema6,
      async collect(ctx) {
        const conn = requireIdpExtra(ctx, "okta");
        if (ctx.provenance.identity === meta25.source) ctx.provenance.setIdentity(oktaIdentity(conn.baseUrl));
        const okta = createOktaClient(conn, ctx.provenance);
        const byId = /* @__PURE__ */ new Map();
        for (const u2 of await okta.listUsers()) byId.set(u2.id, u2);
        for (const u2 of await okta.listUsers(DEPROVISIONED)) byId.set(u2.id, u2);
        ctx.provenance.note(
          `Okta's default user listing omits DEPROVISIONED users; they were listed with filter=${DEPROVISIONED}.`
        );
        const limit = pLimit7(4);
        const users = await Promise.all(
          [...byId.values()].map(
            (u2) => limit(async () => {
              const factors = await ctx.tryResource(
                u2.id,
                "GET /api/v1/users/{id}/factors",
                () => okta.listFactors(u2.id)
              );
              return {
                id: u2.id,
                login: normalizeEmail(u2.profile.login) ?? u2.profile.login,
                email: normalizeEmail(u2.profile.email),
                status: u2.status,
                statusChanged: u2.statusChanged ?? null,
                lastLogin: u2.lastLogin ?? null,
                created: u2.created,
                factors: factors?.map((f) => ({
                  id: f.id,
                  factorType: f.factorType,
                  provider: f.provider,
                  status: f.status
                })) ?? null
              };
            })
          )
        );
        users.sort((a, b) => a.id.localeCompare(b.id));
        return { data: { users } };
      }
    });
  }
});

// shared/collectors/prowler-ocsf-findings/meta.ts
var meta26;
var init_meta26 = __esm({
  "shared/collectors/prowler-ocsf-findings/meta.ts"() {
    "use strict";
    meta26 = {
      id: "prowler-ocsf-findings",
      version: "1.0.0",
      title: "Prowler scan findings (OCSF Detection Finding), ingested with their origin: tool, version, scan time",
      source: "derived",
      scope: "global",
      schedule: "rate(7 days)",
      ttlHours: 192,
      // Reads the scan file it is handed; in a deployment, the Prowler drop prefix of the evidence bucket.
      permissions: ["s3:GetObject"],
      ingest: true
    };
  }
});

// shared/ingest/json-array-stream.ts
async function* jsonArrayItems(chunks, what) {
  let state = "start";
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts = [];
  let index = 0;
  let sawComma = false;
  const fail = (problem) => {
    throw new ValidationError(what, [problem]);
  };
  const parse = (bytes) => {
    try {
      return JSON.parse(bytes.toString("utf8"));
    } catch (err) {
      return fail(`record ${index}: not valid JSON (${err.message})`);
    }
  };
  for await (const chunk of chunks) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    let from = 0;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i];
      if (state === "item") {
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) inString = false;
          continue;
        }
        if (b === QUOTE) inString = true;
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
        else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            parts.push(buf.subarray(from, i + 1));
            yield parse(parts.length === 1 ? parts[0] : Buffer.concat(parts));
            parts = [];
            index++;
            state = "between";
            sawComma = false;
          }
        }
        continue;
      }
      if (isSpace(b)) continue;
      if (state === "start") {
        if (b !== OPEN_BRACKET) fail('not a JSON array of findings (the file must start with "[")');
        state = "between";
        sawComma = true;
      } else if (state === "between") {
        if (b === CLOSE_BRACKET) {
          if (sawComma && index > 0) fail(`a trailing comma after record ${index - 1}`);
          state = "done";
        } else if (b === COMMA) {
          if (sawComma) fail(`an empty element before record ${index}`);
          sawComma = true;
        } else if (b === OPEN_BRACE) {
          if (!sawComma) fail(`a missing comma before record ${index}`);
          state = "item";
          depth = 1;
          from = i;
        } else fail(`record ${index}: not a JSON object`);
      } else fail("data after the end of the array");
    }
    if (state === "item") parts.push(buf.subarray(from));
  }
  if (state !== "done")
    fail(
      state === "start" ? "empty file: no JSON array" : `truncated: the array is not closed after ${index} complete record(s)`
    );
}
var OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, QUOTE, BACKSLASH, COMMA, isSpace;
var init_json_array_stream = __esm({
  "shared/ingest/json-array-stream.ts"() {
    "use strict";
    init_errors();
    OPEN_BRACE = 123;
    CLOSE_BRACE = 125;
    OPEN_BRACKET = 91;
    CLOSE_BRACKET = 93;
    QUOTE = 34;
    BACKSLASH = 92;
    COMMA = 44;
    isSpace = (b) => b === 32 || b === 10 || b === 13 || b === 9;
  }
});

// shared/ingest/prowler-ocsf.ts
import * as z38 from "zod";
async function readProwlerScan(chunks, opts) {
  const what = opts.what ?? "Prowler OCSF file";
  const checks = /* @__PURE__ */ new Map();
  const accounts = /* @__PURE__ */ new Set();
  const versions = /* @__PURE__ */ new Set();
  let ocsfVersion = "";
  let first = Infinity;
  let last = -Infinity;
  let index = 0;
  for await (const raw of jsonArrayItems(chunks, what)) {
    const parsed2 = ProwlerOcsfRecordSchema.safeParse(raw);
    if (!parsed2.success)
      throw new ValidationError(
        what,
        formatIssues(parsed2.error.issues).slice(0, 10).map((i) => `record ${index}: ${i}`)
      );
    const r = parsed2.data;
    accounts.add(r.cloud.account.uid);
    versions.add(r.metadata.product.version);
    ocsfVersion = r.metadata.version;
    const t = timeOf(r);
    if (t === void 0 || Number.isNaN(t))
      throw new ValidationError(what, [`record ${index}: no time_dt or time`]);
    first = Math.min(first, t);
    last = Math.max(last, t);
    const res = r.resources?.[0];
    const name = `${res?.region ?? r.cloud.region ?? "global"}/${res?.uid ?? r.finding_info.uid}`;
    const id = r.metadata.event_code;
    let c = checks.get(id);
    if (!c) checks.set(id, c = { checkId: id, severity: r.severity, passed: [], failed: [], manual: [] });
    if (r.status_code === "PASS") c.passed.push(name);
    else if (r.status_code === "FAIL") c.failed.push({ resource: name, muted: r.status === "Suppressed" });
    else c.manual.push(name);
    index++;
  }
  const problems2 = [];
  if (index === 0) problems2.push("the file holds no finding: nothing shows any check ran");
  if (accounts.size > 1)
    problems2.push(
      `findings for ${accounts.size} accounts (${[...accounts].sort().join(", ")}): store one scan per account`
    );
  const account = [...accounts][0];
  if (account && !opts.accounts.includes(account))
    problems2.push(
      `findings for account ${account}, which is not in the configuration (${opts.accounts.join(", ") || "no account"})`
    );
  if (versions.size > 1) problems2.push(`records from several Prowler versions (${[...versions].join(", ")})`);
  const ageHours = (opts.now.getTime() - first) / 36e5;
  if (index && ageHours > opts.maxAgeHours)
    problems2.push(
      `the scan started ${new Date(first).toISOString()}, ${Math.floor(ageHours)} h ago: older than the freshness limit of ${opts.maxAgeHours} h`
    );
  if (index && last > opts.now.getTime() + 5 * 6e4)
    problems2.push(`the scan ends in the future (${new Date(last).toISOString()})`);
  const byName = (x, y) => x < y ? -1 : x > y ? 1 : 0;
  for (const c of checks.values()) {
    c.passed.sort(byName);
    c.manual.sort(byName);
    c.failed.sort((x, y) => byName(x.resource, y.resource));
    const names = [...c.passed, ...c.failed.map((f) => f.resource), ...c.manual].sort(byName);
    for (let i = 1; i < names.length; i++)
      if (names[i] === names[i - 1]) problems2.push(`check ${c.checkId}: resource ${names[i]} reported twice`);
  }
  if (problems2.length) throw new ValidationError(what, problems2.slice(0, 20));
  return {
    tool: "prowler",
    version: [...versions][0],
    ocsfVersion,
    account,
    scanStartedAt: new Date(first).toISOString(),
    scanEndedAt: new Date(last).toISOString(),
    findings: index,
    checks: [...checks.values()].sort((x, y) => byName(x.checkId, y.checkId))
  };
}
var ProwlerOcsfRecordSchema, resource, ProwlerCheckSchema, ProwlerScanSchema, timeOf;
var init_prowler_ocsf = __esm({
  "shared/ingest/prowler-ocsf.ts"() {
    "use strict";
    init_errors();
    init_json_array_stream();
    ProwlerOcsfRecordSchema = z38.object({
      class_uid: z38.literal(2004, "must be 2004 (OCSF Detection Finding)"),
      metadata: z38.object({
        event_code: z38.string().regex(/^[a-z0-9_]+$/, "must be a Prowler check id"),
        product: z38.object({ name: z38.literal("Prowler", 'must be "Prowler"'), version: z38.string().min(1) }),
        version: z38.string().min(1)
      }),
      status_code: z38.enum(["PASS", "FAIL", "MANUAL"]),
      status: z38.string().optional(),
      severity: z38.string().min(1),
      finding_info: z38.object({ uid: z38.string().min(1), title: z38.string() }),
      cloud: z38.object({
        provider: z38.literal("aws", 'must be "aws"'),
        account: z38.object({ uid: z38.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id") }),
        region: z38.string().optional()
      }),
      resources: z38.array(z38.object({ uid: z38.string().optional(), region: z38.string().optional() })).optional(),
      /** Prowler writes UTC without an offset (`2026-12-06T09:34:43.446138`); `time` (epoch seconds) is preferred. */
      time_dt: z38.string().optional(),
      time: z38.number().int().positive().optional()
    });
    resource = z38.string().min(1);
    ProwlerCheckSchema = z38.strictObject({
      checkId: z38.string().min(1),
      severity: z38.string(),
      passed: z38.array(resource),
      /** Muted in Prowler (OCSF status "Suppressed"): kept, and still a failure for the rules. */
      failed: z38.array(z38.strictObject({ resource, muted: z38.boolean() })),
      manual: z38.array(resource)
    });
    ProwlerScanSchema = z38.strictObject({
      tool: z38.literal("prowler"),
      version: z38.string().min(1),
      ocsfVersion: z38.string().min(1),
      account: z38.string().regex(/^\d{12}$/),
      scanStartedAt: z38.iso.datetime({ offset: true }),
      scanEndedAt: z38.iso.datetime({ offset: true }),
      findings: z38.number().int().nonnegative(),
      checks: z38.array(ProwlerCheckSchema)
    });
    timeOf = (r) => {
      if (r.time !== void 0) return r.time * 1e3;
      if (!r.time_dt) return void 0;
      return Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(r.time_dt) ? r.time_dt : `${r.time_dt}Z`);
    };
  }
});

// shared/collectors/prowler-ocsf-findings/schema.ts
var init_schema27 = __esm({
  "shared/collectors/prowler-ocsf-findings/schema.ts"() {
    "use strict";
    init_prowler_ocsf();
  }
});

// shared/collectors/prowler-ocsf-findings/collector.ts
var collector26;
var init_collector26 = __esm({
  "shared/collectors/prowler-ocsf-findings/collector.ts"() {
    "use strict";
    init_errors();
    init_types3();
    init_meta26();
    init_schema27();
    collector26 = defineCollector({
      meta: meta26,
      schema: ProwlerScanSchema,
      collect(ctx) {
        const scan = ctx.extras.prowlerScan;
        if (!scan)
          throw new DependencyError(
            "prowler-ocsf-findings",
            "no scan given: run `flux-evidence ingest prowler <file>`"
          );
        if (scan.account !== ctx.scope.account)
          throw new DependencyError(
            "prowler-ocsf-findings",
            `scan of account ${scan.account} given for ${ctx.scope.account}`
          );
        return Promise.resolve({ data: scan, observedAt: scan.scanStartedAt });
      }
    });
  }
});

// shared/collectors/snapshot-access-log/access-log.ts
import { createHash as createHash3 } from "node:crypto";
function parseTime(s) {
  const m = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(s);
  const month = m ? MONTHS.indexOf(m[2]) : -1;
  if (!m || month < 0) return void 0;
  const offset = (m[7] === "-" ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 6e4;
  const t = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) - offset;
  return new Date(t).toISOString();
}
function parseAccessLogLine(line) {
  const f = [];
  for (const m of line.trim().matchAll(TOKEN))
    f.push(m[1] !== void 0 ? m[1].replace(/\\(.)/g, "$1") : m[2] ?? m[3]);
  if (f.length < 18) return void 0;
  const time = parseTime(f[2]);
  if (!time) return void 0;
  const key2 = opt(f[7]);
  let decoded = key2;
  try {
    decoded = key2 === void 0 ? void 0 : decodeURIComponent(key2.replace(/\+/g, "%20"));
  } catch {
    decoded = key2;
  }
  const record9 = {
    bucketOwner: f[0],
    bucket: f[1],
    time,
    remoteIp: opt(f[3]),
    requester: opt(f[4]),
    requestId: f[5],
    operation: f[6],
    key: decoded,
    requestUri: opt(f[8]),
    httpStatus: num(f[9]),
    errorCode: opt(f[10]),
    bytesSent: num(f[11]),
    objectSize: num(f[12]),
    totalTimeMs: num(f[13]),
    turnAroundTimeMs: num(f[14]),
    referer: opt(f[15]),
    userAgent: opt(f[16]),
    versionId: opt(f[17]),
    hostId: opt(f[18]),
    signatureVersion: opt(f[19]),
    cipherSuite: opt(f[20]),
    authenticationType: opt(f[21]),
    hostHeader: opt(f[22]),
    tlsVersion: opt(f[23]),
    accessPointArn: opt(f[24]),
    aclRequired: opt(f[25])
  };
  for (const k of Object.keys(record9)) if (record9[k] === void 0) delete record9[k];
  return record9;
}
function parseAccessLog(text3) {
  return text3.split(/\r?\n/).flatMap((l) => parseAccessLogLine(l) ?? []);
}
function urlId(urlOrQuery) {
  const sig = /[?&]X-Amz-Signature=([0-9a-f]{64})/.exec(urlOrQuery)?.[1];
  return sig ? createHash3("sha256").update(sig).digest("hex").slice(0, 16) : void 0;
}
function snapshotDownloads(records) {
  const out = [];
  for (const r of records) {
    if (r.operation !== "REST.GET.OBJECT" || !r.key) continue;
    const m = /^snapshots\/([a-z0-9-]{3,64})\/.+\.zip$/.exec(r.key);
    if (!m) continue;
    const id = r.requestUri ? urlId(r.requestUri) : void 0;
    const d = {
      snapshotKey: r.key,
      engagement: m[1],
      time: r.time,
      requestId: r.requestId,
      complete: r.httpStatus === 200 && r.bytesSent !== void 0 && r.bytesSent === r.objectSize,
      ...r.requester ? { requester: r.requester } : {},
      ...r.remoteIp ? { remoteIp: r.remoteIp } : {},
      ...r.httpStatus !== void 0 ? { httpStatus: r.httpStatus } : {},
      ...r.bytesSent !== void 0 ? { bytesSent: r.bytesSent } : {},
      ...r.objectSize !== void 0 ? { objectSize: r.objectSize } : {},
      ...r.authenticationType ? { authenticationType: r.authenticationType } : {},
      ...id ? { urlId: id } : {}
    };
    out.push(d);
  }
  return out;
}
var TOKEN, MONTHS, opt, num;
var init_access_log = __esm({
  "shared/collectors/snapshot-access-log/access-log.ts"() {
    "use strict";
    TOKEN = /"((?:[^"\\]|\\.)*)"|\[([^\]]*)\]|(\S+)/g;
    MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    opt = (v) => v === void 0 || v === "-" ? void 0 : v;
    num = (v) => opt(v) === void 0 || !/^\d+$/.test(v) ? void 0 : Number(v);
  }
});

// shared/collectors/snapshot-access-log/meta.ts
var SNAPSHOT_ACCESS_LOG_ID, meta27;
var init_meta27 = __esm({
  "shared/collectors/snapshot-access-log/meta.ts"() {
    "use strict";
    SNAPSHOT_ACCESS_LOG_ID = "snapshot-access-log";
    meta27 = {
      id: SNAPSHOT_ACCESS_LOG_ID,
      version: "1.0.0",
      title: "Snapshot URL issuances and downloads (S3 server access logs)",
      source: "derived",
      scope: "global",
      schedule: "rate(1 hour)",
      ttlHours: 2,
      permissions: ["s3:ListBucket", "s3:GetObject"]
    };
  }
});

// shared/collectors/snapshot-access-log/schema.ts
import * as z39 from "zod";
var instant2, engagement, snapshotKey, IssuanceSchema, DownloadSchema, schema26;
var init_schema28 = __esm({
  "shared/collectors/snapshot-access-log/schema.ts"() {
    "use strict";
    instant2 = z39.iso.datetime({ offset: true });
    engagement = z39.string().regex(/^[a-z0-9-]{3,64}$/);
    snapshotKey = z39.string().regex(/^snapshots\/[a-z0-9-]{3,64}\/.+\.zip$/);
    IssuanceSchema = z39.strictObject({
      snapshotKey,
      principal: z39.string().min(1),
      engagement,
      issuedAt: instant2,
      expiresAt: instant2,
      /** Lifetime signed and lifetime asked for, in seconds; `cappedBy` says why they differ. */
      expiresIn: z39.number().int().positive(),
      requestedExpiresIn: z39.number().int().positive(),
      cappedBy: z39.array(z39.enum(["credentials", "engagement"])).optional(),
      /** First 16 hex of SHA-256 over the URL's signature: matches `downloads[].urlId`. */
      urlId: z39.string().regex(/^[0-9a-f]{16}$/).optional()
    });
    DownloadSchema = z39.strictObject({
      snapshotKey,
      engagement,
      time: instant2,
      requester: z39.string().optional(),
      remoteIp: z39.string().optional(),
      requestId: z39.string().min(1),
      httpStatus: z39.number().int().optional(),
      bytesSent: z39.number().int().nonnegative().optional(),
      objectSize: z39.number().int().nonnegative().optional(),
      complete: z39.boolean(),
      authenticationType: z39.string().optional(),
      urlId: z39.string().regex(/^[0-9a-f]{16}$/).optional()
    });
    schema26 = z39.strictObject({
      issuances: z39.array(IssuanceSchema),
      downloads: z39.array(DownloadSchema),
      /** The access-log objects read for `downloads` (null when this artifact records issuances only). */
      accessLogs: z39.strictObject({
        bucket: z39.string().min(3),
        prefix: z39.string(),
        objects: z39.number().int().nonnegative(),
        lastKey: z39.string().optional()
      }).nullable()
    });
  }
});

// shared/collectors/snapshot-access-log/collector.ts
import { GetObjectCommand as GetObjectCommand2, S3Client as S3Client4, paginateListObjectsV2 as paginateListObjectsV23 } from "@aws-sdk/client-s3";
var collector27;
var init_collector27 = __esm({
  "shared/collectors/snapshot-access-log/collector.ts"() {
    "use strict";
    init_access_log();
    init_types3();
    init_meta27();
    init_schema28();
    collector27 = defineCollector({
      meta: meta27,
      schema: schema26,
      async collect(ctx) {
        const extras = ctx.extras.snapshotAccess ?? {};
        const issuances = [...extras.issuances ?? []];
        const logs = extras.accessLogs;
        if (!logs) return { data: { issuances, downloads: [], accessLogs: null } };
        const s3 = ctx.aws(S3Client4);
        const downloads = [];
        let objects = 0;
        let lastKey;
        const pages = paginateListObjectsV23(
          { client: s3 },
          {
            Bucket: logs.bucket,
            Prefix: logs.prefix,
            ...logs.startAfter ? { StartAfter: logs.startAfter } : {}
          }
        );
        for await (const page3 of pages) {
          for (const o of page3.Contents ?? []) {
            const text3 = await ctx.tryResource(
              o.Key,
              "GetObject",
              async () => (await s3.send(new GetObjectCommand2({ Bucket: logs.bucket, Key: o.Key }))).Body.transformToString()
            );
            if (text3 === void 0) continue;
            objects++;
            lastKey = o.Key;
            downloads.push(...snapshotDownloads(parseAccessLog(text3)));
          }
        }
        downloads.sort(
          (a, b) => a.time < b.time ? -1 : a.time > b.time ? 1 : a.requestId.localeCompare(b.requestId)
        );
        return {
          data: {
            issuances,
            downloads,
            accessLogs: { bucket: logs.bucket, prefix: logs.prefix, objects, ...lastKey ? { lastKey } : {} }
          }
        };
      }
    });
  }
});

// shared/collectors/registry.ts
function getCollector(id) {
  return collectors.find((c) => c.meta.id === id);
}
var collectors;
var init_registry = __esm({
  "shared/collectors/registry.ts"() {
    "use strict";
    init_collector();
    init_collector2();
    init_collector3();
    init_collector4();
    init_collector5();
    init_collector6();
    init_collector7();
    init_collector8();
    init_collector9();
    init_collector10();
    init_collector11();
    init_collector12();
    init_collector13();
    init_collector14();
    init_collector15();
    init_collector16();
    init_collector17();
    init_collector18();
    init_collector19();
    init_collector20();
    init_collector21();
    init_collector22();
    init_collector23();
    init_collector24();
    init_collector25();
    init_collector26();
    init_collector27();
    collectors = [
      collector,
      collector2,
      collector3,
      collector4,
      collector5,
      collector6,
      collector7,
      collector8,
      collector9,
      collector10,
      collector11,
      collector12,
      collector13,
      collector14,
      collector15,
      collector16,
      collector17,
      collector18,
      collector19,
      collector20,
      collector21,
      collector22,
      collector23,
      collector24,
      collector25,
      collector26,
      collector27
    ];
  }
});

// shared/sources/github/secrets.ts
import { GetSecretValueCommand as GetSecretValueCommand2 } from "@aws-sdk/client-secrets-manager";
async function resolveGitHubAuth(config, sources) {
  if (config.type === "token") {
    const token = sources.env?.GITHUB_TOKEN || await readSecret2(config.tokenSecret, "token", sources);
    if (/\s/.test(token.trim()) || token.trim().length < 8)
      throw invalid2(config.tokenSecret, "does not look like a GitHub token");
    return { type: "token", token: token.trim() };
  }
  const raw = sources.env?.GITHUB_APP_PRIVATE_KEY || await readSecret2(config.privateKeySecret, "privateKey", sources);
  const privateKey = raw.includes("\\n") ? raw.replace(/\\n/g, "\n") : raw;
  if (!/-----BEGIN (?:RSA )?PRIVATE KEY-----/.test(privateKey))
    throw invalid2(config.privateKeySecret, "is not a PEM private key");
  return { type: "app", appId: config.appId, installationId: config.installationId, privateKey };
}
async function readSecret2(name, field, sources) {
  if (!sources.secretsManager) {
    throw new DependencyError(
      "GitHub credentials",
      `no Secrets Manager client and no local value for secret ${name}`
    );
  }
  let value;
  try {
    value = (await sources.secretsManager.send(new GetSecretValueCommand2({ SecretId: name }))).SecretString;
  } catch (err) {
    const e = err;
    throw new DependencyError("Secrets Manager", `cannot read secret ${name}: ${e.name ?? "Error"}`);
  }
  if (!value) throw invalid2(name, "has no SecretString");
  const trimmed = value.trim();
  if (!trimmed.startsWith("{")) return trimmed;
  let parsed2;
  try {
    parsed2 = JSON.parse(trimmed);
  } catch {
    throw invalid2(name, "is JSON-like but does not parse");
  }
  const inner = parsed2[field];
  if (typeof inner !== "string" || !inner) throw invalid2(name, `has no string field "${field}"`);
  return inner;
}
function invalid2(name, reason) {
  return new ValidationError(`secret ${name}`, [reason]);
}
var init_secrets2 = __esm({
  "shared/sources/github/secrets.ts"() {
    "use strict";
    init_errors();
  }
});

// shared/rules/backup-plan-retention-configured.ts
function problems(p) {
  const out = [];
  if (p.selections !== null && p.selections.length === 0) out.push("selects no resources");
  if (p.rules !== null && p.rules.length === 0) out.push("has no backup rules");
  for (const r of p.rules ?? []) {
    if (r.deleteAfterDays === null) out.push(`rule ${r.name} sets no retention (kept forever)`);
    else if (r.deleteAfterDays < MIN_RETENTION_DAYS)
      out.push(`rule ${r.name} keeps ${r.deleteAfterDays} days`);
  }
  return out;
}
var MIN_RETENTION_DAYS, NO_PLAN_RESOURCE, rule;
var init_backup_plan_retention_configured = __esm({
  "shared/rules/backup-plan-retention-configured.ts"() {
    "use strict";
    init_types();
    MIN_RETENTION_DAYS = 7;
    NO_PLAN_RESOURCE = "backup-plans";
    rule = defineRule({
      id: "backup-plan-retention-configured",
      version: "1.1.0",
      collector: "aws-backup-plans",
      controls: ["BCK-01", "DAT-02"],
      title: `AWS Backup plans exist and retain backups for a defined period of at least ${MIN_RETENTION_DAYS} days`,
      benchmarks: { cis: [], prowler: ["backup_plans_exist"] },
      // Vaults are not judged here: an unreadable vault listing leaves the plans' verdict whole.
      reads: ["ListBackupPlans", "GetBackupPlan", "ListBackupSelections"],
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.plans),
      evaluate({ plans }) {
        if (plans.length === 0)
          return outcome.fail("no AWS Backup plan in this region", [
            { resource: NO_PLAN_RESOURCE, reason: "none" }
          ]);
        const failing = plans.flatMap((p) => {
          const why = problems(p);
          return why.length ? [{ resource: p.arn, reason: `${p.name}: ${why.join("; ")}` }] : [];
        });
        return outcome.of(
          failing,
          `all ${plans.length} backup plans select resources and retain at least ${MIN_RETENTION_DAYS} days`,
          `${failing.length} of ${plans.length} backup plans lack resources or a sound retention`
        );
      }
    });
  }
});

// shared/rules/cloudtrail-trail-kms-encrypted.ts
var rule2;
var init_cloudtrail_trail_kms_encrypted = __esm({
  "shared/rules/cloudtrail-trail-kms-encrypted.ts"() {
    "use strict";
    init_types();
    rule2 = defineRule({
      id: "cloudtrail-trail-kms-encrypted",
      version: "1.1.0",
      collector: "aws-cloudtrail-trails",
      controls: ["LOG-02"],
      title: "CloudTrail logs are encrypted with a KMS key",
      benchmarks: { cis: ["3.5"], prowler: ["cloudtrail_kms_encryption_enabled"] },
      reads: ["DescribeTrails"],
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.trails),
      evaluate({ trails }) {
        if (trails.length === 0) return outcome.notApplicable("no CloudTrail trail is homed in this region");
        const failing = trails.filter((t) => t.kmsKeyId === null).map((t) => ({ resource: t.arn, reason: "logs use S3-managed encryption, not KMS" }));
        return outcome.of(
          failing,
          `all ${trails.length} trails encrypt logs with KMS`,
          `${failing.length} of ${trails.length} trails do not encrypt logs with KMS`
        );
      }
    });
  }
});

// shared/rules/cloudtrail-trail-log-file-validation-enabled.ts
var rule3;
var init_cloudtrail_trail_log_file_validation_enabled = __esm({
  "shared/rules/cloudtrail-trail-log-file-validation-enabled.ts"() {
    "use strict";
    init_types();
    rule3 = defineRule({
      id: "cloudtrail-trail-log-file-validation-enabled",
      version: "1.1.0",
      collector: "aws-cloudtrail-trails",
      controls: ["LOG-02"],
      title: "CloudTrail log file validation is on for every trail",
      benchmarks: { cis: ["3.2"], prowler: ["cloudtrail_log_file_validation_enabled"] },
      reads: ["DescribeTrails"],
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.trails),
      evaluate({ trails }) {
        if (trails.length === 0) return outcome.notApplicable("no CloudTrail trail is homed in this region");
        const failing = trails.filter((t) => !t.logFileValidationEnabled).map((t) => ({ resource: t.arn, reason: "log file validation off" }));
        return outcome.of(
          failing,
          `all ${trails.length} trails validate their log files`,
          `${failing.length} of ${trails.length} trails have log file validation off`
        );
      }
    });
  }
});

// shared/rules/cloudtrail-trail-management-events-enabled.ts
function gap2(t) {
  const m = t.managementEvents;
  if (!m || !m.included) return "management events not recorded";
  if (m.readWriteType !== "All") return `management events ${m.readWriteType ?? "unknown"} only`;
  if (m.excludedEventSources.length) return `excludes ${m.excludedEventSources.join(", ")}`;
  return void 0;
}
var NO_TRAIL_RESOURCE, rule4;
var init_cloudtrail_trail_management_events_enabled = __esm({
  "shared/rules/cloudtrail-trail-management-events-enabled.ts"() {
    "use strict";
    init_types();
    NO_TRAIL_RESOURCE = "cloudtrail";
    rule4 = defineRule({
      id: "cloudtrail-trail-management-events-enabled",
      version: "1.2.0",
      collector: "aws-cloudtrail-trails",
      controls: ["LOG-01"],
      title: "A multi-region trail records all management events",
      benchmarks: {
        cis: ["3.1"],
        prowler: ["cloudtrail_multi_region_enabled_logging_management_events"],
        cisDivergence: "CIS v4.0.1 3.1's audit ends with get-event-selectors: a multi-region trail must log management events, read and write; this rule judges that step. Prowler maps 3.1 to cloudtrail_multi_region_enabled only (judged here by cloudtrail-trail-multi-region-logging)."
      },
      reads: ["DescribeTrails", "GetTrailStatus", "GetEventSelectors"],
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.trails),
      evaluate({ trails, coveringTrails = [] }) {
        const candidates = trails.filter((t) => t.isMultiRegion && t.isLogging === true);
        if (candidates.length === 0) {
          const covering = coveringTrails.find((t) => t.isMultiRegion && t.isLogging === true);
          if (covering)
            return outcome.notApplicable(
              `multi-region trail ${covering.name} is judged in its home region ${covering.homeRegion}`
            );
          if ([...trails, ...coveringTrails].some((t) => t.isMultiRegion && t.isLogging === void 0))
            return outcome.unknown("the logging status of a multi-region trail is unreadable");
          return outcome.fail("no logging multi-region trail records management events in this region", [
            { resource: NO_TRAIL_RESOURCE, reason: "no logging multi-region trail" }
          ]);
        }
        const good = candidates.find((t) => gap2(t) === void 0);
        if (good) return outcome.pass(`trail ${good.name} records all management events`);
        return outcome.fail(
          "no multi-region trail records all management events",
          candidates.map((t) => ({ resource: t.arn, reason: gap2(t) }))
        );
      }
    });
  }
});

// shared/rules/cloudtrail-trail-multi-region-logging.ts
var NO_TRAIL_RESOURCE2, rule5;
var init_cloudtrail_trail_multi_region_logging = __esm({
  "shared/rules/cloudtrail-trail-multi-region-logging.ts"() {
    "use strict";
    init_types();
    NO_TRAIL_RESOURCE2 = "cloudtrail";
    rule5 = defineRule({
      id: "cloudtrail-trail-multi-region-logging",
      version: "2.1.0",
      collector: "aws-cloudtrail-trails",
      controls: ["LOG-01"],
      title: "A multi-region CloudTrail trail is logging",
      benchmarks: { cis: ["3.1"], prowler: ["cloudtrail_multi_region_enabled"] },
      reads: ["DescribeTrails", "GetTrailStatus"],
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.trails),
      evaluate({ trails, coveringTrails = [] }) {
        const all = [...trails, ...coveringTrails];
        if (all.length === 0)
          return outcome.fail("no CloudTrail trail records this region", [
            { resource: NO_TRAIL_RESOURCE2, reason: "no trail" }
          ]);
        const good = all.find((t) => t.isMultiRegion && t.isLogging === true);
        if (good) {
          const kind = good.isOrganizationTrail ? "organization trail, " : "";
          const where = trails.includes(good) ? "" : ` (${kind}homed in ${good.homeRegion})`;
          return {
            ...outcome.pass(`multi-region trail ${good.name}${where} is logging`),
            regardlessOfUnseen: true
          };
        }
        if (all.every((t) => t.isMultiRegion && t.isLogging === void 0))
          return outcome.unknown("the logging status of every multi-region trail is unreadable");
        return outcome.fail(
          "no multi-region trail is logging",
          all.filter((t) => !t.isMultiRegion || t.isLogging === false).map((t) => ({
            resource: t.arn,
            reason: [!t.isMultiRegion && "single-region", t.isLogging === false && "not logging"].filter(Boolean).join(", ")
          }))
        );
      }
    });
  }
});

// shared/rules/config-recorder-recording-enabled.ts
function gaps(r) {
  const out = [];
  if (r.recording === false) out.push(`not recording${r.lastStatus ? ` (last status ${r.lastStatus})` : ""}`);
  const all = r.allSupported || r.recordingStrategy === "ALL_SUPPORTED_RESOURCE_TYPES";
  if (!all) out.push("does not record all supported resource types");
  if (r.excludedResourceTypes.length) out.push(`excludes ${r.excludedResourceTypes.join(", ")}`);
  return out;
}
var rule6;
var init_config_recorder_recording_enabled = __esm({
  "shared/rules/config-recorder-recording-enabled.ts"() {
    "use strict";
    init_types();
    rule6 = defineRule({
      id: "config-recorder-recording-enabled",
      version: "2.0.0",
      collector: "aws-config-recorder",
      controls: ["CFG-02", "AST-01"],
      title: "AWS Config records all resources and delivers them",
      benchmarks: { cis: ["3.3"], prowler: ["config_recorder_all_regions_enabled"] },
      reads: [
        "DescribeConfigurationRecorders",
        "DescribeConfigurationRecorderStatus",
        "DescribeDeliveryChannels"
      ],
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.recorders),
      evaluate({ recorders, deliveryChannels }) {
        if (recorders.length === 0)
          return outcome.fail("no AWS Config recorder in this region", [
            { resource: "config-recorder", reason: "none" }
          ]);
        const failing = recorders.flatMap((r) => {
          const g = gaps(r);
          return g.length ? [{ resource: r.name, reason: g.join("; ") }] : [];
        });
        if (deliveryChannels.length === 0) failing.push({ resource: "delivery-channel", reason: "none" });
        return outcome.of(
          failing,
          `recorder ${recorders.map((r) => r.name).join(", ")} records all resources and delivers them`,
          "AWS Config does not record all resources or has no delivery channel"
        );
      }
    });
  }
});

// shared/rules/config-rule-compliant.ts
var rule7;
var init_config_rule_compliant = __esm({
  "shared/rules/config-rule-compliant.ts"() {
    "use strict";
    init_types();
    rule7 = defineRule({
      id: "config-rule-compliant",
      version: "1.0.0",
      collector: "aws-config-compliance",
      controls: ["CFG-01"],
      title: "AWS Config rules evaluate the baseline and report no non-compliant resources",
      benchmarks: {
        cis: [],
        prowler: [],
        noProwlerCheck: "Prowler judges whether AWS Config records (config_recorder_all_regions_enabled, CIS 3.3: config-recorder-recording-enabled here), not what the Config rules report."
      },
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.rules),
      evaluate({ rules: rules2 }) {
        if (rules2.length === 0)
          return outcome.fail("no AWS Config rule evaluates the baseline", [
            { resource: "config-rules", reason: "none" }
          ]);
        const failing = rules2.filter((r) => r.complianceType === "NON_COMPLIANT").map((r) => {
          const n = r.nonCompliantResourceCount;
          const count3 = n === null ? "some" : `${n}${r.nonCompliantCountCapped ? "+" : ""}`;
          return { resource: r.arn ?? r.name, reason: `${r.name}: ${count3} non-compliant resources` };
        });
        return outcome.of(
          failing,
          `none of ${rules2.length} Config rules reports non-compliant resources`,
          `${failing.length} of ${rules2.length} Config rules report non-compliant resources`
        );
      }
    });
  }
});

// shared/rules/ec2-ebs-default-encryption-enabled.ts
var EBS_SETTING, rule8;
var init_ec2_ebs_default_encryption_enabled = __esm({
  "shared/rules/ec2-ebs-default-encryption-enabled.ts"() {
    "use strict";
    init_types();
    EBS_SETTING = "ebs-encryption-by-default";
    rule8 = defineRule({
      id: "ec2-ebs-default-encryption-enabled",
      version: "1.1.0",
      collector: "aws-ec2-ebs-default-encryption",
      controls: ["CRY-01"],
      title: "EBS encryption by default is on",
      // The default key id is informational: failing to read it hides nothing this rule judges.
      reads: ["GetEbsEncryptionByDefault"],
      benchmarks: {
        cis: ["5.1.1"],
        prowler: ["ec2_ebs_default_encryption"],
        cisDivergence: 'CIS v4.0.1 5.1.1 is audited with get-ebs-encryption-by-default per region ("Always encrypt new EBS volumes"), which is what this rule judges; Prowler maps 5.1.1 to ec2_ebs_volume_encryption (existing volumes) instead.'
      },
      accepts: (d) => typeof d === "object" && d !== null && typeof d.encryptionByDefault === "boolean",
      evaluate({ encryptionByDefault, defaultKmsKeyId }) {
        if (encryptionByDefault)
          return outcome.pass(`EBS encryption by default is on (key ${defaultKmsKeyId ?? "unknown"})`);
        return outcome.fail("EBS encryption by default is off", [{ resource: EBS_SETTING, reason: "disabled" }]);
      }
    });
  }
});

// shared/rules/ec2-security-group-admin-ports-closed.ts
function exposed(i, adminPorts) {
  if (NO_PORTS2.has(i.protocol)) return [];
  if (i.protocol === "-1" || i.fromPort === null) return [...adminPorts];
  const to = i.toPort ?? i.fromPort;
  return adminPorts.filter((p) => p >= i.fromPort && p <= to);
}
function exposure(i, ports) {
  const what = i.protocol === "-1" ? "all traffic" : `${i.protocol} ${ports.join(", ")}`;
  return `${what} from ${i.cidr}`;
}
var NO_PORTS2, rule9;
var init_ec2_security_group_admin_ports_closed = __esm({
  "shared/rules/ec2-security-group-admin-ports-closed.ts"() {
    "use strict";
    init_types();
    NO_PORTS2 = /* @__PURE__ */ new Set(["icmp", "1", "icmpv6", "58"]);
    rule9 = defineRule({
      id: "ec2-security-group-admin-ports-closed",
      version: "2.0.0",
      collector: "aws-ec2-security-groups",
      controls: ["NET-04"],
      title: "No security group opens administrative ports to the internet",
      benchmarks: {
        cis: ["5.3", "5.4"],
        prowler: [
          "ec2_securitygroup_allow_ingress_from_internet_to_all_ports",
          "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
          "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389",
          "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mongodb_27017_27018"
        ]
      },
      reads: ["DescribeSecurityGroups"],
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.groups),
      evaluate({ groups }, { thresholds }) {
        const adminPorts = thresholds.adminPorts;
        if (groups.length === 0) return outcome.notApplicable("the region has no security groups");
        const failing = groups.flatMap((g) => {
          const open3 = g.openIngress.map((i) => ({ i, ports: exposed(i, adminPorts) })).filter((o) => o.ports.length > 0);
          if (open3.length === 0) return [];
          const how = open3.map((o) => exposure(o.i, o.ports)).join("; ");
          return [{ resource: g.groupId, reason: `${g.groupName}: ${how}` }];
        });
        return outcome.of(
          failing,
          `none of ${groups.length} security groups opens ports ${adminPorts.join(", ")} to the internet`,
          `${failing.length} of ${groups.length} security groups open administrative ports to the internet`
        );
      }
    });
  }
});

// shared/rules/guardduty-detector-enabled.ts
var NO_DETECTOR_RESOURCE, rule10;
var init_guardduty_detector_enabled = __esm({
  "shared/rules/guardduty-detector-enabled.ts"() {
    "use strict";
    init_types();
    NO_DETECTOR_RESOURCE = "guardduty";
    rule10 = defineRule({
      id: "guardduty-detector-enabled",
      version: "1.3.0",
      collector: "aws-guardduty-detectors",
      controls: ["MON-02", "RSK-02"],
      title: "GuardDuty is enabled",
      benchmarks: { cis: [], prowler: ["guardduty_is_enabled"] },
      reads: ["ListDetectors", "GetDetector"],
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.detectors),
      evaluate({ detectors }, { blind }) {
        const unread = blind.filter((b) => b.operation === "GetDetector").length;
        if (detectors.length === 0 && unread > 0)
          return outcome.unknown("the region lists detectors whose status could not be read");
        if (detectors.length === 0)
          return outcome.fail("GuardDuty is not enabled in this region", [
            { resource: NO_DETECTOR_RESOURCE, reason: "no detector" }
          ]);
        const on = detectors.find((d) => d.status === "ENABLED");
        if (on)
          return { ...outcome.pass(`GuardDuty detector ${on.detectorId} is enabled`), regardlessOfUnseen: true };
        if (unread > 0)
          return outcome.unknown(
            `${detectors.length} GuardDuty detectors read are disabled, and ${unread} could not be read`
          );
        return outcome.fail(
          "every GuardDuty detector is disabled",
          detectors.map((d) => ({ resource: d.detectorId, reason: `status ${d.status}` }))
        );
      }
    });
  }
});

// shared/rules/iam-root-access-key-absent.ts
var ROOT_RESOURCE, rule11;
var init_iam_root_access_key_absent = __esm({
  "shared/rules/iam-root-access-key-absent.ts"() {
    "use strict";
    init_types();
    ROOT_RESOURCE = "root-account";
    rule11 = defineRule({
      id: "iam-root-access-key-absent",
      version: "1.0.0",
      collector: "aws-iam-account-summary",
      controls: ["IAM-05"],
      title: "The root user has no access keys",
      benchmarks: { cis: ["1.4"], prowler: ["iam_no_root_access_key"] },
      accepts: (d) => typeof d === "object" && d !== null && typeof d.accountAccessKeysPresent === "boolean",
      evaluate(data) {
        if (!data.accountAccessKeysPresent) return outcome.pass("the root user has no access keys");
        return outcome.fail("the root user has access keys", [
          { resource: ROOT_RESOURCE, reason: "AccountAccessKeysPresent=1" }
        ]);
      }
    });
  }
});

// shared/rules/iam-root-mfa-enabled.ts
var rule12;
var init_iam_root_mfa_enabled = __esm({
  "shared/rules/iam-root-mfa-enabled.ts"() {
    "use strict";
    init_types();
    rule12 = defineRule({
      id: "iam-root-mfa-enabled",
      version: "2.0.0",
      collector: "aws-iam-credential-report",
      controls: ["IAM-05"],
      title: "The root user has MFA enabled",
      benchmarks: { cis: ["1.5"], prowler: ["iam_root_mfa_enabled"] },
      accepts: (d) => typeof d === "object" && d !== null && "root" in d,
      evaluate({ root }) {
        if (root === null)
          return outcome.unknown(
            "the credential report has no root account row, so whether the root user has MFA cannot be seen"
          );
        if (root.mfaActive) return outcome.pass("the root user has MFA enabled");
        return outcome.fail("the root user has no MFA device", [
          { resource: root.arn, reason: "mfa_active=false" }
        ]);
      }
    });
  }
});

// shared/rules/iam-user-admin-access-absent.ts
function grantText(g) {
  if (g.via === "inline") return `inline policy ${g.policyName} grants *:*`;
  if (g.via === "attached") return `${g.policyName} attached`;
  return `${g.policyName} through ${g.via}`;
}
var rule13;
var init_iam_user_admin_access_absent = __esm({
  "shared/rules/iam-user-admin-access-absent.ts"() {
    "use strict";
    init_types();
    rule13 = defineRule({
      id: "iam-user-admin-access-absent",
      version: "1.0.0",
      collector: "aws-iam-admin-access",
      controls: ["IAM-06"],
      title: "No IAM user or group holds administrator access directly",
      benchmarks: {
        cis: ["1.16"],
        prowler: [
          "iam_aws_attached_policy_no_administrative_privileges",
          "iam_customer_attached_policy_no_administrative_privileges",
          "iam_inline_policy_no_administrative_privileges"
        ]
      },
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.admins),
      evaluate({ counts: counts2, admins }) {
        if (counts2.users + counts2.groups === 0)
          return outcome.notApplicable("the account has no IAM users or groups");
        const byPrincipal = /* @__PURE__ */ new Map();
        for (const g of admins) {
          if (g.type === "role") continue;
          byPrincipal.set(g.arn, [...byPrincipal.get(g.arn) ?? [], grantText(g)]);
        }
        const failing = [...byPrincipal].map(([resource2, why]) => ({ resource: resource2, reason: why.join("; ") }));
        return outcome.of(
          failing,
          `none of ${counts2.users} users and ${counts2.groups} groups holds administrator access`,
          `${failing.length} users or groups hold administrator access directly`
        );
      }
    });
  }
});

// shared/rules/iam-user-console-mfa-enabled.ts
var rule14;
var init_iam_user_console_mfa_enabled = __esm({
  "shared/rules/iam-user-console-mfa-enabled.ts"() {
    "use strict";
    init_types();
    rule14 = defineRule({
      id: "iam-user-console-mfa-enabled",
      version: "1.0.0",
      collector: "aws-iam-credential-report",
      controls: ["IAM-02"],
      title: "IAM users with a console password have MFA",
      benchmarks: { cis: ["1.10"], prowler: ["iam_user_mfa_enabled_console_access"] },
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.users),
      evaluate({ users }) {
        const withPassword = users.filter((u2) => u2.passwordEnabled === true);
        if (withPassword.length === 0) return outcome.notApplicable("no IAM user has a console password");
        const failing = withPassword.filter((u2) => !u2.mfaActive).map((u2) => ({ resource: u2.arn, reason: `console user ${u2.user} has no MFA device` }));
        return outcome.of(
          failing,
          `all ${withPassword.length} console users have MFA`,
          `${failing.length} of ${withPassword.length} console users have no MFA`
        );
      }
    });
  }
});

// shared/rules/iam-user-direct-policies-absent.ts
var rule15;
var init_iam_user_direct_policies_absent = __esm({
  "shared/rules/iam-user-direct-policies-absent.ts"() {
    "use strict";
    init_types();
    rule15 = defineRule({
      id: "iam-user-direct-policies-absent",
      version: "1.1.0",
      collector: "aws-iam-admin-access",
      controls: ["IAM-06"],
      title: "No IAM user has directly attached or inline policies",
      benchmarks: { cis: ["1.15"], prowler: ["iam_policy_attached_only_to_group_or_roles"] },
      // Which policies a user has comes from the authorization details alone; what a managed policy allows
      // (GetPolicyVersion, ListPolicies) does not change it.
      reads: ["GetAccountAuthorizationDetails"],
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.usersWithDirectPolicies),
      evaluate({ counts: counts2, usersWithDirectPolicies }) {
        if (counts2.users === 0) return outcome.notApplicable("the account has no IAM users");
        const failing = usersWithDirectPolicies.filter((u2) => u2.attachedPolicies.length + u2.inlinePolicies.length > 0).map((u2) => ({
          resource: u2.arn,
          reason: [
            ...u2.attachedPolicies.map((p) => `attached ${p}`),
            ...u2.inlinePolicies.map((p) => `inline ${p}`)
          ].join(", ")
        }));
        return outcome.of(
          failing,
          `none of ${counts2.users} users has policies of its own`,
          `${failing.length} of ${counts2.users} users have directly attached or inline policies`
        );
      }
    });
  }
});

// shared/rules/iam-user-unused-credentials-disabled.ts
function daysSince(iso27, now) {
  return iso27 === null ? Number.NaN : Math.floor((now.getTime() - Date.parse(iso27)) / DAY_MS4);
}
var DAY_MS4, rule16;
var init_iam_user_unused_credentials_disabled = __esm({
  "shared/rules/iam-user-unused-credentials-disabled.ts"() {
    "use strict";
    init_types();
    DAY_MS4 = 864e5;
    rule16 = defineRule({
      id: "iam-user-unused-credentials-disabled",
      version: "2.0.0",
      collector: "aws-iam-credential-report",
      controls: ["IAM-08", "IAM-11"],
      title: "IAM credentials unused beyond the threshold (45 days by default) are disabled",
      benchmarks: {
        cis: ["1.12"],
        prowler: ["iam_user_accesskey_unused", "iam_user_console_access_unused"]
      },
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.users),
      evaluate({ users }, { now, thresholds }) {
        const MAX_UNUSED_DAYS = thresholds.unusedCredentialDays;
        const failing = [];
        let enabled = 0;
        const judge4 = (resource2, what, lastUsed, issued) => {
          enabled++;
          const idle = daysSince(lastUsed ?? issued, now);
          if (Number.isNaN(idle)) failing.push({ resource: resource2, reason: `${what}: last use unknown` });
          else if (idle > MAX_UNUSED_DAYS)
            failing.push({ resource: resource2, reason: `${what} ${lastUsed ? "unused" : "never used"} for ${idle} days` });
        };
        for (const u2 of users) {
          if (u2.passwordEnabled === true) judge4(u2.arn, "console password", u2.passwordLastUsed, u2.createdAt);
          [u2.accessKey1, u2.accessKey2].forEach((k, i) => {
            if (k.active) judge4(`${u2.arn}#key${i + 1}`, "access key", k.lastUsed, k.lastRotated ?? u2.createdAt);
          });
        }
        if (enabled === 0) return outcome.notApplicable("no IAM user has an enabled password or active key");
        return outcome.of(
          failing,
          `all ${enabled} enabled credentials were used within ${MAX_UNUSED_DAYS} days`,
          `${failing.length} of ${enabled} enabled credentials are unused for more than ${MAX_UNUSED_DAYS} days`
        );
      }
    });
  }
});

// shared/rules/kms-key-rotation-enabled.ts
var rule17;
var init_kms_key_rotation_enabled = __esm({
  "shared/rules/kms-key-rotation-enabled.ts"() {
    "use strict";
    init_types();
    rule17 = defineRule({
      id: "kms-key-rotation-enabled",
      version: "1.1.0",
      collector: "aws-kms-keys",
      controls: ["CRY-03"],
      title: "Customer managed KMS keys rotate automatically",
      benchmarks: { cis: ["3.6"], prowler: ["kms_cmk_rotation_enabled"] },
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.keys),
      evaluate({ keys }) {
        const eligible = keys.filter((k) => k.enabled && k.rotationEligible);
        if (eligible.length === 0) return outcome.notApplicable("no enabled customer managed key can rotate");
        const failing = eligible.filter((k) => k.rotationEnabled === false).map((k) => ({ resource: k.arn, reason: "automatic rotation off" }));
        return outcome.of(
          failing,
          `all ${eligible.length} rotatable customer managed keys rotate automatically`,
          `${failing.length} of ${eligible.length} rotatable customer managed keys do not rotate`
        );
      }
    });
  }
});

// shared/rules/lib/rds-databases.ts
function storageOwners(data) {
  const clusters = data.clusters ?? [];
  const listed = new Set(clusters.map((c) => c.id));
  return [
    ...data.instances.filter((i) => i.clusterId === null || !listed.has(i.clusterId)).map((i) => ({ ...i, kind: "instance" })),
    ...clusters.map((c) => ({ ...c, kind: "cluster" }))
  ];
}
function isRdsData(d) {
  return typeof d === "object" && d !== null && Array.isArray(d.instances);
}
var init_rds_databases = __esm({
  "shared/rules/lib/rds-databases.ts"() {
    "use strict";
  }
});

// shared/rules/rds-instance-backup-retention-sufficient.ts
var MIN_BACKUP_RETENTION_DAYS, rule18;
var init_rds_instance_backup_retention_sufficient = __esm({
  "shared/rules/rds-instance-backup-retention-sufficient.ts"() {
    "use strict";
    init_rds_databases();
    init_types();
    MIN_BACKUP_RETENTION_DAYS = 7;
    rule18 = defineRule({
      id: "rds-instance-backup-retention-sufficient",
      version: "1.0.0",
      collector: "aws-rds-instances",
      controls: ["BCK-01"],
      title: `RDS automated backups are kept at least ${MIN_BACKUP_RETENTION_DAYS} days`,
      benchmarks: { cis: [], prowler: ["rds_instance_backup_enabled"] },
      accepts: isRdsData,
      evaluate(data) {
        const dbs = storageOwners(data);
        if (dbs.length === 0) return outcome.notApplicable("the region has no RDS databases");
        const failing = dbs.filter((d) => d.backupRetentionPeriod < MIN_BACKUP_RETENTION_DAYS).map((d) => ({
          resource: d.arn,
          reason: d.backupRetentionPeriod === 0 ? `${d.kind} ${d.id} has automated backups off` : `${d.kind} ${d.id} keeps backups ${d.backupRetentionPeriod} days`
        }));
        return outcome.of(
          failing,
          `all ${dbs.length} RDS databases keep backups at least ${MIN_BACKUP_RETENTION_DAYS} days`,
          `${failing.length} of ${dbs.length} RDS databases keep backups under ${MIN_BACKUP_RETENTION_DAYS} days`
        );
      }
    });
  }
});

// shared/rules/rds-instance-deletion-protection-enabled.ts
var rule19;
var init_rds_instance_deletion_protection_enabled = __esm({
  "shared/rules/rds-instance-deletion-protection-enabled.ts"() {
    "use strict";
    init_rds_databases();
    init_types();
    rule19 = defineRule({
      id: "rds-instance-deletion-protection-enabled",
      version: "1.0.0",
      collector: "aws-rds-instances",
      controls: ["RES-01"],
      title: "RDS deletion protection is on",
      benchmarks: { cis: [], prowler: ["rds_instance_deletion_protection"] },
      accepts: isRdsData,
      evaluate(data) {
        const dbs = storageOwners(data);
        if (dbs.length === 0) return outcome.notApplicable("the region has no RDS databases");
        const failing = dbs.filter((d) => !d.deletionProtection).map((d) => ({ resource: d.arn, reason: `${d.kind} ${d.id} has deletion protection off` }));
        return outcome.of(
          failing,
          `all ${dbs.length} RDS databases have deletion protection`,
          `${failing.length} of ${dbs.length} RDS databases have deletion protection off`
        );
      }
    });
  }
});

// shared/rules/rds-instance-minor-upgrade-enabled.ts
var rule20;
var init_rds_instance_minor_upgrade_enabled = __esm({
  "shared/rules/rds-instance-minor-upgrade-enabled.ts"() {
    "use strict";
    init_rds_databases();
    init_types();
    rule20 = defineRule({
      id: "rds-instance-minor-upgrade-enabled",
      version: "1.0.0",
      collector: "aws-rds-instances",
      controls: ["VUL-02"],
      title: "RDS automatic minor version upgrade is on",
      benchmarks: { cis: ["2.2.2"], prowler: ["rds_instance_minor_version_upgrade_enabled"] },
      accepts: isRdsData,
      evaluate({ instances }) {
        if (instances.length === 0) return outcome.notApplicable("the region has no RDS instances");
        const failing = instances.filter((i) => !i.autoMinorVersionUpgrade).map((i) => ({ resource: i.arn, reason: `${i.id} has automatic minor version upgrade off` }));
        return outcome.of(
          failing,
          `all ${instances.length} RDS instances take automatic minor upgrades`,
          `${failing.length} of ${instances.length} RDS instances do not take automatic minor upgrades`
        );
      }
    });
  }
});

// shared/rules/rds-instance-public-access-disabled.ts
var rule21;
var init_rds_instance_public_access_disabled = __esm({
  "shared/rules/rds-instance-public-access-disabled.ts"() {
    "use strict";
    init_rds_databases();
    init_types();
    rule21 = defineRule({
      id: "rds-instance-public-access-disabled",
      version: "1.0.0",
      collector: "aws-rds-instances",
      controls: ["DAT-04", "NET-02"],
      title: "RDS databases are not publicly accessible",
      benchmarks: { cis: ["2.2.3"], prowler: ["rds_instance_no_public_access"] },
      accepts: isRdsData,
      evaluate({ instances, clusters }) {
        const all = [...instances, ...clusters ?? []];
        if (all.length === 0) return outcome.notApplicable("the region has no RDS databases");
        const failing = all.filter((d) => d.publiclyAccessible === true).map((d) => ({ resource: d.arn, reason: `${d.id} is publicly accessible` }));
        return outcome.of(
          failing,
          `none of ${all.length} RDS instances and clusters is publicly accessible`,
          `${failing.length} of ${all.length} RDS instances and clusters are publicly accessible`
        );
      }
    });
  }
});

// shared/rules/rds-instance-storage-encrypted.ts
var rule22;
var init_rds_instance_storage_encrypted = __esm({
  "shared/rules/rds-instance-storage-encrypted.ts"() {
    "use strict";
    init_rds_databases();
    init_types();
    rule22 = defineRule({
      id: "rds-instance-storage-encrypted",
      version: "1.0.0",
      collector: "aws-rds-instances",
      controls: ["CRY-01"],
      title: "RDS storage is encrypted",
      benchmarks: { cis: ["2.2.1"], prowler: ["rds_instance_storage_encrypted"] },
      accepts: isRdsData,
      evaluate(data) {
        const dbs = storageOwners(data);
        if (dbs.length === 0) return outcome.notApplicable("the region has no RDS databases");
        const failing = dbs.filter((d) => !d.storageEncrypted).map((d) => ({ resource: d.arn, reason: `${d.kind} ${d.id} storage is not encrypted` }));
        return outcome.of(
          failing,
          `all ${dbs.length} RDS databases encrypt their storage`,
          `${failing.length} of ${dbs.length} RDS databases have unencrypted storage`
        );
      }
    });
  }
});

// shared/rules/s3-bucket-access-logging-enabled.ts
var rule23;
var init_s3_bucket_access_logging_enabled = __esm({
  "shared/rules/s3-bucket-access-logging-enabled.ts"() {
    "use strict";
    init_types();
    rule23 = defineRule({
      id: "s3-bucket-access-logging-enabled",
      version: "1.1.0",
      collector: "aws-s3-buckets",
      controls: ["LOG-03"],
      title: "S3 server access logging is on for every bucket but the log targets",
      benchmarks: { cis: [], prowler: ["s3_bucket_server_access_logging_enabled"] },
      reads: ["GetBucketLogging"],
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.buckets),
      evaluate({ buckets: buckets2 }) {
        const targets = new Set(buckets2.flatMap((b) => b.logging ? [b.logging.targetBucket] : []));
        const judged = buckets2.filter((b) => !targets.has(b.name));
        if (judged.length === 0) return outcome.notApplicable("the account has no buckets besides log targets");
        const failing = judged.filter((b) => b.logging === null).map((b) => ({ resource: b.name, reason: "server access logging off" }));
        return outcome.of(
          failing,
          `all ${judged.length} buckets log access`,
          `${failing.length} of ${judged.length} buckets have server access logging off`
        );
      }
    });
  }
});

// shared/rules/s3-bucket-default-encryption-enabled.ts
var rule24;
var init_s3_bucket_default_encryption_enabled = __esm({
  "shared/rules/s3-bucket-default-encryption-enabled.ts"() {
    "use strict";
    init_types();
    rule24 = defineRule({
      id: "s3-bucket-default-encryption-enabled",
      version: "1.1.0",
      collector: "aws-s3-buckets",
      controls: ["CRY-01"],
      title: "Every S3 bucket has default encryption",
      benchmarks: { cis: [], prowler: ["s3_bucket_default_encryption"] },
      reads: ["GetBucketEncryption"],
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.buckets),
      evaluate({ buckets: buckets2 }) {
        if (buckets2.length === 0) return outcome.notApplicable("the account has no buckets");
        const failing = buckets2.filter((b) => b.encryption === null).map((b) => ({ resource: b.name, reason: "no default encryption" }));
        return outcome.of(
          failing,
          `all ${buckets2.length} buckets have default encryption`,
          `${failing.length} of ${buckets2.length} buckets have no default encryption`
        );
      }
    });
  }
});

// shared/rules/s3-bucket-policy-not-public.ts
var rule25;
var init_s3_bucket_policy_not_public = __esm({
  "shared/rules/s3-bucket-policy-not-public.ts"() {
    "use strict";
    init_types();
    rule25 = defineRule({
      id: "s3-bucket-policy-not-public",
      version: "1.1.0",
      collector: "aws-s3-buckets",
      controls: ["DAT-01"],
      title: "No S3 bucket policy grants public access",
      // CIS v4.0.1 2.1.4 is Block Public Access (s3-bucket-public-access-blocked); CIS has no bucket-policy check.
      benchmarks: {
        cis: [],
        prowler: ["s3_bucket_public_access", "s3_bucket_policy_public_write_access"]
      },
      reads: ["GetBucketPolicyStatus", "GetBucketPolicy"],
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.buckets),
      evaluate({ buckets: buckets2 }) {
        if (buckets2.length === 0) return outcome.notApplicable("the account has no buckets");
        const failing = buckets2.filter((b) => b.policy?.isPublic === true).map((b) => ({ resource: b.name, reason: `bucket policy is public (${b.policy.isPublicSource})` }));
        return outcome.of(
          failing,
          `no bucket policy of ${buckets2.length} buckets is public`,
          `${failing.length} of ${buckets2.length} buckets have a public bucket policy`
        );
      }
    });
  }
});

// shared/rules/s3-bucket-public-access-blocked.ts
function offFlags(pab) {
  return FLAGS.filter((f) => pab?.[f] !== true);
}
var FLAGS, rule26;
var init_s3_bucket_public_access_blocked = __esm({
  "shared/rules/s3-bucket-public-access-blocked.ts"() {
    "use strict";
    init_types();
    FLAGS = ["blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets"];
    rule26 = defineRule({
      id: "s3-bucket-public-access-blocked",
      version: "1.1.0",
      collector: "aws-s3-buckets",
      controls: ["DAT-01"],
      title: "S3 Block Public Access is on for every bucket (account or bucket level)",
      benchmarks: {
        cis: ["2.1.4"],
        prowler: ["s3_bucket_level_public_access_block", "s3_account_level_public_access_blocks"]
      },
      reads: ["GetPublicAccessBlock"],
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.buckets),
      evaluate({ accountPublicAccessBlock: accountPublicAccessBlock2, buckets: buckets2 }) {
        if (buckets2.length === 0) return outcome.notApplicable("the account has no buckets");
        if (offFlags(accountPublicAccessBlock2).length === 0)
          return outcome.pass(`account-level Block Public Access covers all ${buckets2.length} buckets`);
        const failing = buckets2.flatMap((b) => {
          if (b.publicAccessBlock === void 0) return [];
          const off = offFlags(b.publicAccessBlock);
          return off.length === 0 ? [] : [{ resource: b.name, reason: `Block Public Access off: ${off.join(", ")}` }];
        });
        return outcome.of(
          failing,
          `all ${buckets2.length} buckets block public access`,
          `${failing.length} of ${buckets2.length} buckets do not fully block public access`
        );
      }
    });
  }
});

// shared/rules/s3-bucket-tls-only-policy.ts
var rule27;
var init_s3_bucket_tls_only_policy = __esm({
  "shared/rules/s3-bucket-tls-only-policy.ts"() {
    "use strict";
    init_types();
    rule27 = defineRule({
      id: "s3-bucket-tls-only-policy",
      version: "1.1.0",
      collector: "aws-s3-buckets",
      controls: ["CRY-02"],
      title: "Every S3 bucket policy denies requests without TLS",
      benchmarks: { cis: ["2.1.1"], prowler: ["s3_bucket_secure_transport_policy"] },
      reads: ["GetBucketPolicy"],
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.buckets),
      evaluate({ buckets: buckets2 }) {
        if (buckets2.length === 0) return outcome.notApplicable("the account has no buckets");
        const failing = buckets2.filter((b) => b.policy !== void 0 && b.policy?.tlsOnlyStatement !== true).map((b) => ({
          resource: b.name,
          reason: b.policy ? "policy has no aws:SecureTransport deny" : "no bucket policy"
        }));
        return outcome.of(
          failing,
          `all ${buckets2.length} buckets deny requests without TLS`,
          `${failing.length} of ${buckets2.length} buckets accept requests without TLS`
        );
      }
    });
  }
});

// shared/rules/securityhub-hub-enabled.ts
var NO_HUB_RESOURCE, rule28;
var init_securityhub_hub_enabled = __esm({
  "shared/rules/securityhub-hub-enabled.ts"() {
    "use strict";
    init_types();
    NO_HUB_RESOURCE = "securityhub";
    rule28 = defineRule({
      id: "securityhub-hub-enabled",
      version: "1.1.0",
      collector: "aws-securityhub-status",
      controls: ["MON-03"],
      title: "Security Hub is enabled",
      benchmarks: { cis: ["4.16"], prowler: ["securityhub_enabled"] },
      reads: ["DescribeHub"],
      accepts: (d) => typeof d === "object" && d !== null && typeof d.enabled === "boolean",
      evaluate({ enabled, hubArn }) {
        if (enabled) return outcome.pass(`Security Hub is enabled (${hubArn ?? "hub ARN not reported"})`);
        return outcome.fail("Security Hub is not enabled in this region", [
          { resource: NO_HUB_RESOURCE, reason: "not subscribed" }
        ]);
      }
    });
  }
});

// shared/rules/securityhub-standards-subscribed.ts
var rule29;
var init_securityhub_standards_subscribed = __esm({
  "shared/rules/securityhub-standards-subscribed.ts"() {
    "use strict";
    init_types();
    rule29 = defineRule({
      id: "securityhub-standards-subscribed",
      version: "2.1.0",
      collector: "aws-securityhub-status",
      controls: ["MON-03", "CFG-01"],
      title: "Security Hub has a security standard subscribed",
      benchmarks: { cis: ["4.16"], prowler: ["securityhub_enabled"] },
      // The failed-findings counts are not judged here: an unreadable GetFindings leaves this verdict whole.
      reads: ["DescribeHub", "GetEnabledStandards"],
      accepts: (d) => typeof d === "object" && d !== null && typeof d.enabled === "boolean",
      evaluate({ enabled, hubArn, standards }) {
        if (!enabled) return outcome.notApplicable("Security Hub is not enabled in this region");
        const hub = hubArn ?? "securityhub";
        if (standards === null) return outcome.unknown("the subscribed security standards could not be read");
        const all = standards;
        const ready = all.filter((s) => s.status === "READY");
        if (ready.length) return outcome.pass(`${ready.length} security standards are subscribed and ready`);
        if (all.length === 0)
          return outcome.fail("Security Hub has no security standard subscribed", [
            { resource: hub, reason: "no standards" }
          ]);
        return outcome.fail(
          "no subscribed security standard is ready",
          all.map((s) => ({ resource: s.standardsArn, reason: `status ${s.status}` }))
        );
      }
    });
  }
});

// shared/rules/aws-rules.ts
var awsRules;
var init_aws_rules = __esm({
  "shared/rules/aws-rules.ts"() {
    "use strict";
    init_backup_plan_retention_configured();
    init_cloudtrail_trail_kms_encrypted();
    init_cloudtrail_trail_log_file_validation_enabled();
    init_cloudtrail_trail_management_events_enabled();
    init_cloudtrail_trail_multi_region_logging();
    init_config_recorder_recording_enabled();
    init_config_rule_compliant();
    init_ec2_ebs_default_encryption_enabled();
    init_ec2_security_group_admin_ports_closed();
    init_guardduty_detector_enabled();
    init_iam_root_access_key_absent();
    init_iam_root_mfa_enabled();
    init_iam_user_admin_access_absent();
    init_iam_user_console_mfa_enabled();
    init_iam_user_direct_policies_absent();
    init_iam_user_unused_credentials_disabled();
    init_kms_key_rotation_enabled();
    init_rds_instance_backup_retention_sufficient();
    init_rds_instance_deletion_protection_enabled();
    init_rds_instance_minor_upgrade_enabled();
    init_rds_instance_public_access_disabled();
    init_rds_instance_storage_encrypted();
    init_s3_bucket_access_logging_enabled();
    init_s3_bucket_default_encryption_enabled();
    init_s3_bucket_policy_not_public();
    init_s3_bucket_public_access_blocked();
    init_s3_bucket_tls_only_policy();
    init_securityhub_hub_enabled();
    init_securityhub_standards_subscribed();
    awsRules = [
      rule,
      rule2,
      rule3,
      rule4,
      rule5,
      rule6,
      rule7,
      rule8,
      rule9,
      rule10,
      rule11,
      rule12,
      rule13,
      rule14,
      rule15,
      rule16,
      rule17,
      rule18,
      rule19,
      rule20,
      rule21,
      rule22,
      rule23,
      rule24,
      rule25,
      rule26,
      rule27,
      rule28,
      rule29
    ];
  }
});

// frameworks/ids.ts
var FRAMEWORK_IDS;
var init_ids = __esm({
  "frameworks/ids.ts"() {
    "use strict";
    FRAMEWORK_IDS = ["iso27001-2022", "soc2-2017", "nis2", "gdpr"];
  }
});

// frameworks/schema.ts
import * as z40 from "zod";
var FrameworkIdSchema2, COLLECTOR_IDS, CollectorIdSchema, semver, text, SourceSchema, GroupSchema, RequirementSchema, FrameworkSchema, RELATIONS, RelationSchema, MappingSchema, AUTOMATION_LEVELS, FREQUENCIES, AREAS, AREA_OF_PREFIX, ControlSchema, ControlSetSchema;
var init_schema29 = __esm({
  "frameworks/schema.ts"() {
    "use strict";
    init_ids();
    FrameworkIdSchema2 = z40.enum(FRAMEWORK_IDS);
    COLLECTOR_IDS = [
      "aws-iam-credential-report",
      "aws-iam-password-policy",
      "aws-iam-account-summary",
      "aws-iam-admin-access",
      "aws-s3-buckets",
      "aws-cloudtrail-trails",
      "aws-config-recorder",
      "aws-config-compliance",
      "aws-kms-keys",
      "aws-ec2-security-groups",
      "aws-ec2-ebs-default-encryption",
      "aws-rds-instances",
      "aws-guardduty-detectors",
      "aws-securityhub-status",
      "aws-securityhub-findings",
      "prowler-ocsf-findings",
      "aws-backup-plans",
      "github-org",
      "github-repos",
      "github-pull-requests",
      "github-vulnerability-alerts",
      "okta-users",
      "entra-users",
      "google-workspace-users",
      "aws-identity-center-users",
      "access-reconciliation"
    ];
    CollectorIdSchema = z40.enum(COLLECTOR_IDS);
    semver = z40.string().regex(/^\d+\.\d+\.\d+$/, "must be a semantic version");
    text = z40.string().trim().min(1);
    SourceSchema = z40.strictObject({ name: text, detail: text, licence: text });
    GroupSchema = z40.strictObject({ id: text, title: text, parent: text.optional() });
    RequirementSchema = z40.strictObject({
      id: text,
      title: text.max(160),
      group: text,
      parent: text.optional(),
      ref: text.optional(),
      assessable: z40.boolean().default(true),
      manualEvidence: text.optional(),
      related: z40.array(text).optional(),
      tags: z40.array(text).optional(),
      note: text.optional()
    });
    FrameworkSchema = z40.strictObject({
      id: FrameworkIdSchema2,
      name: text,
      version: text,
      catalogVersion: semver,
      sources: z40.array(SourceSchema).min(1),
      notes: z40.array(text).default([]),
      groups: z40.array(GroupSchema).min(1),
      requirements: z40.array(RequirementSchema).min(1)
    });
    RELATIONS = ["equal", "subset", "superset", "intersect"];
    RelationSchema = z40.enum(RELATIONS);
    MappingSchema = z40.strictObject({
      framework: FrameworkIdSchema2,
      requirement: text,
      relation: RelationSchema,
      rationale: text.optional()
    });
    AUTOMATION_LEVELS = ["automated", "partial", "manual"];
    FREQUENCIES = ["continuous", "daily", "weekly", "monthly", "quarterly", "annual"];
    AREAS = [
      "governance",
      "identity-and-access",
      "logging-and-monitoring",
      "encryption",
      "data-protection",
      "network",
      "change-management",
      "vulnerability-management",
      "backup-and-resilience",
      "vendor-and-asset-management",
      "incident-response",
      "people",
      "physical",
      "privacy"
    ];
    AREA_OF_PREFIX = {
      GOV: "governance",
      RSK: "governance",
      IAM: "identity-and-access",
      LOG: "logging-and-monitoring",
      MON: "logging-and-monitoring",
      CRY: "encryption",
      DAT: "data-protection",
      NET: "network",
      CHG: "change-management",
      CFG: "change-management",
      SDL: "change-management",
      VUL: "vulnerability-management",
      BCK: "backup-and-resilience",
      RES: "backup-and-resilience",
      BCP: "backup-and-resilience",
      AST: "vendor-and-asset-management",
      SUP: "vendor-and-asset-management",
      INC: "incident-response",
      HR: "people",
      PHY: "physical",
      PRV: "privacy"
    };
    ControlSchema = z40.strictObject({
      id: z40.string().regex(/^[A-Z]{2,3}-\d{2}$/, "must look like AREA-NN"),
      title: text.max(160),
      description: text,
      area: z40.enum(AREAS),
      automation: z40.enum(AUTOMATION_LEVELS),
      collectors: z40.array(CollectorIdSchema),
      frequency: z40.enum(FREQUENCIES),
      mappings: z40.array(MappingSchema).min(1, "a control maps to at least one requirement"),
      manualEvidence: text.optional(),
      version: semver
    }).superRefine((c, ctx) => {
      const issue = (message2, path) => ctx.addIssue({ code: "custom", message: message2, path: [path] });
      if (c.automation !== "manual" && c.collectors.length === 0)
        issue(`${c.automation} control names no collector`, "collectors");
      if (c.automation === "manual" && c.collectors.length > 0)
        issue("manual control names collectors", "collectors");
      if (c.automation !== "automated" && !c.manualEvidence)
        issue(`${c.automation} control needs manualEvidence`, "manualEvidence");
      if (new Set(c.collectors).size !== c.collectors.length) issue("duplicate collector", "collectors");
      const keys = c.mappings.map((m) => `${m.framework}:${m.requirement}`);
      if (new Set(keys).size !== keys.length) issue("duplicate mapping", "mappings");
    });
    ControlSetSchema = z40.strictObject({
      version: semver,
      controls: z40.array(ControlSchema).min(1)
    });
  }
});

// frameworks/coverage.ts
function requirementStatus(levels, markedManual) {
  if (levels.length === 0) return markedManual ? "manual" : "not-covered";
  if (levels.every((l) => l === "manual")) return "manual";
  if (levels.every((l) => l === "automated")) return markedManual ? "partial" : "automated";
  return "partial";
}
function coverageReport(framework, controls) {
  const byReq = /* @__PURE__ */ new Map();
  for (const c of controls) {
    for (const m of c.mappings.filter((x) => x.framework === framework.id)) {
      byReq.set(m.requirement, [...byReq.get(m.requirement) ?? [], c]);
    }
  }
  const assessable = framework.requirements.filter((r) => r.assessable);
  const requirements = assessable.map((r) => {
    const mapped2 = byReq.get(r.id) ?? [];
    return {
      requirement: r.id,
      status: requirementStatus(
        mapped2.map((c) => c.automation),
        r.manualEvidence !== void 0
      ),
      controls: mapped2.map((c) => c.id)
    };
  });
  const count3 = (s) => requirements.filter((r) => r.status === s).length;
  return {
    framework: framework.id,
    total: assessable.length,
    automated: count3("automated"),
    partial: count3("partial"),
    manual: count3("manual"),
    notCovered: count3("not-covered"),
    notAssessable: framework.requirements.length - assessable.length,
    requirements
  };
}
var init_coverage = __esm({
  "frameworks/coverage.ts"() {
    "use strict";
  }
});

// frameworks/integrity.ts
function duplicates(ids) {
  const seen = /* @__PURE__ */ new Set();
  return [...new Set(ids.filter((id) => seen.has(id) ? true : (seen.add(id), false)))];
}
function catalogProblems(f) {
  const problems2 = [];
  const at = (id, what) => problems2.push(`${f.id} ${id}: ${what}`);
  const groups = new Set(f.groups.map((g) => g.id));
  const ids = new Set(f.requirements.map((r) => r.id));
  for (const d of duplicates(f.groups.map((g) => g.id))) at(d, "duplicate group id");
  for (const d of duplicates(f.requirements.map((r) => r.id))) at(d, "duplicate requirement id");
  for (const g of f.groups)
    if (g.parent && !groups.has(g.parent)) at(g.id, `group parent ${g.parent} does not exist`);
  for (const r of f.requirements) {
    if (!groups.has(r.group)) at(r.id, `group ${r.group} does not exist`);
    if (r.parent !== void 0 && (r.parent === r.id || !ids.has(r.parent)))
      at(r.id, `parent ${r.parent} does not exist`);
    for (const rel of r.related ?? []) if (!ids.has(rel)) at(r.id, `related ${rel} does not exist`);
    if (!r.assessable && !r.note) at(r.id, "not assessable but has no note saying why");
  }
  return problems2;
}
function findIntegrityProblems(frameworks, controls) {
  const problems2 = [];
  const fwIds = frameworks.map((f) => f.id);
  for (const id of FRAMEWORK_IDS) if (!fwIds.includes(id)) problems2.push(`framework ${id} is missing`);
  for (const d of duplicates(fwIds)) problems2.push(`framework ${d} appears twice`);
  for (const f of frameworks) problems2.push(...catalogProblems(f));
  const byFw = new Map(frameworks.map((f) => [f.id, new Map(f.requirements.map((r) => [r.id, r]))]));
  const mapped2 = /* @__PURE__ */ new Set();
  for (const d of duplicates(controls.map((c) => c.id))) problems2.push(`control ${d} appears twice`);
  for (const c of controls) {
    if (AREA_OF_PREFIX[c.id.split("-")[0]] !== c.area)
      problems2.push(`control ${c.id}: area ${c.area} does not match its prefix`);
    if (c.mappings.length === 0) problems2.push(`control ${c.id}: maps to no requirement (orphan)`);
    for (const col of c.collectors) {
      if (!COLLECTOR_IDS.includes(col))
        problems2.push(`control ${c.id}: unknown collector ${col}`);
    }
    for (const m of c.mappings) {
      const req = byFw.get(m.framework)?.get(m.requirement);
      if (!req) problems2.push(`control ${c.id}: mapping to ${m.framework} ${m.requirement} does not resolve`);
      else if (!req.assessable)
        problems2.push(`control ${c.id}: maps to non-assessable ${m.framework} ${m.requirement}`);
      mapped2.add(`${m.framework}:${m.requirement}`);
    }
  }
  for (const f of frameworks) {
    for (const r of f.requirements) {
      if (r.assessable && !r.manualEvidence && !mapped2.has(`${f.id}:${r.id}`)) {
        problems2.push(`${f.id} ${r.id}: not mapped to any control and not marked manual`);
      }
    }
  }
  return problems2;
}
var init_integrity = __esm({
  "frameworks/integrity.ts"() {
    "use strict";
    init_schema29();
  }
});

// frameworks/crosswalk.ts
import { readFileSync as readFileSync3 } from "node:fs";
import { join as join6 } from "node:path";
import { fileURLToPath } from "node:url";
import * as z41 from "zod";
function readPairs(dir, file, columns) {
  let text3;
  try {
    text3 = readFileSync3(join6(dir, file), "utf8");
  } catch (err) {
    throw new NotFoundError("crosswalk reference", join6(dir, file), { cause: err });
  }
  const [header, ...lines] = text3.split(/\r?\n/).filter((l) => l.length > 0);
  if (header !== columns.join("	"))
    throw new ValidationError(file, [`header must be "${columns.join("\\t")}", got "${header}"`]);
  return lines.map((line, i) => {
    const cells = line.split("	");
    if (cells.length !== 2 || !cells[0] || !cells[1])
      throw new ValidationError(file, [`line ${i + 2}: expected two ids separated by a tab`]);
    return [cells[0], cells[1]];
  });
}
function loadReferences(dir = SOURCES_DIR) {
  const soc2 = readPairs(dir, "crosswalk-iso27001-soc2.ciso-assistant.tsv", ["iso27001_2022", "soc2_tsc"]);
  const enisa = readPairs(dir, "crosswalk-nis2ir-iso27001.enisa.tsv", ["nis2_ir", "iso27001_2022"]);
  for (const [ir] of enisa)
    if (!isIrPoint(ir)) throw new ValidationError("ENISA crosswalk", [`${ir} is not an IR 2024/2690 point`]);
  const mentions = (pairs) => ({
    left: new Set(pairs.map((p) => p[0])),
    right: new Set(pairs.map((p) => p[1]))
  });
  return [
    {
      id: "ciso-assistant-iso27001-soc2",
      name: "CISO Assistant ISO 27001:2022 <-> SOC 2 (criterion level)",
      left: "iso27001-2022",
      right: "soc2-2017",
      leftScope: () => true,
      pairs: new Set(soc2.map(([a, b]) => key(a, b))),
      mentions: mentions(soc2)
    },
    {
      id: "enisa-ir-points",
      name: "ENISA IR 2024/2690 points -> ISO 27001:2022",
      left: "nis2",
      right: "iso27001-2022",
      leftScope: isIrPoint,
      pairs: new Set(enisa.map(([a, b]) => key(a, b))),
      mentions: mentions(enisa)
    }
  ];
}
function derivedPairs(controls, frameworks, left, right, leftScope = () => true) {
  const assessable = new Set(
    frameworks.flatMap((f) => f.requirements.filter((r) => r.assessable).map((r) => `${f.id}:${r.id}`))
  );
  const pairs = /* @__PURE__ */ new Map();
  for (const c of controls) {
    const ids = (fw) => c.mappings.filter((m) => m.framework === fw && assessable.has(`${fw}:${m.requirement}`)).map((m) => m.requirement);
    for (const a of ids(left).filter(leftScope))
      for (const b of ids(right)) pairs.set(key(a, b), [...pairs.get(key(a, b)) ?? [], c.id]);
  }
  return pairs;
}
function scoreAgainst(ref, controls, frameworks) {
  const all = [...derivedPairs(controls, frameworks, ref.left, ref.right, ref.leftScope)];
  const inScope = (p) => {
    const [a, b] = p.split("	");
    return ref.mentions.left.has(a) && ref.mentions.right.has(b);
  };
  const judged = all.filter(([p]) => inScope(p));
  const unsupported = judged.filter(([p]) => !ref.pairs.has(p)).map(([pair, c]) => ({ pair, controls: c }));
  const agreed = judged.length - unsupported.length;
  const derived = new Set(judged.map(([p]) => p));
  return {
    reference: ref.id,
    derived: judged.length,
    published: ref.pairs.size,
    agreed,
    precision: judged.length === 0 ? 0 : agreed / judged.length,
    recall: ref.pairs.size === 0 ? 0 : agreed / ref.pairs.size,
    unsupported,
    outOfScope: all.filter(([p]) => !inScope(p)).map(([pair, c]) => ({ pair, controls: c })),
    missed: [...ref.pairs].filter((p) => !derived.has(p))
  };
}
function loadRationales(file = RATIONALES_FILE) {
  const raw = JSON.parse(readFileSync3(file, "utf8"));
  const r = RationalesSchema.safeParse(raw);
  if (!r.success) throw new ValidationError("crosswalk-rationales.json", formatIssues(r.error.issues));
  const out = /* @__PURE__ */ new Map();
  for (const [ref, entries] of Object.entries(r.data.references)) {
    const m = /* @__PURE__ */ new Map();
    for (const e of entries) for (const right of e.right) m.set(key(e.left, right), e.rationale);
    out.set(ref, m);
  }
  return out;
}
function crosswalkReport(controls, frameworks, references = loadReferences(), rationales = loadRationales()) {
  const scores = references.map((ref) => scoreAgainst(ref, controls, frameworks));
  const derived = scores.reduce((n, s) => n + s.derived, 0);
  const agreed = scores.reduce((n, s) => n + s.agreed, 0);
  const unexplained = scores.flatMap(
    (s) => [...s.unsupported, ...s.outOfScope].filter((u2) => !rationales.get(s.reference)?.has(u2.pair)).map((u2) => ({ reference: s.reference, ...u2 }))
  );
  const staleRationales = [...rationales].flatMap(([reference, m]) => {
    const s = scores.find((x) => x.reference === reference);
    const live = new Set([...s?.unsupported ?? [], ...s?.outOfScope ?? []].map((u2) => u2.pair));
    return [...m.keys()].filter((pair) => !live.has(pair)).map((pair) => ({ reference, pair }));
  });
  return { scores, unionPrecision: derived === 0 ? 0 : agreed / derived, unexplained, staleRationales };
}
var SOURCES_DIR, RATIONALES_FILE, key, isIrPoint, RationaleSchema, RationalesSchema, CROSSWALK_TARGETS;
var init_crosswalk = __esm({
  "frameworks/crosswalk.ts"() {
    "use strict";
    init_errors();
    SOURCES_DIR = fileURLToPath(new URL("./sources/", import.meta.url));
    RATIONALES_FILE = fileURLToPath(new URL("./crosswalk-rationales.json", import.meta.url));
    key = (left, right) => `${left}	${right}`;
    isIrPoint = (id) => /^IR-\d+\.\d+$/.test(id);
    RationaleSchema = z41.strictObject({
      left: z41.string().min(1),
      right: z41.array(z41.string().min(1)).min(1),
      rationale: z41.string().trim().min(20, "a rationale says why, in a sentence")
    });
    RationalesSchema = z41.strictObject({
      about: z41.string().min(1),
      references: z41.record(z41.string(), z41.array(RationaleSchema))
    });
    CROSSWALK_TARGETS = { unionPrecision: 0.8, enisaPointRecall: 0.8 };
  }
});

// frameworks/index.ts
var frameworks_exports = {};
__export(frameworks_exports, {
  AREAS: () => AREAS,
  AREA_OF_PREFIX: () => AREA_OF_PREFIX,
  AUTOMATION_LEVELS: () => AUTOMATION_LEVELS,
  COLLECTOR_IDS: () => COLLECTOR_IDS,
  CROSSWALK_TARGETS: () => CROSSWALK_TARGETS,
  CollectorIdSchema: () => CollectorIdSchema,
  ControlSchema: () => ControlSchema,
  ControlSetSchema: () => ControlSetSchema,
  FRAMEWORKS_DIR: () => FRAMEWORKS_DIR,
  FRAMEWORK_IDS: () => FRAMEWORK_IDS,
  FREQUENCIES: () => FREQUENCIES,
  FrameworkIdSchema: () => FrameworkIdSchema2,
  FrameworkSchema: () => FrameworkSchema,
  GroupSchema: () => GroupSchema,
  MappingSchema: () => MappingSchema,
  RELATIONS: () => RELATIONS,
  RelationSchema: () => RelationSchema,
  RequirementSchema: () => RequirementSchema,
  SourceSchema: () => SourceSchema,
  controlsForRequirement: () => controlsForRequirement,
  coverageReport: () => coverageReport,
  crosswalkReport: () => crosswalkReport,
  derivedPairs: () => derivedPairs,
  findIntegrityProblems: () => findIntegrityProblems,
  getFramework: () => getFramework,
  loadControls: () => loadControls,
  loadFrameworks: () => loadFrameworks,
  loadRationales: () => loadRationales,
  loadReferences: () => loadReferences,
  parseControlSet: () => parseControlSet,
  parseFramework: () => parseFramework,
  requirementStatus: () => requirementStatus,
  requirementsForControl: () => requirementsForControl,
  scoreAgainst: () => scoreAgainst
});
import { readFileSync as readFileSync4 } from "node:fs";
import { join as join7 } from "node:path";
import { fileURLToPath as fileURLToPath2 } from "node:url";
function readJson(dir, file) {
  try {
    return JSON.parse(readFileSync4(join7(dir, file), "utf8"));
  } catch (err) {
    if (err.code === "ENOENT")
      throw new NotFoundError("framework data file", join7(dir, file), { cause: err });
    throw new ValidationError(file, [`not readable JSON: ${err.message}`], { cause: err });
  }
}
function parseFramework(raw, what = "framework catalog") {
  const r = FrameworkSchema.safeParse(raw);
  if (!r.success) throw new ValidationError(what, formatIssues(r.error.issues));
  return r.data;
}
function parseControlSet(raw, what = "controls.json") {
  const r = ControlSetSchema.safeParse(raw);
  if (!r.success) throw new ValidationError(what, formatIssues(r.error.issues));
  return r.data;
}
function getFramework(id, dir = FRAMEWORKS_DIR) {
  const f = parseFramework(readJson(dir, `${id}.json`), `${id}.json`);
  if (f.id !== id) throw new ValidationError(`${id}.json`, [`id: file holds framework ${f.id}`]);
  return f;
}
function loadFrameworks(dir = FRAMEWORKS_DIR) {
  return FRAMEWORK_IDS.map((id) => getFramework(id, dir));
}
function loadControls(dir = FRAMEWORKS_DIR) {
  return parseControlSet(readJson(dir, "controls.json")).controls;
}
function controlsForRequirement(controls, framework, requirementId) {
  return controls.filter(
    (c) => c.mappings.some((m) => m.framework === framework && m.requirement === requirementId)
  );
}
function requirementsForControl(frameworks, control) {
  return control.mappings.map((m) => {
    const requirement = frameworks.find((f) => f.id === m.framework)?.requirements.find((r) => r.id === m.requirement);
    if (!requirement) {
      throw new IntegrityError(
        "mapping",
        `control ${control.id} maps to unknown ${m.framework} requirement ${m.requirement}`,
        {
          control: control.id,
          framework: m.framework,
          requirement: m.requirement
        }
      );
    }
    return { framework: m.framework, requirement, relation: m.relation };
  });
}
var FRAMEWORKS_DIR;
var init_frameworks = __esm({
  "frameworks/index.ts"() {
    "use strict";
    init_errors();
    init_schema29();
    init_schema29();
    init_coverage();
    init_integrity();
    init_crosswalk();
    FRAMEWORKS_DIR = fileURLToPath2(new URL(".", import.meta.url));
  }
});

// frameworks/findings/prowler-checks.json
var prowler_checks_default;
var init_prowler_checks = __esm({
  "frameworks/findings/prowler-checks.json"() {
    prowler_checks_default = {
      prowlerVersion: "5.46.0",
      sources: [
        {
          name: "Prowler 5.46.0 compliance mappings: prowler/compliance/aws/iso27001_2022_aws.json and soc2_aws.json",
          detail: "Which Prowler checks Prowler maps to each ISO/IEC 27001:2022 Annex A control and SOC 2 criterion, copied from the PyPI package prowler==5.46.0; SOC 2 ids translated from Prowler's cc_6_1 form to CC6.1",
          url: "https://github.com/prowler-cloud/prowler/tree/master/prowler/compliance/aws",
          licence: "Apache-2.0 (Prowler); mapping data used with attribution"
        }
      ],
      checks: {
        accessanalyzer_enabled: {
          "iso27001-2022": [
            "A.8.3"
          ]
        },
        accessanalyzer_enabled_without_findings: {
          "iso27001-2022": [
            "A.8.3"
          ]
        },
        account_maintain_current_contact_details: {
          "iso27001-2022": [
            "A.5.5"
          ]
        },
        account_maintain_different_contact_details_to_security_billing_and_operations: {
          "iso27001-2022": [
            "A.5.6"
          ]
        },
        account_security_contact_information_is_registered: {
          "iso27001-2022": [
            "A.5.5"
          ]
        },
        acm_certificates_expiration_check: {
          "iso27001-2022": [
            "A.8.5"
          ],
          "soc2-2017": [
            "CC6.7"
          ]
        },
        apigateway_restapi_cache_encrypted: {
          "iso27001-2022": [
            "A.8.24"
          ]
        },
        apigateway_restapi_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1",
            "CC7.2",
            "CC7.3",
            "PI1.2"
          ]
        },
        apigateway_restapi_public: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        apigatewayv2_api_access_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1",
            "PI1.2"
          ]
        },
        appstream_fleet_default_internet_access_disabled: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        appsync_field_level_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        athena_workgroup_encryption: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        athena_workgroup_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        autoscaling_group_capacity_rebalance_enabled: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        autoscaling_group_multiple_az: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        awslambda_function_inside_vpc: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        awslambda_function_invoke_api_operations_cloudtrail_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        awslambda_function_not_publicly_accessible: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        awslambda_function_url_cors_policy: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        awslambda_function_url_public: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        awslambda_function_vpc_multi_az: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        backup_plans_exist: {
          "iso27001-2022": [
            "A.8.13"
          ],
          "soc2-2017": [
            "PI1.5"
          ]
        },
        backup_recovery_point_encrypted: {
          "iso27001-2022": [
            "A.8.13",
            "A.8.24"
          ],
          "soc2-2017": [
            "PI1.5"
          ]
        },
        backup_reportplans_exist: {
          "iso27001-2022": [
            "A.8.13"
          ]
        },
        backup_vaults_encrypted: {
          "iso27001-2022": [
            "A.8.24"
          ],
          "soc2-2017": [
            "PI1.5"
          ]
        },
        backup_vaults_exist: {
          "iso27001-2022": [
            "A.8.13"
          ]
        },
        bedrock_full_access_policy_attached: {
          "iso27001-2022": [
            "A.8.2"
          ],
          "soc2-2017": [
            "CC6.3"
          ]
        },
        bedrock_model_invocation_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        bedrock_model_invocation_logs_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.15",
            "A.8.24"
          ]
        },
        bedrock_prompt_encrypted_with_cmk: {
          "iso27001-2022": [
            "A.8.24"
          ]
        },
        bedrock_vpc_endpoints_configured: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        cloudfront_distributions_field_level_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ],
          "soc2-2017": [
            "PI1.4"
          ]
        },
        cloudfront_distributions_logging_enabled: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "A1.1",
            "PI1.2"
          ]
        },
        cloudfront_distributions_multiple_origin_failover_configured: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        cloudfront_distributions_origin_traffic_encrypted: {
          "iso27001-2022": [
            "A.8.24"
          ]
        },
        cloudtrail_bedrock_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "CC7.2"
          ]
        },
        cloudtrail_cloudwatch_logging_enabled: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "A1.1",
            "CC7.2",
            "CC7.3",
            "PI1.3"
          ]
        },
        cloudtrail_kms_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.15",
            "A.8.16",
            "A.8.24"
          ]
        },
        cloudtrail_log_file_validation_enabled: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "CC7.3",
            "PI1.3"
          ]
        },
        cloudtrail_logs_s3_bucket_access_logging_enabled: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        cloudtrail_logs_s3_bucket_is_not_publicly_accessible: {
          "iso27001-2022": [
            "A.8.1",
            "A.8.15",
            "A.8.16"
          ]
        },
        cloudtrail_multi_region_enabled: {
          "soc2-2017": [
            "A1.1",
            "CC2.1",
            "CC7.2",
            "PI1.3"
          ]
        },
        cloudtrail_multi_region_enabled_logging_management_events: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ]
        },
        cloudtrail_s3_dataevents_read_enabled: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "CC2.1",
            "CC7.2"
          ]
        },
        cloudtrail_s3_dataevents_write_enabled: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "CC2.1",
            "CC7.2",
            "PI1.2"
          ]
        },
        cloudtrail_threat_detection_enumeration: {
          "iso27001-2022": [
            "A.5.7"
          ],
          "soc2-2017": [
            "CC3.3"
          ]
        },
        cloudtrail_threat_detection_llm_jacking: {
          "iso27001-2022": [
            "A.5.7"
          ],
          "soc2-2017": [
            "CC3.3"
          ]
        },
        cloudtrail_threat_detection_privilege_escalation: {
          "iso27001-2022": [
            "A.5.7"
          ],
          "soc2-2017": [
            "CC3.3"
          ]
        },
        cloudwatch_changes_to_network_acls_alarm_configured: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "CC5.2",
            "CC7.2",
            "CC7.3",
            "CC7.4"
          ]
        },
        cloudwatch_changes_to_network_gateways_alarm_configured: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "CC5.2",
            "CC7.2",
            "CC7.3",
            "CC7.4"
          ]
        },
        cloudwatch_changes_to_network_route_tables_alarm_configured: {
          "soc2-2017": [
            "CC5.2",
            "CC7.2",
            "CC7.3",
            "CC7.4"
          ]
        },
        cloudwatch_changes_to_vpcs_alarm_configured: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16",
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC5.2",
            "CC7.2",
            "CC7.3",
            "CC7.4"
          ]
        },
        cloudwatch_cross_account_sharing_disabled: {
          "soc2-2017": [
            "PI1.4"
          ]
        },
        cloudwatch_log_group_kms_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.15",
            "A.8.16",
            "A.8.24"
          ],
          "soc2-2017": [
            "CC7.3",
            "PI1.4"
          ]
        },
        cloudwatch_log_group_no_secrets_in_logs: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ]
        },
        cloudwatch_log_group_not_publicly_accessible: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "PI1.4"
          ]
        },
        cloudwatch_log_group_retention_policy_specific_days_enabled: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "C1.2",
            "CC7.2",
            "CC7.3"
          ]
        },
        cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "CC5.2"
          ]
        },
        cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "CC5.2"
          ]
        },
        cloudwatch_log_metric_filter_authentication_failures: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "PI1.3"
          ]
        },
        cloudwatch_log_metric_filter_aws_organizations_changes: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "CC5.2"
          ]
        },
        cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ]
        },
        cloudwatch_log_metric_filter_for_s3_bucket_policy_changes: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "CC5.2"
          ]
        },
        cloudwatch_log_metric_filter_policy_changes: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "CC5.2",
            "PI1.3"
          ]
        },
        cloudwatch_log_metric_filter_root_usage: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "PI1.3"
          ]
        },
        cloudwatch_log_metric_filter_security_group_changes: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "CC5.2"
          ]
        },
        cloudwatch_log_metric_filter_sign_in_without_mfa: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ]
        },
        cloudwatch_log_metric_filter_unauthorized_api_calls: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "PI1.3"
          ]
        },
        codeartifact_packages_external_public_publishing_disabled: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        codebuild_project_logging_enabled: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.4"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        codebuild_project_no_secrets_in_variables: {
          "iso27001-2022": [
            "A.8.4"
          ]
        },
        codebuild_project_older_90_days: {
          "iso27001-2022": [
            "A.8.4"
          ]
        },
        codebuild_project_s3_logs_encrypted: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.24"
          ]
        },
        codebuild_project_source_repo_url_no_sensitive_credentials: {
          "iso27001-2022": [
            "A.8.4"
          ]
        },
        codebuild_project_user_controlled_buildspec: {
          "iso27001-2022": [
            "A.8.4"
          ]
        },
        codebuild_report_group_export_encrypted: {
          "iso27001-2022": [
            "A.8.24"
          ]
        },
        config_recorder_all_regions_enabled: {
          "iso27001-2022": [
            "A.5.16",
            "A.5.22"
          ],
          "soc2-2017": [
            "CC2.1",
            "CC3.1",
            "CC3.4",
            "CC8.1",
            "PI1.3"
          ]
        },
        datasync_task_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        directconnect_connection_redundancy: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        directconnect_virtual_interface_redundancy: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        directoryservice_directory_log_forwarding_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ]
        },
        directoryservice_supported_mfa_radius_enabled: {
          "iso27001-2022": [
            "A.8.5"
          ]
        },
        dms_endpoint_redis_in_transit_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ],
          "soc2-2017": [
            "CC6.7"
          ]
        },
        dms_instance_multi_az_enabled: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        dms_replication_task_source_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        dms_replication_task_target_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        documentdb_cluster_cloudwatch_log_export: {
          "iso27001-2022": [
            "A.8.15"
          ]
        },
        documentdb_cluster_multi_az_enabled: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        documentdb_cluster_storage_encrypted: {
          "iso27001-2022": [
            "A.8.24"
          ]
        },
        dynamodb_accelerator_cluster_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        dynamodb_accelerator_cluster_in_transit_encryption_enabled: {
          "iso27001-2022": [
            "A.8.12",
            "A.8.24"
          ],
          "soc2-2017": [
            "CC6.7"
          ]
        },
        dynamodb_accelerator_cluster_multi_az: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        dynamodb_table_protected_by_backup_plan: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        dynamodb_tables_kms_cmk_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24",
            "A.8.5"
          ],
          "soc2-2017": [
            "PI1.5"
          ]
        },
        dynamodb_tables_pitr_enabled: {
          "soc2-2017": [
            "A1.1",
            "CC7.4"
          ]
        },
        ec2_ami_public: {
          "iso27001-2022": [
            "A.8.1"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_client_vpn_endpoint_connection_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        ec2_confidential_workload_host_imdsv2_not_enforced: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC7.2"
          ]
        },
        ec2_confidential_workload_host_not_running: {
          "soc2-2017": [
            "A1.1"
          ]
        },
        ec2_confidential_workload_host_public_ip: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_confidential_workload_host_unrestricted_ingress: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_confidential_workload_host_vsock_proxy_exposed: {
          "iso27001-2022": [
            "A.8.20"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_ebs_default_encryption: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        ec2_ebs_public_snapshot: {
          "iso27001-2022": [
            "A.8.1"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_ebs_snapshot_account_block_public_access: {
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_ebs_snapshots_encrypted: {
          "iso27001-2022": [
            "A.8.24"
          ],
          "soc2-2017": [
            "CC7.5"
          ]
        },
        ec2_ebs_volume_encryption: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ],
          "soc2-2017": [
            "PI1.5"
          ]
        },
        ec2_ebs_volume_protected_by_backup_plan: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        ec2_ebs_volume_snapshots_exists: {
          "soc2-2017": [
            "CC7.5"
          ]
        },
        ec2_elastic_ip_shodan: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        ec2_elastic_ip_unassigned: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        ec2_instance_account_imdsv2_enabled: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        ec2_instance_imdsv2_enabled: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC7.2"
          ]
        },
        ec2_instance_internet_facing_with_instance_profile: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        ec2_instance_managed_by_ssm: {
          "iso27001-2022": [
            "A.5.26"
          ],
          "soc2-2017": [
            "CC3.2",
            "CC7.1"
          ]
        },
        ec2_instance_older_than_specific_days: {
          "iso27001-2022": [
            "A.8.10"
          ]
        },
        ec2_instance_paravirtual_type: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        ec2_instance_port_cassandra_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_cifs_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_elasticsearch_kibana_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_ftp_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_kafka_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_kerberos_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_ldap_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_memcached_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_mongodb_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_mysql_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_oracle_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_postgresql_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_rdp_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_redis_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_sqlserver_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_ssh_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_port_telnet_exposed_to_internet: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_profile_attached: {
          "iso27001-2022": [
            "A.8.2",
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        ec2_instance_public_ip: {
          "iso27001-2022": [
            "A.8.1",
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_instance_secrets_user_data: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        ec2_instance_uses_single_eni: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        ec2_launch_template_imdsv2_required: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        ec2_launch_template_no_public_ip: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_launch_template_no_secrets: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        ec2_networkacl_allow_ingress_any_port: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_networkacl_allow_ingress_tcp_port_22: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_networkacl_allow_ingress_tcp_port_3389: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_networkacl_unused: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_all_ports: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_any_port: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_high_risk_tcp_ports: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6",
            "CC7.2"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_cassandra_7199_9160_8888: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_elasticsearch_kibana_9200_9300_5601: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_ftp_20_21: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_kafka_9092: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_memcached_11211: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mongodb_27017_27018: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mysql_3306: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_oracle_1521_2483: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_postgres_5432: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_redis_6379: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_sql_server_1433_1434: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_telnet_23: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_allow_wide_open_public_ipv4: {
          "iso27001-2022": [
            "A.8.1",
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        ec2_securitygroup_default_restrict_traffic: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22",
            "A.8.23"
          ]
        },
        ec2_securitygroup_from_launch_wizard: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        ec2_securitygroup_not_used: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        ec2_securitygroup_with_many_ingress_egress_rules: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        ec2_transitgateway_auto_accept_vpc_attachments: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.7"
          ]
        },
        ecr_repositories_not_publicly_accessible: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        ecs_task_definitions_logging_block_mode: {
          "iso27001-2022": [
            "A.8.15"
          ]
        },
        ecs_task_definitions_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        efs_encryption_at_rest_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        efs_have_backup_enabled: {
          "soc2-2017": [
            "A1.1",
            "CC7.4"
          ]
        },
        efs_multi_az_enabled: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        efs_not_publicly_accessible: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        eks_cluster_kms_cmk_encryption_in_secrets_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24",
            "A.8.5"
          ]
        },
        eks_cluster_not_publicly_accessible: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        eks_control_plane_logging_all_types_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ]
        },
        elasticache_redis_cluster_automatic_failover_enabled: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        elasticache_redis_cluster_in_transit_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ],
          "soc2-2017": [
            "CC6.7"
          ]
        },
        elasticache_redis_cluster_multi_az_enabled: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        elasticache_redis_cluster_rest_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        elasticbeanstalk_environment_cloudwatch_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        elb_internet_facing: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        elb_is_in_multiple_az: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        elb_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1",
            "CC7.2",
            "CC7.3",
            "PI1.2"
          ]
        },
        elbv2_internet_facing: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        elbv2_is_in_multiple_az: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        elbv2_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1",
            "CC7.2",
            "CC7.3",
            "PI1.2"
          ]
        },
        emr_cluster_account_public_block_enabled: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        emr_cluster_master_nodes_no_public_ip: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        emr_cluster_publicly_accesible: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        eventbridge_global_endpoint_event_replication_enabled: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        firehose_stream_encrypted_at_rest: {
          "iso27001-2022": [
            "A.8.24"
          ]
        },
        fsx_file_system_copy_tags_to_backups_enabled: {
          "iso27001-2022": [
            "A.5.13"
          ]
        },
        fsx_file_system_copy_tags_to_volumes_enabled: {
          "iso27001-2022": [
            "A.5.13"
          ]
        },
        fsx_windows_file_system_multi_az_enabled: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        glacier_vaults_policy_public_access: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        glue_data_catalogs_connection_passwords_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.15",
            "A.8.24"
          ]
        },
        glue_data_catalogs_metadata_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.15",
            "A.8.24"
          ]
        },
        glue_data_catalogs_not_publicly_accessible: {
          "iso27001-2022": [
            "A.8.15"
          ]
        },
        glue_development_endpoints_cloudwatch_logs_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.15",
            "A.8.24"
          ]
        },
        glue_development_endpoints_job_bookmark_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        glue_development_endpoints_s3_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        glue_etl_jobs_amazon_s3_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ],
          "soc2-2017": [
            "PI1.4"
          ]
        },
        glue_etl_jobs_cloudwatch_logs_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.15",
            "A.8.24"
          ],
          "soc2-2017": [
            "PI1.4"
          ]
        },
        glue_etl_jobs_job_bookmark_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        glue_etl_jobs_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1",
            "PI1.3"
          ]
        },
        glue_ml_transform_encrypted_at_rest: {
          "iso27001-2022": [
            "A.8.24"
          ]
        },
        guardduty_centrally_managed: {
          "iso27001-2022": [
            "A.5.25",
            "A.5.28",
            "A.5.29"
          ]
        },
        guardduty_eks_audit_log_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ]
        },
        guardduty_is_enabled: {
          "iso27001-2022": [
            "A.5.19",
            "A.5.21",
            "A.5.25",
            "A.5.28",
            "A.5.29",
            "A.8.7",
            "A.8.9"
          ],
          "soc2-2017": [
            "CC3.1",
            "CC3.2",
            "CC4.2",
            "CC6.8",
            "CC7.1",
            "CC7.2",
            "CC7.3",
            "CC7.4"
          ]
        },
        guardduty_no_high_severity_findings: {
          "iso27001-2022": [
            "A.5.19",
            "A.5.21",
            "A.5.25",
            "A.5.28",
            "A.5.29",
            "A.8.7",
            "A.8.9"
          ],
          "soc2-2017": [
            "CC3.2",
            "CC4.2",
            "CC7.3",
            "CC7.4"
          ]
        },
        iam_avoid_root_usage: {
          "iso27001-2022": [
            "A.5.15"
          ]
        },
        iam_aws_attached_policy_no_administrative_privileges: {
          "iso27001-2022": [
            "A.5.18",
            "A.8.2"
          ],
          "soc2-2017": [
            "CC1.3",
            "CC6.3"
          ]
        },
        iam_customer_attached_policy_no_administrative_privileges: {
          "iso27001-2022": [
            "A.5.18",
            "A.8.2"
          ],
          "soc2-2017": [
            "CC1.3",
            "CC6.3"
          ]
        },
        iam_customer_unattached_policy_no_administrative_privileges: {
          "iso27001-2022": [
            "A.8.2"
          ]
        },
        iam_inline_policy_allows_privilege_escalation: {
          "soc2-2017": [
            "CC3.3"
          ]
        },
        iam_inline_policy_no_administrative_privileges: {
          "iso27001-2022": [
            "A.5.18",
            "A.8.2"
          ],
          "soc2-2017": [
            "CC1.3",
            "CC6.3"
          ]
        },
        iam_inline_policy_no_wildcard_marketplace_subscribe: {
          "iso27001-2022": [
            "A.5.18",
            "A.8.2"
          ],
          "soc2-2017": [
            "CC6.3"
          ]
        },
        iam_no_root_access_key: {
          "iso27001-2022": [
            "A.5.15"
          ]
        },
        iam_password_policy_expires_passwords_within_90_days_or_less: {
          "iso27001-2022": [
            "A.5.15"
          ]
        },
        iam_password_policy_lowercase: {
          "iso27001-2022": [
            "A.5.15"
          ]
        },
        iam_password_policy_minimum_length_14: {
          "iso27001-2022": [
            "A.5.15"
          ]
        },
        iam_password_policy_number: {
          "iso27001-2022": [
            "A.5.15"
          ]
        },
        iam_password_policy_reuse_24: {
          "iso27001-2022": [
            "A.5.15"
          ]
        },
        iam_password_policy_symbol: {
          "iso27001-2022": [
            "A.5.15"
          ]
        },
        iam_password_policy_uppercase: {
          "iso27001-2022": [
            "A.5.15"
          ]
        },
        iam_policy_attached_only_to_group_or_roles: {
          "iso27001-2022": [
            "A.5.15"
          ],
          "soc2-2017": [
            "CC1.3"
          ]
        },
        iam_policy_no_full_access_to_cloudtrail: {
          "soc2-2017": [
            "CC3.3"
          ]
        },
        iam_policy_no_wildcard_marketplace_subscribe: {
          "iso27001-2022": [
            "A.5.18",
            "A.8.2"
          ],
          "soc2-2017": [
            "CC6.3"
          ]
        },
        iam_role_access_not_stale_to_bedrock: {
          "iso27001-2022": [
            "A.5.15"
          ]
        },
        iam_root_mfa_enabled: {
          "iso27001-2022": [
            "A.5.15",
            "A.5.17",
            "A.8.5"
          ]
        },
        iam_rotate_access_key_90_days: {
          "iso27001-2022": [
            "A.5.15"
          ]
        },
        iam_securityaudit_role_created: {
          "iso27001-2022": [
            "A.5.3"
          ]
        },
        iam_user_access_not_stale_to_bedrock: {
          "iso27001-2022": [
            "A.5.15"
          ]
        },
        iam_user_access_not_stale_to_sagemaker: {
          "iso27001-2022": [
            "A.5.15"
          ]
        },
        iam_user_accesskey_unused: {
          "iso27001-2022": [
            "A.5.15"
          ],
          "soc2-2017": [
            "CC1.3"
          ]
        },
        iam_user_console_access_unused: {
          "iso27001-2022": [
            "A.5.15"
          ],
          "soc2-2017": [
            "CC1.3"
          ]
        },
        iam_user_hardware_mfa_enabled: {
          "iso27001-2022": [
            "A.8.5"
          ]
        },
        iam_user_mfa_enabled_console_access: {
          "iso27001-2022": [
            "A.5.15",
            "A.5.17",
            "A.8.5"
          ]
        },
        kafka_cluster_encryption_at_rest_uses_cmk: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        kafka_cluster_in_transit_encryption_enabled: {
          "iso27001-2022": [
            "A.8.12",
            "A.8.24"
          ],
          "soc2-2017": [
            "CC6.7"
          ]
        },
        kafka_connector_in_transit_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ],
          "soc2-2017": [
            "CC6.7"
          ]
        },
        kinesis_stream_data_retention_period: {
          "soc2-2017": [
            "C1.2"
          ]
        },
        kinesis_stream_encrypted_at_rest: {
          "iso27001-2022": [
            "A.8.24"
          ],
          "soc2-2017": [
            "PI1.4"
          ]
        },
        kms_cmk_are_used: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24",
            "A.8.5"
          ]
        },
        kms_cmk_not_deleted_unintentionally: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        kms_cmk_not_multi_region: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        kms_cmk_rotation_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24",
            "A.8.5"
          ],
          "soc2-2017": [
            "PI1.5"
          ]
        },
        kms_key_enclave_attestation_bypassable_path: {
          "iso27001-2022": [
            "A.8.24"
          ],
          "soc2-2017": [
            "CC6.3"
          ]
        },
        kms_key_enclave_attestation_no_deployment_binding: {
          "iso27001-2022": [
            "A.8.24"
          ],
          "soc2-2017": [
            "CC6.3"
          ]
        },
        kms_key_enclave_attestation_not_enforced: {
          "iso27001-2022": [
            "A.8.24"
          ],
          "soc2-2017": [
            "CC6.1"
          ]
        },
        kms_key_enclave_attestation_pcr_mismatch: {
          "iso27001-2022": [
            "A.8.9"
          ],
          "soc2-2017": [
            "CC7.1"
          ]
        },
        kms_key_enclave_attestation_unknown_image: {
          "iso27001-2022": [
            "A.8.16"
          ],
          "soc2-2017": [
            "CC7.2"
          ]
        },
        kms_key_enclave_debug_attestation_detected: {
          "iso27001-2022": [
            "A.8.16"
          ],
          "soc2-2017": [
            "CC7.2"
          ]
        },
        kms_key_not_publicly_accessible: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        mq_broker_active_deployment_mode: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        mq_broker_cluster_deployment_mode: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        mq_broker_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        neptune_cluster_copy_tags_to_snapshots: {
          "iso27001-2022": [
            "A.5.13"
          ],
          "soc2-2017": [
            "CC7.5"
          ]
        },
        neptune_cluster_integration_cloudwatch_logs: {
          "iso27001-2022": [
            "A.8.15"
          ]
        },
        neptune_cluster_multi_az: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        neptune_cluster_snapshot_encrypted: {
          "iso27001-2022": [
            "A.8.24"
          ],
          "soc2-2017": [
            "CC7.5"
          ]
        },
        neptune_cluster_storage_encrypted: {
          "iso27001-2022": [
            "A.8.24"
          ]
        },
        networkfirewall_in_all_vpc: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        networkfirewall_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        networkfirewall_multi_az: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        opensearch_service_domains_audit_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        opensearch_service_domains_cloudwatch_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        opensearch_service_domains_encryption_at_rest_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        opensearch_service_domains_fault_tolerant_data_nodes: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        opensearch_service_domains_fault_tolerant_master_nodes: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        opensearch_service_domains_internal_user_database_enabled: {
          "iso27001-2022": [
            "A.8.2"
          ]
        },
        opensearch_service_domains_node_to_node_encryption_enabled: {
          "iso27001-2022": [
            "A.8.12",
            "A.8.24"
          ]
        },
        opensearch_service_domains_not_publicly_accessible: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        organizations_account_part_of_organizations: {
          "iso27001-2022": [
            "A.8.3"
          ]
        },
        organizations_tags_policies_enabled_and_attached: {
          "iso27001-2022": [
            "A.5.13"
          ]
        },
        rds_cluster_copy_tags_to_snapshots: {
          "iso27001-2022": [
            "A.5.13"
          ]
        },
        rds_cluster_integration_cloudwatch_logs: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "PI1.3"
          ]
        },
        rds_cluster_multi_az: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        rds_cluster_storage_encrypted: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ],
          "soc2-2017": [
            "PI1.5"
          ]
        },
        rds_instance_backup_enabled: {
          "soc2-2017": [
            "A1.1",
            "CC7.4"
          ]
        },
        rds_instance_copy_tags_to_snapshots: {
          "soc2-2017": [
            "CC7.5"
          ]
        },
        rds_instance_deletion_protection: {
          "soc2-2017": [
            "C1.1"
          ]
        },
        rds_instance_inside_vpc: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        rds_instance_integration_cloudwatch_logs: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1",
            "CC7.2",
            "CC7.3",
            "PI1.3"
          ]
        },
        rds_instance_multi_az: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        rds_instance_no_public_access: {
          "iso27001-2022": [
            "A.8.1"
          ],
          "soc2-2017": [
            "CC6.2"
          ]
        },
        rds_instance_storage_encrypted: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ],
          "soc2-2017": [
            "PI1.5"
          ]
        },
        rds_instance_transport_encrypted: {
          "iso27001-2022": [
            "A.8.24"
          ]
        },
        rds_snapshots_encrypted: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        rds_snapshots_public_access: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        redshift_cluster_audit_logging: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "CC7.2"
          ]
        },
        redshift_cluster_automated_snapshot: {
          "soc2-2017": [
            "A1.1",
            "CC7.4",
            "CC7.5"
          ]
        },
        redshift_cluster_encrypted_at_rest: {
          "iso27001-2022": [
            "A.8.24"
          ]
        },
        redshift_cluster_enhanced_vpc_routing: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        redshift_cluster_in_transit_encryption_enabled: {
          "iso27001-2022": [
            "A.8.12",
            "A.8.24"
          ],
          "soc2-2017": [
            "CC6.7"
          ]
        },
        redshift_cluster_multi_az_enabled: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        redshift_cluster_public_access: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        route53_public_hosted_zones_cloudwatch_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        s3_account_level_public_access_blocks: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        s3_bucket_cross_region_replication: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        s3_bucket_default_encryption: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ],
          "soc2-2017": [
            "PI1.4"
          ]
        },
        s3_bucket_kms_encryption: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ],
          "soc2-2017": [
            "PI1.4"
          ]
        },
        s3_bucket_lifecycle_enabled: {
          "iso27001-2022": [
            "A.8.10"
          ]
        },
        s3_bucket_object_lock: {
          "soc2-2017": [
            "PI1.5"
          ]
        },
        s3_bucket_object_versioning: {
          "iso27001-2022": [
            "A.8.10",
            "A.8.3"
          ],
          "soc2-2017": [
            "A1.1",
            "C1.2",
            "CC7.4",
            "PI1.5"
          ]
        },
        s3_bucket_policy_public_write_access: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        s3_bucket_public_access: {
          "iso27001-2022": [
            "A.8.1"
          ],
          "soc2-2017": [
            "CC6.1"
          ]
        },
        s3_bucket_server_access_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1",
            "CC7.2",
            "CC7.3"
          ]
        },
        sagemaker_endpoint_config_prod_variant_instances: {
          "iso27001-2022": [
            "A.8.14"
          ]
        },
        sagemaker_models_vpc_settings_configured: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        sagemaker_notebook_instance_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        sagemaker_notebook_instance_vpc_settings_configured: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        sagemaker_notebook_instance_without_direct_internet_access_configured: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        sagemaker_training_jobs_intercontainer_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        sagemaker_training_jobs_volume_and_output_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        sagemaker_training_jobs_vpc_settings_configured: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        securityhub_enabled: {
          "iso27001-2022": [
            "A.5.1",
            "A.8.23"
          ],
          "soc2-2017": [
            "CC3.1",
            "CC6.8",
            "CC7.1",
            "CC7.2",
            "CC7.3",
            "CC7.4"
          ]
        },
        servicecatalog_portfolio_shared_within_organization_only: {
          "iso27001-2022": [
            "A.8.15"
          ]
        },
        sns_topics_kms_encryption_at_rest_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24",
            "A.8.3"
          ],
          "soc2-2017": [
            "PI1.4"
          ]
        },
        sns_topics_not_publicly_accessible: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        sqs_queues_not_publicly_accessible: {
          "iso27001-2022": [
            "A.8.1"
          ]
        },
        sqs_queues_server_side_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        ssm_document_secrets: {
          "iso27001-2022": [
            "A.8.27"
          ]
        },
        ssm_documents_set_as_public: {
          "iso27001-2022": [
            "A.8.1",
            "A.8.27"
          ]
        },
        ssm_managed_compliant_patching: {
          "iso27001-2022": [
            "A.8.27"
          ],
          "soc2-2017": [
            "CC3.2",
            "CC7.1"
          ]
        },
        stepfunctions_statemachine_logging_enabled: {
          "iso27001-2022": [
            "A.8.15"
          ],
          "soc2-2017": [
            "A1.1",
            "PI1.3"
          ]
        },
        storagegateway_fileshare_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        transfer_server_in_transit_encryption_enabled: {
          "iso27001-2022": [
            "A.8.12",
            "A.8.24"
          ],
          "soc2-2017": [
            "CC6.7"
          ]
        },
        vpc_different_regions: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        vpc_endpoint_connections_trust_boundaries: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        vpc_endpoint_for_ec2_enabled: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        vpc_endpoint_multi_az_enabled: {
          "iso27001-2022": [
            "A.8.14",
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        vpc_endpoint_services_allowed_principals_trust_boundaries: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        vpc_flow_logs_enabled: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16",
            "A.8.20",
            "A.8.21",
            "A.8.22",
            "A.8.23"
          ],
          "soc2-2017": [
            "CC7.2",
            "CC7.3"
          ]
        },
        vpc_peering_routing_tables_with_least_privilege: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        vpc_subnet_different_az: {
          "iso27001-2022": [
            "A.8.14",
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        vpc_subnet_no_public_ip_by_default: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        vpc_subnet_separate_private_public: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ],
          "soc2-2017": [
            "CC6.6"
          ]
        },
        vpc_vpn_connection_tunnels_up: {
          "iso27001-2022": [
            "A.8.14",
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        },
        waf_global_webacl_logging_enabled: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "A1.1",
            "PI1.2"
          ]
        },
        wafv2_webacl_logging_enabled: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "A1.1",
            "PI1.2"
          ]
        },
        wafv2_webacl_rule_logging_enabled: {
          "iso27001-2022": [
            "A.8.15",
            "A.8.16"
          ],
          "soc2-2017": [
            "A1.1"
          ]
        },
        wellarchitected_workload_no_high_or_medium_risks: {
          "iso27001-2022": [
            "A.5.1"
          ]
        },
        workspaces_volume_encryption_enabled: {
          "iso27001-2022": [
            "A.8.11",
            "A.8.24"
          ]
        },
        workspaces_vpc_2private_1public_subnets_nat: {
          "iso27001-2022": [
            "A.8.20",
            "A.8.21",
            "A.8.22"
          ]
        }
      }
    };
  }
});

// frameworks/findings/securityhub-controls.json
var securityhub_controls_default;
var init_securityhub_controls = __esm({
  "frameworks/findings/securityhub-controls.json"() {
    securityhub_controls_default = {
      version: "1.0.0",
      sources: [
        {
          name: "AWS Security Hub User Guide: Security Hub controls reference",
          detail: "Consolidated control ids (SecurityControlId) and titles, and the standards each control belongs to (AWS Foundational Security Best Practices v1.0.0, CIS AWS Foundations Benchmark v1.2.0/v1.4.0/v3.0.0, NIST SP 800-53 Rev. 5)",
          url: "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html",
          licence: "AWS documentation; control ids and titles only"
        },
        {
          name: "Flux Evidence common control set",
          detail: "The common control each Security Hub control gives evidence for: mapped by hand by this project, read as 'the control check tests part of the common control'"
        }
      ],
      standards: {
        fsbp: "AWS Foundational Security Best Practices v1.0.0",
        "cis-1.2": "CIS AWS Foundations Benchmark v1.2.0",
        "cis-1.4": "CIS AWS Foundations Benchmark v1.4.0",
        "cis-3.0": "CIS AWS Foundations Benchmark v3.0.0",
        "nist-800-53": "NIST SP 800-53 Rev. 5"
      },
      controls: [
        {
          securityControlId: "IAM.1",
          title: 'IAM policies should not allow full "*" administrative privileges',
          commonControls: [
            "IAM-06"
          ],
          standards: [
            "fsbp",
            "cis-1.2"
          ]
        },
        {
          securityControlId: "IAM.2",
          title: "IAM users should not have IAM policies attached",
          commonControls: [
            "IAM-06"
          ],
          standards: [
            "fsbp",
            "cis-1.2",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "IAM.3",
          title: "IAM users' access keys should be rotated every 90 days or less",
          commonControls: [
            "IAM-11"
          ],
          standards: [
            "fsbp",
            "cis-1.2",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "IAM.4",
          title: "IAM root user access key should not exist",
          commonControls: [
            "IAM-05"
          ],
          standards: [
            "fsbp",
            "cis-1.2",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "IAM.5",
          title: "MFA should be enabled for all IAM users that have a console password",
          commonControls: [
            "IAM-02"
          ],
          standards: [
            "fsbp",
            "cis-1.2",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "IAM.6",
          title: "Hardware MFA should be enabled for the root user",
          commonControls: [
            "IAM-05"
          ],
          standards: [
            "fsbp",
            "cis-1.2",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "IAM.7",
          title: "Password policies for IAM users should have strong configurations",
          commonControls: [
            "IAM-04"
          ],
          standards: [
            "fsbp"
          ]
        },
        {
          securityControlId: "IAM.8",
          title: "Unused IAM user credentials should be removed",
          commonControls: [
            "IAM-08"
          ],
          standards: [
            "fsbp",
            "cis-1.2"
          ]
        },
        {
          securityControlId: "IAM.9",
          title: "MFA should be enabled for the root user",
          commonControls: [
            "IAM-05"
          ],
          standards: [
            "cis-1.2",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "IAM.15",
          title: "Ensure IAM password policy requires minimum password length of 14 or greater",
          commonControls: [
            "IAM-04"
          ],
          standards: [
            "cis-1.2",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "IAM.19",
          title: "MFA should be enabled for all IAM users",
          commonControls: [
            "IAM-02"
          ],
          standards: [
            "nist-800-53"
          ]
        },
        {
          securityControlId: "IAM.22",
          title: "IAM user credentials unused for 45 days should be removed",
          commonControls: [
            "IAM-08"
          ],
          standards: [
            "cis-1.4"
          ]
        },
        {
          securityControlId: "S3.1",
          title: "S3 general purpose buckets should have block public access settings enabled",
          commonControls: [
            "DAT-01"
          ],
          standards: [
            "fsbp",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "S3.2",
          title: "S3 general purpose buckets should block public read access",
          commonControls: [
            "DAT-01"
          ],
          standards: [
            "fsbp"
          ]
        },
        {
          securityControlId: "S3.3",
          title: "S3 general purpose buckets should block public write access",
          commonControls: [
            "DAT-01"
          ],
          standards: [
            "fsbp"
          ]
        },
        {
          securityControlId: "S3.5",
          title: "S3 general purpose buckets should require requests to use SSL",
          commonControls: [
            "CRY-02"
          ],
          standards: [
            "fsbp",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "S3.8",
          title: "S3 general purpose buckets should block public access",
          commonControls: [
            "DAT-01"
          ],
          standards: [
            "fsbp",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "S3.9",
          title: "S3 general purpose buckets should have server access logging enabled",
          commonControls: [
            "LOG-03"
          ],
          standards: [
            "nist-800-53"
          ]
        },
        {
          securityControlId: "EC2.2",
          title: "VPC default security groups should not allow inbound or outbound traffic",
          commonControls: [
            "NET-02"
          ],
          standards: [
            "fsbp",
            "cis-1.2",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "EC2.7",
          title: "EBS default encryption should be enabled",
          commonControls: [
            "CRY-01"
          ],
          standards: [
            "fsbp",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "EC2.13",
          title: "Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 22",
          commonControls: [
            "NET-04"
          ],
          standards: [
            "cis-1.2",
            "nist-800-53"
          ]
        },
        {
          securityControlId: "EC2.14",
          title: "Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 3389",
          commonControls: [
            "NET-04"
          ],
          standards: [
            "cis-1.2"
          ]
        },
        {
          securityControlId: "EC2.53",
          title: "EC2 security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports",
          commonControls: [
            "NET-04"
          ],
          standards: [
            "fsbp",
            "cis-3.0"
          ]
        },
        {
          securityControlId: "EC2.54",
          title: "EC2 security groups should not allow ingress from ::/0 to remote server administration ports",
          commonControls: [
            "NET-04"
          ],
          standards: [
            "fsbp",
            "cis-3.0"
          ]
        },
        {
          securityControlId: "KMS.4",
          title: "AWS KMS key rotation should be enabled",
          commonControls: [
            "CRY-03"
          ],
          standards: [
            "cis-1.2",
            "cis-1.4",
            "nist-800-53"
          ]
        },
        {
          securityControlId: "CloudTrail.1",
          title: "CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events",
          commonControls: [
            "LOG-01"
          ],
          standards: [
            "fsbp",
            "cis-1.2",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "CloudTrail.2",
          title: "CloudTrail should have encryption at-rest enabled",
          commonControls: [
            "LOG-02"
          ],
          standards: [
            "fsbp",
            "cis-1.2",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "CloudTrail.4",
          title: "CloudTrail log file validation should be enabled",
          commonControls: [
            "LOG-02"
          ],
          standards: [
            "fsbp",
            "cis-1.2",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "RDS.2",
          title: "RDS DB Instances should prohibit public access",
          commonControls: [
            "DAT-04"
          ],
          standards: [
            "fsbp"
          ]
        },
        {
          securityControlId: "RDS.3",
          title: "RDS DB instances should have encryption at-rest enabled",
          commonControls: [
            "CRY-01"
          ],
          standards: [
            "fsbp",
            "cis-1.4"
          ]
        },
        {
          securityControlId: "RDS.11",
          title: "RDS instances should have automatic backups enabled",
          commonControls: [
            "BCK-01"
          ],
          standards: [
            "fsbp"
          ]
        },
        {
          securityControlId: "GuardDuty.1",
          title: "GuardDuty should be enabled",
          commonControls: [
            "MON-02"
          ],
          standards: [
            "fsbp",
            "nist-800-53"
          ]
        },
        {
          securityControlId: "Config.1",
          title: "AWS Config should be enabled and use the service-linked role for resource recording",
          commonControls: [
            "CFG-02"
          ],
          standards: [
            "fsbp",
            "cis-1.2",
            "cis-1.4"
          ]
        }
      ]
    };
  }
});

// frameworks/findings/index.ts
import * as z42 from "zod";
function read(file, raw, schema27) {
  const r = schema27.safeParse(raw);
  if (!r.success) throw new ValidationError(`frameworks/findings/${file}`, formatIssues(r.error.issues));
  return r.data;
}
function securityHubControlMap() {
  return securityHub ??= read("securityhub-controls.json", securityhub_controls_default, SecurityHubControlMapSchema);
}
function prowlerCheckMap() {
  return prowler ??= read("prowler-checks.json", prowler_checks_default, ProwlerCheckMapSchema);
}
var text2, controlId, SourceSchema2, SecurityHubControlMapSchema, ProwlerCheckMapSchema, securityHub, prowler;
var init_findings = __esm({
  "frameworks/findings/index.ts"() {
    "use strict";
    init_errors();
    init_prowler_checks();
    init_securityhub_controls();
    text2 = z42.string().trim().min(1);
    controlId = z42.string().regex(/^[A-Z]{2,3}-\d{2}$/, "must look like AREA-NN");
    SourceSchema2 = z42.strictObject({
      name: text2,
      detail: text2,
      url: text2.optional(),
      licence: text2.optional()
    });
    SecurityHubControlMapSchema = z42.strictObject({
      version: text2,
      sources: z42.array(SourceSchema2).min(1),
      standards: z42.record(z42.string(), text2),
      controls: z42.array(
        z42.strictObject({
          securityControlId: z42.string().regex(/^[A-Za-z0-9]+\.\d+$/, "must look like IAM.6"),
          title: text2,
          commonControls: z42.array(controlId).min(1),
          standards: z42.array(text2).min(1)
        })
      ).min(1)
    });
    ProwlerCheckMapSchema = z42.strictObject({
      prowlerVersion: text2,
      sources: z42.array(SourceSchema2).min(1),
      /** check id → framework id → requirement ids, as Prowler's compliance files state them. */
      checks: z42.record(z42.string().regex(/^[a-z0-9_]+$/), z42.record(z42.string(), z42.array(text2).min(1)))
    });
  }
});

// shared/rules/prowler-check-findings-passed.ts
function prowlerChecksFor(controlId2) {
  const control = loadControls().find((c) => c.id === controlId2);
  const wanted2 = new Set((control?.mappings ?? []).map((m) => `${m.framework}:${m.requirement}`));
  const out = /* @__PURE__ */ new Map();
  for (const [check, byFramework2] of Object.entries(prowlerCheckMap().checks)) {
    const ties = Object.entries(byFramework2).flatMap(
      ([f, ids]) => ids.filter((id) => wanted2.has(`${f}:${id}`)).map((id) => `${f} ${id}`)
    );
    if (ties.length) out.set(check, ties);
  }
  return out;
}
var CONTROL, mapped, rule30;
var init_prowler_check_findings_passed = __esm({
  "shared/rules/prowler-check-findings-passed.ts"() {
    "use strict";
    init_frameworks();
    init_findings();
    init_types();
    CONTROL = "CFG-01";
    rule30 = defineRule({
      id: "prowler-check-findings-passed",
      version: "1.0.0",
      collector: "prowler-ocsf-findings",
      controls: [CONTROL],
      title: "Prowler checks mapped (by Prowler's compliance files) to the control's requirements passed",
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.checks),
      evaluate(scan) {
        mapped ??= prowlerChecksFor(CONTROL);
        const origin = `Prowler ${scan.version} scan of ${scan.scanStartedAt}`;
        const ran = scan.checks.filter((c) => mapped.has(c.checkId) && c.passed.length + c.failed.length > 0);
        if (ran.length === 0) return outcome.notApplicable(`${origin}: no mapped Prowler check ran`);
        const failing = ran.flatMap(
          (c) => c.failed.map((f) => ({
            resource: f.resource,
            reason: `${c.checkId}${f.muted ? " (muted in Prowler)" : ""}: ${mapped.get(c.checkId).join(", ")}`
          }))
        );
        return outcome.of(
          failing,
          `${origin}: ${ran.length} mapped checks ran and passed`,
          `${origin}: ${failing.length} findings of mapped checks FAIL`
        );
      }
    });
  }
});

// shared/rules/securityhub-control-findings-passed.ts
var rule31;
var init_securityhub_control_findings_passed = __esm({
  "shared/rules/securityhub-control-findings-passed.ts"() {
    "use strict";
    init_findings();
    init_types();
    rule31 = defineRule({
      id: "securityhub-control-findings-passed",
      version: "1.0.0",
      collector: "aws-securityhub-findings",
      controls: ["CFG-01"],
      title: "Security Hub standard control checks passed",
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.findings),
      evaluate({ enabled, findings }) {
        if (!enabled)
          return outcome.notApplicable("Security Hub is not enabled in this region: no control check ran");
        const map = new Map(securityHubControlMap().controls.map((c) => [c.securityControlId, c]));
        const judged = findings.filter(
          (f) => f.securityControlId !== null && map.has(f.securityControlId) && (f.complianceStatus === "PASSED" || f.complianceStatus === "FAILED")
        );
        if (judged.length === 0)
          return outcome.notApplicable(
            "no PASSED or FAILED finding for a mapped standard control: nothing shows the checks ran"
          );
        const failing = judged.filter((f) => f.complianceStatus === "FAILED").flatMap((f) => {
          const c = map.get(f.securityControlId);
          const why = `${c.securityControlId} ${c.title} (common control ${c.commonControls.join(", ")})`;
          const resources = f.resources.length ? f.resources.map((r) => r.id) : [f.id];
          return resources.map((resource2) => ({ resource: resource2, reason: why }));
        });
        const checks = new Set(judged.map((f) => f.securityControlId)).size;
        return outcome.of(
          failing,
          `${judged.length} findings of ${checks} mapped Security Hub controls all PASSED`,
          `${failing.length} resources fail mapped Security Hub controls`
        );
      }
    });
  }
});

// shared/rules/findings-rules.ts
var findingsRules;
var init_findings_rules = __esm({
  "shared/rules/findings-rules.ts"() {
    "use strict";
    init_prowler_check_findings_passed();
    init_securityhub_control_findings_passed();
    findingsRules = [
      rule30,
      rule31
    ];
  }
});

// shared/rules/github-org-2fa-required.ts
var rule32;
var init_github_org_2fa_required = __esm({
  "shared/rules/github-org-2fa-required.ts"() {
    "use strict";
    init_types();
    rule32 = defineRule({
      id: "github-org-2fa-required",
      version: "1.0.0",
      collector: "github-org",
      controls: ["IAM-02"],
      title: "GitHub organization requires 2FA and every member has it",
      accepts: (d) => {
        const o = d;
        return typeof o === "object" && o !== null && Array.isArray(o.members) && o.membersWithout2fa !== null;
      },
      evaluate(d) {
        const people = d.members.length + d.outsideCollaborators.length;
        if (people === 0 && d.twoFactorRequirementEnabled !== false)
          return outcome.notApplicable(`organization ${d.org} has no members or outside collaborators`);
        const failing = [];
        if (d.twoFactorRequirementEnabled === false)
          failing.push({ resource: `github:${d.org}`, reason: "the organization does not require 2FA" });
        for (const login2 of d.membersWithout2fa ?? [])
          failing.push({ resource: `github:${d.org}/${login2}`, reason: "member without 2FA" });
        for (const login2 of d.outsideCollaboratorsWithout2fa ?? [])
          failing.push({ resource: `github:${d.org}/${login2}`, reason: "outside collaborator without 2FA" });
        return outcome.of(
          failing,
          `${d.org} ${d.twoFactorRequirementEnabled ? "requires 2FA and " : ""}all ${people} members and collaborators have 2FA`,
          `${d.org}: ${failing.length} 2FA gap(s)`
        );
      }
    });
  }
});

// shared/rules/github-pull-request-peer-reviewed.ts
var rule33;
var init_github_pull_request_peer_reviewed = __esm({
  "shared/rules/github-pull-request-peer-reviewed.ts"() {
    "use strict";
    init_types();
    rule33 = defineRule({
      id: "github-pull-request-peer-reviewed",
      version: "2.0.0",
      collector: "github-pull-requests",
      controls: ["CHG-05"],
      title: "Merged pull requests were approved by someone other than the author",
      accepts: (d) => {
        const o = d;
        return typeof o === "object" && o !== null && Array.isArray(o.pullRequests) && Array.isArray(o.repositories) && o.repositories.every((r) => r.mergedPullRequests !== null);
      },
      evaluate({ pullRequests, repositories, since, until }) {
        const period = `merged ${since.slice(0, 10)} to ${until.slice(0, 10)}`;
        const pushed = repositories.flatMap(
          (r) => (r.directCommits ?? []).map((c) => ({
            resource: `${r.fullName}@${c.sha.slice(0, 12)}`,
            reason: `pushed to ${r.defaultBranch} at ${c.committedAt} by ${c.author ?? "an unknown author"} without a merged pull request`
          }))
        );
        if (pullRequests.length === 0 && pushed.length === 0)
          return outcome.notApplicable(`no pull request ${period}`);
        const failing = pullRequests.filter((p) => p.approvedByOther !== true).map((p) => ({
          resource: `${p.repository}#${p.number}`,
          reason: p.approvedByOther === null ? "reviews could not be read" : p.staleApprovers?.some((a) => a !== p.author) ? `merged ${p.mergedAt}; approved only before its last commit (by ${p.staleApprovers.join(", ")})` : `merged ${p.mergedAt} without an approval by someone other than ${p.author ?? "the (deleted) author"}`
        }));
        if (pushed.length)
          return outcome.fail(
            `${pushed.length} commit(s) reached a default branch without a merged pull request` + (failing.length ? `; ${failing.length} of ${pullRequests.length} pull requests ${period} lack a peer approval` : ""),
            [...failing, ...pushed]
          );
        return outcome.of(
          failing,
          `all ${pullRequests.length} pull requests ${period} were peer-approved`,
          `${failing.length} of ${pullRequests.length} pull requests ${period} lack a peer approval`
        );
      }
    });
  }
});

// shared/rules/github-repo-default-branch-protected.ts
function protectionGaps(repo, requiredApprovals = DEFAULT_THRESHOLDS.requiredApprovals) {
  const r = repo.defaultBranchRules;
  if (!r) return ["default-branch protection could not be read"];
  const reviews = Math.max(
    r.classic?.requiredApprovingReviewCount ?? 0,
    r.rulesets.requiredApprovingReviewCount ?? 0
  );
  const gaps2 = [];
  if (reviews < 1) gaps2.push("no required approving review");
  else if (reviews < requiredApprovals)
    gaps2.push(`${reviews} required approving review(s), fewer than ${requiredApprovals}`);
  if (reviews >= 1 && !(r.classic?.dismissStaleReviews || r.rulesets.dismissStaleReviewsOnPush))
    gaps2.push("approvals survive new commits (stale reviews not dismissed)");
  if (r.classic && !r.classic.enforceAdmins) gaps2.push("administrators can bypass (enforce_admins off)");
  if (!(r.classic && !r.classic.allowForcePushes || r.rulesets.nonFastForwardBlocked))
    gaps2.push("force pushes allowed");
  if (!(r.classic && !r.classic.allowDeletions || r.rulesets.deletionBlocked))
    gaps2.push("deletion allowed");
  return gaps2;
}
var rule34;
var init_github_repo_default_branch_protected = __esm({
  "shared/rules/github-repo-default-branch-protected.ts"() {
    "use strict";
    init_types();
    rule34 = defineRule({
      id: "github-repo-default-branch-protected",
      version: "2.0.0",
      collector: "github-repos",
      controls: ["CHG-01"],
      title: "Default branches require fresh reviews, bind admins and block force pushes and deletion",
      benchmarks: {
        prowler: [
          "repository_default_branch_requires_multiple_approvals",
          "repository_default_branch_dismisses_stale_reviews",
          "repository_default_branch_protection_applies_to_admins",
          "repository_default_branch_disallows_force_push",
          "repository_default_branch_deletion_disabled"
        ]
      },
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.repositories),
      evaluate({ repositories }, { thresholds }) {
        const live = repositories.filter((r) => !r.archived);
        if (live.length === 0) return outcome.notApplicable("no non-archived repository");
        const failing = live.flatMap((r) => {
          const gaps2 = protectionGaps(r, thresholds.requiredApprovals);
          return gaps2.length ? [{ resource: r.fullName, reason: `${r.defaultBranch}: ${gaps2.join(", ")}` }] : [];
        });
        return outcome.of(
          failing,
          `all ${live.length} non-archived repositories protect their default branch`,
          `${failing.length} of ${live.length} non-archived repositories leave their default branch unprotected`
        );
      }
    });
  }
});

// shared/rules/github-repo-secret-scanning-enabled.ts
var rule35;
var init_github_repo_secret_scanning_enabled = __esm({
  "shared/rules/github-repo-secret-scanning-enabled.ts"() {
    "use strict";
    init_types();
    rule35 = defineRule({
      id: "github-repo-secret-scanning-enabled",
      version: "1.0.0",
      collector: "github-repos",
      controls: ["IAM-10"],
      title: "Secret scanning is enabled on repositories",
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.repositories),
      evaluate({ repositories }) {
        const live = repositories.filter((r) => !r.archived);
        if (live.length === 0) return outcome.notApplicable("no non-archived repository");
        const failing = live.filter((r) => r.securityAndAnalysis?.secretScanning !== "enabled").map((r) => ({
          resource: r.fullName,
          reason: r.securityAndAnalysis?.secretScanning == null ? "secret scanning setting not shown (admin access needed)" : "secret scanning disabled"
        }));
        return outcome.of(
          failing,
          `secret scanning is enabled on all ${live.length} non-archived repositories`,
          `${failing.length} of ${live.length} non-archived repositories lack secret scanning`
        );
      }
    });
  }
});

// shared/rules/github-repo-visibility-not-public.ts
var rule36;
var init_github_repo_visibility_not_public = __esm({
  "shared/rules/github-repo-visibility-not-public.ts"() {
    "use strict";
    init_types();
    rule36 = defineRule({
      id: "github-repo-visibility-not-public",
      version: "1.0.0",
      collector: "github-repos",
      controls: ["DAT-01"],
      title: "No repository is unintentionally public",
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.repositories),
      evaluate({ repositories }, { thresholds }) {
        if (repositories.length === 0) return outcome.notApplicable("the organization has no repository");
        const intended = new Set(thresholds.publicRepositories);
        const isIntended = (r) => intended.has(r.fullName) || intended.has(r.name);
        const open3 = repositories.filter((r) => r.visibility === "public");
        const failing = open3.filter((r) => !isIntended(r)).map((r) => ({ resource: r.fullName, reason: "public, and not listed in rules.publicRepositories" }));
        const allowed = open3.length - failing.length;
        return outcome.of(
          failing,
          allowed ? `none of ${repositories.length} repositories is public except ${allowed} listed as intended` : `none of ${repositories.length} repositories is public`,
          `${failing.length} of ${repositories.length} repositories are public without being listed as intended`
        );
      }
    });
  }
});

// shared/rules/github-vulnerability-alerts-remediated.ts
var REMEDIATION_SLA_DAYS, DAY_MS5, rule37;
var init_github_vulnerability_alerts_remediated = __esm({
  "shared/rules/github-vulnerability-alerts-remediated.ts"() {
    "use strict";
    init_types();
    REMEDIATION_SLA_DAYS = { critical: 30, high: 60 };
    DAY_MS5 = 864e5;
    rule37 = defineRule({
      id: "github-vulnerability-alerts-remediated",
      version: "1.1.0",
      collector: "github-vulnerability-alerts",
      controls: ["VUL-04"],
      title: "Critical and high vulnerability alerts are remediated within the SLA",
      accepts: (d) => typeof d === "object" && d !== null && d.dependabot !== null,
      evaluate(d, { now }) {
        const alerts = [
          ...(d.dependabot?.open ?? []).map((a) => ({ ...a, kind: "dependabot" })),
          ...(d.codeScanning?.open ?? []).map((a) => ({ ...a, kind: "code-scanning" }))
        ].filter((a) => REMEDIATION_SLA_DAYS[a.severity.toLowerCase()] !== void 0);
        if (alerts.length === 0) return outcome.pass(`${d.org} has no open critical or high alert`);
        const failing = alerts.flatMap((a) => {
          const sla = REMEDIATION_SLA_DAYS[a.severity.toLowerCase()];
          const age2 = Math.floor((now.getTime() - Date.parse(a.createdAt)) / DAY_MS5);
          return age2 > sla ? [
            {
              resource: `${a.repository}/${a.kind}/${a.number}`,
              reason: `${a.severity} open ${age2} days (SLA ${sla})`
            }
          ] : [];
        });
        return outcome.of(
          failing,
          `all ${alerts.length} open critical/high alerts are within their SLA`,
          `${failing.length} of ${alerts.length} open critical/high alerts are beyond their SLA`
        );
      }
    });
  }
});

// shared/rules/github-rules.ts
var githubRules;
var init_github_rules = __esm({
  "shared/rules/github-rules.ts"() {
    "use strict";
    init_github_org_2fa_required();
    init_github_pull_request_peer_reviewed();
    init_github_repo_default_branch_protected();
    init_github_repo_secret_scanning_enabled();
    init_github_repo_visibility_not_public();
    init_github_vulnerability_alerts_remediated();
    githubRules = [
      rule32,
      rule33,
      rule34,
      rule35,
      rule36,
      rule37
    ];
  }
});

// shared/rules/access-leavers-deprovisioned-within-sla.ts
var rule38;
var init_access_leavers_deprovisioned_within_sla = __esm({
  "shared/rules/access-leavers-deprovisioned-within-sla.ts"() {
    "use strict";
    init_types();
    rule38 = defineRule({
      id: "access-leavers-deprovisioned-within-sla",
      version: "1.0.0",
      collector: "access-reconciliation",
      controls: ["IAM-08"],
      title: "Leavers lose access everywhere within the deprovisioning SLA",
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.leavers),
      evaluate({ leavers, deprovisioningSlaHours: sla }) {
        if (leavers.length === 0) return outcome.notApplicable("no leaver in the identity providers");
        const failing = leavers.filter((l) => l.breachesSla).map((l) => ({
          resource: l.email,
          reason: `still active in ${l.stillActive.map((a) => `${a.resource} (${a.access.join(", ")})`).join("; ")}; ${l.latencyHours === null ? "deprovisioning time unknown" : `${l.latencyHours.toFixed(1)} h since deprovisioning at ${l.deprovisionedAt} (SLA ${sla} h)`}`
        }));
        const open3 = leavers.filter((l) => l.open && !l.breachesSla).length;
        return outcome.of(
          failing,
          `${leavers.length} leaver(s): ${leavers.length - open3} fully deprovisioned, ${open3} open within the ${sla} h SLA`,
          `${failing.length} of ${leavers.length} leaver(s) still active beyond the ${sla} h SLA`
        );
      }
    });
  }
});

// shared/rules/entra-user-mfa-registered.ts
var rule39;
var init_entra_user_mfa_registered = __esm({
  "shared/rules/entra-user-mfa-registered.ts"() {
    "use strict";
    init_types();
    rule39 = defineRule({
      id: "entra-user-mfa-registered",
      version: "2.0.0",
      collector: "entra-users",
      controls: ["IAM-02"],
      title: "Enabled Entra ID users are registered for MFA with a method the policy allows",
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.users),
      evaluate({ users }) {
        const enabled = users.filter((u2) => u2.accountEnabled !== false);
        if (enabled.length === 0) return outcome.notApplicable("no enabled Entra ID user");
        const failing = enabled.filter((u2) => u2.mfa?.registered !== true || !u2.mfa.capable).map((u2) => ({
          resource: u2.userPrincipalName,
          reason: u2.mfa === null ? "no MFA registration details for the user" : !u2.mfa.registered ? "not registered for MFA" : "registered, but with no method the MFA policy allows (not MFA capable)"
        }));
        return outcome.of(
          failing,
          `all ${enabled.length} enabled Entra ID users are registered for MFA`,
          `${failing.length} of ${enabled.length} enabled Entra ID users are not registered for MFA`
        );
      }
    });
  }
});

// shared/rules/google-user-2sv-enforced.ts
var rule40;
var init_google_user_2sv_enforced = __esm({
  "shared/rules/google-user-2sv-enforced.ts"() {
    "use strict";
    init_types();
    rule40 = defineRule({
      id: "google-user-2sv-enforced",
      version: "2.0.0",
      collector: "google-workspace-users",
      controls: ["IAM-02"],
      title: "Active Google Workspace users have 2-Step Verification enforced and enrolled",
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.users),
      evaluate({ users }) {
        const active = users.filter((u2) => u2.suspended !== true && u2.archived !== true);
        if (active.length === 0) return outcome.notApplicable("no active Google Workspace user");
        const failing = active.flatMap((u2) => {
          const gaps2 = [
            u2.isEnforcedIn2Sv === false && "2SV not enforced",
            u2.isEnrolledIn2Sv === false && "not enrolled in 2SV"
          ].filter((g) => typeof g === "string");
          return gaps2.length ? [{ resource: u2.primaryEmail, reason: gaps2.join(", ") }] : [];
        });
        if (failing.length)
          return outcome.fail(
            `${failing.length} of ${active.length} active Google Workspace users lack enforced, enrolled 2SV`,
            failing
          );
        const unreported = active.filter((u2) => u2.isEnforcedIn2Sv === null || u2.isEnrolledIn2Sv === null);
        if (unreported.length)
          return outcome.unknown(
            `the Directory did not report 2SV enforcement or enrolment for ${unreported.map((u2) => u2.primaryEmail).join(", ")}`
          );
        return outcome.pass(`all ${active.length} active Google Workspace users have 2SV enforced and enrolled`);
      }
    });
  }
});

// shared/rules/okta-user-mfa-enrolled.ts
var CAN_SIGN_IN, rule41;
var init_okta_user_mfa_enrolled = __esm({
  "shared/rules/okta-user-mfa-enrolled.ts"() {
    "use strict";
    init_types();
    CAN_SIGN_IN = /* @__PURE__ */ new Set(["ACTIVE", "RECOVERY", "LOCKED_OUT", "PASSWORD_EXPIRED"]);
    rule41 = defineRule({
      id: "okta-user-mfa-enrolled",
      version: "1.0.0",
      collector: "okta-users",
      controls: ["IAM-02"],
      title: "Okta users who can sign in have an active MFA factor",
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.users),
      evaluate({ users }) {
        const judged = users.filter((u2) => CAN_SIGN_IN.has(u2.status));
        if (judged.length === 0) return outcome.notApplicable("no Okta user can sign in");
        const failing = judged.filter((u2) => !u2.factors?.some((f) => f.status === "ACTIVE")).map((u2) => ({
          resource: u2.login,
          reason: u2.factors === null ? "factors could not be read" : `${u2.status} user with no active factor`
        }));
        return outcome.of(
          failing,
          `all ${judged.length} Okta users who can sign in have an active factor`,
          `${failing.length} of ${judged.length} Okta users who can sign in have no active factor`
        );
      }
    });
  }
});

// shared/rules/identity-rules.ts
var identityRules;
var init_identity_rules = __esm({
  "shared/rules/identity-rules.ts"() {
    "use strict";
    init_access_leavers_deprovisioned_within_sla();
    init_entra_user_mfa_registered();
    init_google_user_2sv_enforced();
    init_okta_user_mfa_enrolled();
    identityRules = [
      rule38,
      rule39,
      rule40,
      rule41
    ];
  }
});

// shared/rules/iam-access-key-rotated.ts
var MAX_ACCESS_KEY_AGE_DAYS, DAY_MS6, rule42;
var init_iam_access_key_rotated = __esm({
  "shared/rules/iam-access-key-rotated.ts"() {
    "use strict";
    init_types();
    MAX_ACCESS_KEY_AGE_DAYS = 90;
    DAY_MS6 = 864e5;
    rule42 = defineRule({
      id: "iam-access-key-rotated",
      version: "1.0.0",
      collector: "aws-iam-credential-report",
      controls: ["IAM-11"],
      title: `Active IAM access keys are rotated within ${MAX_ACCESS_KEY_AGE_DAYS} days`,
      benchmarks: { cis: ["1.14"], prowler: ["iam_rotate_access_key_90_days"] },
      accepts: (d) => typeof d === "object" && d !== null && Array.isArray(d.users),
      evaluate(data, { now }) {
        const failing = [];
        let active = 0;
        for (const user3 of data.users) {
          [user3.accessKey1, user3.accessKey2].forEach((key2, i) => {
            if (!key2.active) return;
            active++;
            const rotated = key2.lastRotated === null ? Number.NaN : Date.parse(key2.lastRotated);
            if (Number.isNaN(rotated)) {
              failing.push({ resource: `${user3.arn}#key${i + 1}`, reason: "rotation date unknown" });
              return;
            }
            const ageDays = Math.floor((now.getTime() - rotated) / DAY_MS6);
            if (ageDays > MAX_ACCESS_KEY_AGE_DAYS) {
              failing.push({ resource: `${user3.arn}#key${i + 1}`, reason: `last rotated ${ageDays} days ago` });
            }
          });
        }
        if (active === 0) return outcome.notApplicable("no active access keys");
        return outcome.of(
          failing,
          `all ${active} active access keys were rotated within ${MAX_ACCESS_KEY_AGE_DAYS} days`,
          `${failing.length} of ${active} active access keys are older than ${MAX_ACCESS_KEY_AGE_DAYS} days`
        );
      }
    });
  }
});

// shared/rules/iam-password-policy-minimum-length.ts
var rule43;
var init_iam_password_policy_minimum_length = __esm({
  "shared/rules/iam-password-policy-minimum-length.ts"() {
    "use strict";
    init_types();
    rule43 = defineRule({
      id: "iam-password-policy-minimum-length",
      version: "2.0.0",
      collector: "aws-iam-password-policy",
      controls: ["IAM-04"],
      title: "IAM password policy requires long passwords and prevents reuse",
      benchmarks: {
        cis: ["1.8", "1.9"],
        prowler: ["iam_password_policy_minimum_length_14", "iam_password_policy_reuse_24"]
      },
      accepts: (d) => typeof d === "object" && d !== null && typeof d.present === "boolean",
      evaluate(data, { thresholds, blind }) {
        const length = thresholds.passwordMinimumLength;
        const reuse = thresholds.passwordReusePrevention;
        if ((!data.present || data.policy === null) && blind.length > 0) {
          return outcome.unknown("the account password policy could not be read");
        }
        if (!data.present || data.policy === null) {
          return outcome.fail("no account password policy is set; IAM defaults allow 8-character passwords", [
            { resource: "account-password-policy", reason: "no policy" }
          ]);
        }
        const { minimumLength } = data.policy;
        const remembered = data.policy.passwordReusePrevention ?? 0;
        const problems2 = [];
        if (minimumLength < length) problems2.push(`minimum length ${minimumLength} is below ${length}`);
        if (remembered < reuse)
          problems2.push(
            remembered === 0 ? `password reuse is not prevented (at least ${reuse} remembered)` : `only the last ${remembered} passwords are remembered, below ${reuse}`
          );
        if (problems2.length === 0) {
          return outcome.pass(
            `minimum password length is ${minimumLength} and the last ${remembered} passwords cannot be reused`
          );
        }
        return outcome.fail(problems2.join("; "), [
          {
            resource: "account-password-policy",
            reason: `minimumLength=${minimumLength}, passwordReusePrevention=${remembered || "none"}`
          }
        ]);
      }
    });
  }
});

// shared/rules/registry.ts
function rulesForCollectors(all, collectorIds) {
  const running = new Set(collectorIds);
  return all.filter((r) => running.has(r.collector));
}
var rules;
var init_registry2 = __esm({
  "shared/rules/registry.ts"() {
    "use strict";
    init_aws_rules();
    init_findings_rules();
    init_github_rules();
    init_identity_rules();
    init_iam_access_key_rotated();
    init_iam_password_policy_minimum_length();
    rules = [
      ...awsRules,
      ...githubRules,
      ...identityRules,
      ...findingsRules,
      rule42,
      rule43
    ];
  }
});

// shared/ledger/append-request.ts
import * as z43 from "zod";
function appendRequest(record9) {
  return {
    schema: "flux.append/v1",
    sha256: record9.sha256,
    key: record9.key,
    collector: record9.collector,
    scope: record9.scope,
    observedAt: record9.observedAt,
    collectedAt: record9.collectedAt,
    ...record9.leafHash ? { leafHash: record9.leafHash } : {}
  };
}
function parseAppendRequest(body) {
  let json5;
  try {
    json5 = JSON.parse(body);
  } catch {
    throw new ValidationError("append request", ["body: not JSON"]);
  }
  const r = AppendRequestSchema.safeParse(json5);
  if (!r.success) throw new ValidationError("append request", formatIssues(r.error.issues));
  if (r.data.leafHash !== void 0) {
    const [, kind, sha3] = STATEMENT_KEY.exec(r.data.key) ?? [];
    const problems2 = [
      ...sha3 ? [] : ["key: not a <observation|coverage|manual|approval|exception>/<yyyy>/<mm>/<dd>/<sha256>.json key"],
      ...sha3 && sha3 !== r.data.sha256 ? ["key: names another hash than sha256"] : [],
      // A person's statement is logged under its kind (the collector field names it, as the manual log reads it).
      ...kind && kind !== "observation" && kind !== "coverage" && r.data.collector !== kind ? [`collector: a ${kind} key needs collector ${kind}`] : []
    ];
    if (problems2.length > 0) throw new ValidationError("append request", problems2);
    return r.data;
  }
  const key2 = parseArtifactKey(r.data.key);
  const issues = [
    ...key2 ? [] : ["key: not an evidence/<collector>/<yyyy>/<mm>/<dd>/<time>_<sha256>.json key"],
    ...key2 && key2.sha256 !== r.data.sha256 ? ["key: names another hash than sha256"] : [],
    ...key2 && key2.collector !== r.data.collector ? ["key: names another collector"] : []
  ];
  if (issues.length > 0) throw new ValidationError("append request", issues);
  return r.data;
}
function queueAppender(queue) {
  return {
    async append(record9) {
      await queue.enqueue(appendRequest(record9));
      return {};
    }
  };
}
function checkedAppender(ledger, store, statements) {
  return {
    async append(record9) {
      const request2 = parseAppendRequest(JSON.stringify(appendRequest(record9)));
      if (request2.leafHash === void 0) await store.getBytes(request2.key, request2.sha256);
      else {
        if (!statements)
          throw new ValidationError("append request", ["a statement leaf needs the statement store"]);
        const bytes = await statements.get(request2.key, request2.sha256);
        const problem = objectProblem(request2, { sha256: request2.sha256, bytes });
        if (problem) throw new ValidationError("append request", [problem]);
      }
      const { schema: _schema, ...checked } = request2;
      return { index: (await ledger.append(checked)).index };
    }
  };
}
function objectProblem(r, object9) {
  if (object9.sha256 !== r.sha256)
    return `stored object hashes to ${object9.sha256}, not the requested ${r.sha256}`;
  if (r.leafHash === void 0) return void 0;
  const actual = leafHash(object9.bytes).toString("hex");
  if (actual !== r.leafHash)
    return `stored statement's leaf hash is ${actual}, not the requested ${r.leafHash}`;
  let leaf;
  try {
    leaf = decodeLeaf(object9.bytes);
  } catch (e) {
    return `stored statement is not a flux.leaf/v1 statement: ${e.message}`;
  }
  if (leaf.kind === "coverage") {
    if (!r.key.startsWith("coverage/")) return "a coverage statement stored outside coverage/";
    return r.collector === COVERAGE_COLLECTOR && r.scope === coverageScope(leaf.runId) ? void 0 : `stored coverage statement is of run ${leaf.runId}, not the requested ${r.collector} ${r.scope}`;
  }
  if (leaf.kind === "manual" || leaf.kind === "approval" || leaf.kind === "exception") {
    return leaf.kind === r.collector && r.key.startsWith(`${leaf.kind}/`) ? void 0 : `stored statement is a ${leaf.kind} leaf, not a ${r.collector} under ${r.key}`;
  }
  if (leaf.kind !== "observation")
    return `stored statement is a ${leaf.kind} leaf, not an observation, coverage or person's statement`;
  if (!r.key.startsWith("observation/")) return "an observation statement stored outside observation/";
  if (leaf.collector !== r.collector || leaf.scope !== r.scope)
    return `stored observation is of ${leaf.collector} ${leaf.scope}, not the requested ${r.collector} ${r.scope}`;
  return void 0;
}
var AppendRequestSchema, STATEMENT_KEY, COVERAGE_COLLECTOR, coverageScope;
var init_append_request = __esm({
  "shared/ledger/append-request.ts"() {
    "use strict";
    init_leaf();
    init_merkle();
    init_errors();
    init_types2();
    AppendRequestSchema = z43.strictObject({
      schema: z43.literal("flux.append/v1"),
      sha256: z43.string().regex(/^[0-9a-f]{64}$/, "a lower-case hex SHA-256"),
      key: z43.string().min(1).max(1024),
      collector: z43.string().regex(/^[a-z0-9-]{1,64}$/),
      scope: z43.string().min(1).max(512),
      observedAt: z43.iso.datetime(),
      collectedAt: z43.iso.datetime(),
      /**
       * A statement leaf's hash, SHA-256(0x00 || statement bytes): present for an observation statement (a collection
       * that found its source unchanged), absent for an artifact. The sequencer recomputes it from the stored bytes.
       */
      leafHash: z43.string().regex(/^[0-9a-f]{64}$/, "a lower-case hex SHA-256").optional()
    });
    STATEMENT_KEY = /^(observation|coverage|manual|approval|exception)\/\d{4}\/\d{2}\/\d{2}\/([0-9a-f]{64})\.json$/;
    COVERAGE_COLLECTOR = "coverage";
    coverageScope = (runId) => `run=${runId}`;
  }
});

// shared/locker/recover.ts
import { rm as rm3 } from "node:fs/promises";
import { join as join8 } from "node:path";
async function recoverOrphans(store, ledger, appender, max = RECOVERY_MAX) {
  const since = await lastCollectedAt(ledger);
  const appended = [];
  let scanned = 0;
  for await (const key2 of store.list()) {
    const parsed2 = parseArtifactKey(key2);
    const at = Date.parse(parsed2.collectedAt);
    if (since !== void 0 && Number.isFinite(at) && at < since - RECOVERY_LOOKBACK_MS) continue;
    scanned++;
    if (await ledger.get(parsed2.sha256)) continue;
    if (appended.length >= max) break;
    const { envelope } = await store.get(key2, parsed2.sha256);
    await appender.append({
      sha256: parsed2.sha256,
      key: key2,
      collector: envelope.collector,
      scope: scopeKey(envelope.scope),
      observedAt: envelope.observedAt,
      collectedAt: envelope.collectedAt
    });
    appended.push(key2);
  }
  return { scanned, appended };
}
async function lastCollectedAt(ledger) {
  const head = await ledger.head();
  if (head.treeSize === 0) return void 0;
  const last = await ledger.entryAt(head.treeSize - 1);
  return last ? Date.parse(last.collectedAt) : void 0;
}
async function removeTemporaryFiles(root) {
  const files = await temporaryFiles(root, "evidence");
  for (const rel of files) await rm3(join8(root, rel), { force: true });
  return files;
}
var RECOVERY_LOOKBACK_MS, RECOVERY_MAX;
var init_recover = __esm({
  "shared/locker/recover.ts"() {
    "use strict";
    init_runner();
    init_types2();
    init_log_audit();
    RECOVERY_LOOKBACK_MS = 24 * 60 * 60 * 1e3;
    RECOVERY_MAX = 1e3;
  }
});

// shared/ledger/coverage.ts
var coverage_exports = {};
__export(coverage_exports, {
  coverageKey: () => coverageKey,
  coverageLine: () => coverageLine,
  coverageStatement: () => coverageStatement,
  latestCoverage: () => latestCoverage,
  recordCoverage: () => recordCoverage,
  summarizeCoverage: () => summarizeCoverage
});
function coverageStatement(run) {
  const seen = /* @__PURE__ */ new Set();
  const units = [];
  const planned = [...run.planned].sort((a, b) => unitKey(a).localeCompare(unitKey(b)));
  for (const p of planned) {
    const k = unitKey(p);
    if (seen.has(k)) continue;
    seen.add(k);
    const report2 = run.reports.get(k);
    const fault = run.faults.get(k);
    if (report2) {
      const failed = report2.errors.length > 0;
      units.push({
        collector: p.collector,
        scope: p.scope,
        status: failed ? "failed" : "completed",
        outcome: report2.outcome,
        evidence: report2.evidence,
        ...failed ? { reason: cut(`source errors: ${report2.errors.join(", ")}`) } : {}
      });
    } else if (fault) {
      units.push({ collector: p.collector, scope: p.scope, status: "failed", reason: cut(fault.reason) });
    } else {
      units.push({
        collector: p.collector,
        scope: p.scope,
        status: "missing",
        reason: "no evidence recorded for this run"
      });
    }
  }
  return {
    leaf: LEAF_SCHEMA,
    kind: "coverage",
    runId: run.runId,
    plannedAt: run.plannedAt,
    completedAt: run.completedAt,
    units
  };
}
async function recordCoverage(statement, deps) {
  const { bytes, sha256: sha2562 } = encodeStatement(statement);
  const key2 = statementKey("coverage", statement.completedAt, sha2562);
  await deps.statements.put(key2, bytes, "application/json");
  const appended = await deps.ledger.append({
    sha256: sha2562,
    key: key2,
    collector: COVERAGE_COLLECTOR,
    scope: coverageScope(statement.runId),
    observedAt: statement.completedAt,
    collectedAt: statement.completedAt,
    leafHash: leafHash(bytes).toString("hex")
  });
  return { sha256: sha2562, key: key2, statement, ...appended.index !== void 0 ? { index: appended.index } : {} };
}
function pairOf(scope) {
  const parts = Object.fromEntries(scope.split(",").map((kv) => kv.split("=")));
  return parts.account ? `${parts.account}/${parts.region ?? "global"}` : void 0;
}
function summarizeCoverage(s) {
  const pairs = /* @__PURE__ */ new Map();
  const sources = /* @__PURE__ */ new Map();
  for (const u2 of s.units) {
    const pair = pairOf(u2.scope);
    const m = pair ? pairs : sources;
    const k = pair ?? `${u2.collector} ${u2.scope}`;
    m.set(k, (m.get(k) ?? true) && u2.status === "completed");
  }
  const collected = (m) => [...m.values()].filter(Boolean).length;
  return {
    runId: s.runId,
    completedAt: s.completedAt,
    pairs: { planned: pairs.size, collected: collected(pairs) },
    sources: { planned: sources.size, collected: collected(sources) },
    units: { planned: s.units.length, completed: s.units.filter((u2) => u2.status === "completed").length },
    notCollected: s.units.filter((u2) => u2.status !== "completed").map((u2) => `${u2.collector} ${u2.scope}: ${u2.status}${u2.reason ? ` (${u2.reason})` : ""}`)
  };
}
function coverageLine(s, show = 5) {
  const missing = s.notCollected.length ? `, not collected: ${s.notCollected.slice(0, show).join("; ")}${s.notCollected.length > show ? `; \u2026 ${s.notCollected.length - show} more` : ""}` : ", missing: none";
  const other = s.sources.planned ? `; other sources ${s.sources.collected}/${s.sources.planned}` : "";
  return `accounts x regions collected: ${s.pairs.collected}/${s.pairs.planned}${other}; units ${s.units.completed}/${s.units.planned}${missing} (run ${s.runId})`;
}
async function latestCoverage(ledger, blobs) {
  let latest;
  for await (const key2 of blobs.list("coverage")) {
    const sha3 = /([0-9a-f]{64})\.json$/.exec(key2)?.[1];
    const entry = sha3 ? await ledger.get(sha3) : void 0;
    if (!entry || entry.key !== key2) continue;
    const parsed2 = decodeLeaf(await blobs.get(key2, entry.sha256));
    if (parsed2.kind !== "coverage") continue;
    if (!latest || parsed2.completedAt > latest.completedAt) latest = parsed2;
  }
  return latest;
}
var unitKey, MAX_REASON, cut, coverageKey;
var init_coverage2 = __esm({
  "shared/ledger/coverage.ts"() {
    "use strict";
    init_files();
    init_append_request();
    init_leaf();
    init_merkle();
    unitKey = (u2) => `${u2.collector}\0${u2.scope}`;
    MAX_REASON = 300;
    cut = (s) => s.length > MAX_REASON ? `${s.slice(0, MAX_REASON - 1)}\u2026` : s;
    coverageKey = (collector28, scope) => unitKey({ collector: collector28, scope });
  }
});

// shared/cli/ops/collect.ts
var collect_exports = {};
__export(collect_exports, {
  rulesForConfig: () => rulesForConfig,
  runCollection: () => runCollection,
  selectCollectors: () => selectCollectors
});
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
function sourceScope(collector28, config) {
  const idp = config.identityProviders;
  switch (collector28.meta.source) {
    case "github":
      return config.github ? { org: config.github.org } : void 0;
    case "okta":
      return idp.okta ? { tenant: new URL(idp.okta.baseUrl).host } : void 0;
    case "entra":
      return idp.entra ? { tenant: idp.entra.tenantId } : void 0;
    case "google-workspace":
      return idp.googleWorkspace ? { tenant: idp.googleWorkspace.customer } : void 0;
    case "derived":
      return collector28.meta.id === RECONCILIATION_ID ? RECONCILIATION_SCOPE : void 0;
    default:
      return void 0;
  }
}
function selectCollectors(config, only) {
  const enabled = (c) => config.collectors[c.meta.id]?.enabled !== false;
  const runnable = (c) => c.meta.source === "aws" || sourceScope(c, config) !== void 0;
  if (!only || only.length === 0) return collectors.filter((c) => enabled(c) && runnable(c));
  const issues = [];
  const picked = [];
  for (const id of new Set(only)) {
    const c = collectors.find((x) => x.meta.id === id);
    if (!c)
      issues.push(
        `--collector ${id}: no such collector (known: ${collectors.map((x) => x.meta.id).join(", ")})`
      );
    else if (!enabled(c))
      issues.push(`--collector ${id}: disabled in the configuration (collectors.${id}.enabled)`);
    else if (!runnable(c)) issues.push(`--collector ${id}: its source (${c.meta.source}) is not configured`);
    else picked.push(c);
  }
  if (issues.length) throw new ValidationError("collector selection", issues);
  return picked;
}
function rulesForConfig(rules2, config) {
  const ingested = collectors.filter((c) => c.meta.ingest && config.collectors[c.meta.id]?.enabled === true).map((c) => c.meta.id);
  return rulesForCollectors(rules2, [...selectCollectors(config).map((c) => c.meta.id), ...ingested]);
}
async function runCollection(config, backend, opts) {
  const chosen = selectCollectors(config, opts.only);
  const appender = backend.locker ? checkedAppender(backend.ledger, backend.store, backend.blobs) : backend.ledger;
  const recovered = backend.locker ? await recoverLocker(backend, appender) : [];
  const groups = [];
  const secretsManager = () => new SecretsManagerClient({
    region: opts.homeRegion,
    ...opts.connection.endpoint ? { endpoint: opts.connection.endpoint } : {}
  });
  const sources = { env: opts.secretEnv ?? {}, secretsManager: secretsManager() };
  const idp = { ...buildIdpExtras(config.identityProviders, sources), ...opts.extras };
  const aws = chosen.filter((c) => c.meta.source === "aws");
  if (aws.length)
    groups.push({ units: await planUnits(aws, config.aws, opts.connection, opts.homeRegion), extras: idp });
  const gh = chosen.filter((c) => c.meta.source === "github");
  if (gh.length && config.github) {
    const auth = await resolveGitHubAuth(config.github.auth, sources);
    const since = new Date(
      opts.now().getTime() - config.github.pullRequestLookbackDays * 864e5
    ).toISOString();
    const github = createGitHubClient({ auth, baseUrl: config.github.baseUrl });
    groups.push({
      units: gh.map((collector28) => ({ collector: collector28, scope: sourceScope(collector28, config), connection: {} })),
      extras: { ...githubExtras({ github, githubOrg: config.github.org, since }), ...opts.extras },
      identity: config.github.auth.type === "app" ? `github-app:${config.github.auth.appId}` : "github-token"
    });
  }
  for (const c of chosen.filter((x) => x.meta.source !== "aws" && x.meta.source !== "github")) {
    if (c.meta.id === RECONCILIATION_ID) continue;
    groups.push({ units: [{ collector: c, scope: sourceScope(c, config), connection: {} }], extras: idp });
  }
  const reconciliation = chosen.find((c) => c.meta.id === RECONCILIATION_ID);
  if (reconciliation)
    groups.push({
      units: [{ collector: reconciliation, scope: RECONCILIATION_SCOPE, connection: {} }],
      extras: async () => ({
        ...await reconciliationExtras(config, backend.evidence),
        ...opts.extras
      })
    });
  const total = groups.reduce((n, g) => n + g.units.length, 0);
  const plannedAt = opts.now().toISOString();
  const results = [];
  const failures = [];
  for (const g of groups) {
    const out = await collectAll(
      g.units,
      {
        store: backend.store,
        ledger: appender,
        index: backend.index,
        statements: backend.blobs,
        now: opts.now,
        extras: typeof g.extras === "function" ? await g.extras() : g.extras,
        ...g.identity ? { identity: g.identity } : {},
        ...opts.notes?.length ? { notes: opts.notes } : {}
      },
      {
        concurrency: config.aws.concurrency,
        perAccountConcurrency: config.aws.perAccountConcurrency,
        onResult: (r) => {
          results.push(r);
          opts.onResult?.(r, results.length, total);
        }
      }
    );
    failures.push(...out.failures);
  }
  const coverage = backend.blobs ? await recordCoverage(
    runCoverage(
      plannedAt,
      opts.now().toISOString(),
      groups.flatMap((g) => g.units),
      results,
      failures
    ),
    { statements: backend.blobs, ledger: appender }
  ) : void 0;
  return {
    units: total,
    stored: results.filter((r) => r.outcome === "stored").length,
    unchanged: results.filter((r) => r.outcome === "unchanged").length,
    withErrors: results.filter((r) => r.envelope.errors.length > 0).length,
    results,
    failures,
    ...recovered.length ? { recovered } : {},
    ...coverage ? { coverage } : {}
  };
}
function runCoverage(plannedAt, completedAt, planned, results, failures) {
  const reports = /* @__PURE__ */ new Map();
  for (const r of results)
    reports.set(coverageKey(r.collector, scopeKey(r.scope)), {
      outcome: r.outcome === "stored" ? "stored" : "observed",
      evidence: r.observation?.sha256 ?? r.sha256,
      errors: r.envelope.errors.map((e) => `${e.code}${e.operation ? `:${e.operation}` : ""}`)
    });
  const faults = /* @__PURE__ */ new Map();
  for (const f of failures)
    faults.set(coverageKey(f.collector, scopeKey(f.scope)), { reason: `${f.code}: ${f.message}` });
  const units = planned.map((u2) => ({ collector: u2.collector.meta.id, scope: scopeKey(u2.scope) }));
  const selection = sha256Hex(units.map((u2) => `${u2.collector} ${u2.scope}`).join("\n")).slice(0, 12);
  return coverageStatement({
    runId: `collect:${plannedAt}:${selection}`,
    plannedAt,
    completedAt,
    planned: units,
    reports,
    faults
  });
}
async function recoverLocker(backend, appender) {
  await removeTemporaryFiles(backend.locker.root);
  return (await recoverOrphans(backend.store, backend.ledger, appender)).appended;
}
var init_collect = __esm({
  "shared/cli/ops/collect.ts"() {
    "use strict";
    init_extras();
    init_collect_all();
    init_plan();
    init_registry();
    init_errors();
    init_client();
    init_extras3();
    init_secrets2();
    init_extras2();
    init_registry2();
    init_append_request();
    init_recover();
    init_coverage2();
    init_runner();
    init_canonical();
  }
});

// shared/cli/progress.ts
var progress_exports = {};
__export(progress_exports, {
  startProgress: () => startProgress
});
import ora from "ora";
function startProgress(io, text3, json5 = false) {
  if (useColor(io, json5)) {
    const spinner = ora({ text: text3, stream: process.stderr }).start();
    return {
      update: (t) => void (spinner.text = t),
      succeed: (t) => void spinner.succeed(t),
      fail: (t) => void spinner.fail(t)
    };
  }
  return {
    update: () => {
    },
    succeed: (t) => json5 ? void 0 : io.err(`${t}
`),
    fail: (t) => io.err(`${t}
`)
  };
}
var init_progress = __esm({
  "shared/cli/progress.ts"() {
    "use strict";
    init_output();
  }
});

// shared/config/deployment-import.ts
var deployment_import_exports = {};
__export(deployment_import_exports, {
  deploymentFromOutputs: () => deploymentFromOutputs,
  withDeployment: () => withDeployment
});
import * as z44 from "zod";
function deploymentFromOutputs(outputs) {
  const r = CdkOutputsSchema.safeParse(outputs);
  if (!r.success) throw new ValidationError("CDK outputs file", formatIssues(r.error.issues));
  const s = r.data[STATEFUL];
  const l = r.data[STATELESS];
  return {
    region: s.SigningKeyArn.split(":")[3],
    evidenceBucket: s.EvidenceBucketName,
    ledgerTable: s.LedgerTableName,
    ...s.EvidenceKeyArn ? { evidenceKeyArn: s.EvidenceKeyArn } : {},
    signingKeyArn: s.SigningKeyArn,
    ...l?.SnapshotApiId ? { snapshotApiId: l.SnapshotApiId } : {},
    ...l?.SnapshotApiUrl ? { snapshotApiUrl: l.SnapshotApiUrl } : {}
  };
}
function withDeployment(configText, deployment) {
  let raw;
  try {
    raw = JSON.parse(configText);
  } catch {
    throw new ConfigError(["(root): not valid JSON"]);
  }
  const next = { ...raw, deployment };
  const r = FluxConfigSchema.safeParse(next);
  if (!r.success) throw new ConfigError(formatIssues(r.error.issues));
  return `${JSON.stringify(next, null, 2)}
`;
}
var STATEFUL, STATELESS, arn, CdkOutputsSchema;
var init_deployment_import = __esm({
  "shared/config/deployment-import.ts"() {
    "use strict";
    init_errors();
    init_schema();
    STATEFUL = "FluxEvidence-Stateful";
    STATELESS = "FluxEvidence-Stateless";
    arn = z44.string().startsWith("arn:");
    CdkOutputsSchema = z44.object({
      [STATEFUL]: z44.object({
        EvidenceBucketName: z44.string().min(3),
        LedgerTableName: z44.string().min(3),
        EvidenceKeyArn: arn.optional(),
        SigningKeyArn: arn.regex(/^arn:[\w-]+:kms:[a-z0-9-]+:\d{12}:key\//, "must be a KMS key ARN")
      }),
      [STATELESS]: z44.object({ SnapshotApiId: z44.string().optional(), SnapshotApiUrl: z44.url().optional() }).optional()
    });
  }
});

// shared/collectors/meta-registry.ts
function getCollectorMeta(id) {
  return collectorMetas.find((m) => m.id === id);
}
var collectorMetas;
var init_meta_registry = __esm({
  "shared/collectors/meta-registry.ts"() {
    "use strict";
    init_meta();
    init_meta2();
    init_meta3();
    init_meta4();
    init_meta5();
    init_meta6();
    init_meta7();
    init_meta8();
    init_meta9();
    init_meta10();
    init_meta11();
    init_meta12();
    init_meta13();
    init_meta14();
    init_meta15();
    init_meta16();
    init_meta17();
    init_meta18();
    init_meta19();
    init_meta20();
    init_meta21();
    init_meta22();
    init_meta23();
    init_meta24();
    init_meta25();
    init_meta26();
    init_meta27();
    collectorMetas = [
      meta,
      meta2,
      meta3,
      meta4,
      meta5,
      meta6,
      meta7,
      meta8,
      meta9,
      meta10,
      meta11,
      meta12,
      meta13,
      meta14,
      meta15,
      meta16,
      meta17,
      meta18,
      meta19,
      meta20,
      meta21,
      meta22,
      meta23,
      meta24,
      meta25,
      meta26,
      meta27
    ];
  }
});

// shared/doctor/names.ts
var SCHEDULE_PREFIX, SCHEDULE_NAMES, STACKS;
var init_names = __esm({
  "shared/doctor/names.ts"() {
    "use strict";
    SCHEDULE_PREFIX = "FluxEvidence-";
    SCHEDULE_NAMES = {
      collector: (id) => `${SCHEDULE_PREFIX}collect-${id}`,
      checkpoint: `${SCHEDULE_PREFIX}checkpoint`,
      evidenceGap: `${SCHEDULE_PREFIX}evidence-gap`
    };
    STACKS = { stateful: "FluxEvidence-Stateful", stateless: "FluxEvidence-Stateless" };
  }
});

// shared/doctor/checks.ts
import { DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { paginateListSchedules } from "@aws-sdk/client-scheduler";
import { ListSubscriptionsByTopicCommand } from "@aws-sdk/client-sns";
import { AssumeRoleCommand, GetCallerIdentityCommand as GetCallerIdentityCommand3 } from "@aws-sdk/client-sts";
import { paginateListAccounts as paginateListAccounts2 } from "@aws-sdk/client-organizations";
async function checkStacks(d) {
  const checks = [];
  let outputs = {};
  for (const name of [STACKS.stateful, STACKS.stateless]) {
    const check = `stack ${name}`;
    const stack = await d.cfn.send(new DescribeStacksCommand({ StackName: name })).then((r) => r.Stacks?.[0]).catch(() => void 0);
    const fix = `npx cdk deploy --all -c config=${d.configPath}`;
    if (!stack) checks.push({ check, status: "fail", detail: "not found in this account and region", fix });
    else if (!/_COMPLETE$/.test(stack.StackStatus ?? "") || /ROLLBACK|DELETE/.test(stack.StackStatus ?? ""))
      checks.push({ check, status: "fail", detail: `status ${stack.StackStatus}`, fix });
    else {
      checks.push(ok(check, `status ${stack.StackStatus}`));
      if (name === STACKS.stateless)
        outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    }
  }
  return { checks, outputs };
}
async function checkMemberRoles(d) {
  const { aws } = d.config;
  const self = (await d.sts.send(new GetCallerIdentityCommand3({}))).Account;
  let ids = [];
  if (aws.accounts.mode === "list") ids = aws.accounts.ids;
  else if (aws.accounts.mode === "organization") {
    const exclude = new Set(aws.accounts.exclude);
    for await (const page3 of paginateListAccounts2({ client: d.orgs }, {}))
      for (const a of page3.Accounts ?? [])
        if (a.Id && a.Status === "ACTIVE" && !exclude.has(a.Id)) ids.push(a.Id);
  }
  const members = ids.filter((id) => id !== self);
  if (members.length === 0)
    return [ok("member roles", "no member accounts configured (platform account only)")];
  const failed = [];
  for (const account of members) {
    try {
      await d.sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${account}:role/${aws.memberRoleName}`,
          RoleSessionName: "flux-doctor",
          DurationSeconds: 900,
          ...aws.externalId ? { ExternalId: aws.externalId } : {}
        })
      );
    } catch (e) {
      failed.push(`${account} (${e.name})`);
    }
  }
  if (failed.length === 0)
    return [ok("member roles", `${members.length} account(s): ${aws.memberRoleName} assumable`)];
  return [
    {
      check: "member roles",
      status: "fail",
      detail: `${failed.length} of ${members.length} not assumable: ${failed.join(", ")}`,
      fix: `deploy infra/member-account-role.yaml in those accounts (StackSet: docs/DEPLOY.md) with ExternalId = aws.externalId and RoleName = ${aws.memberRoleName}`
    }
  ];
}
async function checkSchedules(d) {
  const found = [];
  for await (const page3 of paginateListSchedules({ client: d.scheduler }, { NamePrefix: SCHEDULE_PREFIX }))
    for (const s of page3.Schedules ?? []) found.push({ name: s.Name, state: s.State ?? "UNKNOWN" });
  const fix = `re-run npx cdk deploy --all -c config=${d.configPath} (it sets every schedule ENABLED)`;
  const checks = [];
  if (!found.some((s) => s.name === SCHEDULE_NAMES.checkpoint))
    checks.push({
      check: "schedules",
      status: "fail",
      detail: `${SCHEDULE_NAMES.checkpoint} is missing`,
      fix
    });
  const disabled = found.filter((s) => s.state !== "ENABLED").map((s) => s.name);
  if (disabled.length)
    checks.push({ check: "schedules", status: "fail", detail: `not enabled: ${disabled.join(", ")}`, fix });
  if (!checks.length) checks.push(ok("schedules", `${found.length} enabled`));
  const prefix = SCHEDULE_NAMES.collector("");
  const collectors2 = found.filter((s) => s.name.startsWith(prefix) && s.state === "ENABLED").map((s) => s.name.slice(prefix.length));
  return { checks, collectors: collectors2 };
}
async function checkLastRuns(d, collectors2) {
  const out = [];
  for (const id of [...collectors2].sort()) {
    const check = `last run ${id}`;
    const latest = (await d.evidence.latest(id)).map((e) => e.collectedAt).sort().at(-1);
    const ttl = getCollectorMeta(id)?.ttlHours ?? 24;
    const fix = `see the collector's logs: aws logs tail /aws/lambda/<${id} function> (and its dead-letter queue)`;
    if (!latest) out.push({ check, status: "warn", detail: "no evidence yet", fix });
    else {
      const ms = d.now().getTime() - Date.parse(latest);
      out.push(
        ms > ttl * HOUR ? { check, status: "warn", detail: `${age(ms)} ago, older than its ${ttl} h time to live`, fix } : ok(check, `${age(ms)} ago`)
      );
    }
  }
  return out;
}
async function checkCheckpoint(d) {
  const cp = await d.ledger.latestCheckpoint();
  const fix = `check the sequencer: the ${SCHEDULE_NAMES.checkpoint} schedule, its function's errors and dead-letter queue`;
  if (!cp) return { check: "checkpoint", status: "fail", detail: "no signed checkpoint", fix };
  const ms = d.now().getTime() - Date.parse(cp.checkpoint.timestamp);
  if (ms > CHECKPOINT_MAX_AGE_MINUTES * 6e4)
    return {
      check: "checkpoint",
      status: "fail",
      detail: `last signed ${age(ms)} ago (tree size ${cp.checkpoint.treeSize})`,
      fix
    };
  return ok("checkpoint", `signed ${age(ms)} ago, tree size ${cp.checkpoint.treeSize}`);
}
async function checkAlertTopic(d, topicArn) {
  const check = "alert subscribers";
  if (!topicArn)
    return {
      check,
      status: "fail",
      detail: "no AlertsTopicArn output on the stateless stack",
      fix: "deploy the stacks"
    };
  const subs = (await d.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions ?? [];
  const confirmed = subs.filter((s) => s.SubscriptionArn && s.SubscriptionArn !== "PendingConfirmation");
  if (confirmed.length)
    return ok(check, `${confirmed.length} confirmed (${confirmed.map((s) => s.Protocol).join(", ")})`);
  return {
    check,
    status: "fail",
    detail: subs.length ? `${subs.length} pending confirmation, none confirmed` : "nobody is subscribed: alerts reach no one",
    fix: `set alerts.email in the configuration and redeploy, or: aws sns subscribe --topic-arn ${topicArn} --protocol email --notification-endpoint you@example.com (then confirm the e-mail)`
  };
}
var HOUR, CHECKPOINT_MAX_AGE_MINUTES, age, ok;
var init_checks2 = __esm({
  "shared/doctor/checks.ts"() {
    "use strict";
    init_meta_registry();
    init_names();
    HOUR = 36e5;
    CHECKPOINT_MAX_AGE_MINUTES = 15;
    age = (ms) => ms < 2 * HOUR ? `${Math.round(ms / 6e4)} min` : `${Math.round(ms / HOUR)} h`;
    ok = (check, detail) => ({ check, status: "ok", detail });
  }
});

// shared/doctor/run.ts
var run_exports = {};
__export(run_exports, {
  buildDoctorDeps: () => buildDoctorDeps,
  runDoctor: () => runDoctor
});
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { DynamoDBClient as DynamoDBClient2 } from "@aws-sdk/client-dynamodb";
import { OrganizationsClient as OrganizationsClient2 } from "@aws-sdk/client-organizations";
import { S3Client as S3Client5 } from "@aws-sdk/client-s3";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SNSClient } from "@aws-sdk/client-sns";
import { STSClient as STSClient3 } from "@aws-sdk/client-sts";
import { DynamoDBDocumentClient as DynamoDBDocumentClient2 } from "@aws-sdk/lib-dynamodb";
async function runDoctor(d) {
  const guard = async (check, fn, fallback) => {
    try {
      return await fn();
    } catch (e) {
      return fallback({
        check,
        status: "fail",
        detail: `could not check: ${e.name}: ${e.message}`
      });
    }
  };
  const stacks = await guard(
    "stacks",
    () => checkStacks(d),
    (c) => ({ checks: [c], outputs: {} })
  );
  const members = await guard(
    "member roles",
    () => checkMemberRoles(d),
    (c) => [c]
  );
  const schedules = await guard(
    "schedules",
    () => checkSchedules(d),
    (c) => ({ checks: [c], collectors: [] })
  );
  const runs = await guard(
    "last runs",
    () => checkLastRuns(d, schedules.collectors),
    (c) => [c]
  );
  const checkpoint = await guard(
    "checkpoint",
    () => checkCheckpoint(d),
    (c) => c
  );
  const topic = await guard(
    "alert subscribers",
    () => checkAlertTopic(d, stacks.outputs.AlertsTopicArn),
    (c) => c
  );
  return [...stacks.checks, ...members, ...schedules.checks, ...runs, checkpoint, topic];
}
function buildDoctorDeps(config, configPath, endpoint, now = () => /* @__PURE__ */ new Date()) {
  const d = config.deployment;
  const conn = { region: d.region, ...endpoint ? { endpoint } : {} };
  const doc = DynamoDBDocumentClient2.from(new DynamoDBClient2(conn));
  const store = new S3EvidenceStore({
    s3: new S3Client5({ ...conn, forcePathStyle: !!endpoint }),
    bucket: d.evidenceBucket,
    retention: config.retention
  });
  const index = new DynamoContentIndex(doc, d.ledgerTable);
  return {
    config,
    configPath,
    cfn: new CloudFormationClient(conn),
    sts: new STSClient3(conn),
    orgs: new OrganizationsClient2(conn),
    scheduler: new SchedulerClient(conn),
    sns: new SNSClient(conn),
    ledger: new DynamoLedger({ client: doc, tableName: d.ledgerTable, origin: config.origin }),
    evidence: new IndexedEvidenceLoader({ doc, tableName: d.ledgerTable, index, store }),
    now
  };
}
var init_run = __esm({
  "shared/doctor/run.ts"() {
    "use strict";
    init_content_index();
    init_dynamo_ledger();
    init_evidence_loader();
    init_s3_store();
    init_checks2();
  }
});

// shared/alerts/catalog.ts
function createControlCatalog(controls, frameworks) {
  const cache = /* @__PURE__ */ new Map();
  const inScope = new Set(frameworks.map((f) => f.id));
  return {
    describe(controlId2) {
      let info = cache.get(controlId2);
      if (!info) {
        const control = controls.find((c) => c.id === controlId2);
        info = control ? {
          id: control.id,
          title: control.title,
          frequency: control.frequency,
          requirements: requirementsForControl(frameworks, {
            ...control,
            mappings: control.mappings.filter((m) => inScope.has(m.framework))
          }).map((m) => ({ framework: m.framework, id: m.requirement.id, title: m.requirement.title }))
        } : { id: controlId2, requirements: [] };
        cache.set(controlId2, info);
      }
      return info;
    }
  };
}
var init_catalog = __esm({
  "shared/alerts/catalog.ts"() {
    "use strict";
    init_frameworks();
  }
});

// shared/alerts/types.ts
function isGapTransition(t) {
  return t.kind === "evidence-gap" || t.kind === "evidence-restored";
}
function isManualTransition(t) {
  return t.kind === "evidence-expiring" || t.kind === "evidence-expired" || t.kind === "exception-expired";
}
function alertKind(t) {
  if (isManualTransition(t)) return MANUAL_KIND[t.kind];
  if (isGapTransition(t)) return t.kind === "evidence-gap" ? "EVIDENCE_GAP" : "EVIDENCE_RESTORED";
  if (t.to === "FAIL") return "DRIFT";
  if (t.to === "UNKNOWN") return "UNKNOWN";
  if (t.to === "PASS" && (t.from === "FAIL" || t.from === "UNKNOWN")) return "RECOVERED";
  return "CHANGED";
}
function alertKey(t) {
  if (isManualTransition(t)) return `ALERT#MANUAL#${t.id}#${MANUAL_KIND[t.kind]}`;
  if (isGapTransition(t)) {
    const edge = t.kind === "evidence-gap" ? "OPEN" : "CLOSED";
    return `ALERT#GAP#${t.collector}#${t.scope}#${new Date(t.openedAt).toISOString()}#${edge}`;
  }
  return `ALERT#${t.controlId}#${new Date(t.at).toISOString()}#${t.to}`;
}
var MANUAL_KIND;
var init_types4 = __esm({
  "shared/alerts/types.ts"() {
    "use strict";
    MANUAL_KIND = {
      "evidence-expiring": "EVIDENCE_EXPIRING",
      "evidence-expired": "EVIDENCE_EXPIRED",
      "exception-expired": "EXCEPTION_EXPIRED"
    };
  }
});

// shared/alerts/message.ts
function evidenceLink(base3, artifact) {
  if (!base3) return void 0;
  const path = artifact.key ?? `artifacts/${artifact.sha256}`;
  return `${base3.replace(/\/+$/, "")}/${path.split("/").map(encodeURIComponent).join("/")}`;
}
function byFramework(reqs) {
  const out = /* @__PURE__ */ new Map();
  for (const r of reqs) {
    const list2 = out.get(r.framework) ?? [];
    if (!list2.some((x) => x.id === r.id)) list2.push(r);
    out.set(r.framework, list2);
  }
  return out;
}
function snsSubject(raw) {
  const ascii = raw.replace(/→/g, "->").replace(/\s+/g, " ").replace(/[^\x20-\x7e]/g, "?").trim();
  return ascii.length <= 100 ? ascii : `${ascii.slice(0, 97)}...`;
}
function buildAlertMessage(t, opts) {
  if (isManualTransition(t)) return buildManualAlertMessage(t, opts);
  const kind = alertKind(t);
  const key2 = alertKey(t);
  const max = opts.maxResources ?? 50;
  const gap3 = isGapTransition(t);
  const controls = (gap3 ? t.controlIds : [t.controlId]).map((id) => opts.catalog.describe(id));
  const frameworks = byFramework(controls.flatMap((c) => c.requirements));
  const failingAll = gap3 ? [] : t.failing.map((f) => redactString(f.resource));
  const failing = failingAll.slice(0, max);
  const artifacts = gap3 ? t.artifact ? [t.artifact] : [] : (t.artifacts ?? []).map((sha2562) => ({ sha256: sha2562 }));
  const links = artifacts.slice(0, 5).map((a) => evidenceLink(opts.evidenceLinkBase, a)).filter((l) => l !== void 0);
  const firstSeenAt = gap3 ? t.openedAt : t.at;
  const reason = gap3 ? t.kind === "evidence-gap" ? `no evidence from ${t.collector} for ${t.scope} fresher than ${t.ttlHours}h` + (t.lastEvidenceAt ? ` (last observed ${t.lastEvidenceAt})` : " (never observed)") : `fresh evidence from ${t.collector} for ${t.scope} observed at ${t.at}` : t.reason;
  const what = gap3 ? `${t.collector} ${t.scope}` : `${t.controlId} ${controls[0]?.title ?? ""}`.trim();
  const change = gap3 ? "" : ` (${t.from ?? "NEW"} -> ${t.to})`;
  const lines = [
    `${HEADLINE[kind]}: ${what}${change}`,
    "",
    `Reason: ${reason}`,
    `First seen: ${firstSeenAt}`
  ];
  if (!gap3) lines.push(`Transition time: ${t.at}`);
  if (gap3) lines.push(`Controls affected: ${controls.map((c) => c.id).join(", ") || "(none)"}`);
  if (failingAll.length > 0) {
    lines.push("", `Failing resources (${failingAll.length}):`, ...failing.map((r) => `  - ${r}`));
    if (failingAll.length > failing.length)
      lines.push(`  ... and ${failingAll.length - failing.length} more`);
  }
  if (frameworks.size > 0) {
    lines.push("", "Frameworks and requirements affected:");
    for (const [fw, reqs] of frameworks)
      lines.push(`  ${fw}: ${reqs.map((r) => `${r.id} ${r.title}`).join("; ")}`);
  }
  if (links.length > 0) lines.push("", "Evidence:", ...links.map((l) => `  ${l}`));
  lines.push("", `Alert id: ${key2}`);
  const detail = {
    schema: "flux.alert/v1",
    kind,
    alertId: key2,
    ...gap3 ? {
      collector: t.collector,
      scope: t.scope,
      ...t.lastEvidenceAt ? { lastEvidenceAt: t.lastEvidenceAt } : {}
    } : { controlId: t.controlId, from: t.from ?? null, to: t.to },
    at: t.at,
    firstSeenAt,
    reason,
    failing,
    failingCount: failingAll.length,
    controls: controls.map((c) => ({ id: c.id, ...c.title ? { title: c.title } : {} })),
    frameworks: [...frameworks].map(([framework, reqs]) => ({
      framework,
      requirements: reqs.map((r) => r.id)
    })),
    links
  };
  const subject = snsSubject(
    redactString(
      `[Flux] ${kind} ${gap3 ? `${t.collector} ${t.scope}` : `${t.controlId}${change}`}: ${gap3 ? `${t.ttlHours}h TTL` : controls[0]?.title ?? reason}`
    )
  );
  const mrkdwn = [
    `*${slackEscape(reason)}*`,
    `First seen: ${firstSeenAt}`,
    ...failingAll.length ? [
      `Failing (${failingAll.length}): ${failing.slice(0, 20).map((r) => `\`${slackEscape(r)}\``).join(", ")}`
    ] : [],
    ...frameworks.size ? [
      `Frameworks: ${[...frameworks].map(([fw, r]) => `${fw} ${r.map((x) => x.id).join(", ")}`).join(" | ")}`
    ] : [],
    ...links.map((l) => `<${l}|evidence>`)
  ].join("\n").slice(0, 2900);
  const slack = {
    text: subject,
    blocks: [
      { type: "header", text: { type: "plain_text", text: subject.slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: mrkdwn } },
      { type: "context", elements: [{ type: "mrkdwn", text: slackEscape(key2) }] }
    ]
  };
  return {
    kind,
    key: key2,
    subject,
    text: redactString(lines.join("\n")),
    detailType: gap3 ? "EvidenceGap" : "ControlStateChanged",
    detail: redact(detail),
    slack: redact(slack)
  };
}
function buildManualAlertMessage(t, opts) {
  const kind = alertKind(t);
  const key2 = alertKey(t);
  const controls = t.controlIds.map((id) => opts.catalog.describe(id));
  const reason = t.kind === "evidence-expiring" ? `"${t.subject}" is valid until ${t.until}; add a renewed, approved document before then` : t.kind === "evidence-expired" ? `"${t.subject}" was valid until ${t.until}; the requirements it served are no longer met by it` : `the accepted exception for ${t.subject} ended on ${t.until}; the failure is no longer accepted`;
  const link3 = evidenceLink(opts.evidenceLinkBase, { sha256: t.id, key: t.key });
  const requirements = [
    ...t.requirements,
    ...controls.flatMap((c) => c.requirements.map((r) => `${r.framework}:${r.id}`))
  ];
  const lines = [
    `${HEADLINE[kind]}: ${t.subject}`,
    "",
    `Reason: ${reason}`,
    `Owner: ${t.owner}`,
    `Transition time: ${t.at}`,
    `Controls: ${t.controlIds.join(", ") || "(none)"}`,
    ...requirements.length ? [`Requirements: ${[...new Set(requirements)].join(", ")}`] : [],
    ...link3 ? ["", "Evidence:", `  ${link3}`] : [],
    "",
    `Alert id: ${key2}`
  ];
  const detail = {
    schema: "flux.alert/v1",
    kind,
    alertId: key2,
    at: t.at,
    firstSeenAt: t.at,
    reason,
    failing: [],
    failingCount: 0,
    controls: controls.map((c) => ({ id: c.id, ...c.title ? { title: c.title } : {} })),
    frameworks: [...byFramework(controls.flatMap((c) => c.requirements))].map(([framework, reqs]) => ({
      framework,
      requirements: reqs.map((r) => r.id)
    })),
    links: link3 ? [link3] : []
  };
  const subject = snsSubject(redactString(`[Flux] ${kind} ${t.subject} (until ${t.until})`));
  return {
    kind,
    key: key2,
    subject,
    text: redactString(lines.join("\n")),
    detailType: "ManualEvidence",
    detail: redact(detail),
    slack: redact({
      text: subject,
      blocks: [
        { type: "header", text: { type: "plain_text", text: subject.slice(0, 150) } },
        { type: "section", text: { type: "mrkdwn", text: slackEscape(`${reason}
Owner: ${t.owner}`) } },
        { type: "context", elements: [{ type: "mrkdwn", text: slackEscape(key2) }] }
      ]
    })
  };
}
var HEADLINE, slackEscape;
var init_message = __esm({
  "shared/alerts/message.ts"() {
    "use strict";
    init_redact();
    init_types4();
    HEADLINE = {
      DRIFT: "Control drifted to FAIL",
      RECOVERED: "Control recovered",
      UNKNOWN: "Control state UNKNOWN (collector broken or evidence unusable)",
      CHANGED: "Control state changed",
      EVIDENCE_GAP: "Evidence gap: no fresh evidence",
      EVIDENCE_RESTORED: "Evidence gap closed: fresh evidence arrived",
      EVIDENCE_EXPIRING: "Manual evidence expiring soon",
      EVIDENCE_EXPIRED: "Manual evidence expired",
      EXCEPTION_EXPIRED: "Accepted exception expired"
    };
    slackEscape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
});

// shared/cli/catalog.ts
var catalog_exports = {};
__export(catalog_exports, {
  frameworksInScope: () => frameworksInScope,
  loadCatalog: () => loadCatalog
});
function loadCatalog() {
  cached ??= {
    controls: loadControls(),
    frameworks: loadFrameworks(),
    rules: [...new Map(rules.map((r) => [r.id, r])).values()],
    ttlHoursOf: (id) => getCollector(id)?.meta.ttlHours
  };
  return cached;
}
function frameworksInScope(catalog, config, only) {
  const ids = only ? [only] : config.frameworks;
  return catalog.frameworks.filter((f) => ids.includes(f.id));
}
var cached;
var init_catalog2 = __esm({
  "shared/cli/catalog.ts"() {
    "use strict";
    init_frameworks();
    init_registry();
    init_registry2();
  }
});

// shared/manual/state.ts
var state_exports = {};
__export(state_exports, {
  DEFAULT_EXPIRING_DAYS: () => DEFAULT_EXPIRING_DAYS,
  activeExceptions: () => activeExceptions,
  manualView: () => manualView,
  requirementManualState: () => requirementManualState
});
function manualView(all) {
  const approvals = all.filter((l) => l.statement.kind === "approval");
  const documents = all.filter((l) => l.statement.kind === "manual").map((d) => ({ ...d, approvals: approvals.filter((a) => a.statement.evidence === d.id) }));
  const exceptions = all.filter(
    (l) => l.statement.kind === "exception"
  );
  return { documents, exceptions };
}
function manualState(docs, at, expiringDays = DEFAULT_EXPIRING_DAYS) {
  const iso27 = at.toISOString();
  const known = docs.filter((d) => d.statement.addedAt <= iso27);
  const approved = known.filter((d) => d.approvals.some((a) => a.statement.at <= iso27));
  const pending = known.length - approved.length;
  if (approved.length === 0) return { state: "missing", pending };
  const best = [...approved].sort(
    (a, b) => (b.statement.validUntil ?? "9999-12-31").localeCompare(a.statement.validUntil ?? "9999-12-31")
  )[0];
  const until = best.statement.validUntil;
  const state = until === void 0 || until > day(addDays(at, expiringDays)) ? "current" : until >= day(at) ? "expiring" : "expired";
  return { state, document: best, pending };
}
function requirementManualState(view, requirement, parts, at, expiringDays = DEFAULT_EXPIRING_DAYS) {
  const named = view.documents.filter((d) => d.statement.requirements.includes(requirement));
  const units = [
    ...parts.ownHint || parts.manualControls.length === 0 ? [named] : [],
    ...parts.manualControls.map((c) => [
      ...named,
      ...view.documents.filter((d) => d.statement.controls.includes(c) && !named.includes(d))
    ])
  ];
  const verdicts = units.map((docs) => manualState(docs, at, expiringDays));
  return verdicts.reduce((worst, v) => RANK[v.state] > RANK[worst.state] ? v : worst, verdicts[0]);
}
function activeExceptions(view, controlId2, at) {
  const iso27 = at.toISOString();
  return view.exceptions.filter(
    (e) => e.statement.control === controlId2 && e.statement.addedAt <= iso27 && e.statement.expires >= day(at)
  );
}
var DEFAULT_EXPIRING_DAYS, day, addDays, RANK;
var init_state = __esm({
  "shared/manual/state.ts"() {
    "use strict";
    DEFAULT_EXPIRING_DAYS = 30;
    day = (d) => d.toISOString().slice(0, 10);
    addDays = (d, n) => new Date(d.getTime() + n * 864e5);
    RANK = { current: 0, expiring: 1, expired: 2, missing: 3 };
  }
});

// shared/cli/ops/status.ts
var status_exports = {};
__export(status_exports, {
  statusReport: () => statusReport
});
async function latestResult(results, controlId2) {
  const state = await results.getState(controlId2);
  if (!state) return void 0;
  let last;
  for await (const r of results.results(controlId2, state.observedAt, state.observedAt)) last = r;
  return last;
}
function requirementState(mapped2, states, needsManual, manual) {
  const state = automatedState(mapped2, states, needsManual);
  return state === "manual" && (manual === "current" || manual === "expiring") ? "met" : state;
}
function automatedState(mapped2, states, needsManual) {
  const automated = mapped2.filter((c) => c.automation !== "manual");
  const s = automated.map((c) => states.get(c.id));
  if (s.includes("FAIL")) return "failing";
  if (automated.length === 0) return "manual";
  if (s.some((x) => x === void 0 || x === "UNKNOWN")) return "unknown";
  return requirementStatus(
    mapped2.map((c) => c.automation),
    needsManual
  ) === "automated" ? "met" : "manual";
}
async function statusReport(frameworks, controls, results, manual) {
  const states = /* @__PURE__ */ new Map();
  const latest = /* @__PURE__ */ new Map();
  for (const c of controls) {
    if (c.automation === "manual") continue;
    const r = await latestResult(results, c.id);
    if (r) {
      states.set(c.id, r.status);
      latest.set(c.id, r);
    }
  }
  const out = [];
  for (const f of frameworks) {
    const requirements = f.requirements.filter((r) => r.assessable).map((r) => {
      const mapped2 = controlsForRequirement(controls, f.id, r.id);
      const needsManual = r.manualEvidence !== void 0 || mapped2.some((c) => c.automation !== "automated");
      const half = manual && needsManual ? manualHalf(manual, `${f.id}:${r.id}`, r.manualEvidence !== void 0, mapped2) : void 0;
      return {
        id: r.id,
        state: requirementState(mapped2, states, r.manualEvidence !== void 0, half?.state),
        controls: mapped2.map((c) => c.id),
        ...half ? { manual: half } : {}
      };
    });
    const counts2 = { met: 0, failing: 0, unknown: 0, manual: 0 };
    for (const r of requirements) counts2[r.state]++;
    const failingIds = [
      ...new Set(requirements.filter((r) => r.state === "failing").flatMap((r) => r.controls))
    ].filter((id) => states.get(id) === "FAIL");
    const failingControls = await Promise.all(
      failingIds.sort().map(async (id) => {
        const r = latest.get(id);
        const st = await results.getState(id);
        return {
          controlId: id,
          title: controls.find((c) => c.id === id)?.title ?? id,
          since: st?.since ?? r.observedAt,
          resources: r.failing.map((x) => ({ resource: x.resource, reason: x.reason ?? "" })),
          ...manual ? { exceptions: exceptionsOf(manual, id) } : {}
        };
      })
    );
    const unknownControls = [
      ...new Set(requirements.filter((r) => r.state === "unknown").flatMap((r) => r.controls))
    ].filter((id) => {
      const c = controls.find((x) => x.id === id);
      return c !== void 0 && c.automation !== "manual" && (states.get(id) ?? "UNKNOWN") === "UNKNOWN";
    }).sort().map((id) => ({
      controlId: id,
      title: controls.find((c) => c.id === id)?.title ?? id,
      reason: latest.get(id)?.reason ?? "not evaluated yet: run collect, then evaluate"
    }));
    out.push({ framework: f.id, title: f.name, counts: counts2, requirements, failingControls, unknownControls });
  }
  return out;
}
function manualHalf(manual, requirement, ownHint, mapped2) {
  const manualControls = mapped2.filter((c) => c.automation !== "automated").map((c) => c.id);
  const v = requirementManualState(
    manual.view,
    requirement,
    { ownHint, manualControls },
    manual.at,
    manual.expiringDays
  );
  const d = v.document?.statement;
  return {
    state: v.state,
    pending: v.pending,
    ...v.document && d ? {
      document: {
        id: v.document.id,
        title: d.title,
        ...d.validUntil ? { validUntil: d.validUntil } : {}
      }
    } : {}
  };
}
function exceptionsOf(manual, controlId2) {
  return activeExceptions(manual.view, controlId2, manual.at).map((e) => ({
    id: e.id,
    ...e.statement.resource ? { resource: e.statement.resource } : {},
    owner: e.statement.owner,
    reason: e.statement.reason,
    expires: e.statement.expires
  }));
}
var init_status = __esm({
  "shared/cli/ops/status.ts"() {
    "use strict";
    init_frameworks();
    init_state();
  }
});

// shared/window/instant.ts
function daysFromCivil(y, m, d) {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
function daysInMonth(y, m) {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
function digit(s, i) {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
}
function parseInstant(s) {
  const n = s.length;
  if ((n === 24 || n === 20) && s.charCodeAt(n - 1) === 90 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 84 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58 && (n === 20 || s.charCodeAt(19) === 46)) {
    const y = digit(s, 0) * 1e3 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
    const mo = digit(s, 5) * 10 + digit(s, 6);
    const d = digit(s, 8) * 10 + digit(s, 9);
    const h = digit(s, 11) * 10 + digit(s, 12);
    const mi = digit(s, 14) * 10 + digit(s, 15);
    const sec = digit(s, 17) * 10 + digit(s, 18);
    const ms = n === 24 ? digit(s, 20) * 100 + digit(s, 21) * 10 + digit(s, 22) : 0;
    if (mo >= 1 && mo <= 12 && d >= 1 && (d <= 28 || d <= daysInMonth(y, mo)) && h < 24 && mi < 60 && sec < 60 && ms >= 0) {
      return daysFromCivil(y, mo, d) * 864e5 + h * 36e5 + mi * 6e4 + sec * 1e3 + ms;
    }
  }
  return Date.parse(s);
}
var init_instant = __esm({
  "shared/window/instant.ts"() {
    "use strict";
  }
});

// shared/window/exceptions.ts
function rankOf(status2) {
  const c = status2.charCodeAt(0);
  return c === 70 ? RANK_FAIL : c === 85 ? RANK_UNKNOWN : c === 78 ? RANK_NA : RANK_PASS;
}
function iso22(t) {
  return new Date(t).toISOString();
}
function findExceptions(rank2, minFail, maxFail, minPass, rs, times, where) {
  const found = [];
  let cur;
  for (let k = 0; k < rank2.length; k++) {
    if (rank2[k] === RANK_FAIL) {
      if (cur) {
        cur.lastFail = Math.max(cur.lastFail, maxFail[k]);
        cur.lastPeriod = k;
        cur.failPeriods++;
      } else {
        cur = {
          firstFail: minFail[k],
          lastFail: maxFail[k],
          firstPeriod: k,
          lastPeriod: k,
          failPeriods: 1,
          closedBy: -1
        };
        found.push(cur);
      }
    } else if (cur && minPass[k] < Infinity) {
      cur.closedBy = k;
      cur = void 0;
    }
  }
  if (found.length === 0) return [];
  const tailOf = new Int32Array(rank2.length).fill(-1);
  found.forEach((iv, i) => tailOf[iv.lastPeriod] = i);
  const tailPass = new Float64Array(found.length).fill(Infinity);
  for (let i = 0; i < rs.length; i++) {
    const k = where[i];
    if (k < 0 || tailOf[k] < 0 || rankOf(rs[i].status) !== RANK_PASS) continue;
    const j = tailOf[k];
    const t = times[i];
    if (t > found[j].lastFail && t < tailPass[j]) tailPass[j] = t;
  }
  return found.map((iv, i) => {
    const fixed = tailPass[i] < Infinity ? tailPass[i] : iv.closedBy >= 0 ? minPass[iv.closedBy] : void 0;
    const base3 = {
      firstFailAt: iso22(iv.firstFail),
      lastFailAt: iso22(iv.lastFail),
      firstPeriod: iv.firstPeriod,
      lastPeriod: iv.lastPeriod,
      failPeriods: iv.failPeriods
    };
    return fixed === void 0 ? { ...base3, open: true } : {
      ...base3,
      remediatedAt: iso22(fixed),
      remediationHours: (fixed - iv.firstFail) / 36e5,
      open: false
    };
  });
}
var RANK_NA, RANK_PASS, RANK_UNKNOWN, RANK_FAIL;
var init_exceptions = __esm({
  "shared/window/exceptions.ts"() {
    "use strict";
    RANK_NA = 1;
    RANK_PASS = 2;
    RANK_UNKNOWN = 3;
    RANK_FAIL = 4;
  }
});

// shared/window/periods.ts
function formatter(timeZone) {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric"
      });
    } catch (cause) {
      throw new ValidationError("window", [`timeZone: "${timeZone}" is not an IANA time zone`], { cause });
    }
    formatters.set(timeZone, f);
  }
  return f;
}
function offsetAt(timeZone, t) {
  const p = {};
  for (const part of formatter(timeZone).formatToParts(new Date(t))) p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (t - (t % 1e3 + 1e3) % 1e3);
}
function localMidnight(utcDay, timeZone) {
  const guess = utcDay * DAY_MS7;
  if (!timeZone || timeZone === "UTC") return guess;
  const first = guess - offsetAt(timeZone, guess);
  return guess - offsetAt(timeZone, first);
}
function parseDay(what, s) {
  const m = DATE.exec(s);
  if (!m) throw new ValidationError("window", [`${what}: "${s}" is not a YYYY-MM-DD date`]);
  const date2 = /* @__PURE__ */ new Date(0);
  date2.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const t = date2.getTime();
  if (date2.getUTCFullYear() !== Number(m[1]) || date2.getUTCMonth() !== Number(m[2]) - 1 || date2.getUTCDate() !== Number(m[3]))
    throw new ValidationError("window", [
      `${what}: "${s}" is not a calendar date (no such day in that month)`
    ]);
  if (Number(m[1]) < MIN_YEAR || Number(m[1]) > MAX_YEAR)
    throw new ValidationError("window", [
      `${what}: "${s}" is a valid date but out of range (years ${MIN_YEAR} to ${MAX_YEAR})`
    ]);
  return { y: Number(m[1]), m: Number(m[2]) - 1, d: Number(m[3]), day: t / DAY_MS7 };
}
function addMonths(y, m, d, months) {
  const total = m + months;
  const ty = y + Math.floor(total / 12);
  const tm = (total % 12 + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return Date.UTC(ty, tm, Math.min(d, last)) / DAY_MS7;
}
function buildPeriods(window, frequency) {
  const s = parseDay("start", window.start);
  const e = parseDay("end", window.end);
  if (e.day < s.day)
    throw new ValidationError("window", [`end: ${window.end} is before start ${window.start}`]);
  const tz = window.timeZone;
  if (tz) formatter(tz);
  const endDay = e.day + 1;
  const step2 = STEP[frequency];
  const days = [];
  for (let k = 0; ; k++) {
    const day3 = step2.days ? s.day + k * step2.days : addMonths(s.y, s.m, s.d, k * step2.months);
    if (day3 >= endDay) break;
    days.push(day3);
  }
  days.push(endDay);
  const bounds = Float64Array.from(days, (d) => localMidnight(d, tz));
  const uniform = step2.days !== void 0 && (!tz || tz === "UTC") && (endDay - s.day) % step2.days === 0;
  return { bounds, count: days.length - 1, ...uniform ? { stepMs: step2.days * DAY_MS7 } : {} };
}
function periodOf(p, t) {
  const b = p.bounds;
  if (!(t >= b[0]) || t >= b[p.count]) return -1;
  if (p.stepMs) return Math.floor((t - b[0]) / p.stepMs);
  let lo = 0;
  let hi = p.count;
  while (hi - lo > 1) {
    const mid = lo + hi >>> 1;
    if (b[mid] <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}
var DAY_MS7, DATE, STEP, formatters, MIN_YEAR, MAX_YEAR;
var init_periods = __esm({
  "shared/window/periods.ts"() {
    "use strict";
    init_errors();
    DAY_MS7 = 864e5;
    DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
    STEP = {
      continuous: { days: 1 },
      daily: { days: 1 },
      weekly: { days: 7 },
      monthly: { months: 1 },
      quarterly: { months: 3 },
      annual: { months: 12 }
    };
    formatters = /* @__PURE__ */ new Map();
    MIN_YEAR = 1970;
    MAX_YEAR = 9999;
  }
});

// shared/window/verdict.ts
function judge3(counts2, evidenced, coverage, passRate, exceptions, th) {
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  const unknownMajority = evidenced === 0 || counts2.UNKNOWN > th.maxUnknownShare * evidenced;
  const sufficient = coverage >= th.minCoverage && !unknownMajority;
  const failed = counts2.FAIL > 0;
  if (!sufficient) {
    if (failed && passRate < th.minPassRate) {
      return {
        verdict: "not_effective",
        verdictReason: `${counts2.FAIL} failing periods; pass rate ${pct(passRate)} < ${pct(th.minPassRate)}`
      };
    }
    const why = coverage < th.minCoverage ? `coverage ${pct(coverage)} < ${pct(th.minCoverage)}` : `${counts2.UNKNOWN} of ${evidenced} evidenced periods UNKNOWN`;
    return { verdict: "insufficient_evidence", verdictReason: why };
  }
  if (!failed) return { verdict: "effective", verdictReason: `coverage ${pct(coverage)}, no failing period` };
  const limitHours = th.maxRemediationDays * 24;
  const remediated = exceptions.every((e) => !e.open && e.remediationHours <= limitHours);
  if (passRate >= th.minPassRate || remediated) {
    const how = passRate >= th.minPassRate ? `pass rate ${pct(passRate)} \u2265 ${pct(th.minPassRate)}` : `every exception remediated within ${th.maxRemediationDays} days`;
    return {
      verdict: "effective_with_exceptions",
      verdictReason: `${exceptions.length} exception interval(s); ${how}`
    };
  }
  return {
    verdict: "not_effective",
    verdictReason: `pass rate ${pct(passRate)} < ${pct(th.minPassRate)} and not every exception was remediated within ${th.maxRemediationDays} days`
  };
}
var init_verdict = __esm({
  "shared/window/verdict.ts"() {
    "use strict";
  }
});

// shared/window/evaluate.ts
function evaluateWindow(input) {
  const th = { ...DEFAULT_THRESHOLDS2, ...input.thresholds };
  const p = input.periods ?? buildPeriods(input.window, input.control.frequency);
  const P = p.count;
  const rank2 = new Uint8Array(P);
  const count3 = new Uint32Array(P);
  const minFail = new Float64Array(P).fill(Infinity);
  const maxFail = new Float64Array(P).fill(-Infinity);
  const minPass = new Float64Array(P).fill(Infinity);
  const rs = input.results;
  const times = new Float64Array(rs.length);
  const where = new Int32Array(rs.length);
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i];
    const t = typeof r.observedAt === "number" ? r.observedAt : parseInstant(r.observedAt);
    const k = periodOf(p, t);
    times[i] = t;
    where[i] = k;
    if (k < 0) continue;
    const rk = rankOf(r.status);
    count3[k]++;
    if (rk > rank2[k]) rank2[k] = rk;
    if (rk === RANK_FAIL) {
      if (t < minFail[k]) minFail[k] = t;
      if (t > maxFail[k]) maxFail[k] = t;
    } else if (rk === RANK_PASS && t < minPass[k]) minPass[k] = t;
  }
  const exceptions = findExceptions(rank2, minFail, maxFail, minPass, rs, times, where);
  const counts2 = { PASS: 0, FAIL: 0, UNKNOWN: 0, MISSING: 0 };
  let notApplicablePeriods = 0;
  const periods = new Array(P);
  for (let k = 0; k < P; k++) {
    const label = LABELS[rank2[k]];
    counts2[label]++;
    if (rank2[k] === RANK_NA) notApplicablePeriods++;
    periods[k] = {
      index: k,
      start: isoOf(p.bounds[k]),
      end: isoOf(p.bounds[k + 1]),
      label,
      results: count3[k]
    };
  }
  const evidenced = P - counts2.MISSING;
  const coverage = P === 0 ? 0 : evidenced / P;
  const passRate = evidenced === 0 ? 0 : counts2.PASS / evidenced;
  const judged = judge3(counts2, evidenced, coverage, passRate, exceptions, th);
  const { verdict: verdict2 } = judged;
  const verdictReason = notApplicablePeriods > 0 && verdict2 === "insufficient_evidence" ? `${judged.verdictReason} (${notApplicablePeriods} of them NOT_APPLICABLE, which is not met unless the requirement is excluded from scope)` : judged.verdictReason;
  return {
    controlId: input.control.id,
    frequency: input.control.frequency,
    window: input.window,
    periods,
    counts: counts2,
    coverage,
    passRate,
    exceptions,
    verdict: verdict2,
    verdictReason,
    notApplicablePeriods
  };
}
function whollyNotApplicable(r) {
  return r.notApplicablePeriods > 0 && r.counts.PASS === 0 && r.counts.FAIL === 0 && r.counts.UNKNOWN === r.notApplicablePeriods;
}
function evaluateWindows(window, controls, resultsOf, thresholds) {
  const cache = /* @__PURE__ */ new Map();
  return controls.map((control) => {
    let periods = cache.get(control.frequency);
    if (!periods) cache.set(control.frequency, periods = buildPeriods(window, control.frequency));
    return evaluateWindow({
      window,
      control,
      results: resultsOf(control.id),
      periods,
      ...thresholds ? { thresholds } : {}
    });
  });
}
function isoOf(t) {
  return new Date(t).toISOString();
}
var DEFAULT_THRESHOLDS2, LABELS;
var init_evaluate = __esm({
  "shared/window/evaluate.ts"() {
    "use strict";
    init_instant();
    init_exceptions();
    init_periods();
    init_verdict();
    DEFAULT_THRESHOLDS2 = {
      minCoverage: 0.95,
      minPassRate: 0.9,
      maxRemediationDays: 7,
      maxUnknownShare: 0.5
    };
    LABELS = ["MISSING", "UNKNOWN", "PASS", "UNKNOWN", "FAIL"];
  }
});

// shared/window/rollup.ts
function rollUpRequirement(requirement, verdicts, scope) {
  const excused = (id) => scope?.excludedBecause !== void 0 && scope.notApplicable.has(id);
  const controls = requirement.controls.map((controlId2) => ({
    controlId: controlId2,
    verdict: excused(controlId2) ? "effective" : verdicts.get(controlId2) ?? "insufficient_evidence"
  }));
  const manualControls = controls.filter((c) => c.verdict === "manual").map((c) => c.controlId);
  const automated = controls.filter((c) => c.verdict !== "manual").map((c) => c.verdict);
  const status2 = automated.length === 0 ? "manual" : automated.includes("not_effective") ? "not_effective" : automated.includes("insufficient_evidence") ? "insufficient_evidence" : automated.every((v) => v === "effective") ? "effective" : "effective_with_exceptions";
  return {
    requirementId: requirement.id,
    status: status2,
    manualControls,
    controls,
    ...scope?.excludedBecause !== void 0 ? { excluded: scope.excludedBecause } : {}
  };
}
var init_rollup = __esm({
  "shared/window/rollup.ts"() {
    "use strict";
  }
});

// shared/window/sample.ts
import { createHash as createHash4 } from "node:crypto";
function sampleSeed(cp, auditorNonce) {
  const { rootHash, treeSize } = cp.checkpoint;
  const nonce = auditorNonce === void 0 ? "" : `|${auditorNonce}`;
  return createHash4("sha256").update(`${rootHash}|${treeSize}|${cp.signature}${nonce}`, "utf8").digest("hex");
}
function drawSampleIndices(seedHex, controlId2, population, size) {
  if (!/^[0-9a-f]{64}$/.test(seedHex))
    throw new ValidationError("sample", [`seed: must be 64 hex characters`]);
  const k = Math.min(size, population);
  const rng = new HashStream(`${seedHex}|${controlId2}`);
  const deck = Array.from({ length: population }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.below(population - i);
    [deck[i], deck[j]] = [deck[j], deck[i]];
  }
  return deck.slice(0, k).sort((a, b) => a - b);
}
function sampleWindow(report2, checkpoint, size, auditorNonce) {
  const seed = sampleSeed(checkpoint, auditorNonce);
  const n = size ?? SAMPLE_SIZES[report2.frequency];
  const idx = drawSampleIndices(seed, report2.controlId, report2.periods.length, n);
  return { controlId: report2.controlId, seed, size: idx.length, periods: idx.map((i) => report2.periods[i]) };
}
var SAMPLE_SIZES, HashStream;
var init_sample = __esm({
  "shared/window/sample.ts"() {
    "use strict";
    init_errors();
    SAMPLE_SIZES = {
      annual: 1,
      quarterly: 2,
      monthly: 2,
      weekly: 5,
      daily: 25,
      continuous: 40
    };
    HashStream = class {
      constructor(prefix) {
        this.prefix = prefix;
      }
      prefix;
      block = Buffer.alloc(0);
      offset = 32;
      counter = 0;
      u32() {
        if (this.offset >= 32) {
          this.block = createHash4("sha256").update(`${this.prefix}|${this.counter++}`, "utf8").digest();
          this.offset = 0;
        }
        const v = this.block.readUInt32BE(this.offset);
        this.offset += 4;
        return v;
      }
      /** Uniform integer in [0, n), by rejection sampling (no modulo bias). */
      below(n) {
        const limit = Math.floor(4294967296 / n) * n;
        for (; ; ) {
          const x = this.u32();
          if (x < limit) return x % n;
        }
      }
    };
  }
});

// shared/manual/window.ts
function windowManualHalves(input) {
  const { framework: f, view } = input;
  const end = new Date(input.to);
  const requirements = input.requirements.map((r) => {
    const req = f.requirements.find((x) => x.id === r.requirementId);
    const mapped2 = controlsForRequirement(input.controls, f.id, r.requirementId);
    const manualControls = mapped2.filter((c) => c.automation !== "automated").map((c) => c.id);
    const ownHint = req?.manualEvidence !== void 0;
    if (!ownHint && manualControls.length === 0) return r;
    const v = requirementManualState(
      view,
      `${f.id}:${r.requirementId}`,
      { ownHint, manualControls },
      end,
      DEFAULT_EXPIRING_DAYS
    );
    const ok2 = v.state === "current" || v.state === "expiring";
    const status2 = r.status === "manual" && ok2 ? "effective" : (r.status === "effective" || r.status === "effective_with_exceptions") && !ok2 ? "manual" : r.status;
    const d = v.document;
    const manual = {
      state: v.state,
      ...d ? {
        document: {
          id: d.id,
          title: d.statement.title,
          owner: d.statement.owner,
          ...d.statement.validUntil ? { validUntil: d.statement.validUntil } : {},
          approvedBy: d.approvals.map((a) => a.statement.by)
        }
      } : {}
    };
    return { ...r, status: status2, manual };
  });
  const mappedIds = new Set(
    input.controls.filter((c) => c.mappings.some((m) => m.framework === f.id)).map((c) => c.id)
  );
  const accepted = view.exceptions.filter(
    (e) => mappedIds.has(e.statement.control) && e.statement.addedAt <= input.to && e.statement.expires >= input.from.slice(0, 10)
  ).map((e) => ({
    id: e.id,
    controlId: e.statement.control,
    ...e.statement.resource ? { resource: e.statement.resource } : {},
    owner: e.statement.owner,
    reason: e.statement.reason,
    expires: e.statement.expires,
    addedAt: e.statement.addedAt
  }));
  return { requirements, accepted };
}
var init_window = __esm({
  "shared/manual/window.ts"() {
    "use strict";
    init_frameworks();
    init_state();
  }
});

// shared/window/scope.ts
function mayBeOutOfScope(framework, requirementId) {
  const req = framework.requirements.find((r) => r.id === requirementId);
  if (!req) return false;
  if (framework.id.startsWith("iso27001")) return requirementId.startsWith("A.");
  if (framework.id.startsWith("soc2")) {
    let group2 = framework.groups.find((g) => g.id === req.group);
    while (group2?.parent) group2 = framework.groups.find((g) => g.id === group2.parent);
    return group2 !== void 0 && group2.id !== "security";
  }
  return false;
}
function exclusionsFor(framework, exclusions) {
  const mine = exclusions.filter((e) => e.framework === framework.id);
  const bad = mine.filter((e) => !mayBeOutOfScope(framework, e.requirement)).map(
    (e) => framework.requirements.some((r) => r.id === e.requirement) ? `exclusions: ${e.framework} ${e.requirement} cannot be declared out of scope (the framework does not allow it)` : `exclusions: ${e.framework} has no requirement ${e.requirement}`
  );
  if (bad.length) throw new ConfigError(bad);
  return new Map(mine.map((e) => [e.requirement, e.reason]));
}
var init_scope2 = __esm({
  "shared/window/scope.ts"() {
    "use strict";
    init_errors();
  }
});

// shared/usecases/framework-window.ts
var framework_window_exports = {};
__export(framework_window_exports, {
  evaluateFrameworkWindow: () => evaluateFrameworkWindow
});
import pLimit8 from "p-limit";
async function evaluateFrameworkWindow(deps) {
  const f = deps.framework;
  const window = { ...deps.window, timeZone: deps.window.timeZone ?? "UTC" };
  const excluded = exclusionsFor(f, deps.exclusions ?? []);
  const days = buildPeriods(window, "daily");
  const from = new Date(days.bounds[0]).toISOString();
  const to = new Date(days.bounds[days.count] - 1).toISOString();
  const mapped2 = deps.controls.filter((c) => c.mappings.some((m) => m.framework === f.id));
  const automated = mapped2.filter((c) => c.automation !== "manual").sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const byControl = /* @__PURE__ */ new Map();
  for (const c of automated) {
    const list2 = [];
    for await (const r of deps.results.results(c.id, from, to)) list2.push(r);
    byControl.set(c.id, list2);
  }
  const reports = evaluateWindows(window, automated, (id) => byControl.get(id) ?? []);
  const verdicts = new Map(reports.map((r) => [r.controlId, r.verdict]));
  for (const c of mapped2) if (c.automation === "manual") verdicts.set(c.id, "manual");
  const notApplicable = new Set(reports.filter(whollyNotApplicable).map((r) => r.controlId));
  const rollups = f.requirements.filter((r) => r.assessable).map(
    (r) => rollUpRequirement(
      { id: r.id, controls: controlsForRequirement(deps.controls, f.id, r.id).map((c) => c.id) },
      verdicts,
      excluded.has(r.id) ? { excludedBecause: excluded.get(r.id), notApplicable } : void 0
    )
  );
  const halves = deps.manual ? windowManualHalves({
    framework: f,
    controls: deps.controls,
    requirements: rollups,
    view: deps.manual,
    from,
    to
  }) : void 0;
  const requirements = halves?.requirements ?? rollups;
  const results = [...byControl.values()].flat();
  const checkpoint = deps.checkpoint ?? await closingCheckpoint(deps.ledger, new Date(days.bounds[days.count]), results);
  const samples = checkpoint ? reports.map((r) => sampleWindow(r, checkpoint, void 0, deps.auditorNonce)) : [];
  return {
    framework: f.id,
    window,
    controls: reports,
    requirements,
    ...halves ? { acceptedExceptions: halves.accepted } : {},
    samples,
    ...checkpoint ? { checkpoint } : {},
    ...deps.auditorNonce ? { auditorNonce: deps.auditorNonce } : {},
    results
  };
}
async function closingCheckpoint(ledger, end, results) {
  const atEnd = await ledger.latestCheckpoint(end);
  if (atEnd) {
    const limit = pLimit8(16);
    const hashes = [...new Set(results.flatMap((r) => r.artifacts))];
    const indices = await Promise.all(hashes.map((h) => limit(async () => (await ledger.get(h))?.index)));
    if (indices.every((i) => i !== void 0 && i < atEnd.checkpoint.treeSize)) return atEnd;
  }
  return await ledger.latestCheckpoint() ?? atEnd;
}
var init_framework_window = __esm({
  "shared/usecases/framework-window.ts"() {
    "use strict";
    init_frameworks();
    init_evaluate();
    init_periods();
    init_rollup();
    init_sample();
    init_window();
    init_scope2();
  }
});

// shared/usecases/window-snapshot.ts
var window_snapshot_exports = {};
__export(window_snapshot_exports, {
  windowSnapshotRequest: () => windowSnapshotRequest
});
function windowSnapshotRequest(w, o) {
  const evaluated = new Set(w.controls.map((c) => c.controlId));
  const unknown6 = (o.controls ?? []).filter((id) => !evaluated.has(id));
  if (unknown6.length) {
    throw new ValidationError(
      "snapshot request",
      unknown6.map((id) => `controls: ${JSON.stringify(id)} is not an evaluable control of ${w.framework}`)
    );
  }
  return {
    framework: w.framework,
    window: w.window,
    ...o.controls ? { controls: [...new Set(o.controls)].sort() } : {},
    results: w.results,
    evaluation: { controls: w.controls, requirements: w.requirements },
    toolVersion: o.toolVersion,
    ...w.checkpoint ? { checkpoint: w.checkpoint } : {},
    ...o.sinceTreeSize !== void 0 ? { sinceTreeSize: o.sinceTreeSize } : {},
    ...w.auditorNonce !== void 0 ? { auditorNonce: w.auditorNonce } : {},
    ...o.title !== void 0 ? { title: o.title } : {}
  };
}
var init_window_snapshot = __esm({
  "shared/usecases/window-snapshot.ts"() {
    "use strict";
    init_errors();
  }
});

// shared/manual/types.ts
var PERSON_KINDS;
var init_types5 = __esm({
  "shared/manual/types.ts"() {
    "use strict";
    PERSON_KINDS = ["manual", "approval", "exception"];
  }
});

// shared/manual/log.ts
var log_exports = {};
__export(log_exports, {
  appendStatement: () => appendStatement,
  loadStatements: () => loadStatements
});
function instantOf(s) {
  return s.kind === "approval" ? s.at : s.addedAt;
}
function scopeOf(s) {
  if (s.kind === "approval") return `evidence=${s.evidence}`;
  if (s.kind === "exception") return `control=${s.control}${s.resource ? `,resource=${s.resource}` : ""}`;
  return [...s.requirements.map((r) => `requirement=${r}`), ...s.controls.map((c) => `control=${c}`)].join(
    ","
  );
}
function statementRecord(statement, key2, bytes, sha2562) {
  const at = instantOf(statement);
  return {
    sha256: sha2562,
    key: key2,
    collector: statement.kind,
    scope: scopeOf(statement),
    observedAt: at,
    collectedAt: at,
    leafHash: leafHash(bytes).toString("hex")
  };
}
async function appendStatement(appender, blobs, statement) {
  const { bytes, sha256: sha2562 } = encodeStatement(statement);
  const key2 = statementKey(statement.kind, instantOf(statement), sha2562);
  await blobs.put(key2, bytes, "application/json");
  const { index } = await appender.append(statementRecord(statement, key2, bytes, sha2562));
  return { id: sha2562, key: key2, ...index === void 0 ? {} : { index }, statement };
}
async function readStatement(blobs, entry) {
  const bytes = await blobs.get(entry.key, entry.sha256);
  if (entry.leafHash !== leafHash(bytes).toString("hex")) {
    throw new IntegrityError("leaf-hash", `statement ${entry.key} does not match its log leaf`, {
      index: entry.index,
      key: entry.key
    });
  }
  const decoded = decodeLeaf(bytes);
  if (decoded.kind !== entry.collector) {
    throw new IntegrityError("leaf-kind", `statement ${entry.key} is not a ${entry.collector} leaf`, {
      index: entry.index
    });
  }
  return { id: entry.sha256, key: entry.key, index: entry.index, statement: decoded };
}
async function loadStatements(ledger, blobs, treeSize = Number.POSITIVE_INFINITY) {
  const out = [];
  for (const kind of PERSON_KINDS) {
    for await (const key2 of blobs.list(kind)) {
      const sha3 = /([0-9a-f]{64})\.json$/.exec(key2)?.[1];
      const entry = sha3 ? await ledger.get(sha3) : void 0;
      if (!entry || entry.index >= treeSize) continue;
      if (entry.key !== key2 || entry.collector !== kind || !entry.leafHash) {
        throw new IntegrityError(
          "statement-entry",
          `log entry ${entry.index} does not name statement ${key2}`,
          {
            index: entry.index,
            key: key2
          }
        );
      }
      out.push(await readStatement(blobs, entry));
    }
  }
  return out.sort((a, b) => a.index - b.index);
}
var init_log = __esm({
  "shared/manual/log.ts"() {
    "use strict";
    init_errors();
    init_leaf();
    init_merkle();
    init_types5();
    init_files();
  }
});

// shared/manual/add.ts
var add_exports = {};
__export(add_exports, {
  addDocument: () => addDocument,
  addEvidence: () => addEvidence,
  addException: () => addException,
  approveEvidence: () => approveEvidence,
  checkDocument: () => checkDocument,
  findEvidence: () => findEvidence,
  logDocument: () => logDocument
});
import { readFile as readFile5, stat as stat2 } from "node:fs/promises";
import { basename } from "node:path";
function checkDay(option, value, problems2) {
  if (value === void 0) return;
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    problems2.push(`${option}: not a date (YYYY-MM-DD): ${value}`);
}
function unknownTargets(deps, requirements, controls) {
  const problems2 = [];
  for (const r of requirements) {
    const [fw, ...rest] = r.split(":");
    const id = rest.join(":");
    const framework = deps.frameworks.find((f) => f.id === fw);
    if (!framework) problems2.push(`--requirement ${r}: unknown framework ${fw ?? ""}`);
    else if (!framework.requirements.some((q) => q.id === id && q.assessable))
      problems2.push(`--requirement ${r}: ${framework.id} has no assessable requirement ${id}`);
  }
  for (const c of controls)
    if (!deps.controls.some((x) => x.id === c)) problems2.push(`--control ${c}: unknown control`);
  return problems2;
}
function checkDocument(deps, input) {
  const problems2 = unknownTargets(deps, input.requirements, input.controls);
  if (input.requirements.length + input.controls.length === 0)
    problems2.push("name at least one --requirement or --control");
  for (const [o, v] of [
    ["--valid-until", input.validUntil],
    ["--period-start", input.periodStart],
    ["--period-end", input.periodEnd]
  ])
    checkDay(o, v, problems2);
  const today = deps.clock().toISOString().slice(0, 10);
  if (input.validUntil && DAY.test(input.validUntil) && input.validUntil < today)
    problems2.push(`--valid-until: ${input.validUntil} is in the past (today is ${today})`);
  if (input.periodStart && input.periodEnd && input.periodStart > input.periodEnd)
    problems2.push(`--period-start ${input.periodStart} is after --period-end ${input.periodEnd}`);
  if (!input.title.trim()) problems2.push("--title: empty");
  if (!input.owner.trim()) problems2.push("--owner: empty");
  if (problems2.length) throw new ValidationError("evidence add", problems2);
}
async function addEvidence(deps, input) {
  checkDocument(deps, input);
  const fileName = basename(input.file);
  mediaTypeOf(fileName);
  const info = await stat2(input.file).catch((e) => {
    throw new ValidationError("evidence file", [`${input.file}: no such file`], { cause: e });
  });
  if (!info.isFile()) throw new ValidationError("evidence file", [`${input.file}: not a regular file`]);
  checkFileSize(fileName, info.size);
  return addDocument(deps, { ...input, fileName, bytes: await readFile5(input.file) });
}
async function addDocument(deps, input) {
  checkDocument(deps, input);
  const { fileName, bytes } = input;
  const { ext, mediaType } = mediaTypeOf(fileName);
  checkFileSize(fileName, bytes.length);
  const fileSha256 = sha256Hex(bytes);
  await deps.blobs.put(fileKey(fileSha256, ext), bytes, mediaType);
  return logDocument(deps, input, { fileName, fileSha256, size: bytes.length });
}
async function logDocument(deps, input, file) {
  checkDocument(deps, input);
  const { ext, mediaType } = mediaTypeOf(file.fileName);
  checkFileSize(file.fileName, file.size);
  return appendStatement(deps.appender ?? deps.ledger, deps.blobs, {
    leaf: LEAF_SCHEMA,
    kind: "manual",
    fileSha256: file.fileSha256,
    key: fileKey(file.fileSha256, ext),
    fileName: file.fileName,
    size: file.size,
    mediaType,
    title: input.title.trim(),
    owner: input.owner.trim(),
    requirements: [...new Set(input.requirements)].sort(),
    controls: [...new Set(input.controls)].sort(),
    ...input.validUntil ? { validUntil: input.validUntil } : {},
    ...input.periodStart ? { periodStart: input.periodStart } : {},
    ...input.periodEnd ? { periodEnd: input.periodEnd } : {},
    addedAt: deps.clock().toISOString(),
    addedBy: (input.addedBy ?? input.owner).trim()
  });
}
function findEvidence(all, id) {
  const docs = all.filter(
    (l) => l.statement.kind === "manual" && l.id.startsWith(id)
  );
  if (id.length < 8 || docs.length !== 1) throw new NotFoundError("manual evidence", id);
  return docs[0];
}
async function approveEvidence(deps, input) {
  const by = input.by.trim();
  if (!by) throw new ValidationError("evidence approve", ["--by: empty"]);
  const doc = findEvidence(await loadStatements(deps.ledger, deps.blobs), input.id);
  if (by === doc.statement.addedBy) {
    throw new ValidationError("evidence approve", [
      `--by ${by}: added this document; another person must approve it`
    ]);
  }
  return appendStatement(deps.appender ?? deps.ledger, deps.blobs, {
    leaf: LEAF_SCHEMA,
    kind: "approval",
    evidence: doc.id,
    by,
    at: deps.clock().toISOString(),
    ...input.note ? { note: input.note } : {}
  });
}
async function addException(deps, input) {
  const problems2 = unknownTargets(deps, [], [input.control]);
  checkDay("--expires", input.expires, problems2);
  const today = deps.clock().toISOString().slice(0, 10);
  if (DAY.test(input.expires) && input.expires <= today)
    problems2.push(`--expires: ${input.expires} is not in the future (today is ${today})`);
  if (!input.reason.trim()) problems2.push("--reason: empty");
  if (!input.owner.trim()) problems2.push("--owner: empty");
  if (problems2.length) throw new ValidationError("exception add", problems2);
  return appendStatement(deps.appender ?? deps.ledger, deps.blobs, {
    leaf: LEAF_SCHEMA,
    kind: "exception",
    control: input.control,
    ...input.resource ? { resource: input.resource } : {},
    reason: input.reason.trim(),
    owner: input.owner.trim(),
    expires: input.expires,
    addedAt: deps.clock().toISOString()
  });
}
var DAY;
var init_add = __esm({
  "shared/manual/add.ts"() {
    "use strict";
    init_errors();
    init_canonical();
    init_leaf();
    init_files();
    init_log();
    DAY = /^\d{4}-\d{2}-\d{2}$/;
  }
});

// shared/manual/demo-seed.ts
async function seedManualDemo(deps, options) {
  const start = Date.parse(`${options.window.start}T00:00:00Z`);
  const end = Date.parse(`${options.window.end}T00:00:00Z`);
  const added = { ...deps, clock: () => options.at };
  const approved = { ...deps, clock: () => new Date(options.at.getTime() + 36e5) };
  const add = async (d, validUntil) => {
    const doc = await addDocument(added, {
      requirements: [],
      controls: d.controls,
      title: d.title,
      owner: d.owner,
      validUntil,
      fileName: d.file,
      bytes: Buffer.from(`${d.title}
Owner: ${d.owner}
Valid until: ${validUntil}
(demo document)
`)
    });
    await approveEvidence(approved, { id: doc.id, by: "Robin Meyer (Internal audit)" });
    return doc;
  };
  const documents = [];
  for (const d of DOCUMENTS) documents.push(await add(d, day2(end + 365 * DAY_MS8)));
  const expiring = await add(EXPIRING, day2(start + Math.round((end - start) * 2 / 3 / DAY_MS8) * DAY_MS8));
  return { documents: [...documents, expiring], expiring };
}
var DAY_MS8, day2, DOCUMENTS, EXPIRING;
var init_demo_seed = __esm({
  "shared/manual/demo-seed.ts"() {
    "use strict";
    init_add();
    DAY_MS8 = 864e5;
    day2 = (ms) => new Date(ms).toISOString().slice(0, 10);
    DOCUMENTS = [
      {
        controls: ["RSK-01"],
        title: "Annual risk assessment 2026",
        owner: "Dana Whitfield (CISO)",
        file: "risk-assessment-2026.pdf"
      },
      {
        controls: ["BCK-02"],
        title: "Backup restore test report Q1",
        owner: "Sam Okafor (SRE lead)",
        file: "restore-test-q1.pdf"
      },
      {
        controls: ["BCP-01"],
        title: "Business continuity plan v4",
        owner: "Dana Whitfield (CISO)",
        file: "bcp-v4.pdf"
      },
      {
        controls: ["INC-02"],
        title: "Incident response plan v3",
        owner: "Sam Okafor (SRE lead)",
        file: "incident-response-plan-v3.pdf"
      },
      {
        controls: ["PHY-01"],
        title: "Cloud provider SOC 2 report review",
        owner: "Lee Park (Compliance)",
        file: "aws-soc2-review.xlsx"
      },
      {
        controls: ["IAM-07"],
        title: "Quarterly access review Q1",
        owner: "Lee Park (Compliance)",
        file: "access-review-q1.csv"
      },
      {
        controls: ["RES-01"],
        title: "Capacity and resilience plan 2026",
        owner: "Sam Okafor (SRE lead)",
        file: "capacity-plan-2026.pdf"
      },
      {
        controls: ["HR-01"],
        title: "Code of conduct acknowledgements",
        owner: "Ana Silva (People)",
        file: "code-of-conduct-acks.xlsx"
      },
      {
        controls: ["GOV-02"],
        title: "Board oversight charter and minutes",
        owner: "Dana Whitfield (CISO)",
        file: "board-oversight.pdf"
      },
      {
        controls: ["SUP-01"],
        title: "Supplier security reviews 2026",
        owner: "Lee Park (Compliance)",
        file: "supplier-reviews-2026.csv"
      }
    ];
    EXPIRING = {
      controls: ["VUL-01"],
      title: "External penetration test report",
      owner: "Dana Whitfield (CISO)",
      file: "pentest-report.pdf"
    };
  }
});

// shared/manual/expiry.ts
function renewed(view, d, at) {
  const until = d.statement.validUntil;
  return view.documents.some(
    (o) => o !== d && o.statement.addedAt <= at && o.approvals.some((a) => a.statement.at <= at) && (o.statement.validUntil === void 0 || o.statement.validUntil > until) && d.statement.requirements.every((r) => o.statement.requirements.includes(r)) && d.statement.controls.every((c) => o.statement.controls.includes(c))
  );
}
function manualTransitions(view, at, expiringDays = DEFAULT_EXPIRING_DAYS) {
  const now = at.getTime();
  const nowIso = at.toISOString();
  const out = [];
  for (const d of view.documents) {
    const s = d.statement;
    if (!s.validUntil || !d.approvals.some((a) => a.statement.at <= nowIso) || renewed(view, d, nowIso))
      continue;
    const expiredAt = startOf(s.validUntil) + DAY_MS9;
    const warnAt = Math.max(expiredAt - (expiringDays + 1) * DAY_MS9, Date.parse(s.addedAt));
    const base3 = {
      id: d.id,
      subject: s.title,
      owner: s.owner,
      until: s.validUntil,
      controlIds: s.controls,
      requirements: s.requirements,
      key: d.key
    };
    if (now >= warnAt && now < expiredAt) out.push({ ...base3, kind: "evidence-expiring", at: iso23(warnAt) });
    if (now >= expiredAt) out.push({ ...base3, kind: "evidence-expired", at: iso23(expiredAt) });
  }
  for (const e of view.exceptions) {
    const s = e.statement;
    const endedAt = startOf(s.expires) + DAY_MS9;
    if (now < endedAt) continue;
    out.push({
      kind: "exception-expired",
      id: e.id,
      subject: `${s.control}${s.resource ? ` ${s.resource}` : ""}`,
      owner: s.owner,
      until: s.expires,
      at: iso23(endedAt),
      controlIds: [s.control],
      requirements: [],
      key: e.key
    });
  }
  return out;
}
var DAY_MS9, startOf, iso23;
var init_expiry = __esm({
  "shared/manual/expiry.ts"() {
    "use strict";
    init_log();
    init_state();
    DAY_MS9 = 864e5;
    startOf = (day3) => Date.parse(`${day3}T00:00:00.000Z`);
    iso23 = (ms) => new Date(ms).toISOString();
  }
});

// shared/snapshot/manifest.ts
import * as z45 from "zod";
function manifestStatement(manifestSha256) {
  if (!/^[0-9a-f]{64}$/.test(manifestSha256))
    throw new ValidationError("manifest statement", ["manifestSha256: expected 64 lower-case hex digits"]);
  return Buffer.from(
    `{"manifestSha256":"${manifestSha256}","statement":"${MANIFEST_STATEMENT_SCHEMA}"}`,
    "utf8"
  );
}
function fileListIssues(files) {
  const issues = [];
  let prev;
  for (let i = 0; i < files.length && issues.length < MAX_LISTED_ISSUES; i++) {
    const f = files[i];
    const at = `files.${i}`;
    if (typeof f !== "object" || f === null || Array.isArray(f)) {
      issues.push(`${at}: not an object`);
      continue;
    }
    const keys = Object.keys(f);
    if (keys.length !== 3 || !("path" in f && "sha256" in f && "size" in f))
      issues.push(`${at}: expected exactly path, sha256 and size`);
    if (typeof f.path !== "string") issues.push(`${at}.path: not a string`);
    else {
      const problem = zipPathProblem(f.path);
      if (problem) issues.push(`${at}.path: ${problem}`);
      if (prev !== void 0 && !(prev < f.path))
        issues.push(`${at}.path: files are not sorted by path or repeat a path`);
      if (UNLISTED_FILES.includes(f.path))
        issues.push(`${at}.path: this file is never listed in the manifest`);
      prev = f.path;
    }
    if (typeof f.sha256 !== "string" || !HEX64.test(f.sha256))
      issues.push(`${at}.sha256: a lower-case hex SHA-256`);
    if (typeof f.size !== "number" || !Number.isSafeInteger(f.size) || f.size < 0)
      issues.push(`${at}.size: a whole number of bytes`);
  }
  return issues;
}
function parseManifest(raw) {
  const r = ManifestHeadSchema.safeParse(raw);
  if (!r.success) throw new ValidationError("snapshot manifest", formatIssues(r.error.issues));
  const issues = fileListIssues(r.data.files);
  if (issues.length) throw new ValidationError("snapshot manifest", issues);
  return { ...r.data, files: r.data.files };
}
function manifestBytes(manifest) {
  return Buffer.concat([...manifestChunks(manifest)]);
}
function isManifestBytes(manifest, bytes) {
  let at = 0;
  for (const chunk of manifestChunks(manifest)) {
    if (at + chunk.length > bytes.length || !chunk.equals(bytes.subarray(at, at + chunk.length)))
      return false;
    at += chunk.length;
  }
  return at === bytes.length;
}
function isSha256Sums(manifest, bytes) {
  let at = 0;
  for (const f of manifest.files) {
    const line = Buffer.from(`${f.sha256}  ${f.path}
`, "utf8");
    if (!line.equals(bytes.subarray(at, at + line.length))) return false;
    at += line.length;
  }
  return at === bytes.length;
}
function* manifestChunks(manifest) {
  const { files, ...rest } = manifest;
  const head = canonicalBytes(JSON.parse(JSON.stringify({ ...rest, files: [] }))).toString("utf8");
  const slot = head.indexOf('"files":[]');
  yield Buffer.from(head.slice(0, slot + 9), "utf8");
  const BATCH = 4096;
  for (let i = 0; i < files.length; i += BATCH) {
    const part = files.slice(i, i + BATCH).map((f) => {
      if (!Number.isSafeInteger(f.size))
        throw new ValidationError("snapshot manifest", [`${f.path}: bad size`]);
      return JSON.stringify({ path: f.path, sha256: f.sha256, size: f.size });
    });
    yield Buffer.from((i > 0 ? "," : "") + part.join(","), "utf8");
  }
  yield Buffer.from(head.slice(slot + 9), "utf8");
}
function sortFiles(files) {
  return [...files].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}
function sha256Sums(manifest) {
  return Buffer.from(manifest.files.map((f) => `${f.sha256}  ${f.path}
`).join(""), "utf8");
}
function zipPathProblem(path) {
  if (path.length === 0) return "path is empty";
  if (path.length > 512) return "path is longer than 512 characters";
  if (path.includes("\\")) return `path ${JSON.stringify(path)} contains a backslash`;
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return `path ${JSON.stringify(path)} is absolute`;
  const segments = path.split("/");
  if (segments.some((s) => s === ".." || s === "."))
    return `path ${JSON.stringify(path)} contains a '..' or '.' segment`;
  if (path.includes("..")) return `path ${JSON.stringify(path)} contains '..'`;
  if (!SAFE_PATH.test(path))
    return `path ${JSON.stringify(path)} has an empty segment or a character outside [A-Za-z0-9._:@+=,-/]`;
  return void 0;
}
var SNAPSHOT_SCHEMA, MANIFEST_STATEMENT_SCHEMA, UNLISTED_FILES, hex64, checkpointSchema2, ManifestFileSchema, ManifestHeadSchema, HEX64, MAX_LISTED_ISSUES, SAFE_PATH;
var init_manifest = __esm({
  "shared/snapshot/manifest.ts"() {
    "use strict";
    init_errors();
    init_canonical();
    SNAPSHOT_SCHEMA = "flux.snapshot/v1";
    MANIFEST_STATEMENT_SCHEMA = "flux.manifest-statement/v1";
    UNLISTED_FILES = [
      "manifest.json",
      "manifest.statement.json",
      "manifest.sig",
      "SHA256SUMS"
    ];
    hex64 = z45.string().regex(/^[0-9a-f]{64}$/, "a lower-case hex SHA-256");
    checkpointSchema2 = z45.strictObject({
      checkpoint: z45.strictObject({
        origin: z45.string().min(1),
        treeSize: z45.number().int().nonnegative(),
        rootHash: hex64,
        timestamp: z45.iso.datetime()
      }),
      signature: z45.string().min(1),
      keyId: z45.string().min(1)
    });
    ManifestFileSchema = z45.strictObject({
      path: z45.string().min(1),
      sha256: hex64,
      size: z45.number().int().nonnegative()
    });
    ManifestHeadSchema = z45.strictObject({
      schema: z45.literal(SNAPSHOT_SCHEMA),
      framework: z45.string().min(1),
      window: z45.strictObject({
        start: z45.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        end: z45.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        timeZone: z45.string().optional()
      }),
      controls: z45.array(z45.string().min(1)),
      createdAt: z45.iso.datetime(),
      toolVersion: z45.string().min(1),
      checkpoint: checkpointSchema2,
      startCheckpoint: checkpointSchema2.optional(),
      files: z45.array(z45.unknown())
    });
    HEX64 = /^[0-9a-f]{64}$/;
    MAX_LISTED_ISSUES = 20;
    SAFE_PATH = /^[A-Za-z0-9._:@+=,-]+(\/[A-Za-z0-9._:@+=,-]+)*$/;
  }
});

// shared/snapshot/manual-paths.ts
var statementPath, manualProofPath, documentPath;
var init_manual_paths = __esm({
  "shared/snapshot/manual-paths.ts"() {
    "use strict";
    statementPath = (sha2562) => `manual/statements/${sha2562}.json`;
    manualProofPath = (sha2562) => `proofs/manual/${sha2562}.json`;
    documentPath = (storeKey) => `manual/files/${storeKey.split("/").pop()}`;
  }
});

// shared/snapshot/manual-report.ts
function manualReportSection(index) {
  const rows = index.requirements.map((r) => {
    const docs = r.documents.length ? r.documents.map(
      (d) => `<a href="${esc(d.file)}">${esc(d.title)}</a> (owner ${esc(d.owner)}${d.validUntil ? `, valid until ${esc(d.validUntil)}` : ""}; ${d.approvals.length ? d.approvals.map((a) => `approved by ${esc(a.by)} at ${esc(a.at)}`).join(", ") : "not approved"}; <a href="${esc(d.statement)}">statement</a>)`
    ).join("<br>") : "-";
    return `<tr><td>${esc(r.requirement)}</td><td class="m-${esc(r.state)}">${esc(r.state)}</td><td>${docs}</td></tr>`;
  }).join("\n");
  const exceptions = index.exceptions.length ? `<h3>Accepted exceptions</h3><p>Risk acceptances: the failures they cover stay in the verdicts above.</p>
<table><tr><th>Control</th><th>Resource</th><th>Owner</th><th>Reason</th><th>Expires</th></tr>
${index.exceptions.map(
    (e) => `<tr><td>${esc(e.control)}</td><td>${esc(e.resource ?? "(all)")}</td><td>${esc(e.owner)}</td><td>${esc(e.reason)}</td><td><a href="${esc(e.statement)}">${esc(e.expires)}</a></td></tr>`
  ).join("\n")}</table>` : "";
  return `<h2>Manual evidence</h2>
<p>State at ${esc(index.at)}; a requirement is met only with current, approved evidence for every part that needs it and
passing automation. Statements are log leaves: see step 7 of <a href="VERIFY.md">VERIFY.md</a> and <a href="manual/index.json">manual/index.json</a>.</p>
<table><tr><th>Requirement</th><th>Manual state</th><th>Documents</th></tr>
${rows}</table>
${exceptions}`;
}
var esc;
var init_manual_report = __esm({
  "shared/snapshot/manual-report.ts"() {
    "use strict";
    esc = (s) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }
});

// shared/snapshot/manual-files.ts
async function manualSnapshotFiles(deps, closing, windowEnd) {
  const all = await loadStatements(deps.ledger, deps.blobs, closing.treeSize);
  const out = [];
  const archive = async (l) => {
    const bytes = await deps.blobs.get(l.key, l.id);
    const auditPath = await deps.ledger.inclusionProof(l.index, closing.treeSize);
    verifyInclusion(leafHash(bytes), l.index, closing.treeSize, auditPath, closing.rootHash);
    out.push([statementPath(l.id), bytes]);
    out.push([manualProofPath(l.id), json({ leafIndex: l.index, treeSize: closing.treeSize, auditPath })]);
    if (l.statement.kind === "manual") {
      const file = await deps.blobs.get(l.statement.key, l.statement.fileSha256);
      out.push([documentPath(l.statement.key), file]);
    }
  };
  for (const l of all) await archive(l);
  const view = manualView(all);
  const f = deps.framework;
  const requirements = f.requirements.filter((r) => r.assessable).flatMap((r) => {
    const key2 = `${f.id}:${r.id}`;
    const mapped3 = controlsForRequirement(deps.controls, f.id, r.id);
    const manualControls = mapped3.filter((c) => c.automation !== "automated").map((c) => c.id);
    if (r.manualEvidence === void 0 && manualControls.length === 0) return [];
    const docs = view.documents.filter(
      (d) => d.statement.requirements.includes(key2) || d.statement.controls.some((c) => manualControls.includes(c))
    );
    const v = requirementManualState(
      view,
      key2,
      { ownHint: r.manualEvidence !== void 0, manualControls },
      windowEnd
    );
    return [
      {
        requirement: r.id,
        state: v.state,
        documents: docs.map((d) => ({
          id: d.id,
          title: d.statement.title,
          owner: d.statement.owner,
          file: documentPath(d.statement.key),
          statement: statementPath(d.id),
          ...d.statement.validUntil ? { validUntil: d.statement.validUntil } : {},
          approvals: d.approvals.map((a) => ({ id: a.id, by: a.statement.by, at: a.statement.at }))
        }))
      }
    ];
  });
  const mapped2 = new Set(
    deps.controls.filter((c) => c.mappings.some((m) => m.framework === f.id)).map((c) => c.id)
  );
  const exceptions = view.exceptions.filter((e) => mapped2.has(e.statement.control)).map((e) => ({ id: e.id, statement: statementPath(e.id), ...e.statement }));
  const index = { at: windowEnd.toISOString(), requirements, exceptions };
  out.push(["manual/index.json", json({ framework: f.id, ...index })]);
  return { files: out, section: manualReportSection(index) };
}
var json;
var init_manual_files = __esm({
  "shared/snapshot/manual-files.ts"() {
    "use strict";
    init_frameworks();
    init_merkle();
    init_merkle_verify();
    init_log();
    init_state();
    init_manual_paths();
    init_manual_report();
    json = (value) => Buffer.from(JSON.stringify(value, null, 2) + "\n", "utf8");
  }
});

// shared/snapshot/log-population.ts
import pLimit9 from "p-limit";
function entryKind(e) {
  const kind = e.kind ?? "artifact";
  if (!LEAF_KINDS.includes(kind))
    throw new IntegrityError("leaf-kind", `ledger entry ${e.index} has unknown leaf kind ${kind}`);
  return kind;
}
function statementKindOf(e) {
  const prefix = e.key.split("/")[0] ?? "";
  return prefix !== "artifact" && LEAF_KINDS.includes(prefix) ? prefix : "manual";
}
async function leafOf(e, deps) {
  const declared = entryKind(e);
  if (declared === "artifact" && !e.leafHash)
    return { hash: leafHash(Buffer.from(e.sha256, "hex")), kind: declared };
  const blobs = deps.manual?.blobs ?? (e.key.startsWith("observation/") || e.key.startsWith("coverage/") ? deps.statements : void 0);
  if (e.leafHash && !blobs) {
    return {
      hash: Buffer.from(e.leafHash, "hex"),
      kind: declared === "artifact" ? statementKindOf(e) : declared
    };
  }
  const bytes = e.leafHash ? await blobs.get(e.key, e.sha256) : await deps.store.getBytes(e.key, e.sha256);
  const decoded = decodeLeaf(bytes);
  const kind = e.kind === void 0 ? decoded.kind : declared;
  if (decoded.kind !== kind)
    throw new IntegrityError(
      "leaf-kind",
      `ledger entry ${e.index} says ${kind}, its bytes are ${decoded.kind}`
    );
  const hash = leafHash(bytes);
  if (e.leafHash && hash.toString("hex") !== e.leafHash)
    throw new IntegrityError(
      "leaf-hash",
      `ledger entry ${e.index}: its statement does not hash to its leaf hash`
    );
  return { hash, kind, bytes };
}
async function rangeAt(size, deps) {
  if (size === 0) return CompactRange.empty();
  const last = await deps.ledger.entryAt(size - 1);
  if (!last) throw new IntegrityError("population", `the log has no leaf ${size - 1}`);
  const path = (await deps.ledger.inclusionProof(size - 1, size)).map((h) => Buffer.from(h, "hex"));
  let k = 0;
  while ((size >> k & 1) === 0) k++;
  let node2 = (await leafOf(last, deps)).hash;
  for (let i = 0; i < k; i++) node2 = nodeHash(path[i], node2);
  return CompactRange.from(size, [...path.slice(k).reverse(), node2]);
}
async function buildLogPopulation(from, to, included, deps) {
  const range = await rangeAt(from.treeSize, deps);
  const startRange = range.hashes().map((h) => h.toString("hex"));
  if (range.root().toString("hex") !== from.rootHash)
    throw new IntegrityError(
      "population",
      `the log at ${from.treeSize} leaves does not match the start checkpoint`
    );
  const leaves = [];
  const statements = [];
  const limit = pLimit9(deps.concurrency ?? 16);
  const add = (e, leaf) => {
    range.append(leaf.hash);
    const archived = leaf.bytes !== void 0 || included.has(e.sha256);
    if (leaf.bytes) statements.push({ path: statementPath2(e.sha256), bytes: leaf.bytes });
    leaves.push({
      index: e.index,
      leafHash: leaf.hash.toString("hex"),
      kind: leaf.kind,
      collector: e.collector,
      scope: e.scope,
      sha256: e.sha256,
      status: archived ? "included" : "excluded",
      ...archived ? {} : { reason: EXCLUDED_NOT_CITED }
    });
  };
  let chunk = [];
  const flush = async () => {
    const read2 = await Promise.all(chunk.map((e) => limit(() => leafOf(e, deps))));
    chunk.forEach((e, i) => add(e, read2[i]));
    chunk = [];
  };
  for await (const e of deps.ledger.entries(from.treeSize, to.treeSize)) {
    chunk.push(e);
    if (chunk.length >= 256) await flush();
  }
  await flush();
  if (range.size !== to.treeSize || range.root().toString("hex") !== to.rootHash)
    throw new IntegrityError("population", `the log's leaves do not add up to the closing checkpoint`);
  return {
    population: { fromTreeSize: from.treeSize, toTreeSize: to.treeSize, startRange, leaves },
    statements
  };
}
var POPULATION_PATH, EXCLUDED_NOT_CITED, statementPath2;
var init_log_population = __esm({
  "shared/snapshot/log-population.ts"() {
    "use strict";
    init_errors();
    init_leaf();
    init_merkle();
    POPULATION_PATH = "log/population.json";
    EXCLUDED_NOT_CITED = "not cited by a result of a selected control in the window";
    statementPath2 = (sha2562) => `leaves/${sha2562}.json`;
  }
});

// shared/snapshot/verify-checks.ts
function inclusionCheck(evidence, files, closing) {
  const problems2 = [];
  if (!closing) problems2.push("no valid closing checkpoint to check against");
  else {
    for (const [path, sha3] of evidence) {
      const proofPath = `proofs/inclusion/${sha3}.json`;
      try {
        const bytes = files.get(proofPath)?.bytes;
        if (!bytes) throw new Error(`${proofPath} is missing`);
        const p = JSON.parse(bytes.toString("utf8"));
        if (p.treeSize !== closing.treeSize)
          throw new Error(`proof is for tree size ${p.treeSize}, checkpoint has ${closing.treeSize}`);
        if (!Array.isArray(p.auditPath)) throw new Error("auditPath is not a list");
        verifyInclusion(
          leafHash(Buffer.from(sha3, "hex")),
          p.leafIndex,
          p.treeSize,
          p.auditPath,
          closing.rootHash
        );
      } catch (err) {
        problems2.push(`${path}: ${message(err)}`);
      }
    }
    const shas = new Set(evidence.values());
    for (const p of files.keys()) {
      const m = PROOF.exec(p);
      if (m && !shas.has(m[1])) problems2.push(`${p} proves an artifact that is not in the archive`);
    }
  }
  return checkOf(
    "inclusion-proofs",
    problems2,
    `${evidence.size} artifacts are in the log at the closing checkpoint`
  );
}
function consistencyCheck(files, closing, start) {
  const name = "consistency-proof";
  try {
    if (!closing) throw new Error("no valid closing checkpoint");
    const bytes = files.get("proofs/consistency.json")?.bytes;
    if (!bytes) throw new Error("proofs/consistency.json is missing");
    const c = JSON.parse(bytes.toString("utf8"));
    if (c.toTreeSize !== closing.treeSize || c.toRootHash !== closing.rootHash)
      throw new Error("proof does not end at the closing checkpoint");
    if (!start) {
      if (c.fromTreeSize !== 0 || c.proof.length !== 0)
        throw new Error("proof starts at a checkpoint the manifest does not name");
      return { name, ok: true, detail: "no start checkpoint: the window starts at the empty log" };
    }
    if (c.fromTreeSize !== start.treeSize || c.fromRootHash !== start.rootHash)
      throw new Error("proof does not start at the start checkpoint");
    verifyConsistency(start.treeSize, closing.treeSize, c.proof, start.rootHash, closing.rootHash);
    return {
      name,
      ok: true,
      detail: `log grew append-only from ${start.treeSize} to ${closing.treeSize} leaves`
    };
  } catch (err) {
    return { name, ok: false, detail: message(err) };
  }
}
function sinceCheck(kept, files, publicKeyPem, closing) {
  const name = "since-checkpoint";
  try {
    if (!closing) throw new Error("no valid closing checkpoint");
    const k = verifyCheckpoint(kept, publicKeyPem, { origin: closing.origin });
    if (k.treeSize > closing.treeSize)
      throw new Error(
        `your checkpoint (tree size ${k.treeSize}) is newer than this snapshot's closing checkpoint (${closing.treeSize})`
      );
    if (k.treeSize === closing.treeSize) {
      if (k.rootHash !== closing.rootHash)
        throw new Error(
          `the log at tree size ${k.treeSize} has a different root than your checkpoint: history was rewritten`
        );
    } else {
      const proof = proofFrom(k.treeSize, closing.treeSize, files);
      if (!proof)
        throw new Error(
          `no consistency proof from tree size ${k.treeSize} in this snapshot: ask for one from that size (--since-size ${k.treeSize})`
        );
      try {
        verifyConsistency(k.treeSize, closing.treeSize, proof, k.rootHash, closing.rootHash);
      } catch (err) {
        throw new Error(
          `the log is not an append-only extension of your checkpoint (tree size ${k.treeSize}): ${message(err)}`
        );
      }
    }
    return {
      name,
      ok: true,
      detail: `the log grew append-only from your checkpoint (tree size ${k.treeSize}) to ${closing.treeSize}`
    };
  } catch (err) {
    return { name, ok: false, detail: message(err) };
  }
}
function proofFrom(from, to, files) {
  const read2 = (p) => {
    const b = files.get(p)?.bytes;
    try {
      return b ? JSON.parse(b.toString("utf8")) : void 0;
    } catch {
      return void 0;
    }
  };
  const candidates = [read2("proofs/consistency-since.json"), read2("proofs/consistency.json")].filter(
    (c) => typeof c === "object" && c !== null
  );
  const listed = read2("checkpoints/window.json");
  if (Array.isArray(listed))
    for (const w of listed)
      candidates.push({ fromTreeSize: w.signed?.checkpoint?.treeSize, toTreeSize: to, proof: w.proof });
  const hit = candidates.find(
    (c) => c.fromTreeSize === from && c.toTreeSize === to && Array.isArray(c.proof)
  );
  return hit ? hit.proof : void 0;
}
function resultsCheck(files, evidence) {
  const have = new Set(evidence.values());
  const problems2 = [];
  for (const [p, f] of files) {
    if (!p.startsWith("results/") || !f.bytes) continue;
    try {
      const rs = JSON.parse(f.bytes.toString("utf8"));
      for (const r of rs)
        for (const h of r.artifacts ?? [])
          if (!have.has(h)) problems2.push(`${p} cites artifact ${h}, which is not in evidence/`);
    } catch (err) {
      problems2.push(`${p}: ${message(err)}`);
    }
  }
  return checkOf("results-evidence", problems2, "every artifact a result cites is archived");
}
function message(err) {
  return err instanceof FluxError || err instanceof Error ? err.message : String(err);
}
function checkOf(name, problems2, okDetail) {
  return { name, ok: problems2.length === 0, detail: problems2.length ? summarize(problems2) : okDetail };
}
function summarize(problems2) {
  const more = problems2.length > MAX_LISTED ? `; and ${problems2.length - MAX_LISTED} more` : "";
  return problems2.slice(0, MAX_LISTED).join("; ") + more;
}
var PROOF, MAX_LISTED;
var init_verify_checks = __esm({
  "shared/snapshot/verify-checks.ts"() {
    "use strict";
    init_errors();
    init_merkle();
    init_merkle_verify();
    init_verify_checkpoint();
    PROOF = /^proofs\/inclusion\/([0-9a-f]{64})\.json$/;
    MAX_LISTED = 20;
  }
});

// shared/snapshot/window-checkpoints.ts
import * as z46 from "zod";
async function windowCheckpoints(ledger, closing, start) {
  const out = [];
  const floor = start ? Date.parse(start.checkpoint.timestamp) : -Infinity;
  let at = Date.parse(closing.checkpoint.timestamp) - 1;
  while (out.length < MAX_WINDOW_CHECKPOINTS && at > floor) {
    const c = await ledger.latestCheckpoint(new Date(at));
    if (!c || Date.parse(c.checkpoint.timestamp) <= floor) break;
    const proof = await ledger.consistencyProof(c.checkpoint.treeSize, closing.checkpoint.treeSize);
    out.push({ signed: c, proof });
    at = Date.parse(c.checkpoint.timestamp) - 1;
  }
  return out.reverse();
}
function windowCheckpointsCheck(files, publicKeyPem, closing, start) {
  const name = "window-checkpoints";
  const problems2 = [];
  let count3 = 0;
  try {
    if (!closing) throw new Error("no valid closing checkpoint");
    const bytes = files.get(WINDOW_CHECKPOINTS_PATH)?.bytes;
    if (!bytes) throw new Error(`${WINDOW_CHECKPOINTS_PATH} is missing`);
    const parsed2 = ListSchema.safeParse(JSON.parse(bytes.toString("utf8")));
    if (!parsed2.success) throw new Error(`${WINDOW_CHECKPOINTS_PATH} is malformed`);
    const end = closing.checkpoint;
    let prev = start?.checkpoint;
    for (const [i, item] of parsed2.data.entries()) {
      try {
        const c = verifyCheckpoint(item.signed, publicKeyPem, { origin: end.origin });
        if (prev && (c.timestamp <= prev.timestamp || c.treeSize < prev.treeSize))
          throw new Error(
            `tree size ${c.treeSize} at ${c.timestamp} does not follow ${prev.treeSize} at ${prev.timestamp}`
          );
        if (c.timestamp >= end.timestamp || c.treeSize > end.treeSize)
          throw new Error(`is not before the closing checkpoint`);
        verifyConsistency(c.treeSize, end.treeSize, item.proof, c.rootHash, end.rootHash);
        prev = c;
        count3++;
      } catch (err) {
        problems2.push(`checkpoint ${i}: ${message(err)}`);
      }
    }
  } catch (err) {
    problems2.push(message(err));
  }
  return {
    name,
    ok: problems2.length === 0,
    detail: problems2.length ? summarize(problems2) : `${count3} checkpoints signed during the window, each a prefix of the closing one`
  };
}
var WINDOW_CHECKPOINTS_PATH, MAX_WINDOW_CHECKPOINTS, ListSchema;
var init_window_checkpoints = __esm({
  "shared/snapshot/window-checkpoints.ts"() {
    "use strict";
    init_merkle_verify();
    init_verify_checkpoint();
    init_verify_checks();
    WINDOW_CHECKPOINTS_PATH = "checkpoints/window.json";
    MAX_WINDOW_CHECKPOINTS = 1e4;
    ListSchema = z46.array(z46.strictObject({ signed: z46.unknown(), proof: z46.array(z46.string()) }));
  }
});

// shared/snapshot/request.ts
var request_exports = {};
__export(request_exports, {
  AUDITOR_NONCE: () => AUDITOR_NONCE,
  MAX_WINDOW_DAYS: () => MAX_WINDOW_DAYS,
  checkRequest: () => checkRequest
});
function checkRequest(request2) {
  const issues = [];
  if (!SNAPSHOT_FRAMEWORKS.includes(request2.framework)) {
    issues.push(
      `framework: unknown framework ${JSON.stringify(request2.framework)} (known: ${SNAPSHOT_FRAMEWORKS.join(", ")})`
    );
  }
  const { start, end } = request2.window;
  let from = 0;
  let to = 0;
  if (!DATE2.test(start) || !DATE2.test(end)) issues.push("window: start and end must be YYYY-MM-DD dates");
  else if (end < start) issues.push(`window.end: ${end} is before start ${start}`);
  else {
    const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 864e5 + 1;
    if (!Number.isFinite(days)) issues.push("window: not a valid calendar date");
    else if (days > MAX_WINDOW_DAYS)
      issues.push(`window: ${days} days is longer than ${MAX_WINDOW_DAYS} days`);
    else {
      try {
        const p = buildPeriods(request2.window, "daily");
        from = p.bounds[0];
        to = p.bounds[p.count];
      } catch (err) {
        issues.push(...err instanceof ValidationError ? err.issues : [String(err)]);
      }
    }
  }
  const reports = new Map(request2.evaluation.controls.map((r) => [r.controlId, r]));
  const controls = [...new Set(request2.controls ?? [...reports.keys()])].sort();
  if (controls.length === 0) issues.push("controls: no control selected");
  for (const id of controls) {
    const pathIssue = zipPathProblem(`results/${id}.json`);
    if (!CONTROL_ID2.test(id) || pathIssue)
      issues.push(
        `controls: ${JSON.stringify(id)} is not a usable control id${pathIssue ? ` (${pathIssue})` : ""}`
      );
    else if (!reports.has(id)) issues.push(`controls: ${id} has no window report`);
  }
  if (!request2.toolVersion) issues.push("toolVersion: required");
  if (request2.auditorNonce !== void 0 && !AUDITOR_NONCE.test(request2.auditorNonce))
    issues.push(
      "auditorNonce: 16 to 128 characters from A-Z a-z 0-9 . _ - (choose it after the closing checkpoint is signed)"
    );
  if (issues.length) throw new ValidationError("snapshot request", issues);
  return { request: request2, controls, reports, from, to };
}
var SNAPSHOT_FRAMEWORKS, MAX_WINDOW_DAYS, DATE2, AUDITOR_NONCE, CONTROL_ID2;
var init_request = __esm({
  "shared/snapshot/request.ts"() {
    "use strict";
    init_errors();
    init_periods();
    init_manifest();
    SNAPSHOT_FRAMEWORKS = ["iso27001-2022", "soc2-2017", "nis2", "gdpr"];
    MAX_WINDOW_DAYS = 400;
    DATE2 = /^\d{4}-\d{2}-\d{2}$/;
    AUDITOR_NONCE = /^[A-Za-z0-9._-]{16,128}$/;
    CONTROL_ID2 = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
  }
});

// shared/snapshot/plan.ts
import pLimit10 from "p-limit";
async function planSnapshot(request2, deps) {
  const checked = checkRequest(request2);
  const selected = new Set(checked.controls);
  const resultsOf = new Map(checked.controls.map((c) => [c, []]));
  for (const r of request2.results) {
    if (!selected.has(r.controlId)) continue;
    const t = parseInstant(r.observedAt);
    if (t >= checked.from && t < checked.to) resultsOf.get(r.controlId).push(r);
  }
  for (const list2 of resultsOf.values())
    list2.sort((a, b) => parseInstant(a.observedAt) - parseInstant(b.observedAt));
  const publicKeyPem = await deps.signer.publicKeyPem();
  const checkpoint = request2.checkpoint ?? await deps.ledger.latestCheckpoint();
  if (!checkpoint)
    throw new ValidationError("snapshot request", [
      "checkpoint: the ledger has no checkpoint to close the window"
    ]);
  verifyCheckpoint(checkpoint, publicKeyPem);
  const startCheckpoint = request2.startCheckpoint === null ? void 0 : request2.startCheckpoint ?? await deps.ledger.latestCheckpoint(new Date(checked.from));
  let consistency = [];
  if (startCheckpoint) {
    verifyCheckpoint(startCheckpoint, publicKeyPem, { origin: checkpoint.checkpoint.origin });
    const [a, b] = [startCheckpoint.checkpoint, checkpoint.checkpoint];
    if (a.treeSize > b.treeSize) {
      throw new ValidationError("snapshot request", [
        `startCheckpoint: tree size ${a.treeSize} is after the closing checkpoint's ${b.treeSize}`
      ]);
    }
    consistency = await deps.ledger.consistencyProof(a.treeSize, b.treeSize);
    verifyConsistency(a.treeSize, b.treeSize, consistency, a.rootHash, b.rootHash);
  }
  const hashes = [...new Set([...resultsOf.values()].flatMap((rs) => rs.flatMap((r) => r.artifacts)))];
  const limit = pLimit10(deps.concurrency ?? 16);
  const treeSize = checkpoint.checkpoint.treeSize;
  const issues = [];
  const artifacts = await Promise.all(
    hashes.map(
      (sha2562) => limit(async () => {
        const entry = await deps.ledger.get(sha2562);
        if (!entry) throw new NotFoundError("ledger entry of artifact", sha2562);
        const path = entry.key.startsWith("evidence/") ? entry.key : `evidence/${entry.key}`;
        const problem = zipPathProblem(path);
        if (problem) issues.push(`artifact ${sha2562}: ${problem}`);
        else if (!path.endsWith(`_${sha2562}.json`))
          issues.push(`artifact ${sha2562}: key ${JSON.stringify(entry.key)} is not named by its hash`);
        else if (entry.index >= treeSize)
          issues.push(
            `artifact ${sha2562}: log index ${entry.index} is not covered by the closing checkpoint (tree size ${treeSize})`
          );
        else return { sha256: sha2562, index: entry.index, path, key: entry.key };
        return void 0;
      })
    )
  );
  if (issues.length) throw new ValidationError("snapshot evidence", issues);
  const planned = artifacts.sort((a, b) => a.path < b.path ? -1 : 1);
  const since = await sinceProof(request2.sinceTreeSize, checkpoint, deps);
  const { population, statements } = await buildLogPopulation(
    startCheckpoint?.checkpoint ?? { treeSize: 0, rootHash: EMPTY_ROOT.toString("hex") },
    checkpoint.checkpoint,
    // Cited observation statements (logged re-observations) are archived as leaves, so they count as included.
    /* @__PURE__ */ new Set([...hashes, ...[...resultsOf.values()].flatMap((rs) => rs.flatMap((r) => r.observations ?? []))]),
    deps
  );
  return {
    ...checked,
    createdAt: (deps.now?.() ?? /* @__PURE__ */ new Date()).toISOString(),
    checkpoint,
    ...startCheckpoint ? { startCheckpoint } : {},
    consistency,
    ...since ? { since } : {},
    population,
    statements,
    windowCheckpoints: await windowCheckpoints(deps.ledger, checkpoint, startCheckpoint),
    publicKeyPem,
    resultsOf,
    artifacts: planned
  };
}
async function sinceProof(size, closing, deps) {
  if (size === void 0) return void 0;
  const to = closing.checkpoint.treeSize;
  if (!Number.isSafeInteger(size) || size < 1 || size > to)
    throw new ValidationError("snapshot request", [
      `sinceTreeSize: ${size} must be a whole number from 1 to the closing checkpoint's tree size ${to}`
    ]);
  return { treeSize: size, proof: await deps.ledger.consistencyProof(size, to) };
}
var init_plan2 = __esm({
  "shared/snapshot/plan.ts"() {
    "use strict";
    init_errors();
    init_verify_checkpoint();
    init_merkle_verify();
    init_merkle();
    init_instant();
    init_manifest();
    init_log_population();
    init_window_checkpoints();
    init_request();
  }
});

// shared/snapshot/oscal.ts
import { createHash as createHash5 } from "node:crypto";
function oscalToken(id) {
  if (/^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u.test(id)) return id;
  return `req-${id.replace(/[^\p{L}\p{N}._-]/gu, "-")}`;
}
function oscalAssessmentResults(input) {
  const uuid = (...parts) => uuidFrom([input.framework, input.start, input.end, input.createdAt, ...parts].join("\0"));
  const resources = /* @__PURE__ */ new Map();
  const resourceOf = (e) => {
    let r = resources.get(e.sha256);
    if (!r) resources.set(e.sha256, r = { uuid: uuid("evidence", e.sha256), e });
    return r;
  };
  const observed = new Set(input.reports.map((r) => r.controlId));
  const observations = input.reports.map((r) => {
    const evidence = input.evidenceOf(r.controlId).map((e) => {
      const res = resourceOf(e);
      return {
        href: `#${res.uuid}`,
        description: `Evidence artifact ${e.path} (SHA-256 ${e.sha256})`,
        props: [prop("path", e.path), prop("sha256", e.sha256)]
      };
    });
    const by = input.collectedBy(r.controlId);
    return {
      uuid: uuid("observation", r.controlId),
      title: `Common control ${r.controlId} over the window`,
      description: `${r.periods.length} ${r.frequency} periods: ${r.counts.PASS} pass, ${r.counts.FAIL} fail, ${r.counts.UNKNOWN} unknown, ${r.counts.MISSING} missing. Verdict: ${r.verdict.replace(/_/g, " ")}` + (r.verdictReason ? ` (${r.verdictReason}).` : ".") + (evidence.length ? "" : " No evidence artifact was judged for this control in the window."),
      props: [
        prop("common-control", r.controlId),
        prop("verdict", r.verdict),
        prop("coverage", r.coverage.toFixed(4)),
        prop("pass-rate", r.passRate.toFixed(4)),
        ...(by.length ? by : ["none"]).map((c) => prop("collection-method", c))
      ],
      methods: ["TEST"],
      types: ["control-objective"],
      collected: input.createdAt,
      // OSCAL requires at least one item when the array is present: leave it out rather than empty.
      ...evidence.length ? { "relevant-evidence": evidence } : {}
    };
  });
  const findings = input.requirements.map((q) => {
    const related = q.controls.filter((c) => observed.has(c.controlId));
    const satisfied = q.status === "effective";
    return {
      uuid: uuid("finding", q.requirementId),
      title: `${input.framework} ${q.requirementId}: ${q.status.replace(/_/g, " ")}`,
      description: `Requirement ${q.requirementId} rolled up from common controls ` + q.controls.map((c) => `${c.controlId} (${c.verdict.replace(/_/g, " ")})`).join(", ") + ".",
      props: q.controls.map((c) => prop("common-control", c.controlId)),
      ...input.mappingHref ? { links: [{ href: input.mappingHref, rel: "related" }] } : {},
      target: {
        type: "objective-id",
        "target-id": oscalToken(q.requirementId),
        props: [prop("requirement-id", q.requirementId), prop("framework", input.framework)],
        status: {
          state: satisfied ? "satisfied" : "not-satisfied",
          reason: satisfied ? "pass" : q.status === "not_effective" ? "fail" : "other"
        }
      },
      ...related.length ? {
        "related-observations": related.map((c) => ({
          "observation-uuid": uuid("observation", c.controlId)
        }))
      } : {}
    };
  });
  const reviewed = input.requirements.length ? input.requirements.map((q) => ({ "control-id": oscalToken(q.requirementId) })) : void 0;
  const doc = {
    "assessment-results": {
      uuid: uuid("document"),
      metadata: {
        title: input.title,
        "last-modified": input.createdAt,
        version: input.toolVersion,
        "oscal-version": OSCAL_VERSION,
        props: [prop("framework", input.framework)]
      },
      "import-ap": { href: "#assessment-plan-not-published" },
      results: [
        {
          uuid: uuid("result"),
          title: `${input.framework} Type II window ${input.start} to ${input.end}`,
          description: "Operating effectiveness of automated controls over the review window.",
          start: input.start,
          end: input.end,
          "reviewed-controls": {
            "control-selections": [reviewed ? { "include-controls": reviewed } : { "include-all": {} }]
          },
          ...observations.length ? { observations } : {},
          ...findings.length ? { findings } : {}
        }
      ],
      ...resources.size ? {
        "back-matter": {
          resources: [...resources.values()].map(({ uuid: u2, e }) => ({
            uuid: u2,
            title: e.path,
            rlinks: [{ href: e.path, hashes: [{ algorithm: "SHA-256", value: e.sha256 }] }]
          }))
        }
      } : {}
    }
  };
  return Buffer.from(JSON.stringify(doc, null, 2) + "\n", "utf8");
}
function uuidFrom(seed) {
  const b = createHash5("sha256").update(seed).digest().subarray(0, 16);
  b[6] = b[6] & 15 | 64;
  b[8] = b[8] & 63 | 128;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
var OSCAL_VERSION, OSCAL_NS, prop;
var init_oscal = __esm({
  "shared/snapshot/oscal.ts"() {
    "use strict";
    OSCAL_VERSION = "1.2.1";
    OSCAL_NS = "urn:flux-evidence";
    prop = (name, value) => ({ name, ns: OSCAL_NS, value });
  }
});

// shared/snapshot/oscal-mapping.ts
function oscalMappingCollection(input) {
  const uuid = (...parts) => uuidFrom(["mapping", input.controlSetVersion, input.toolVersion, ...parts].join("\0"));
  const mappings = input.frameworks.map((f) => {
    const maps = input.controls.flatMap(
      (c) => c.mappings.filter((m) => m.framework === f.id).map((m) => ({
        uuid: uuid(f.id, c.id, m.requirement),
        relationship: RELATIONSHIP[m.relation],
        sources: [{ type: "control", "id-ref": c.id }],
        targets: [
          {
            type: "control",
            "id-ref": oscalToken(m.requirement),
            props: [{ name: "requirement-id", ns: OSCAL_NS, value: m.requirement }]
          }
        ],
        ...m.rationale ? { remarks: m.rationale } : {}
      }))
    );
    const mapped2 = new Set(maps.map((m) => m.targets[0]["id-ref"]));
    const gaps2 = f.requirements.map((q) => oscalToken(q.id)).filter((id) => !mapped2.has(id));
    return {
      uuid: uuid(f.id),
      "source-resource": {
        type: "catalog",
        href: `urn:flux-evidence:controls:${input.controlSetVersion}`
      },
      "target-resource": { type: "catalog", href: `urn:flux-evidence:framework:${f.id}:${f.catalogVersion}` },
      props: [{ name: "framework", ns: OSCAL_NS, value: f.id }],
      remarks: `${f.name} (${f.version}). Sources: ${f.sources.map((s) => s.name).join("; ")}.`,
      maps,
      ...gaps2.length ? {
        "target-gap-summary": {
          uuid: uuid(f.id, "gaps"),
          "unmapped-controls": [{ "with-ids": gaps2 }]
        }
      } : {}
    };
  });
  const doc = {
    "mapping-collection": {
      uuid: uuid("collection"),
      metadata: {
        title: "Flux Evidence common control set: crosswalk to each framework",
        "last-modified": input.createdAt,
        version: input.controlSetVersion,
        "oscal-version": OSCAL_VERSION
      },
      provenance: {
        method: "human",
        "matching-rationale": "semantic",
        status: "complete",
        "mapping-description": 'Each common control is mapped by hand to the framework requirements it addresses, with a typed relation read as "control <relationship> requirement".'
      },
      mappings
    }
  };
  return Buffer.from(JSON.stringify(doc, null, 2) + "\n", "utf8");
}
var RELATIONSHIP;
var init_oscal_mapping = __esm({
  "shared/snapshot/oscal-mapping.ts"() {
    "use strict";
    init_oscal();
    RELATIONSHIP = {
      equal: "equivalent-to",
      subset: "subset-of",
      superset: "superset-of",
      intersect: "intersects-with"
    };
  }
});

// shared/snapshot/populations.ts
function populationCsv(report2, results) {
  const periods = report2.periods;
  const starts = periods.map((p) => parseInstant(p.start));
  const rows = [];
  for (const r of results) {
    const t = parseInstant(r.observedAt);
    const k = periodIndex(starts, parseInstant(periods[periods.length - 1]?.end ?? r.observedAt), t);
    if (k < 0) continue;
    const p = periods[k];
    const failing = r.failing.map((f) => f.reason ? `${f.resource} (${f.reason})` : f.resource).join("; ");
    rows.push({
      k,
      t,
      cells: [String(k), p.start, p.end, r.observedAt, r.status, r.artifacts.join(";"), failing, r.reason]
    });
  }
  for (const p of periods) {
    if (p.label === "MISSING")
      rows.push({
        k: p.index,
        t: starts[p.index],
        cells: [String(p.index), p.start, p.end, "", "MISSING", "", "", "no evidence in this period"]
      });
  }
  rows.sort((a, b) => a.k - b.k || a.t - b.t);
  const lines = [HEADER, ...rows.map((r) => r.cells)].map((cells) => cells.map(csvCell).join(","));
  return Buffer.from(lines.join("\r\n") + "\r\n", "utf8");
}
function periodIndex(starts, end, t) {
  if (starts.length === 0 || t < starts[0] || t >= end) return -1;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = lo + hi + 1 >> 1;
    if (starts[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
function csvCell(value) {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
var HEADER;
var init_populations = __esm({
  "shared/snapshot/populations.ts"() {
    "use strict";
    init_instant();
    HEADER = [
      "period",
      "period_start",
      "period_end",
      "observed_at",
      "status",
      "artifact_sha256",
      "failing_resources",
      "reason"
    ];
  }
});

// shared/snapshot/report-timeline.ts
function patternDefs() {
  return `<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>
<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${COLOURS.FAIL}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern>
<pattern id="dots" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="${COLOURS.UNKNOWN}"/><circle cx="3" cy="3" r="1.2" fill="#222"/></pattern>
<pattern id="empty" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fff"/><rect width="6" height="6" fill="none" stroke="${COLOURS.MISSING}"/></pattern>
</defs></svg>`;
}
function fillOf(label) {
  const p = PATTERN[label];
  return p ? `url(#${p})` : COLOURS[label];
}
function legend() {
  return Object.keys(COLOURS).map(
    (k) => `<svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="${fillOf(k)}" stroke="#555"/></svg> ${k}`
  ).join(" &nbsp; ");
}
function timelineSvg(r) {
  const n = Math.max(r.periods.length, 1);
  const t0 = Date.parse(r.periods[0]?.start ?? r.window.start);
  const t1 = Date.parse(r.periods[r.periods.length - 1]?.end ?? r.window.end);
  const xOf = (iso27) => (Date.parse(iso27) - t0) / Math.max(t1 - t0, 1) * W;
  const rects = r.periods.map((p) => {
    const x = p.index * W / n;
    return `<rect x="${x.toFixed(2)}" y="${MARK}" width="${(W / n).toFixed(2)}" height="${H}" fill="${fillOf(p.label)}" data-label="${p.label}"><title>${esc2(p.start.slice(0, 10))} to ${esc2(p.end.slice(0, 10))}: ${p.label} (${p.results} results)</title></rect>`;
  }).join("");
  const ticks = [];
  const start = new Date(t0);
  const tick = (t, text3, anchor) => {
    const x = (t - t0) / Math.max(t1 - t0, 1) * W;
    ticks.push(
      `<line x1="${x.toFixed(1)}" y1="${MARK + H}" x2="${x.toFixed(1)}" y2="${MARK + H + 4}" stroke="#555"/><text class="tick" x="${x.toFixed(1)}" y="${MARK + H + AXIS}" text-anchor="${anchor}">${text3}</text>`
    );
  };
  tick(t0, start.toISOString().slice(0, 10), "start");
  for (let m = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1); m < t1; ) {
    const d = new Date(m);
    if ((m - t0) / (t1 - t0) > 0.08 && (t1 - m) / (t1 - t0) > 0.12)
      tick(m, d.toISOString().slice(0, 7), "middle");
    m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  tick(t1 - 1, new Date(t1 - 1).toISOString().slice(0, 10), "end");
  const markers = r.exceptions.flatMap((e) => [
    `<text class="mark drift" x="${xOf(e.firstFailAt).toFixed(1)}" y="${MARK - 1}" text-anchor="middle" fill="${COLOURS.FAIL}">\u25BC<title>drift ${esc2(e.firstFailAt)}</title></text>`,
    ...e.remediatedAt ? [
      `<text class="mark recovery" x="${xOf(e.remediatedAt).toFixed(1)}" y="${MARK - 1}" text-anchor="middle" fill="${COLOURS.PASS}">\u25B2<title>recovered ${esc2(e.remediatedAt)}</title></text>`
    ] : []
  ]).join("");
  const height = MARK + H + AXIS + 4;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W + 40}" height="${height}" viewBox="-20 0 ${W + 40} ${height}" role="img" aria-label="${esc2(r.controlId)} timeline">${markers}${rects}${ticks.join("")}</svg>`;
}
var COLOURS, PATTERN, W, H, AXIS, MARK, esc2;
var init_report_timeline = __esm({
  "shared/snapshot/report-timeline.ts"() {
    "use strict";
    COLOURS = {
      PASS: "#2e7d32",
      FAIL: "#c62828",
      UNKNOWN: "#f9a825",
      MISSING: "#9e9e9e"
    };
    PATTERN = { FAIL: "hatch", UNKNOWN: "dots", MISSING: "empty" };
    W = 720;
    H = 24;
    AXIS = 16;
    MARK = 12;
    esc2 = (s) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }
});

// shared/snapshot/report-html.ts
function reportHtml(input) {
  const title = (id) => input.titles?.get(id);
  const reqRows = input.requirements.map(
    (q) => `<tr><td>${esc3(q.requirementId)}</td><td>${esc3(title(q.requirementId) ?? "")}</td><td class="v-${esc3(q.status)}">${verdict(q.status)}</td><td>${q.controls.map(
      (c) => input.reports.some((r) => r.controlId === c.controlId) ? `<a href="#c-${esc3(c.controlId)}">${esc3(c.controlId)}</a>` : esc3(c.controlId)
    ).join(", ")}</td></tr>`
  ).join("\n");
  const controls = input.reports.map(
    (r) => controlSection(r, input.evidenceOf(r.controlId), title(r.controlId), input.resultsOf?.(r.controlId))
  ).join("\n");
  const cp = input.checkpoint;
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc3(input.title)}</title>
<style>${STYLE}</style></head><body>
${patternDefs()}
<h1>${esc3(input.title)}</h1>
<p>Framework <b>${esc3(input.framework)}</b>, window ${esc3(input.window.start)} to ${esc3(input.window.end)} (${esc3(input.window.timeZone ?? "UTC")}).
Built ${esc3(input.createdAt)}. Closing checkpoint: log <code>${esc3(cp.origin)}</code>, tree size ${cp.treeSize}, root <code>${esc3(cp.rootHash)}</code>.</p>
${summary(input)}
<p>Check this archive with the commands in <a href="VERIFY.md">VERIFY.md</a>; every file is listed in <a href="manifest.json">manifest.json</a>.</p>
<h2>Requirements</h2>
${input.requirements.length ? `<table><tr><th>Requirement</th><th>Title</th><th>Status</th><th>Controls</th></tr>
${reqRows}</table>` : "<p>No requirement roll-up was supplied.</p>"}
${input.manualSection ?? manualSection(input)}
${input.extraSections ?? ""}<h2>Controls</h2>
<p class="legend">Timeline periods: ${legend()} &nbsp; \u25BC drift (first failure) &nbsp; \u25B2 recovery</p>
${controls}
</body></html>
`;
  return Buffer.from(html, "utf8");
}
function summary(input) {
  const assessed = input.requirements.filter((q) => q.status !== "manual");
  const effective = assessed.filter(
    (q) => q.status === "effective" || q.status === "effective_with_exceptions"
  );
  const manual = manualOf(input);
  const exceptions = input.reports.reduce((n, r) => n + r.exceptions.length, 0);
  const gaps2 = input.reports.filter((r) => r.counts.MISSING + r.counts.UNKNOWN > 0).length;
  const missing = manual.filter((q) => !(input.manualEvidence?.get(q.requirementId) ?? []).length).length;
  const box = (id, big, text3) => `<div id="${id}"><b>${big}</b>${text3}</div>`;
  return `<div class="summary" id="summary">
${box("s-effective", `${effective.length} / ${assessed.length}`, "requirements effective of those assessed")}
${box("s-not-effective", String(assessed.filter((q) => q.status === "not_effective").length), "requirements not effective")}
${box("s-exceptions", String(exceptions), `exception intervals in ${input.reports.filter((r) => r.exceptions.length).length} controls`)}
${box("s-gaps", String(gaps2), "controls with evidence gaps (unknown or missing periods)")}
${box("s-manual", String(manual.length), `manual requirements, ${missing} without evidence`)}
</div>`;
}
function manualOf(input) {
  const all = [
    ...input.manualRequirements ?? [],
    ...input.requirements.filter((q) => q.status === "manual")
  ];
  return [...new Map(all.map((q) => [q.requirementId, q])).values()];
}
function manualSection(input) {
  const manual = manualOf(input);
  if (!manual.length) return "";
  const rows = manual.map((q) => {
    const items = input.manualEvidence?.get(q.requirementId) ?? [];
    const evidence = items.length ? items.map(
      (i) => `${i.path ? `<a href="${esc3(i.path)}">${esc3(i.title)}</a>` : esc3(i.title)} <span class="v-${i.status === "accepted" ? "effective" : "insufficient_evidence"}">(${esc3(i.status)})</span>`
    ).join("<br>") : '<span class="v-missing">\u2717 missing</span>';
    return `<tr><td>${esc3(q.requirementId)}</td><td>${esc3(input.titles?.get(q.requirementId) ?? "")}</td><td>${evidence}</td></tr>`;
  });
  return `<h2 id="manual">Manual requirements</h2>
<p>Requirements only people can evidence (policies, reviews, trainings); the automated controls never count them as met.</p>
<table><tr><th>Requirement</th><th>Title</th><th>Evidence</th></tr>
${rows.join("\n")}</table>`;
}
function controlSection(r, evidence, title, results) {
  const links = evidence.slice(0, MAX_LINKS).map((e) => `<li><a href="${esc3(e)}">${esc3(e)}</a></li>`).join("");
  const more = evidence.length > MAX_LINKS ? `<p>${evidence.length - MAX_LINKS} more artifacts are listed in <a href="populations/${esc3(r.controlId)}.csv">the population</a>.</p>` : "";
  const exc = r.exceptions.length ? `<table><tr><th>First failure</th><th>Last failure</th><th>Remediated</th></tr>${r.exceptions.map(
    (e) => `<tr><td>${esc3(e.firstFailAt)}</td><td>${esc3(e.lastFailAt)}</td><td>${esc3(e.remediatedAt ?? "open")}${e.remediationHours !== void 0 ? ` (${e.remediationHours.toFixed(0)} h)` : ""}</td></tr>`
  ).join("")}</table>` : "";
  const lastBad = [...results ?? []].reverse().find((x) => x.status === "FAIL" || x.status === "UNKNOWN");
  const failing = lastBad ? `<p>Latest ${lastBad.status === "FAIL" ? "failure" : "unknown result"} (${esc3(lastBad.observedAt)}): ${esc3(lastBad.reason)}</p>${lastBad.failing.length ? `<table class="failing"><tr><th>Failing resource</th><th>Reason</th></tr>${lastBad.failing.slice(0, MAX_FAILING).map((f) => `<tr><td><code>${esc3(f.resource)}</code></td><td>${esc3(f.reason ?? "")}</td></tr>`).join(
    ""
  )}</table>${lastBad.failing.length > MAX_FAILING ? `<p>${lastBad.failing.length - MAX_FAILING} more in <a href="results/${esc3(r.controlId)}.json">the results</a>.</p>` : ""}` : ""}` : "";
  return `<section id="c-${esc3(r.controlId)}"><h3>${esc3(r.controlId)}${title ? ` ${esc3(title)}` : ""}: <span class="v-${esc3(r.verdict)}">${verdict(r.verdict)}</span></h3>
<p>${esc3(r.verdictReason)}. ${r.periods.length} ${esc3(r.frequency)} periods; coverage ${(r.coverage * 100).toFixed(1)}%, pass rate ${(r.passRate * 100).toFixed(1)}%
(PASS ${r.counts.PASS}, FAIL ${r.counts.FAIL}, UNKNOWN ${r.counts.UNKNOWN}, MISSING ${r.counts.MISSING}).
<a href="results/${esc3(r.controlId)}.json">Results</a>, <a href="populations/${esc3(r.controlId)}.csv">population</a>.</p>
${timelineSvg(r)}
${exc}${failing}<details><summary>Evidence (${evidence.length})</summary><ul>${links}</ul>${more}</details></section>`;
}
function verdict(v) {
  return `${SYMBOL[v] ?? ""} ${esc3(v.replace(/_/g, " "))}`.trim();
}
function esc3(s) {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]
  );
}
var MAX_LINKS, MAX_FAILING, SYMBOL, STYLE;
var init_report_html = __esm({
  "shared/snapshot/report-html.ts"() {
    "use strict";
    init_report_timeline();
    MAX_LINKS = 200;
    MAX_FAILING = 20;
    SYMBOL = {
      effective: "\u2713",
      effective_with_exceptions: "\u2713!",
      not_effective: "\u2717",
      insufficient_evidence: "?",
      manual: "\u270E"
    };
    STYLE = `body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:64em}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.v-effective{color:#2e7d32}.v-effective_with_exceptions{color:#a34f00}.v-not_effective{color:#c62828}
.v-insufficient_evidence,.v-manual,.v-missing{color:#616161}section{margin:2em 0}code{font-size:.9em;word-break:break-all}
.summary{display:flex;gap:1em;flex-wrap:wrap}.summary div{border:1px solid #ccc;padding:.5em 1em;min-width:9em}
.summary b{display:block;font-size:1.6em}svg text.tick{font-size:10px;fill:#444}svg text.mark{font-size:12px}
@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}details>ul{display:none}
section{break-inside:avoid}h2{break-after:avoid}.summary div{border-color:#000}}`;
  }
});

// shared/snapshot/report-population.ts
function populationCounts(p) {
  const excluded = /* @__PURE__ */ new Map();
  for (const l of p.leaves)
    if (l.status === "excluded") excluded.set(l.reason ?? "", (excluded.get(l.reason ?? "") ?? 0) + 1);
  return {
    leaves: p.leaves.length,
    included: p.leaves.length - [...excluded.values()].reduce((a, b) => a + b, 0),
    excluded: [...excluded].sort((a, b) => b[1] - a[1])
  };
}
function populationSectionHtml(p, samples) {
  const c = populationCounts(p);
  const rows = c.excluded.map(([r, n]) => `<tr><td>excluded: ${esc3(r)}</td><td>${n}</td></tr>`).join("\n");
  const who = samples.auditorNonce ? `Samples are seeded by the closing checkpoint and the auditor's nonce <code>${esc3(samples.auditorNonce)}</code>.` : "No auditor nonce was supplied: the samples are operator-chosen (seeded by the checkpoint the operator signs).";
  return `<h2>Log population</h2>
<p>Every log leaf between the start checkpoint (tree size ${p.fromTreeSize}) and the closing checkpoint (tree size ${p.toTreeSize}) is listed in <a href="log/population.json">log/population.json</a>.</p>
<table><tr><th>Leaves</th><th>Count</th></tr>
<tr><td>in the window</td><td>${c.leaves}</td></tr>
<tr><td>included</td><td>${c.included}</td></tr>
${rows}</table>
<h2>Samples</h2>
<p>${who} See <a href="samples.json">samples.json</a>.</p>
`;
}
var init_report_population = __esm({
  "shared/snapshot/report-population.ts"() {
    "use strict";
    init_report_html();
  }
});

// shared/snapshot/samples.ts
import * as z47 from "zod";
function snapshotSamples(reports, checkpoint, auditorNonce) {
  const seed = sampleSeed(checkpoint, auditorNonce);
  return {
    seed,
    auditorNonce: auditorNonce ?? null,
    operatorChosen: auditorNonce === void 0,
    controls: reports.map((r) => {
      const periods = drawSampleIndices(seed, r.controlId, r.periods.length, SAMPLE_SIZES[r.frequency]);
      return { controlId: r.controlId, size: periods.length, periods };
    })
  };
}
function samplesCheck(files, closing, expectedNonce) {
  const name = "samples";
  try {
    if (!closing) throw new Error("no valid closing checkpoint");
    const raw = files.get("samples.json")?.bytes;
    const evaluation = files.get("window/evaluation.json")?.bytes;
    if (!raw || !evaluation) throw new Error("samples.json or window/evaluation.json is missing");
    const s = parsed(SamplesSchema, raw, "samples.json");
    const reports = parsed(EvaluationSchema, evaluation, "window/evaluation.json").controls;
    const nonce = s.auditorNonce ?? void 0;
    const problems2 = [];
    if (expectedNonce !== void 0 && nonce !== expectedNonce)
      problems2.push(`the snapshot records nonce ${JSON.stringify(nonce ?? null)}, not yours`);
    if (s.operatorChosen !== (nonce === void 0)) problems2.push("operatorChosen contradicts auditorNonce");
    const expected = snapshotSamples(reports, closing, nonce);
    if (s.seed !== expected.seed)
      problems2.push("seed is not SHA-256 of the closing checkpoint and the nonce");
    if (JSON.stringify(s.controls) !== JSON.stringify(expected.controls))
      problems2.push("the recorded samples are not the ones the seed draws");
    if (problems2.length) return { check: { name, ok: false, detail: summarize(problems2) } };
    const detail = nonce ? `${s.controls.length} control samples recomputed from the closing checkpoint and auditor nonce ${nonce}` : `${s.controls.length} control samples recomputed; no auditor nonce: the samples are operator-chosen`;
    return { check: { name, ok: true, detail }, operatorChosen: nonce === void 0 };
  } catch (err) {
    return { check: { name, ok: false, detail: message(err) } };
  }
}
function parsed(schema27, bytes, what) {
  const r = schema27.safeParse(JSON.parse(bytes.toString("utf8")));
  if (!r.success) throw new Error(`${what} is malformed (${r.error.issues[0]?.path.join(".")})`);
  return r.data;
}
var SamplesSchema, EvaluationSchema;
var init_samples = __esm({
  "shared/snapshot/samples.ts"() {
    "use strict";
    init_sample();
    init_verify_checks();
    SamplesSchema = z47.strictObject({
      seed: z47.string(),
      auditorNonce: z47.string().nullable(),
      operatorChosen: z47.boolean(),
      controls: z47.array(
        z47.strictObject({ controlId: z47.string(), size: z47.number().int(), periods: z47.array(z47.number().int()) })
      )
    });
    EvaluationSchema = z47.object({
      controls: z47.array(
        z47.object({ controlId: z47.string(), frequency: z47.string(), periods: z47.array(z47.unknown()) })
      )
    });
  }
});

// shared/snapshot/verify-md.ts
function verifyMarkdown(m) {
  const cp = m.checkpoint.checkpoint;
  return Buffer.from(
    `# Verifying this snapshot

Framework \`${m.framework}\`, window ${m.window.start} to ${m.window.end}, closing checkpoint at tree size ${cp.treeSize}.

The blocks below use only \`unzip\`, \`sha256sum\`, \`openssl\` and POSIX utilities (\`sed\`, \`awk\`, \`od\`, \`grep\`,
\`cmp\`). They run under \`sh\` (dash) and bash. Save them, in order, to one file and run it with \`sh\`; every block
prints \`FAIL: ...\` and exits 1 when its check fails. Set two variables first:

- \`SNAP\`: the path of the snapshot zip;
- \`FP\`: the SHA-256 key fingerprint **the organisation gave you out of band** (engagement letter, a call, their
  published key page). Never take it from this archive: whoever built a forged archive would put their own there.

For example: \`SNAP=$PWD/snapshot.zip FP=3f2a... sh verify.sh\`.

## 1. Helpers, and unpack into ./fluxcheck/s

${fence(HELPERS)}
## 2. The key is the one you were given

\`public-key.pem\` is the organisation's key only if its fingerprint (SHA-256 of its DER SubjectPublicKeyInfo) is yours.

${fence(KEY2)}
## 3. The manifest statement and its signature

\`manifest.sig\` is a DER ECDSA P-256 signature, over SHA-256, of \`manifest.statement.json\`: a one-line statement naming
the SHA-256 of \`manifest.json\`. The statement is rebuilt here byte for byte.

${fence(STATEMENT)}
## 4. Every path holds the bytes the manifest gives it, and nothing else is there

The file list is taken from the signed \`manifest.json\` itself (path and hash together), so moving or swapping files
fails. Only the manifest, its statement, its signature and \`SHA256SUMS\` (a copy of the list) are not listed.

${fence(FILES)}
## 5. Evidence files are named by their hash

${fence(NAMES)}
## 6. Checkpoint signatures

\`checkpoint.json\` closes the window and \`start-checkpoint.json\` (when present) opens it. Each \`signature\` is base64
DER ECDSA P-256 over SHA-256 of the RFC 8785 canonical JSON of the \`checkpoint\` object, rebuilt here from its fields.

${fence(CHECKPOINTS)}
## 7. Inclusion proof (RFC 9162)

\`proofs/inclusion/<sha256>.json\` holds \`leafIndex\`, \`treeSize\` and \`auditPath\`. An artifact's leaf hash is
SHA-256(0x00 || its 32-byte SHA-256). This checks the first evidence file; to check them all, run
\`while read -r h f; do incl "$h"; done < ../evidence\`.

${fence(INCLUSION)}
## 8. Consistency proof across the window (RFC 9162)

\`proofs/consistency.json\` proves the log at the start checkpoint is a prefix of the log at the closing one.

${fence(CONSISTENCY)}
## 9. Manual evidence, approvals and exceptions (when the archive has \`manual/\`)

People's statements (a document added, an approval, a risk acceptance) are log leaves themselves: the leaf is the
exact bytes of \`manual/statements/<sha256>.json\` (RFC 8785 canonical JSON with \`"leaf":"flux.leaf/v1"\`), so each
must be named by its own SHA-256, and its leaf hash is SHA-256(0x00 || those bytes), which
\`(printf '\\000'; cat "$f") | openssl dgst -sha256 -r\` prints. Its audit path is \`proofs/manual/<sha256>.json\`, folded
as in step 7. A \`manual\` statement names its document's \`fileSha256\` and \`size\`; the document is
\`manual/files/<fileSha256>.<ext>\` and must hash to it. An \`approval\` statement's \`evidence\` is the SHA-256 of the
\`manual\` statement it approves. \`manual/index.json\` lists, per requirement, the documents, who approved them and
when, and the accepted exceptions (owner, reason, expiry).

${fence(MANUAL)}
## What the CLI checks beyond this

\`flux-evidence verify snapshot.zip --key <fingerprint>\` runs all of the above for every artifact, and also:

- **Complete population:** \`log/population.json\` lists every log leaf between the two checkpoints (index, leaf hash,
  kind, collector, scope, included or excluded with a reason). From the start tree's compact range it recomputes
  both roots, so no leaf of the window can be left out unseen.
- **Every checkpoint of the window:** \`checkpoints/window.json\` lists each checkpoint signed between the start and
  closing checkpoints with a consistency proof to the closing one, so the log only ever grew; keep any of them.
- **Your kept checkpoint:** \`--since <checkpoint.json>\` (a checkpoint from an earlier snapshot you kept) checks that
  this log extends it append-only, with \`proofs/consistency-since.json\` when the snapshot was requested from that
  tree size. Without it, whoever holds the key could rewrite history between two snapshots.
- **Manual evidence:** the \`manual-evidence\` check folds every statement's audit path to the closing root.
- **Samples:** \`samples.json\` records the seed: SHA-256 of the closing checkpoint's root, size and signature, and the
  nonce you supplied after that checkpoint existed (\`--auditor-nonce\`). Without a nonce the samples are
  operator-chosen.
`,
    "utf8"
  );
}
var HELPERS, KEY2, STATEMENT, FILES, NAMES, CHECKPOINTS, INCLUSION, CONSISTENCY, MANUAL, fence;
var init_verify_md = __esm({
  "shared/snapshot/verify-md.ts"() {
    "use strict";
    init_manifest();
    HELPERS = String.raw`fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "$SNAP" ] || fail "set SNAP to the snapshot zip"
[ -n "$FP" ] || fail "set FP to the key fingerprint the organisation gave you"
# hex -> binary: awk turns each hex pair into a printf octal escape
hex2bin() { printf "$(printf '%s' "$1" | awk '{ d = "0123456789abcdef"; for (i = 1; i < length($0); i += 2)
  printf "\\%03o", (index(d, substr($0, i, 1)) - 1) * 16 + index(d, substr($0, i + 1, 1)) - 1 }')"; }
sha() { openssl dgst -sha256 -binary | od -An -v -tx1 | tr -d ' \n'; }
leaf() { { printf '\000'; hex2bin "$1"; } | sha; }          # RFC 9162 leaf of an artifact: SHA-256(0x00 || sha256)
node() { { printf '\001'; hex2bin "$1"; hex2bin "$2"; } | sha; }  # interior node: SHA-256(0x01 || left || right)
mkdir fluxcheck || fail "remove ./fluxcheck first"
unzip -q "$SNAP" -d fluxcheck/s || fail "unzip"
cd fluxcheck/s || fail "cd"`;
    KEY2 = String.raw`have=$(openssl pkey -pubin -in public-key.pem -outform DER | sha256sum | cut -c1-64)
want=$(printf '%s' "$FP" | tr -d ':' | tr 'ABCDEF' 'abcdef')
[ "$have" = "$want" ] || fail "public-key.pem has fingerprint $have, not the one you were given"
echo "key: OK ($have)"`;
    STATEMENT = String.raw`openssl dgst -sha256 -verify public-key.pem -signature manifest.sig manifest.statement.json \
  || fail "manifest.sig"
m=$(sha256sum manifest.json | cut -c1-64)
printf '{"manifestSha256":"%s","statement":"STATEMENT_SCHEMA"}' "$m" | cmp -s - manifest.statement.json \
  || fail "manifest.statement.json does not name manifest.json ($m)"
echo "manifest: OK ($m)"`.replace("STATEMENT_SCHEMA", MANIFEST_STATEMENT_SCHEMA);
    FILES = String.raw`grep -o '{"path":"[^"]*","sha256":"[0-9a-f]*","size":[0-9]*}' manifest.json \
  | sed 's/^{"path":"\([^"]*\)","sha256":"\([0-9a-f]*\)",.*$/\2  \1/' > ../sums || fail "manifest file list"
[ -s ../sums ] || fail "manifest lists no file"
sha256sum -c --strict --quiet ../sums || fail "a file does not match the hash the manifest gives its path"
{ cut -c67- ../sums; printf '%s\n' manifest.json manifest.statement.json manifest.sig SHA256SUMS; } \
  | LC_ALL=C sort > ../listed
find . -type f | sed 's|^\./||' | LC_ALL=C sort > ../present
cmp -s ../listed ../present || { diff ../listed ../present; fail "files missing or not in the manifest"; }
echo "files: OK ($(wc -l < ../sums) listed, none extra)"`;
    NAMES = String.raw`grep '  evidence/' ../sums > ../evidence || true
while read -r h f; do
  case "$f" in *_"$h".json) ;; *) fail "$f is not named by its hash $h" ;; esac
done < ../evidence
echo "evidence names: OK ($(wc -l < ../evidence) files)"`;
    CHECKPOINTS = String.raw`field() { sed -n "s/^    \"$1\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$2"; }
cpcheck() {  # $1 = checkpoint file; sets size and root
  origin=$(field origin "$1"); size=$(field treeSize "$1"); root=$(field rootHash "$1"); ts=$(field timestamp "$1")
  sed -n 's/^  "signature": "\([A-Za-z0-9+/=]*\)",\{0,1\}$/\1/p' "$1" | openssl base64 -d -A > ../cp.sig
  printf '{"origin":"%s","rootHash":"%s","timestamp":"%s","treeSize":%s}' "$origin" "$root" "$ts" "$size" \
    > ../cp.body
  openssl dgst -sha256 -verify public-key.pem -signature ../cp.sig ../cp.body > /dev/null \
    || fail "$1: signature does not verify"
  echo "$1: OK (log $origin, tree size $size, root $root)"
}
cpcheck checkpoint.json; N=$size; ROOT=$root; LOG=$origin
M=0; MROOT=
if [ -f start-checkpoint.json ]; then
  cpcheck start-checkpoint.json; M=$size; MROOT=$root
  [ "$origin" = "$LOG" ] || fail "start checkpoint is from log $origin"
fi`;
    INCLUSION = String.raw`proof() { sed -n "/\"$1\": \[/,/\]/p" "$2" | grep -o '[0-9a-f]\{64\}' || true; }
incl() {  # $1 = artifact sha256: its proof must fold to ROOT at tree size N
  p=proofs/inclusion/$1.json; [ -f "$p" ] || fail "$p missing"
  fn=$(sed -n 's/^  "leafIndex": \([0-9]*\),$/\1/p' "$p"); n=$(sed -n 's/^  "treeSize": \([0-9]*\),$/\1/p' "$p")
  [ "$n" = "$N" ] || fail "$p is for tree size $n, not $N"
  sn=$((n - 1)); r=$(leaf "$1")
  for c in $(proof auditPath "$p"); do
    [ "$sn" -gt 0 ] || fail "$p: proof too long"
    if [ $((fn % 2)) -eq 1 ] || [ "$fn" -eq "$sn" ]; then
      r=$(node "$c" "$r")
      if [ $((fn % 2)) -eq 0 ]; then
        while [ $((fn % 2)) -eq 0 ] && [ "$fn" -ne 0 ]; do fn=$((fn / 2)); sn=$((sn / 2)); done
      fi
    else r=$(node "$r" "$c"); fi
    fn=$((fn / 2)); sn=$((sn / 2))
  done
  [ "$sn" -eq 0 ] && [ "$r" = "$ROOT" ] || fail "$p does not lead to the closing root"
}
first=$(head -n 1 ../evidence | cut -c1-64)
[ -z "$first" ] || { incl "$first"; echo "inclusion of $first: OK"; }`;
    CONSISTENCY = String.raw`c=proofs/consistency.json
set -- $(proof proof "$c")
if [ "$M" -eq 0 ]; then
  [ $# -eq 0 ] || fail "$c: a proof from the empty log must be empty"
elif [ "$M" -eq "$N" ]; then
  [ $# -eq 0 ] && [ "$MROOT" = "$ROOT" ] || fail "$c: same size, different root"
else
  fn=$((M - 1)); sn=$((N - 1))
  [ $((M & (M - 1))) -eq 0 ] && set -- "$MROOT" "$@"    # a power of two: the start root is the first node
  while [ $((fn % 2)) -eq 1 ]; do fn=$((fn / 2)); sn=$((sn / 2)); done
  [ $# -gt 0 ] || fail "$c: empty proof"
  fr=$1; sr=$1; shift
  for c2 in "$@"; do
    [ "$sn" -gt 0 ] || fail "$c: proof too long"
    if [ $((fn % 2)) -eq 1 ] || [ "$fn" -eq "$sn" ]; then
      fr=$(node "$c2" "$fr"); sr=$(node "$c2" "$sr")
      while [ $((fn % 2)) -eq 0 ] && [ "$fn" -ne 0 ]; do fn=$((fn / 2)); sn=$((sn / 2)); done
    else sr=$(node "$sr" "$c2"); fi
    fn=$((fn / 2)); sn=$((sn / 2))
  done
  [ "$sn" -eq 0 ] && [ "$fr" = "$MROOT" ] && [ "$sr" = "$ROOT" ] || fail "$c: the log was not append-only"
fi
echo "consistency $M -> $N: OK"`;
    MANUAL = String.raw`if [ -d manual ]; then
  for f in manual/statements/*.json manual/files/*; do
    [ -f "$f" ] || continue
    h=$(sha256sum "$f" | cut -c1-64)
    case "$f" in manual/statements/"$h".json | manual/files/"$h".*) ;; *) fail "$f is not named by its SHA-256" ;; esac
  done
  echo "manual statements and documents named by their hashes: OK"
fi`;
    fence = (code) => "```sh\n" + code + "\n```\n";
  }
});

// shared/snapshot/small-files.ts
import { readFileSync as readFileSync5 } from "node:fs";
import { join as join9 } from "node:path";
function* smallFiles(plan, manualSection2) {
  const { request: request2, controls, reports, resultsOf, checkpoint, startCheckpoint } = plan;
  const selected = controls.map((c) => reports.get(c));
  const pathOf2 = new Map(plan.artifacts.map((a) => [a.sha256, a.path]));
  const shaOf = new Map(plan.artifacts.map((a) => [a.path, a.sha256]));
  const controlSet = parseControlSet(JSON.parse(readFileSync5(join9(FRAMEWORKS_DIR, "controls.json"), "utf8")));
  const catalog = controlSet.controls;
  const evidenceOf = (controlId2) => [
    ...new Set((resultsOf.get(controlId2) ?? []).flatMap((r) => r.artifacts.map((h) => pathOf2.get(h))))
  ];
  const requirements = (request2.evaluation.requirements ?? []).filter(
    (q) => !request2.controls || q.controls.some((c) => controls.includes(c.controlId))
  );
  const title = request2.title ?? `${request2.framework} evidence snapshot ${request2.window.start} to ${request2.window.end}`;
  for (const c of controls) {
    yield [`results/${c}.json`, json2(resultsOf.get(c) ?? [])];
    yield [`populations/${c}.csv`, populationCsv(reports.get(c), resultsOf.get(c) ?? [])];
  }
  yield ["window/evaluation.json", json2({ window: request2.window, controls: selected, requirements })];
  const cp = checkpoint.checkpoint;
  yield [
    "proofs/consistency.json",
    json2({
      fromTreeSize: startCheckpoint?.checkpoint.treeSize ?? 0,
      fromRootHash: startCheckpoint?.checkpoint.rootHash ?? null,
      toTreeSize: cp.treeSize,
      toRootHash: cp.rootHash,
      proof: plan.consistency
    })
  ];
  if (plan.since)
    yield [
      "proofs/consistency-since.json",
      json2({
        fromTreeSize: plan.since.treeSize,
        toTreeSize: cp.treeSize,
        toRootHash: cp.rootHash,
        proof: plan.since.proof
      })
    ];
  yield [POPULATION_PATH, json2(plan.population)];
  yield [WINDOW_CHECKPOINTS_PATH, json2(plan.windowCheckpoints)];
  const samples = snapshotSamples(selected, checkpoint, request2.auditorNonce);
  yield ["samples.json", json2(samples)];
  yield ["checkpoint.json", json2(checkpoint)];
  if (startCheckpoint) yield ["start-checkpoint.json", json2(startCheckpoint)];
  yield ["public-key.pem", Buffer.from(plan.publicKeyPem, "utf8")];
  yield ["VERIFY.md", verifyMarkdown({ framework: request2.framework, window: request2.window, checkpoint })];
  const start = new Date(plan.from).toISOString();
  const end = new Date(plan.to).toISOString();
  yield [
    "index.html",
    reportHtml({
      title,
      framework: request2.framework,
      window: request2.window,
      createdAt: plan.createdAt,
      checkpoint: cp,
      reports: selected,
      requirements,
      evidenceOf,
      ...manualSection2 ? { manualSection: manualSection2 } : {},
      extraSections: populationSectionHtml(plan.population, samples),
      titles: reportTitles(request2.framework),
      manualRequirements: (request2.evaluation.requirements ?? []).filter((q) => q.status === "manual"),
      resultsOf: (c) => resultsOf.get(c) ?? []
    })
  ];
  yield [
    "oscal/assessment-results.json",
    oscalAssessmentResults({
      title,
      framework: request2.framework,
      createdAt: plan.createdAt,
      toolVersion: request2.toolVersion,
      start,
      end,
      reports: selected,
      requirements,
      evidenceOf: (c) => evidenceOf(c).map((path) => ({ path, sha256: shaOf.get(path) })),
      collectedBy: (c) => catalog.find((k) => k.id === c)?.collectors ?? [],
      mappingHref: "oscal/mapping.json"
    })
  ];
  yield [
    "oscal/mapping.json",
    oscalMappingCollection({
      createdAt: plan.createdAt,
      toolVersion: request2.toolVersion,
      controlSetVersion: controlSet.version,
      controls: catalog,
      frameworks: loadFrameworks()
    })
  ];
}
function reportTitles(framework) {
  const titles = new Map(loadControls().map((c) => [c.id, c.title]));
  for (const q of loadFrameworks().find((f) => f.id === framework)?.requirements ?? [])
    titles.set(q.id, q.title);
  return titles;
}
var json2;
var init_small_files = __esm({
  "shared/snapshot/small-files.ts"() {
    "use strict";
    init_frameworks();
    init_frameworks();
    init_oscal();
    init_oscal_mapping();
    init_populations();
    init_log_population();
    init_report_html();
    init_report_population();
    init_samples();
    init_window_checkpoints();
    init_verify_md();
    json2 = (value) => Buffer.from(JSON.stringify(value, null, 2) + "\n", "utf8");
  }
});

// shared/snapshot/zip-writer.ts
import { promisify } from "node:util";
import * as zlib from "node:zlib";
function drained(out) {
  return new Promise((resolve7, reject) => {
    const settle = (err) => {
      out.off("drain", onDrain).off("error", settle).off("close", onClose);
      if (err) reject(err);
      else resolve7();
    };
    const onDrain = () => settle();
    const onClose = () => settle(out.errored ?? new Error("zip output closed"));
    out.on("drain", onDrain).on("error", settle).on("close", onClose);
  });
}
function u64(buf, n, at) {
  buf.writeUInt32LE(n % 4294967296, at);
  buf.writeUInt32LE(Math.floor(n / 4294967296), at + 4);
}
function dosDateTime(d) {
  const min = new Date(1980, 0, 1);
  const max = new Date(2107, 11, 31, 23, 59, 58);
  const t = d < min ? min : d > max ? max : d;
  return {
    date: t.getDate() & 31 | (t.getMonth() + 1 & 15) << 5 | (t.getFullYear() - 1980 & 127) << 9,
    time: Math.floor(t.getSeconds() / 2) | (t.getMinutes() & 63) << 5 | (t.getHours() & 31) << 11
  };
}
function tableCrc32(data) {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
      table[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 255] ^ crc >>> 8;
  return (crc ^ -1) >>> 0;
}
var deflateRaw2, VERSION_MADE_BY, NEEDED_UTF8, NEEDED_ZIP64, UTF8_NAME, BIG, crc322, ZipWriter, table;
var init_zip_writer = __esm({
  "shared/snapshot/zip-writer.ts"() {
    "use strict";
    deflateRaw2 = promisify(zlib.deflateRaw);
    VERSION_MADE_BY = 3 << 8 | 63;
    NEEDED_UTF8 = 20;
    NEEDED_ZIP64 = 45;
    UTF8_NAME = 1 << 11;
    BIG = 4294967294;
    crc322 = typeof zlib.crc32 === "function" ? (data) => zlib.crc32(data) : tableCrc32;
    ZipWriter = class {
      constructor(out, opts) {
        this.out = out;
        this.opts = opts;
        ({ time: this.dosTime, date: this.dosDate } = dosDateTime(opts.mtime));
        this.unixTime = Math.max(-2147483648, Math.min(2147483647, Math.floor(opts.mtime.getTime() / 1e3)));
      }
      out;
      opts;
      entries = [];
      cursor = 0;
      dosTime;
      dosDate;
      unixTime;
      /** Appends one file entry. */
      async add(path, data) {
        const name = Buffer.from(path, "utf8");
        if (name.length > 65535) throw new RangeError(`zip entry name too long: ${path}`);
        const crc = crc322(data);
        const body = this.opts.compress ? await deflateRaw2(data, { level: 6 }) : data;
        const method = this.opts.compress ? 8 : 0;
        const offset = this.cursor;
        const h = Buffer.alloc(30);
        h.writeUInt32LE(67324752, 0);
        h.writeUInt16LE(NEEDED_UTF8, 4);
        h.writeUInt16LE(UTF8_NAME, 6);
        h.writeUInt16LE(method, 8);
        h.writeUInt16LE(this.dosTime, 10);
        h.writeUInt16LE(this.dosDate, 12);
        h.writeUInt32LE(crc, 14);
        h.writeUInt32LE(body.length, 18);
        h.writeUInt32LE(data.length, 22);
        h.writeUInt16LE(name.length, 26);
        h.writeUInt16LE(0, 28);
        this.entries.push({ name, method, crc, size: data.length, stored: body.length, offset });
        await this.write(Buffer.concat([h, name]));
        await this.write(body);
      }
      /** Writes the central directory and end records, then ends `out`. */
      async finish() {
        const start = this.cursor;
        for (const e2 of this.entries) await this.write(this.centralRecord(e2));
        const cdSize = this.cursor - start;
        const count3 = this.entries.length;
        const zip64 = count3 >= 65535 || cdSize >= 4294967295 || start >= 4294967295;
        const parts = [];
        if (zip64) {
          const r = Buffer.alloc(56);
          r.writeUInt32LE(101075792, 0);
          u64(r, 44, 4);
          r.writeUInt16LE(VERSION_MADE_BY, 12);
          r.writeUInt16LE(NEEDED_ZIP64, 14);
          u64(r, count3, 24);
          u64(r, count3, 32);
          u64(r, cdSize, 40);
          u64(r, start, 48);
          const l = Buffer.alloc(20);
          l.writeUInt32LE(117853008, 0);
          u64(l, this.cursor, 8);
          l.writeUInt32LE(1, 16);
          parts.push(r, l);
        }
        const e = Buffer.alloc(22);
        e.writeUInt32LE(101010256, 0);
        e.writeUInt16LE(count3 >= 65535 ? 65535 : count3, 8);
        e.writeUInt16LE(count3 >= 65535 ? 65535 : count3, 10);
        e.writeUInt32LE(cdSize >= 4294967295 ? 4294967295 : cdSize, 12);
        e.writeUInt32LE(start >= 4294967295 ? 4294967295 : start, 16);
        parts.push(e);
        await this.write(Buffer.concat(parts));
        this.out.end();
      }
      centralRecord(e) {
        const zip64 = e.size > BIG || e.stored > BIG || e.offset > BIG;
        const ut = Buffer.alloc(9);
        ut.writeUInt16LE(21589, 0);
        ut.writeUInt16LE(5, 2);
        ut.writeUInt8(3, 4);
        ut.writeInt32LE(this.unixTime, 5);
        const z50 = Buffer.alloc(zip64 ? 28 : 0);
        if (zip64) {
          z50.writeUInt16LE(1, 0);
          z50.writeUInt16LE(24, 2);
          u64(z50, e.size, 4);
          u64(z50, e.stored, 12);
          u64(z50, e.offset, 20);
        }
        const f = Buffer.alloc(46);
        f.writeUInt32LE(33639248, 0);
        f.writeUInt16LE(VERSION_MADE_BY, 4);
        f.writeUInt16LE(zip64 ? NEEDED_ZIP64 : NEEDED_UTF8, 6);
        f.writeUInt16LE(UTF8_NAME, 8);
        f.writeUInt16LE(e.method, 10);
        f.writeUInt16LE(this.dosTime, 12);
        f.writeUInt16LE(this.dosDate, 14);
        f.writeUInt32LE(e.crc, 16);
        f.writeUInt32LE(zip64 ? 4294967295 : e.stored, 20);
        f.writeUInt32LE(zip64 ? 4294967295 : e.size, 24);
        f.writeUInt16LE(e.name.length, 28);
        f.writeUInt16LE(ut.length + z50.length, 30);
        f.writeUInt32LE(33204 << 16 >>> 0, 38);
        f.writeUInt32LE(zip64 ? 4294967295 : e.offset, 42);
        return Buffer.concat([f, e.name, ut, z50]);
      }
      async write(chunk) {
        this.cursor += chunk.length;
        if (this.out.destroyed) throw this.out.errored ?? new Error("zip output closed");
        if (!this.out.write(chunk)) await drained(this.out);
      }
    };
  }
});

// shared/snapshot/builder.ts
var builder_exports = {};
__export(builder_exports, {
  buildSnapshot: () => buildSnapshot,
  buildSnapshotToFile: () => buildSnapshotToFile,
  writeSnapshot: () => writeSnapshot
});
import { createWriteStream } from "node:fs";
import { rm as rm4 } from "node:fs/promises";
import { finished } from "node:stream/promises";
async function buildSnapshot(request2, deps, output) {
  return writeSnapshot(await planSnapshot(request2, deps), deps, output);
}
async function buildSnapshotToFile(request2, deps, path) {
  const plan = await planSnapshot(request2, deps);
  try {
    return await writeSnapshot(
      plan,
      deps,
      createWriteStream(path, { flags: "wx", highWaterMark: OUT_BUFFER })
    );
  } catch (err) {
    await rm4(path, { force: true });
    throw err;
  }
}
async function writeSnapshot(plan, deps, output) {
  const zip = new ZipWriter(output, {
    compress: plan.request.compress ?? true,
    mtime: new Date(plan.createdAt)
  });
  const files = [];
  let evidenceBytes = 0;
  const add = async (path, bytes, sha2562 = sha256Hex(bytes)) => {
    files.push({ path, sha256: sha2562, size: bytes.length });
    await zip.add(path, bytes);
  };
  try {
    const fetcher = prefetcher(plan.artifacts, (a) => fetchArtifact(a, plan, deps), PREFETCH);
    for (let i = 0; i < plan.artifacts.length; i++) {
      const a = plan.artifacts[i];
      const { bytes: bytes2, proof } = await fetcher(i);
      evidenceBytes += bytes2.length;
      await add(a.path, bytes2, a.sha256);
      await add(`proofs/inclusion/${a.sha256}.json`, proof);
    }
    let manualSection2;
    if (deps.manual) {
      const m = await manualSnapshotFiles(deps.manual, plan.checkpoint.checkpoint, new Date(plan.to - 1));
      for (const [path, bytes2] of m.files) await add(path, bytes2);
      manualSection2 = m.section;
    }
    for (const s of plan.statements) await add(s.path, s.bytes);
    for (const [path, bytes2] of smallFiles(plan, manualSection2)) await add(path, bytes2);
    const manifest = buildManifest(plan, sortFiles(files));
    const bytes = manifestBytes(manifest);
    const manifestSha256 = sha256Hex(bytes);
    const statement = manifestStatement(manifestSha256);
    const sig = await deps.signer.sign(statement);
    await zip.add("manifest.json", bytes);
    await zip.add("manifest.statement.json", statement);
    await zip.add("manifest.sig", sig);
    await zip.add("SHA256SUMS", sha256Sums(manifest));
    await zip.finish();
    await finished(output, { readable: false });
    return { manifest, manifestSha256, artifacts: plan.artifacts.length, evidenceBytes };
  } catch (err) {
    output.destroy(err);
    throw err;
  }
}
function buildManifest(plan, files) {
  const { framework, window, toolVersion: toolVersion2 } = plan.request;
  return {
    schema: SNAPSHOT_SCHEMA,
    framework,
    window: {
      start: window.start,
      end: window.end,
      ...window.timeZone ? { timeZone: window.timeZone } : {}
    },
    controls: [...plan.controls],
    createdAt: plan.createdAt,
    toolVersion: toolVersion2,
    checkpoint: plan.checkpoint,
    ...plan.startCheckpoint ? { startCheckpoint: plan.startCheckpoint } : {},
    files
  };
}
async function fetchArtifact(a, plan, deps) {
  const { treeSize, rootHash } = plan.checkpoint.checkpoint;
  const [bytes, auditPath] = await Promise.all([
    deps.store.getBytes(a.key, a.sha256),
    deps.ledger.inclusionProof(a.index, treeSize)
  ]);
  verifyInclusion(leafHash(Buffer.from(a.sha256, "hex")), a.index, treeSize, auditPath, rootHash);
  const proof = Buffer.from(
    JSON.stringify({ leafIndex: a.index, treeSize, auditPath }, null, 2) + "\n",
    "utf8"
  );
  return { bytes, proof };
}
function prefetcher(items, load, depth) {
  const inflight = /* @__PURE__ */ new Map();
  let next = 0;
  return (i) => {
    for (let j = Math.max(i, next); j < Math.min(i + depth, items.length); j++) {
      const p2 = load(items[j]);
      p2.catch(() => void 0);
      inflight.set(j, p2);
    }
    next = Math.max(next, i + depth);
    const p = inflight.get(i) ?? load(items[i]);
    inflight.delete(i);
    return p;
  };
}
var PREFETCH, OUT_BUFFER;
var init_builder = __esm({
  "shared/snapshot/builder.ts"() {
    "use strict";
    init_canonical();
    init_merkle();
    init_merkle_verify();
    init_manifest();
    init_manual_files();
    init_plan2();
    init_small_files();
    init_zip_writer();
    PREFETCH = 8;
    OUT_BUFFER = 1024 * 1024;
  }
});

// shared/snapshot/canonical-check.ts
import { isUtf8 } from "node:buffer";
function isCanonicalJson(bytes) {
  if (!isUtf8(bytes)) return false;
  const text3 = bytes.toString("utf8");
  const skeleton = text3.replace(
    CANONICAL_STRING,
    (lit, at) => lit.length < LONG || /^\s*:/.test(text3.slice(at + lit.length, at + lit.length + 8)) ? lit : '""'
  );
  if (skeleton.length < text3.length && full(Buffer.from(skeleton, "utf8"))) return true;
  return full(bytes, text3);
}
function full(bytes, text3 = bytes.toString("utf8")) {
  try {
    return canonicalBytes(JSON.parse(text3)).equals(bytes);
  } catch {
    return false;
  }
}
var CANONICAL_STRING, LONG;
var init_canonical_check = __esm({
  "shared/snapshot/canonical-check.ts"() {
    "use strict";
    init_canonical();
    CANONICAL_STRING = // eslint-disable-next-line no-control-regex -- control characters are exactly what canonical strings must escape
    /"[^"\\\u0000-\u001f]*(?:(?:\\["\\bfnrt]|\\u000[0-7bef]|\\u001[0-9a-f])[^"\\\u0000-\u001f]*)*"/g;
    LONG = 66;
  }
});

// shared/snapshot/zip-read.ts
import { createHash as createHash6 } from "node:crypto";
import yauzl from "yauzl";
async function readZip(path, keep, onFile) {
  const zip = await BoundedZip.open(path);
  try {
    for (const e of zip.entries) onFile(await zip.read(e.path, Number.MAX_SAFE_INTEGER, keep(e.path)));
  } finally {
    zip.close();
  }
}
var MAX_ZIP_ENTRIES, EntryTooLargeError, BoundedZip;
var init_zip_read = __esm({
  "shared/snapshot/zip-read.ts"() {
    "use strict";
    MAX_ZIP_ENTRIES = 1e6;
    EntryTooLargeError = class extends Error {
      constructor(path, cap) {
        super(`${path} inflates to more than ${cap} bytes`);
        this.path = path;
        this.cap = cap;
      }
      path;
      cap;
    };
    BoundedZip = class _BoundedZip {
      constructor(zip, byPath, entries) {
        this.zip = zip;
        this.byPath = byPath;
        this.entries = entries;
      }
      zip;
      byPath;
      entries;
      /** Opens `path` and lists its central directory; throws if it is not a readable zip or lists too many entries. */
      static async open(path) {
        const zip = await new Promise(
          (resolve7, reject) => yauzl.open(
            path,
            { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true },
            (err, z50) => err ? reject(err) : resolve7(z50)
          )
        );
        if (zip.entryCount > MAX_ZIP_ENTRIES) {
          zip.close();
          throw new Error(`the archive lists ${zip.entryCount} entries, more than ${MAX_ZIP_ENTRIES}`);
        }
        const byPath = /* @__PURE__ */ new Map();
        const entries = [];
        await new Promise((resolve7, reject) => {
          zip.on("error", (err) => {
            zip.close();
            reject(err);
          });
          zip.on("end", () => resolve7());
          zip.on("entry", (e) => {
            if (!e.fileName.endsWith("/")) {
              const list2 = byPath.get(e.fileName) ?? [];
              list2.push(e);
              byPath.set(e.fileName, list2);
              entries.push({
                path: e.fileName,
                compressedSize: e.compressedSize,
                uncompressedSize: e.uncompressedSize
              });
            }
            zip.readEntry();
          });
          zip.readEntry();
        });
        return new _BoundedZip(zip, byPath, entries);
      }
      /** Paths listed more than once. */
      duplicates() {
        return [...this.byPath].filter(([, list2]) => list2.length > 1).map(([p]) => p);
      }
      has(path) {
        return this.byPath.has(path);
      }
      /**
       * Streams the (first) entry at `path`, hashing it; keeps its bytes when `keep`. Refuses before inflating when the
       * directory claims more than `cap` bytes, and stops with EntryTooLargeError as soon as more than `cap` arrive.
       */
      async read(path, cap, keep) {
        const entry = this.byPath.get(path)?.[0];
        if (!entry) throw new Error(`${path} is not in the archive`);
        if (entry.uncompressedSize > cap) throw new EntryTooLargeError(path, cap);
        const stream = await new Promise(
          (resolve7, reject) => this.zip.openReadStream(
            entry,
            (err, s) => err ? reject(err) : resolve7(s)
          )
        );
        const hash = createHash6("sha256");
        const kept = keep ? Buffer.allocUnsafe(entry.uncompressedSize) : void 0;
        let size = 0;
        for await (const c of stream) {
          if (size + c.length > cap || kept && size + c.length > kept.length) {
            stream.destroy();
            throw new EntryTooLargeError(path, cap);
          }
          hash.update(c);
          kept?.set(c, size);
          size += c.length;
        }
        return { path, sha256: hash.digest("hex"), size, ...kept ? { bytes: kept.subarray(0, size) } : {} };
      }
      close() {
        this.zip.close();
      }
    };
  }
});

// shared/snapshot/verify-archive.ts
import { statSync } from "node:fs";
async function readArchive(zipPath) {
  const out = {
    problems: [],
    files: /* @__PURE__ */ new Map(),
    evidence: /* @__PURE__ */ new Map(),
    badNames: [],
    notCanonical: [],
    unlisted: [],
    refused: []
  };
  let zip;
  try {
    zip = await BoundedZip.open(zipPath);
  } catch (err) {
    out.problems.push(`not a readable zip archive (${message(err)})`);
    return out;
  }
  try {
    out.problems.push(...zip.duplicates().map((d) => `duplicate entry ${d}`));
    const small = async (path, cap) => {
      if (!zip.has(path)) return;
      try {
        out.files.set(path, await zip.read(path, cap, true));
      } catch (err) {
        out.refused.push(
          err instanceof EntryTooLargeError ? err.message : `${path}: cannot be read (corrupt entry)`
        );
      }
    };
    await small("manifest.json", MAX_MANIFEST_BYTES);
    await small("manifest.statement.json", MAX_SMALL_BYTES);
    await small("manifest.sig", MAX_SMALL_BYTES);
    const read2 = parseManifestBytes(out.files.get("manifest.json")?.bytes);
    if ("problem" in read2) return { ...out, manifestProblem: read2.problem };
    const { manifest, bytes } = read2;
    const total = manifest.files.reduce((a, f) => a + f.size, 0);
    const zipSize = statSync(zipPath).size;
    if (total > Math.max(MIN_INFLATION_BUDGET, MAX_INFLATION_RATIO * zipSize)) {
      out.problems.push(
        `the manifest lists ${total} bytes for a ${zipSize}-byte archive, more than ${MAX_INFLATION_RATIO}:1: refused unread`
      );
      return { ...out, manifest, manifestBytes: bytes };
    }
    const listed = new Map(manifest.files.map((f) => [f.path, f]));
    for (const e of zip.entries)
      if (!listed.has(e.path) && !UNLISTED_FILES.includes(e.path)) out.unlisted.push(e.path);
    await small("SHA256SUMS", total + 1024 * manifest.files.length);
    const present = manifest.files.filter((f) => zip.has(f.path));
    const start = (f) => zip.read(f.path, f.size, !HASH_ONLY(f.path)).then(
      (got) => ({ got }),
      () => ({ got: void 0 })
    );
    let next = present.length ? start(present[0]) : void 0;
    for (let i = 0; i < present.length; i++) {
      const f = present[i];
      const { got } = await next;
      next = i + 1 < present.length ? start(present[i + 1]) : void 0;
      if (!got) {
        out.refused.push(`${f.path}: cannot be read as ${f.size} bytes (the size the manifest lists)`);
        continue;
      }
      const m = EVIDENCE.exec(f.path);
      if (m) {
        out.evidence.set(f.path, got.sha256);
        if (m[1] !== got.sha256) out.badNames.push(`${f.path} hashes to ${got.sha256}`);
        if (!isCanonicalJson(got.bytes)) out.notCanonical.push(f.path);
        out.files.set(f.path, { path: f.path, sha256: got.sha256, size: got.size });
      } else out.files.set(f.path, got);
    }
    return { ...out, manifest, manifestBytes: bytes };
  } finally {
    zip.close();
  }
}
function parseManifestBytes(bytes) {
  if (!bytes) return { problem: "manifest.json is missing or larger than the limit" };
  let raw;
  try {
    raw = JSON.parse(bytes.toString("utf8"));
  } catch {
    return { problem: "manifest.json is not valid JSON" };
  }
  try {
    const manifest = parseManifest(raw);
    if (!isManifestBytes(manifest, bytes)) return { problem: "manifest.json is not canonical JSON" };
    return { manifest, bytes };
  } catch (err) {
    return { problem: message(err) };
  }
}
var MAX_MANIFEST_BYTES, MAX_SMALL_BYTES, MAX_INFLATION_RATIO, MIN_INFLATION_BUDGET, EVIDENCE, HASH_ONLY;
var init_verify_archive = __esm({
  "shared/snapshot/verify-archive.ts"() {
    "use strict";
    init_canonical_check();
    init_manifest();
    init_verify_checks();
    init_zip_read();
    MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
    MAX_SMALL_BYTES = 4096;
    MAX_INFLATION_RATIO = 100;
    MIN_INFLATION_BUDGET = 64 * 1024 * 1024;
    EVIDENCE = /^evidence\/.*_([0-9a-f]{64})\.json$/;
    HASH_ONLY = (p) => p.startsWith("oscal/") || p === "index.html";
  }
});

// shared/snapshot/verify-population.ts
import * as z48 from "zod";
function populationCheck(files, evidence, closing, start) {
  const name = "population";
  const fail = (problems3) => ({
    check: { name, ok: false, detail: summarize(problems3) }
  });
  let pop;
  try {
    if (!closing) throw new Error("no valid closing checkpoint");
    const bytes = files.get(POPULATION_PATH)?.bytes;
    if (!bytes) throw new Error(`${POPULATION_PATH} is missing`);
    const parsed2 = PopulationSchema.safeParse(JSON.parse(bytes.toString("utf8")));
    if (!parsed2.success)
      throw new Error(`${POPULATION_PATH} is malformed: ${parsed2.error.issues[0]?.message}`);
    pop = parsed2.data;
  } catch (err) {
    return fail([message(err)]);
  }
  const from = start ?? { treeSize: 0, rootHash: CompactRange.empty().root().toString("hex") };
  const problems2 = [];
  if (pop.fromTreeSize !== from.treeSize || pop.toTreeSize !== closing.treeSize)
    return fail([
      `the list covers leaves ${pop.fromTreeSize} to ${pop.toTreeSize}, the window's checkpoints ${from.treeSize} to ${closing.treeSize}`
    ]);
  let range;
  try {
    range = CompactRange.from(
      pop.fromTreeSize,
      pop.startRange.map((h) => Buffer.from(h, "hex"))
    );
  } catch (err) {
    return fail([`startRange: ${message(err)}`]);
  }
  if (range.root().toString("hex") !== from.rootHash)
    return fail(["startRange does not fold to the start checkpoint root"]);
  const excluded = {};
  const byKind = {};
  let included = 0;
  let coverage;
  pop.leaves.forEach((l, i) => {
    const at = `leaf ${l.index}`;
    if (l.index !== pop.fromTreeSize + i) problems2.push(`${at}: expected index ${pop.fromTreeSize + i}`);
    let bytes = Buffer.from(l.sha256, "hex");
    if (l.kind !== "artifact") {
      const f = files.get(statementPath2(l.sha256));
      if (!f?.bytes || f.sha256 !== l.sha256)
        problems2.push(`${at}: ${statementPath2(l.sha256)} missing or altered`);
      else {
        bytes = f.bytes;
        try {
          const decoded = decodeLeaf(bytes);
          const kind = decoded.kind;
          if (decoded.kind === "coverage" && (!coverage || decoded.completedAt >= coverage.completedAt))
            coverage = decoded;
          if (kind !== l.kind) problems2.push(`${at}: listed as ${l.kind}, its statement is ${kind}`);
        } catch (err) {
          problems2.push(`${at}: ${message(err)}`);
        }
      }
    }
    const h = leafHash(bytes);
    if (h.toString("hex") !== l.leafHash)
      problems2.push(`${at}: leaf hash does not match its ${l.kind} bytes`);
    range.append(h);
    byKind[l.kind] = (byKind[l.kind] ?? 0) + 1;
    if (l.status === "included") {
      included++;
      if (l.kind === "artifact" && !evidence.has(l.sha256))
        problems2.push(`${at}: listed as included, artifact ${l.sha256} is not in evidence/`);
    } else {
      if (!l.reason) problems2.push(`${at}: excluded without a reason`);
      if (l.kind === "artifact" && evidence.has(l.sha256))
        problems2.push(`${at}: listed as excluded, but artifact ${l.sha256} is archived`);
      excluded[l.reason ?? ""] = (excluded[l.reason ?? ""] ?? 0) + 1;
    }
  });
  if (range.root().toString("hex") !== closing.rootHash)
    problems2.push("the listed leaves do not recompute the closing checkpoint root");
  const counts2 = { leaves: pop.leaves.length, included, byKind, excluded };
  if (problems2.length) return { check: { name, ok: false, detail: summarize(problems2) }, counts: counts2 };
  const ex = Object.values(excluded).reduce((a, b) => a + b, 0);
  return {
    check: {
      name,
      ok: true,
      detail: `${counts2.leaves} log leaves in the window recompute both roots: ${included} archived, ${ex} excluded with a reason` + (coverage ? `; latest coverage attestation: ${coverageLine(summarizeCoverage(coverage))}` : "")
    },
    counts: counts2
  };
}
var hex642, PopulationSchema;
var init_verify_population = __esm({
  "shared/snapshot/verify-population.ts"() {
    "use strict";
    init_coverage2();
    init_leaf();
    init_merkle();
    init_log_population();
    init_verify_checks();
    hex642 = z48.string().regex(/^[0-9a-f]{64}$/);
    PopulationSchema = z48.strictObject({
      fromTreeSize: z48.number().int().nonnegative(),
      toTreeSize: z48.number().int().nonnegative(),
      startRange: z48.array(hex642),
      leaves: z48.array(
        z48.strictObject({
          index: z48.number().int().nonnegative(),
          leafHash: hex642,
          kind: z48.enum(LEAF_KINDS),
          collector: z48.string(),
          scope: z48.string(),
          sha256: hex642,
          status: z48.enum(["included", "excluded"]),
          reason: z48.string().min(1).optional()
        })
      )
    });
  }
});

// shared/snapshot/manual-verify.ts
import { createHash as createHash7 } from "node:crypto";
function manualCheck(files, closing) {
  const problems2 = [];
  const statements = [...files.keys()].flatMap((p) => {
    const m = STATEMENT2.exec(p);
    return m ? [m[1]] : [];
  });
  const docsByFile = new Map(
    [...files].filter(([p]) => p.startsWith("manual/files/")).map(([p, f]) => [p.slice("manual/files/".length), f])
  );
  if (statements.length && !closing)
    problems2.push("no valid closing checkpoint to check manual statements against");
  for (const id of statements) {
    const path = statementPath(id);
    try {
      const bytes = files.get(path).bytes;
      if (!bytes) throw new Error("unreadable");
      if (sha256(bytes) !== id) throw new Error("does not hash to its name");
      const s = decodeLeaf(bytes);
      if (s.kind !== "manual" && s.kind !== "approval" && s.kind !== "exception")
        throw new Error(`is a ${s.kind} leaf, not a manual, approval or exception statement`);
      if (closing) {
        const proof = files.get(manualProofPath(id))?.bytes;
        if (!proof) throw new Error(`${manualProofPath(id)} is missing`);
        const p = JSON.parse(proof.toString("utf8"));
        if (p.treeSize !== closing.treeSize)
          throw new Error(`proof is for tree size ${p.treeSize}, checkpoint has ${closing.treeSize}`);
        verifyInclusion(leafHash(bytes), p.leafIndex, p.treeSize, p.auditPath, closing.rootHash);
      }
      if (s.kind === "manual") {
        const name = `${s.fileSha256}.${s.fileName.split(".").pop().toLowerCase()}`;
        const doc = docsByFile.get(name)?.bytes;
        if (!doc) throw new Error(`document manual/files/${name} is missing`);
        if (sha256(doc) !== s.fileSha256 || doc.length !== s.size)
          throw new Error(`document manual/files/${name} does not match the statement's SHA-256 and size`);
      }
      if (s.kind === "approval" && !files.has(statementPath(s.evidence)))
        throw new Error(`approves ${s.evidence}, which is not archived`);
    } catch (err) {
      problems2.push(`${path}: ${message(err)}`);
    }
  }
  const have = new Set(statements);
  for (const p of files.keys()) {
    const m = PROOF2.exec(p);
    if (m && !have.has(m[1])) problems2.push(`${p} proves a statement that is not in the archive`);
  }
  return checkOf(
    "manual-evidence",
    problems2,
    `${statements.length} manual, approval and exception statements are in the log at the closing checkpoint`
  );
}
var STATEMENT2, PROOF2, sha256;
var init_manual_verify = __esm({
  "shared/snapshot/manual-verify.ts"() {
    "use strict";
    init_leaf();
    init_merkle();
    init_merkle_verify();
    init_manual_paths();
    init_verify_checks();
    STATEMENT2 = /^manual\/statements\/([0-9a-f]{64})\.json$/;
    PROOF2 = /^proofs\/manual\/([0-9a-f]{64})\.json$/;
    sha256 = (b) => createHash7("sha256").update(b).digest("hex");
  }
});

// shared/snapshot/verify.ts
var verify_exports = {};
__export(verify_exports, {
  pinnedFingerprint: () => pinnedFingerprint,
  verifySnapshot: () => verifySnapshot
});
import { createPublicKey as createPublicKey4, verify as verifySig } from "node:crypto";
async function verifySnapshot(zipPath, options = {}) {
  const anchors = [
    ...options.pinnedKey === void 0 ? [] : [options.pinnedKey],
    ...options.trustedKeys ?? []
  ];
  const trusted = anchors.map(pinnedFingerprint);
  const origin = trusted.length ? "pinned" : "unpinned";
  const checks = [];
  const add = (name, problems2, okDetail) => checks.push({
    name,
    ok: problems2.length === 0,
    detail: problems2.length ? summarize(problems2) : okDetail
  });
  const done = () => ({ ok: checks.every((c) => c.ok), origin, checks });
  const a = await readArchive(zipPath);
  add("archive", a.problems, `zip readable, ${a.files.size} files read`);
  if (!a.manifest || a.problems.length) {
    if (a.manifestProblem) add("manifest", [a.manifestProblem], "");
    return done();
  }
  const { manifest, files } = a;
  const mBytes = a.manifestBytes;
  add(
    "manifest",
    [],
    `${manifest.files.length} files listed, framework ${manifest.framework}, window ${manifest.window.start} to ${manifest.window.end}`
  );
  const pem = files.get("public-key.pem")?.bytes?.toString("utf8");
  let key2;
  let fingerprint = "(none)";
  try {
    if (!pem) throw new Error("public-key.pem is missing");
    key2 = readKey2(pem);
    fingerprint = keyFingerprint(key2);
    const statement = files.get("manifest.statement.json")?.bytes;
    const sig = files.get("manifest.sig")?.bytes;
    if (!statement || !sig) throw new Error("manifest.statement.json or manifest.sig is missing");
    if (!statement.equals(manifestStatement(sha256Hex(mBytes))))
      throw new Error("manifest.statement.json does not name manifest.json's SHA-256");
    const ok2 = safeVerify(statement, key2, sig);
    add(
      "manifest-signature",
      ok2 ? [] : ["manifest.sig does not verify over manifest.statement.json with public-key.pem"],
      `manifest statement signed by key ${fingerprint}`
    );
  } catch (err) {
    add("manifest-signature", [message(err)], "");
  }
  if (trusted.length)
    add(
      "pinned-key",
      trusted.includes(fingerprint) ? [] : [`public-key.pem has fingerprint ${fingerprint}, not one you supplied (${trusted.join(", ")})`],
      `key matches your fingerprint ${fingerprint}`
    );
  let closing;
  let start;
  {
    const problems2 = [];
    try {
      const raw = json3(files.get("checkpoint.json")?.bytes, "checkpoint.json");
      verifyCheckpoint(raw, pem ?? "");
      closing = raw;
      if (!canonicalBytes(raw).equals(canonicalBytes(manifest.checkpoint)))
        problems2.push("checkpoint.json differs from the checkpoint in manifest.json");
      if (manifest.startCheckpoint) {
        verifyCheckpoint(manifest.startCheckpoint, pem ?? "", { origin: closing.checkpoint.origin });
        start = manifest.startCheckpoint;
        const sc = json3(files.get("start-checkpoint.json")?.bytes, "start-checkpoint.json");
        if (!canonicalBytes(sc).equals(canonicalBytes(start)))
          problems2.push("start-checkpoint.json differs from the start checkpoint in manifest.json");
      }
    } catch (err) {
      problems2.push(message(err));
    }
    const cp = closing?.checkpoint;
    add(
      "checkpoint-signature",
      problems2,
      cp ? `log ${cp.origin}, tree size ${cp.treeSize}${start ? `, start tree size ${start.checkpoint.treeSize}` : ""}` : ""
    );
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  const bad = manifest.files.flatMap((f) => {
    const got = files.get(f.path);
    return got && (got.sha256 !== f.sha256 || got.size !== f.size) ? [`${f.path}: sha256 ${got.sha256} size ${got.size}, manifest says ${f.sha256} size ${f.size}`] : [];
  });
  add("file-hashes", [...bad, ...a.refused], `${manifest.files.length} files match the manifest`);
  const refused = new Set(a.refused.map((r) => r.slice(0, r.indexOf(": "))));
  const missing = [];
  let unnamed = 0;
  for (const f of manifest.files)
    if (!files.has(f.path) && !refused.has(f.path))
      if (missing.length < 20) missing.push(`missing: ${f.path}`);
      else unnamed++;
  if (unnamed) missing.push(`${unnamed} more files missing`);
  const trio = ["manifest.statement.json", "manifest.sig", "SHA256SUMS"].filter((p) => !files.has(p)).map((p) => `missing: ${p}`);
  const extra = a.unlisted.filter((p) => !listed.has(p)).map((p) => `not in manifest: ${p}`);
  add("files-complete", [...missing, ...trio, ...extra], "no file missing or extra");
  const sums = files.get("SHA256SUMS")?.bytes;
  add(
    "sha256sums",
    sums && isSha256Sums(manifest, sums) ? [] : ["SHA256SUMS does not match manifest.json"],
    "SHA256SUMS matches manifest.json"
  );
  add("evidence-names", a.badNames, `${a.evidence.size} evidence files hash to their names`);
  add(
    "evidence-canonical",
    a.notCanonical.map((p) => `${p} is not RFC 8785 canonical JSON`),
    `${a.evidence.size} evidence files are canonical JSON`
  );
  const closingHead = closing?.checkpoint;
  checks.push(inclusionCheck(a.evidence, files, closingHead));
  checks.push(consistencyCheck(files, closingHead, start?.checkpoint));
  checks.push(windowCheckpointsCheck(files, pem ?? "", closing, start));
  if (options.since !== void 0) checks.push(sinceCheck(options.since, files, pem ?? "", closingHead));
  const pop = populationCheck(files, new Set(a.evidence.values()), closingHead, start?.checkpoint);
  checks.push(pop.check);
  const samples = samplesCheck(files, closing, options.auditorNonce);
  checks.push(samples.check);
  checks.push(manualCheck(files, closingHead));
  checks.push(resultsCheck(files, a.evidence));
  return {
    ...done(),
    ...pop.check.ok && pop.counts ? { population: pop.counts } : {},
    ...samples.operatorChosen !== void 0 ? { samplesOperatorChosen: samples.operatorChosen } : {}
  };
}
function json3(bytes, what) {
  if (!bytes) throw new Error(`${what} is missing`);
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
}
function readKey2(pem) {
  try {
    return createPublicKey4(pem);
  } catch {
    throw new Error("public-key.pem is not a readable public key");
  }
}
function safeVerify(data, key2, sig) {
  try {
    return verifySig("sha256", data, { key: key2, dsaEncoding: "der" }, sig);
  } catch {
    return false;
  }
}
function pinnedFingerprint(key2) {
  const trimmed = key2.trim();
  if (trimmed.includes("-----BEGIN")) {
    try {
      return keyFingerprint(trimmed);
    } catch (cause) {
      throw new ValidationError("pinned key", ["not a readable public key PEM"], { cause });
    }
  }
  const hex = trimmed.replace(/^sha256:/i, "").replace(/:/g, "").toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw new ValidationError("pinned key", [
      "expected a public key PEM or a 64-hex-digit SHA-256 fingerprint"
    ]);
  return hex;
}
var init_verify = __esm({
  "shared/snapshot/verify.ts"() {
    "use strict";
    init_errors();
    init_canonical();
    init_fingerprint();
    init_verify_checkpoint();
    init_manifest();
    init_verify_archive();
    init_verify_checks();
    init_verify_population();
    init_samples();
    init_window_checkpoints();
    init_manual_verify();
  }
});

// shared/demo/company/ec2.ts
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeVpcsCommand,
  EC2Client as EC2Client4,
  EnableEbsEncryptionByDefaultCommand
} from "@aws-sdk/client-ec2";
async function seedSecurityGroups(client, account, region2) {
  const ec2 = client(EC2Client4, region2);
  const vpcs = await ec2.send(
    new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] })
  );
  const vpcId = vpcs.Vpcs?.[0]?.VpcId;
  if (!vpcId) throw new Error(`no default VPC in ${account}/${region2}`);
  return Promise.all(
    GROUPS.map(async (g) => {
      const sg = await ec2.send(
        new CreateSecurityGroupCommand({ GroupName: g.name, Description: `Acme ${g.posture}`, VpcId: vpcId })
      );
      const groupId = sg.GroupId ?? "";
      await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: g.rules }));
      return { groupId, groupName: g.name, account, region: region2, vpcId, posture: g.posture };
    })
  );
}
async function enableEbsDefaultEncryption(client, region2) {
  await client(EC2Client4, region2).send(new EnableEbsEncryptionByDefaultCommand({}));
}
var tcp, GROUPS;
var init_ec2 = __esm({
  "shared/demo/company/ec2.ts"() {
    "use strict";
    tcp = (port2, ranges) => ({
      IpProtocol: "tcp",
      FromPort: port2,
      ToPort: port2,
      ...ranges
    });
    GROUPS = [
      {
        name: "acme-bastion-ssh",
        posture: "ssh-world",
        rules: [tcp(22, { IpRanges: [{ CidrIp: "0.0.0.0/0", Description: "anyone" }] })]
      },
      {
        name: "acme-windows-rdp",
        posture: "rdp-world-v6",
        rules: [tcp(3389, { Ipv6Ranges: [{ CidrIpv6: "::/0", Description: "anyone (IPv6)" }] })]
      },
      {
        name: "acme-internal-app",
        posture: "restricted",
        rules: [
          tcp(443, { IpRanges: [{ CidrIp: "10.0.0.0/8" }] }),
          tcp(22, { IpRanges: [{ CidrIp: "10.0.0.0/8" }] })
        ]
      }
    ];
  }
});

// shared/demo/company/detection.ts
import { CreateDetectorCommand, GuardDutyClient as GuardDutyClient2 } from "@aws-sdk/client-guardduty";
import {
  BatchImportFindingsCommand,
  DescribeHubCommand as DescribeHubCommand3,
  EnableSecurityHubCommand,
  SecurityHubClient as SecurityHubClient3
} from "@aws-sdk/client-securityhub";
async function seedGuardDuty(client, account, region2) {
  const res = await client(GuardDutyClient2, region2).send(
    new CreateDetectorCommand({ Enable: true, FindingPublishingFrequency: "FIFTEEN_MINUTES" })
  );
  if (!res.DetectorId) throw new Error(`CreateDetector returned no id in ${account}/${region2}`);
  return { account, region: region2, detectorId: res.DetectorId };
}
function controlFinding(account, region2, control, resource2, status2) {
  return {
    SchemaVersion: "2018-10-08",
    Id: `arn:aws:securityhub:${region2}:${account}:security-control/${control}/finding/demo-${control}`,
    ProductArn: `arn:aws:securityhub:${region2}::product/aws/securityhub`,
    GeneratorId: `security-control/${control}`,
    AwsAccountId: account,
    Region: region2,
    Types: ["Software and Configuration Checks/Industry and Regulatory Standards"],
    CreatedAt: "2026-01-01T00:00:00Z",
    UpdatedAt: "2026-01-01T00:00:00Z",
    Severity: { Label: "MEDIUM" },
    Title: `${control} control check`,
    Description: `Security Hub control ${control}`,
    Resources: [{ Type: "AwsAccount", Id: resource2 }],
    Compliance: {
      Status: status2,
      SecurityControlId: control,
      AssociatedStandards: [{ StandardsId: "standards/aws-foundational-security-best-practices/v/1.0.0" }]
    },
    Workflow: { Status: "NEW" },
    RecordState: "ACTIVE"
  };
}
async function seedSecurityHub(client, account, region2, controls = []) {
  const hub = client(SecurityHubClient3, region2);
  await hub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
  if (controls.length)
    await hub.send(
      new BatchImportFindingsCommand({
        Findings: controls.map((c) => controlFinding(account, region2, c.control, c.resource, c.status))
      })
    );
  const described = await hub.send(new DescribeHubCommand3({}));
  return { account, region: region2, hubArn: described.HubArn ?? "" };
}
var init_detection = __esm({
  "shared/demo/company/detection.ts"() {
    "use strict";
  }
});

// shared/demo/company/facts.ts
var MANAGEMENT_ACCOUNT_ID, PROD_ACCOUNT_ID, STAGING_ACCOUNT_ID, MOTO_DEFAULT_ACCOUNT_ID, PRIMARY_REGION, SECONDARY_REGION, DEMO_REGIONS, STALE_KEY_DAYS, DEMO_CLOCK_AHEAD_DAYS;
var init_facts = __esm({
  "shared/demo/company/facts.ts"() {
    "use strict";
    MANAGEMENT_ACCOUNT_ID = "111111111111";
    PROD_ACCOUNT_ID = "222222222222";
    STAGING_ACCOUNT_ID = "333333333333";
    MOTO_DEFAULT_ACCOUNT_ID = "123456789012";
    PRIMARY_REGION = "us-east-1";
    SECONDARY_REGION = "eu-west-1";
    DEMO_REGIONS = [PRIMARY_REGION, SECONDARY_REGION];
    STALE_KEY_DAYS = 90;
    DEMO_CLOCK_AHEAD_DAYS = 120;
  }
});

// shared/demo/company/iam.ts
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient as IAMClient6,
  PutRolePolicyCommand,
  UpdateAccountPasswordPolicyCommand
} from "@aws-sdk/client-iam";
async function seedUser(iam, account, plan) {
  const { userName } = plan;
  await iam.send(new CreateUserCommand({ UserName: userName, Tags: [{ Key: "email", Value: plan.email }] }));
  const accessKeyIds = [];
  let mfaSerial;
  await Promise.all([
    plan.console && iam.send(
      new CreateLoginProfileCommand({
        UserName: userName,
        Password: DEMO_PASSWORD,
        PasswordResetRequired: false
      })
    ),
    ...plan.policies.map(
      (PolicyArn) => iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn }))
    ),
    ...plan.groups.map((GroupName) => iam.send(new AddUserToGroupCommand({ UserName: userName, GroupName }))),
    plan.accessKey && iam.send(new CreateAccessKeyCommand({ UserName: userName })).then((r) => {
      if (r.AccessKey?.AccessKeyId) accessKeyIds.push(r.AccessKey.AccessKeyId);
    }),
    plan.mfa && (async () => {
      const dev = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: userName }));
      mfaSerial = dev.VirtualMFADevice?.SerialNumber;
      await iam.send(
        new EnableMFADeviceCommand({
          UserName: userName,
          SerialNumber: mfaSerial,
          AuthenticationCode1: "123456",
          AuthenticationCode2: "654321"
        })
      );
    })()
  ]);
  const user3 = {
    userName,
    account,
    email: plan.email,
    mfa: plan.mfa,
    console: plan.console,
    accessKeyIds,
    attachedPolicies: plan.policies,
    groups: plan.groups
  };
  return mfaSerial ? { user: user3, mfaSerial } : { user: user3 };
}
async function seedManagementIam(client, account) {
  const iam = client(IAMClient6);
  await Promise.all([
    iam.send(new CreateGroupCommand({ GroupName: BREAK_GLASS_GROUP })).then(() => iam.send(new AttachGroupPolicyCommand({ GroupName: BREAK_GLASS_GROUP, PolicyArn: ADMIN }))),
    iam.send(new CreateGroupCommand({ GroupName: ENGINEERING_GROUP })).then(
      () => iam.send(new AttachGroupPolicyCommand({ GroupName: ENGINEERING_GROUP, PolicyArn: POWER_USER }))
    ),
    // Weak on purpose: 8 characters, no symbols, no reuse prevention, no expiry.
    iam.send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 8,
        RequireSymbols: false,
        RequireNumbers: false
      })
    )
  ]);
  const seeded = await Promise.all(PEOPLE.map((p) => seedUser(iam, account, p)));
  const users = seeded.map((s) => s.user);
  const serviceRole = await seedServiceRole(iam);
  const names = (pred) => users.filter(pred).map((x) => x.userName);
  return {
    users,
    usersWithoutMfa: names((x) => !x.mfa),
    consoleUsersWithoutMfa: names((x) => x.console && !x.mfa),
    staleKeyUsers: names((x) => x.accessKeyIds.length > 0),
    adminUsers: names((x) => x.attachedPolicies.includes(ADMIN) || x.groups.includes(BREAK_GLASS_GROUP)),
    breakGlass: {
      group: BREAK_GLASS_GROUP,
      members: names((x) => x.groups.includes(BREAK_GLASS_GROUP)),
      policyArn: ADMIN
    },
    leaver: { userName: "erin.leaver", email: "erin@acme.example" },
    serviceRole,
    mfaDevices: Object.fromEntries(
      seeded.filter((s) => s.mfaSerial).map((s) => [s.user.userName, s.mfaSerial])
    )
  };
}
async function seedServiceRole(iam) {
  const roleName = "acme-etl-service-role";
  const trust = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }
    ]
  };
  const role2 = await iam.send(
    new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trust) })
  );
  const inlinePolicy = "etl-full-access";
  const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: inlinePolicy,
      PolicyDocument: JSON.stringify(doc)
    })
  );
  return { roleName, arn: role2.Role?.Arn ?? "", inlinePolicy, wildcardAdmin: true };
}
async function seedStrongPasswordPolicy(client) {
  await client(IAMClient6).send(
    new UpdateAccountPasswordPolicyCommand({
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      PasswordReusePrevention: 24,
      MaxPasswordAge: 90
    })
  );
}
var ADMIN, POWER_USER, SECURITY_AUDIT, READ_ONLY, BREAK_GLASS_GROUP, ENGINEERING_GROUP, DEMO_PASSWORD, u, PEOPLE;
var init_iam = __esm({
  "shared/demo/company/iam.ts"() {
    "use strict";
    ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
    POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";
    SECURITY_AUDIT = "arn:aws:iam::aws:policy/SecurityAudit";
    READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    BREAK_GLASS_GROUP = "break-glass-admins";
    ENGINEERING_GROUP = "engineering";
    DEMO_PASSWORD = "Acme-Demo-Passw0rd!";
    u = (userName, email3, p) => ({
      userName,
      email: email3,
      mfa: false,
      console: true,
      accessKey: false,
      policies: [],
      groups: [],
      ...p
    });
    PEOPLE = [
      u("alice.admin", "alice@acme.example", { mfa: true, policies: [ADMIN] }),
      u("bob.builder", "bob@acme.example", { mfa: true, groups: [ENGINEERING_GROUP] }),
      u("carol.sales", "carol@acme.example", { mfa: false }),
      u("dave.ops", "dave@acme.example", { console: false, accessKey: true, groups: [ENGINEERING_GROUP] }),
      u("erin.leaver", "erin@acme.example", { groups: [ENGINEERING_GROUP] }),
      u("frank.oncall", "frank@acme.example", { mfa: true, groups: [BREAK_GLASS_GROUP] }),
      u("grace.auditor", "grace@acme.example", { mfa: true, policies: [SECURITY_AUDIT] }),
      u("heidi.finance", "heidi@acme.example", { mfa: true, policies: [READ_ONLY] })
    ];
  }
});

// shared/demo/company/kms.ts
import {
  CreateAliasCommand,
  CreateKeyCommand,
  EnableKeyRotationCommand,
  KMSClient as KMSClient3
} from "@aws-sdk/client-kms";
async function seedKey(client, account, region2, alias, rotation) {
  const kms = client(KMSClient3, region2);
  const key2 = await kms.send(
    new CreateKeyCommand({ Description: `Acme Analytics ${alias}`, KeyUsage: "ENCRYPT_DECRYPT" })
  );
  const keyId = key2.KeyMetadata?.KeyId;
  if (!keyId) throw new Error(`CreateKey for ${alias} returned no key id`);
  await Promise.all([
    kms.send(new CreateAliasCommand({ AliasName: `alias/${alias}`, TargetKeyId: keyId })),
    rotation && kms.send(new EnableKeyRotationCommand({ KeyId: keyId }))
  ]);
  return { keyId, arn: key2.KeyMetadata?.Arn ?? "", account, region: region2, alias: `alias/${alias}`, rotation };
}
var init_kms = __esm({
  "shared/demo/company/kms.ts"() {
    "use strict";
  }
});

// shared/demo/company/logging.ts
import { CloudTrailClient as CloudTrailClient2, CreateTrailCommand, StartLoggingCommand } from "@aws-sdk/client-cloudtrail";
import {
  ConfigServiceClient as ConfigServiceClient3,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand
} from "@aws-sdk/client-config-service";
async function seedTrail(client, account, spec) {
  const ct = client(CloudTrailClient2, spec.region);
  const trail = await ct.send(
    new CreateTrailCommand({
      Name: spec.name,
      S3BucketName: spec.bucket,
      IsMultiRegionTrail: spec.multiRegion,
      IncludeGlobalServiceEvents: spec.multiRegion,
      EnableLogFileValidation: spec.logFileValidation,
      ...spec.kmsKeyId ? { KmsKeyId: spec.kmsKeyId } : {}
    })
  );
  if (spec.logging) await ct.send(new StartLoggingCommand({ Name: spec.name }));
  return {
    name: spec.name,
    arn: trail.TrailARN ?? "",
    account,
    homeRegion: spec.region,
    bucket: spec.bucket,
    multiRegion: spec.multiRegion,
    logFileValidation: spec.logFileValidation,
    kmsKeyId: spec.kmsKeyId ?? null,
    logging: spec.logging
  };
}
async function seedConfigRecorder(client, account, region2, bucket) {
  const cfg = client(ConfigServiceClient3, region2);
  const recorderName = "default";
  const deliveryChannel = "default";
  await cfg.send(
    new PutConfigurationRecorderCommand({
      ConfigurationRecorder: {
        name: recorderName,
        roleARN: `arn:aws:iam::${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: true }
      }
    })
  );
  await cfg.send(
    new PutDeliveryChannelCommand({
      DeliveryChannel: { name: deliveryChannel, s3BucketName: bucket, s3KeyPrefix: "config" }
    })
  );
  await cfg.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: recorderName }));
  return { account, region: region2, recorderName, deliveryChannel, bucket, recording: true };
}
var init_logging = __esm({
  "shared/demo/company/logging.ts"() {
    "use strict";
  }
});

// shared/demo/company/rds.ts
import { CreateDBInstanceCommand, DescribeDBInstancesCommand, RDSClient as RDSClient2 } from "@aws-sdk/client-rds";
async function seedDbInstance(client, account, region2, spec) {
  const rds = client(RDSClient2, region2);
  const good = spec.posture === "good";
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: spec.id,
      Engine: spec.engine,
      DBInstanceClass: "db.t3.micro",
      AllocatedStorage: 20,
      MasterUsername: "acmeadmin",
      MasterUserPassword: DEMO_DB_PASSWORD,
      PubliclyAccessible: !good,
      StorageEncrypted: good,
      BackupRetentionPeriod: good ? 14 : 0,
      MultiAZ: good,
      DeletionProtection: good,
      ...good && spec.kmsKeyId ? { KmsKeyId: spec.kmsKeyId } : {}
    })
  );
  const described = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: spec.id }));
  const db = described.DBInstances?.[0];
  if (!db) throw new Error(`DescribeDBInstances did not return ${spec.id}`);
  return {
    id: spec.id,
    arn: db.DBInstanceArn ?? "",
    account,
    region: region2,
    engine: db.Engine ?? spec.engine,
    posture: spec.posture,
    storageEncrypted: db.StorageEncrypted ?? false,
    publiclyAccessible: db.PubliclyAccessible ?? false,
    backupRetentionPeriod: db.BackupRetentionPeriod ?? 0,
    multiAz: db.MultiAZ ?? false,
    deletionProtection: db.DeletionProtection ?? false,
    kmsKeyId: db.KmsKeyId ?? null
  };
}
var DEMO_DB_PASSWORD;
var init_rds = __esm({
  "shared/demo/company/rds.ts"() {
    "use strict";
    DEMO_DB_PASSWORD = "AcmeDemoOnly123";
  }
});

// shared/demo/company/s3.ts
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  S3Client as S3Client6
} from "@aws-sdk/client-s3";
import {
  PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand,
  S3ControlClient as S3ControlClient2
} from "@aws-sdk/client-s3-control";
function settingsFor(spec) {
  switch (spec.posture) {
    case "public":
      return {
        defaultEncryption: "AES256",
        publicAccessBlock: false,
        versioning: false,
        objectLock: false,
        policy: "public-read"
      };
    case "private-encrypted":
      return {
        defaultEncryption: "aws:kms",
        publicAccessBlock: true,
        versioning: true,
        objectLock: false,
        policy: "tls-only"
      };
    case "unencrypted":
      return {
        defaultEncryption: null,
        publicAccessBlock: false,
        versioning: false,
        objectLock: false,
        policy: null
      };
    case "logs":
      return {
        defaultEncryption: "AES256",
        publicAccessBlock: true,
        versioning: true,
        objectLock: false,
        policy: "log-delivery"
      };
    case "evidence":
      return {
        defaultEncryption: "AES256",
        publicAccessBlock: true,
        versioning: true,
        objectLock: true,
        policy: null
      };
  }
}
function policyDocument(kind, bucket) {
  const arn2 = `arn:aws:s3:::${bucket}`;
  const statements = {
    "public-read": [
      { Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${arn2}/*` }
    ],
    // moto ignores conditions, so this denies all object I/O there: never write objects to such a bucket.
    "tls-only": [
      {
        Sid: "TlsOnly",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arn2, `${arn2}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } }
      }
    ],
    "log-delivery": [
      {
        Sid: "AclCheck",
        Effect: "Allow",
        Principal: { Service: ["cloudtrail.amazonaws.com", "config.amazonaws.com"] },
        Action: "s3:GetBucketAcl",
        Resource: arn2
      },
      {
        Sid: "Write",
        Effect: "Allow",
        Principal: { Service: ["cloudtrail.amazonaws.com", "config.amazonaws.com"] },
        Action: "s3:PutObject",
        Resource: `${arn2}/*`
      }
    ]
  };
  return kind ? JSON.stringify({ Version: "2012-10-17", Statement: statements[kind] }) : void 0;
}
async function seedBucket(client, account, spec) {
  const s3 = client(S3Client6, spec.region);
  const Bucket = spec.name;
  const s = settingsFor(spec);
  await s3.send(
    new CreateBucketCommand({
      Bucket,
      ObjectLockEnabledForBucket: s.objectLock || void 0,
      ...spec.region === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: spec.region } }
    })
  );
  const policy = policyDocument(s.policy, Bucket);
  await Promise.all([
    s.defaultEncryption && s3.send(
      new PutBucketEncryptionCommand({
        Bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: s.defaultEncryption === "aws:kms" ? { SSEAlgorithm: "aws:kms", KMSMasterKeyID: spec.kmsKeyArn } : { SSEAlgorithm: "AES256" },
              BucketKeyEnabled: s.defaultEncryption === "aws:kms"
            }
          ]
        }
      })
    ),
    s.publicAccessBlock && s3.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: BLOCK_ALL })),
    s.versioning && s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: "Enabled" } })),
    s.objectLock && s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket,
        ObjectLockConfiguration: {
          ObjectLockEnabled: "Enabled",
          Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 365 } }
        }
      })
    ),
    policy && s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policy }))
  ]);
  return { name: Bucket, account, region: spec.region, posture: spec.posture, ...s };
}
async function seedAccountPublicAccessBlock(client, account) {
  await client(S3ControlClient2, "us-east-1", true).send(
    new PutAccountPublicAccessBlockCommand({ AccountId: account, PublicAccessBlockConfiguration: BLOCK_ALL })
  );
}
var BLOCK_ALL;
var init_s3 = __esm({
  "shared/demo/company/s3.ts"() {
    "use strict";
    BLOCK_ALL = {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true
    };
  }
});

// shared/demo/company/accounts.ts
async function seedManagementAccount(c, account) {
  const [iam, dataKey, legacyKey] = await Promise.all([
    seedManagementIam(c, account),
    seedKey(c, account, PRIMARY_REGION, "acme-data", true),
    seedKey(c, account, PRIMARY_REGION, "acme-legacy", false)
  ]);
  const [buckets2, securityGroups, dbInstances, detector] = await Promise.all([
    Promise.all([
      seedBucket(c, account, { name: "acme-analytics-public-assets", region: PRIMARY_REGION, posture: "public" }),
      seedBucket(c, account, {
        name: "acme-analytics-customer-data",
        region: PRIMARY_REGION,
        posture: "private-encrypted",
        kmsKeyArn: dataKey.arn
      }),
      seedBucket(c, account, { name: "acme-analytics-scratch", region: SECONDARY_REGION, posture: "unencrypted" }),
      seedBucket(c, account, { name: "acme-analytics-logs", region: PRIMARY_REGION, posture: "logs" }),
      seedBucket(c, account, { name: "acme-analytics-audit-evidence", region: PRIMARY_REGION, posture: "evidence" })
    ]),
    seedSecurityGroups(c, account, PRIMARY_REGION),
    Promise.all([
      seedDbInstance(c, account, PRIMARY_REGION, { id: "acme-reporting-db", engine: "mysql", posture: "bad" }),
      seedDbInstance(c, account, PRIMARY_REGION, {
        id: "acme-customers-db",
        engine: "postgres",
        posture: "good",
        kmsKeyId: dataKey.arn
      })
    ]),
    seedGuardDuty(c, account, PRIMARY_REGION),
    enableEbsDefaultEncryption(c, PRIMARY_REGION)
  ]);
  const logs = "acme-analytics-logs";
  const [trail, config] = await Promise.all([
    seedTrail(c, account, {
      name: "acme-management-trail",
      region: PRIMARY_REGION,
      bucket: logs,
      multiRegion: false,
      logFileValidation: false,
      logging: false
    }),
    seedConfigRecorder(c, account, PRIMARY_REGION, logs)
  ]);
  return {
    ...empty(account),
    iam,
    config,
    passwordPolicy: { minimumLength: 8, weak: true },
    buckets: buckets2,
    trails: [trail],
    keys: [dataKey, legacyKey],
    securityGroups,
    ebsDefaultEncryption: { [`${account}/${PRIMARY_REGION}`]: true, [`${account}/${SECONDARY_REGION}`]: false },
    dbInstances,
    detectors: [detector]
  };
}
async function seedProdAccount(c, account) {
  const [trailKey2, dataKey] = await Promise.all([
    seedKey(c, account, PRIMARY_REGION, "acme-prod-cloudtrail", true),
    seedKey(c, account, PRIMARY_REGION, "acme-prod-data", true),
    seedStrongPasswordPolicy(c),
    seedAccountPublicAccessBlock(c, account)
  ]);
  const [logs, data] = await Promise.all([
    seedBucket(c, account, { name: "acme-prod-cloudtrail-logs", region: PRIMARY_REGION, posture: "logs" }),
    seedBucket(c, account, {
      name: "acme-prod-app-data",
      region: PRIMARY_REGION,
      posture: "private-encrypted",
      kmsKeyArn: dataKey.arn
    })
  ]);
  const [trail, hub] = await Promise.all([
    seedTrail(c, account, {
      name: "acme-prod-trail",
      region: PRIMARY_REGION,
      bucket: logs.name,
      multiRegion: true,
      logFileValidation: true,
      kmsKeyId: trailKey2.arn,
      logging: true
    }),
    // Security Hub's control findings for what this account has: the multi-region, validated, KMS-encrypted trail
    // below, the 14-character password policy and account-level Block Public Access.
    seedSecurityHub(c, account, PRIMARY_REGION, [
      { control: "CloudTrail.1", resource: `AWS::::Account:${account}`, status: "PASSED" },
      {
        control: "CloudTrail.2",
        resource: `arn:aws:cloudtrail:${PRIMARY_REGION}:${account}:trail/acme-prod-trail`,
        status: "PASSED"
      },
      {
        control: "CloudTrail.4",
        resource: `arn:aws:cloudtrail:${PRIMARY_REGION}:${account}:trail/acme-prod-trail`,
        status: "PASSED"
      },
      { control: "IAM.15", resource: `AWS::::Account:${account}`, status: "PASSED" },
      { control: "S3.1", resource: `AWS::::Account:${account}`, status: "PASSED" }
    ])
  ]);
  return {
    ...empty(account),
    passwordPolicy: { minimumLength: 14, weak: false },
    accountPublicAccessBlock: true,
    buckets: [logs, data],
    trails: [trail],
    keys: [trailKey2, dataKey],
    hubs: [hub]
  };
}
async function seedStagingAccount(c, account) {
  const uploads = await seedBucket(c, account, {
    name: "acme-staging-uploads",
    region: SECONDARY_REGION,
    posture: "unencrypted"
  });
  return { ...empty(account), buckets: [uploads] };
}
var empty;
var init_accounts = __esm({
  "shared/demo/company/accounts.ts"() {
    "use strict";
    init_ec2();
    init_detection();
    init_facts();
    init_iam();
    init_kms();
    init_logging();
    init_rds();
    init_s3();
    empty = (account) => ({
      account,
      passwordPolicy: null,
      accountPublicAccessBlock: false,
      buckets: [],
      trails: [],
      keys: [],
      securityGroups: [],
      ebsDefaultEncryption: {},
      dbInstances: [],
      detectors: [],
      hubs: []
    });
  }
});

// shared/demo/company/clients.ts
function createClientPool(conn) {
  const cache = /* @__PURE__ */ new Map();
  const defaultRegion = conn.region ?? "us-east-1";
  return {
    forAccount(accountId2) {
      return (ctor, region2 = defaultRegion, fixedEndpoint2 = false) => {
        const key2 = `${accountId2}:${ctor.name}:${region2}:${fixedEndpoint2}`;
        const hit = cache.get(key2);
        if (hit) return hit;
        const client = new ctor({
          endpoint: conn.endpoint,
          region: region2,
          credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
          forcePathStyle: true,
          ...fixedEndpoint2 ? { endpointProvider: () => ({ url: new URL(conn.endpoint) }) } : {},
          maxAttempts: 3
        });
        addAccountHeader(client, accountId2);
        cache.set(key2, client);
        return client;
      };
    },
    destroy() {
      for (const c of cache.values()) c.destroy();
      cache.clear();
    }
  };
}
function addAccountHeader(client, accountId2) {
  client.middlewareStack.add(
    (next) => async (args) => {
      const req = args.request;
      if (req && typeof req === "object" && req.headers) req.headers["x-moto-account-id"] = accountId2;
      return next(args);
    },
    { step: "build", name: "motoAccountId", priority: "low" }
  );
}
var init_clients2 = __esm({
  "shared/demo/company/clients.ts"() {
    "use strict";
  }
});

// shared/demo/company/organizations.ts
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient as OrganizationsClient3,
  paginateListAccounts as paginateListAccounts3
} from "@aws-sdk/client-organizations";
async function seedOrganization(management, accounts) {
  const org = management(OrganizationsClient3, "us-east-1");
  const created2 = await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  const roots = await org.send(new ListRootsCommand({}));
  const rootId = roots.Roots?.[0]?.Id;
  if (!created2.Organization?.Id || !rootId) throw new Error("Organizations returned no organization or root");
  const organizationalUnits = { prod: "", staging: "" };
  for (const member of [accounts.prod, accounts.staging]) {
    const role2 = member.role;
    const ou = await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: role2 }));
    organizationalUnits[role2] = ou.OrganizationalUnit?.Id ?? "";
    const status2 = await org.send(
      new CreateAccountCommand({ AccountName: member.name, Email: member.email })
    );
    const done = await org.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status2.CreateAccountStatus?.Id })
    );
    const id = done.CreateAccountStatus?.AccountId;
    if (!id) throw new Error(`CreateAccount for ${member.name} returned no account id`);
    await org.send(
      new MoveAccountCommand({
        AccountId: id,
        SourceParentId: rootId,
        DestinationParentId: organizationalUnits[role2]
      })
    );
  }
  const roleByEmail = new Map([accounts.prod, accounts.staging].map((a) => [a.email, a.role]));
  const listedAccounts = [];
  for await (const page3 of paginateListAccounts3({ client: org }, {})) {
    for (const a of page3.Accounts ?? []) {
      const role2 = a.Id === accounts.management.id ? "management" : roleByEmail.get(a.Email ?? "");
      if (role2) listedAccounts.push({ id: a.Id ?? "", name: a.Name ?? "", email: a.Email ?? "", role: role2 });
    }
  }
  return {
    id: created2.Organization.Id,
    managementAccountId: accounts.management.id,
    featureSet: "ALL",
    organizationalUnits,
    listedAccounts
  };
}
var init_organizations = __esm({
  "shared/demo/company/organizations.ts"() {
    "use strict";
  }
});

// shared/demo/company/scale.ts
import { CreateUserCommand as CreateUserCommand2, IAMClient as IAMClient7 } from "@aws-sdk/client-iam";
import { CreateBucketCommand as CreateBucketCommand2, S3Client as S3Client7 } from "@aws-sdk/client-s3";
import pLimit11 from "p-limit";
async function seedScale(client, region2, count3) {
  const iam = client(IAMClient7);
  const s3 = client(S3Client7, region2);
  const limit = pLimit11(CONCURRENCY3);
  const users = Array.from({ length: count3 }, (_, i) => `user-${pad(i + 1)}`);
  const buckets2 = Array.from({ length: count3 }, (_, i) => `bench-bucket-${pad(i + 1)}`);
  await Promise.all([
    ...users.map(
      (UserName) => limit(
        () => iam.send(new CreateUserCommand2({ UserName, Tags: [{ Key: "purpose", Value: "benchmark" }] }))
      )
    ),
    ...buckets2.map(
      (Bucket) => limit(
        () => s3.send(
          new CreateBucketCommand2({
            Bucket,
            ...region2 === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: region2 } }
          })
        )
      )
    )
  ]);
  return { users, buckets: buckets2 };
}
var CONCURRENCY3, pad;
var init_scale = __esm({
  "shared/demo/company/scale.ts"() {
    "use strict";
    CONCURRENCY3 = 16;
    pad = (i) => String(i).padStart(4, "0");
  }
});

// shared/demo/company/index.ts
async function seedDemoCompany(conn, options = {}) {
  const scale = options.scale ?? 0;
  if (!Number.isInteger(scale) || scale < 0 || scale > 9999)
    throw new RangeError(`scale must be an integer 0..9999, got ${scale}`);
  const now = options.now ?? /* @__PURE__ */ new Date();
  const pool = createClientPool(conn);
  try {
    const mgmt = pool.forAccount(MANAGEMENT_ACCOUNT_ID);
    const [organization, management, prod, staging, extra] = await Promise.all([
      seedOrganization(mgmt, ACCOUNTS),
      seedManagementAccount(mgmt, MANAGEMENT_ACCOUNT_ID),
      seedProdAccount(pool.forAccount(PROD_ACCOUNT_ID), PROD_ACCOUNT_ID),
      seedStagingAccount(pool.forAccount(STAGING_ACCOUNT_ID), STAGING_ACCOUNT_ID),
      scale > 0 ? seedScale(mgmt, PRIMARY_REGION, scale) : { users: [], buckets: [] }
    ]);
    const all = [management, prod, staging];
    const buckets2 = all.flatMap((a) => a.buckets);
    const trails = all.flatMap((a) => a.trails);
    return {
      company: "Acme Analytics",
      domain: "acme.example",
      regions: [...DEMO_REGIONS],
      accountSelection: {
        header: "x-moto-account-id",
        motoDefaultAccountId: MOTO_DEFAULT_ACCOUNT_ID,
        managementIsMotoDefault: false
      },
      accounts: ACCOUNTS,
      clock: {
        seededAt: now.toISOString(),
        demoNow: new Date(now.getTime() + DEMO_CLOCK_AHEAD_DAYS * DAY_MS10).toISOString(),
        staleKeyDays: STALE_KEY_DAYS
      },
      organization,
      iam: {
        ...management.iam,
        passwordPolicy: Object.fromEntries(all.map((a) => [a.account, a.passwordPolicy]))
      },
      s3: {
        buckets: buckets2,
        byPosture: Object.fromEntries(
          POSTURES.map((p) => [p, buckets2.filter((b) => b.posture === p).map((b) => b.name)])
        ),
        accountPublicAccessBlock: Object.fromEntries(all.map((a) => [a.account, a.accountPublicAccessBlock]))
      },
      cloudTrail: {
        trails,
        accountsWithoutTrail: all.filter((a) => a.trails.length === 0).map((a) => a.account)
      },
      config: management.config,
      kms: { keys: all.flatMap((a) => a.keys) },
      ec2: {
        securityGroups: all.flatMap((a) => a.securityGroups),
        ebsDefaultEncryption: Object.assign({}, ...all.map((a) => a.ebsDefaultEncryption))
      },
      rds: { instances: all.flatMap((a) => a.dbInstances) },
      guardDuty: { detectors: all.flatMap((a) => a.detectors) },
      securityHub: { enabled: all.flatMap((a) => a.hubs) },
      scale: extra
    };
  } finally {
    pool.destroy();
  }
}
var DAY_MS10, POSTURES, ACCOUNTS;
var init_company = __esm({
  "shared/demo/company/index.ts"() {
    "use strict";
    init_accounts();
    init_clients2();
    init_facts();
    init_organizations();
    init_scale();
    init_facts();
    DAY_MS10 = 864e5;
    POSTURES = ["public", "private-encrypted", "unencrypted", "logs", "evidence"];
    ACCOUNTS = {
      management: {
        id: MANAGEMENT_ACCOUNT_ID,
        role: "management",
        name: "Acme Management",
        email: "aws-management@acme.example"
      },
      prod: { id: PROD_ACCOUNT_ID, role: "prod", name: "Acme Prod", email: "aws-prod@acme.example" },
      staging: {
        id: STAGING_ACCOUNT_ID,
        role: "staging",
        name: "Acme Staging",
        email: "aws-staging@acme.example"
      }
    };
  }
});

// shared/demo/idp/acme.ts
function scaledPerson(i) {
  const n = String(i).padStart(4, "0");
  return { index: i, email: `user${n}@${ACME_DOMAIN}`, firstName: "User", lastName: n };
}
function fixtureId(seed, length = 20) {
  let h = 2166136261;
  let out = "";
  for (let round = 0; out.length < length; round++) {
    for (const c of `${seed}#${round}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out.slice(0, length);
}
var LEAVER_DEPROVISIONED_AT, ACME_DOMAIN, person, ACME_PEOPLE;
var init_acme = __esm({
  "shared/demo/idp/acme.ts"() {
    "use strict";
    LEAVER_DEPROVISIONED_AT = "2026-02-02T17:30:00.000Z";
    ACME_DOMAIN = "acme.example";
    person = (key2, lastName, p = {}) => ({
      key: key2,
      email: `${key2}@${ACME_DOMAIN}`,
      firstName: key2[0].toUpperCase() + key2.slice(1),
      lastName,
      admin: false,
      mfa: false,
      leaver: false,
      created: "2024-03-01T09:00:00.000Z",
      lastLogin: "2026-02-27T08:15:00.000Z",
      ...p
    });
    ACME_PEOPLE = [
      person("alice", "Admin", { admin: true, mfa: true, created: "2023-01-10T09:00:00.000Z" }),
      person("bob", "Builder", { mfa: true }),
      person("carol", "Nomfa", { lastLogin: null }),
      person("dave", "Pending", { created: "2026-02-20T09:00:00.000Z" }),
      person("erin", "Leaver", { mfa: true, leaver: true, lastLogin: "2026-02-02T16:58:00.000Z" })
    ];
  }
});

// shared/mapping/map-artifact.ts
async function evaluateAndRecord(deps, controls) {
  const loaded = /* @__PURE__ */ new Map();
  const load = (collector28) => {
    if (!loaded.has(collector28)) loaded.set(collector28, deps.evidence.latest(collector28));
    return loaded.get(collector28);
  };
  const now = deps.now();
  const results = [];
  const transitions = [];
  for (const control of controls) {
    const rules2 = deps.rules.filter((r) => r.controls.includes(control.id));
    const collectors2 = [.../* @__PURE__ */ new Set([...control.collectors, ...rules2.map((r) => r.collector)])];
    const evidence = (await Promise.all(collectors2.map(load))).flat();
    const result = evaluateControl(control, rules2, evidence, now, deps.ttlHoursOf, {
      ...deps.thresholds ? { thresholds: deps.thresholds } : {}
    });
    await deps.results.putResult(result);
    const t = await deps.results.updateState(result);
    results.push(result);
    if (t) transitions.push(t);
  }
  return { results, transitions };
}
var init_map_artifact = __esm({
  "shared/mapping/map-artifact.ts"() {
    "use strict";
    init_engine();
  }
});

// shared/cli/ops/evaluate.ts
var evaluate_exports = {};
__export(evaluate_exports, {
  evaluateAllControls: () => evaluateAllControls
});
async function evaluateAllControls(deps) {
  const isManual = (c) => c.automation?.toLowerCase() === "manual";
  const outcome2 = await evaluateAndRecord(
    deps,
    deps.controls.filter((c) => !isManual(c))
  );
  return { ...outcome2, manual: deps.controls.filter(isManual).map((c) => c.id) };
}
var init_evaluate2 = __esm({
  "shared/cli/ops/evaluate.ts"() {
    "use strict";
    init_map_artifact();
  }
});

// shared/demo/backfill.ts
async function backfill(o) {
  const records = [];
  const transitions = [];
  const all = [{ day: -1, at: o.baseline }, ...o.days.map((at, day3) => ({ day: day3, at }))];
  for (const { day: day3, at } of all) {
    const started = Date.now();
    o.setClock(at);
    const today = o.events.filter((e) => e.day === day3);
    for (const e of today) await e.apply(o.awsEndpoint);
    const full2 = day3 === -1 || day3 === o.days.length - 1 || day3 > 0 && day3 % o.fullEvery === 0;
    const down = (o.outages ?? []).filter((x) => day3 >= x.from && day3 <= x.to);
    const outage = [...new Set(down.flatMap((x) => x.collectors))];
    const restored = (o.outages ?? []).filter((x) => day3 === x.to + 1).flatMap((x) => x.collectors);
    const changed = [.../* @__PURE__ */ new Set([...today.flatMap((e) => e.collectors), ...restored])].filter(
      (c) => !outage.includes(c)
    );
    let stored = 0;
    let unchanged = 0;
    const touched = /* @__PURE__ */ new Set();
    const collect = async (only, secretEnv) => {
      const s = await runCollection(o.config, o.backend, {
        ...only ? { only } : {},
        now: () => at,
        connection: o.connection,
        homeRegion: "us-east-1",
        secretEnv
      });
      if (s.failures.length)
        throw new Error(`day ${day3}: ${s.failures.length} unit(s) not stored: ${s.failures[0].message}`);
      stored += s.stored;
      unchanged += s.unchanged;
      for (const r of s.results) touched.add(`${r.collector}\0${scopeKey(r.scope)}`);
    };
    if (outage.length) {
      await collect(outage, { ...o.secretEnv, ...Object.assign({}, ...down.map((x) => x.secretEnv)) });
    }
    if (full2 && outage.length)
      await collect(
        selectCollectors(o.config).map((c) => c.meta.id).filter((id) => !outage.includes(id)),
        o.secretEnv
      );
    else if (full2) await collect(void 0, o.secretEnv);
    else if (changed.length) await collect(changed, o.secretEnv);
    const ingested = await o.ingest?.(day3, at) ?? [];
    const reobserved = full2 ? 0 : await reobserveUnchanged(o.backend, touched, at);
    const out = await evaluateAllControls({
      controls: o.catalog.controls,
      rules: rulesForConfig(o.catalog.rules, o.config),
      ttlHoursOf: o.catalog.ttlHoursOf,
      evidence: o.backend.evidence,
      results: o.backend.results,
      now: () => at
    });
    for (const t of out.transitions) transitions.push({ ...t, day: day3 });
    await o.backend.ledger.checkpoint(o.backend.signer, new Date(at.getTime() + 6e4));
    const rec = {
      day: day3,
      date: at.toISOString().slice(0, 10),
      collection: full2 ? "full" : changed.length ? "changed-sources" : "reobserved",
      outage,
      stored,
      unchanged,
      reobserved,
      events: [...today.map((e) => `${e.kind}: ${e.description}`), ...ingested.map((e) => `ingest: ${e}`)],
      ms: Date.now() - started
    };
    records.push(rec);
    o.onDay?.(rec, out.transitions);
  }
  return { days: records, transitions };
}
async function reobserveUnchanged(backend, touched, at) {
  await backend.evidence.refresh();
  const due = [];
  for (const [collector28, scopes] of backend.evidence.knownScopes()) {
    if (getCollectorMeta(collector28)?.ingest) continue;
    for (const scope of scopes) if (!touched.has(`${collector28}\0${scope}`)) due.push([collector28, scope]);
  }
  let done = 0;
  for (const [collector28, scope] of due.sort()) {
    const latest = await backend.index.latest(collector28, scope);
    if (!latest || Date.parse(latest.confirmedAt) >= at.getTime()) continue;
    const when = at.toISOString();
    const logged = await recordObservation(
      {
        collector: collector28,
        scope,
        artifactSha256: latest.sha256,
        observedAt: when,
        collectedAt: when,
        runId: `demo-${when}`
      },
      { statements: backend.blobs, ledger: backend.ledger }
    );
    await backend.index.put(collector28, scope, { ...latest, confirmedAt: when, observation: logged.sha256 });
    done += 1;
  }
  return done;
}
function simulatedDays(end, days) {
  const last = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate(), 12);
  return Array.from({ length: days }, (_, i) => new Date(last - (days - 1 - i) * DAY_MS11));
}
var DAY_MS11;
var init_backfill = __esm({
  "shared/demo/backfill.ts"() {
    "use strict";
    init_runner();
    init_collect();
    init_evaluate2();
    init_collect();
    init_meta_registry();
    DAY_MS11 = 864e5;
  }
});

// shared/demo/events.ts
import {
  AuthorizeSecurityGroupIngressCommand as AuthorizeSecurityGroupIngressCommand2,
  EC2Client as EC2Client5,
  RevokeSecurityGroupIngressCommand
} from "@aws-sdk/client-ec2";
import { DeletePublicAccessBlockCommand, PutBucketPolicyCommand as PutBucketPolicyCommand2, S3Client as S3Client8 } from "@aws-sdk/client-s3";
function storyDays(days) {
  const at = (d) => Math.min(days - 2, Math.max(1, Math.round(days * d / 90)));
  return {
    outageFrom: at(20),
    outageTo: at(26),
    driftDay: at(40),
    fixDay: at(40) + 2,
    openDriftDay: at(76)
  };
}
function driftBucket(facts) {
  const b = facts.s3.buckets.find((x) => x.account === facts.accounts.prod.id && x.posture === "private-encrypted") ?? facts.s3.buckets.find((x) => x.posture === "private-encrypted");
  return { name: b.name, account: b.account };
}
function demoStories(facts, days) {
  const d = storyDays(days);
  const { name, account } = driftBucket(facts);
  const sg = facts.ec2.securityGroups.find((g) => g.posture === "ssh-world");
  const pool = (endpoint) => createClientPool({ endpoint });
  const ssh = { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] };
  const run = async (c, fn) => {
    try {
      await fn(c);
    } finally {
      c.destroy();
    }
  };
  const ec2 = (endpoint) => pool(endpoint).forAccount(sg.account)(EC2Client5, sg.region);
  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } }
      },
      {
        Sid: "PublicRead",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::${name}/*`
      }
    ]
  });
  return {
    events: [
      {
        day: d.driftDay,
        kind: "drift",
        description: `SSH opened to 0.0.0.0/0 on security group ${sg.groupName} (${sg.groupId})`,
        collectors: ["aws-ec2-security-groups"],
        apply: (endpoint) => run(
          ec2(endpoint),
          (c) => c.send(new AuthorizeSecurityGroupIngressCommand2({ GroupId: sg.groupId, IpPermissions: [ssh] }))
        )
      },
      {
        day: d.fixDay,
        kind: "recovery",
        description: `SSH from 0.0.0.0/0 revoked again on ${sg.groupName}`,
        collectors: ["aws-ec2-security-groups"],
        apply: (endpoint) => run(
          ec2(endpoint),
          (c) => c.send(new RevokeSecurityGroupIngressCommand({ GroupId: sg.groupId, IpPermissions: [ssh] }))
        )
      },
      {
        day: d.openDriftDay,
        kind: "drift",
        description: `bucket ${name} (account ${account}) made publicly readable; still open at the end of the window`,
        collectors: ["aws-s3-buckets"],
        apply: (endpoint) => run(pool(endpoint).forAccount(account)(S3Client8), async (c) => {
          await c.send(new DeletePublicAccessBlockCommand({ Bucket: name }));
          await c.send(new PutBucketPolicyCommand2({ Bucket: name, Policy: policy }));
        })
      }
    ],
    outages: [
      {
        from: d.outageFrom,
        to: d.outageTo,
        collectors: ["okta-users"],
        secretEnv: { OKTA_API_TOKEN: "00revokedTokenRevokedToken0123456789XYZ" },
        description: "Okta API token revoked: okta-users gets 401 Unauthorized"
      }
    ]
  };
}
var init_events = __esm({
  "shared/demo/events.ts"() {
    "use strict";
    init_clients2();
  }
});

// shared/demo/readiness-access.ts
import {
  DescribeSecurityGroupsCommand,
  EC2Client as EC2Client6,
  RevokeSecurityGroupIngressCommand as RevokeSecurityGroupIngressCommand2
} from "@aws-sdk/client-ec2";
import {
  AddUserToGroupCommand as AddUserToGroupCommand2,
  AttachGroupPolicyCommand as AttachGroupPolicyCommand2,
  CreateGroupCommand as CreateGroupCommand2,
  CreateVirtualMFADeviceCommand as CreateVirtualMFADeviceCommand2,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DetachGroupPolicyCommand,
  DetachUserPolicyCommand,
  EnableMFADeviceCommand as EnableMFADeviceCommand2,
  IAMClient as IAMClient8,
  RemoveUserFromGroupCommand
} from "@aws-sdk/client-iam";
import { DeleteDBInstanceCommand, RDSClient as RDSClient3 } from "@aws-sdk/client-rds";
async function identities(client, facts) {
  const iam = client(IAMClient8);
  const ADMIN2 = "arn:aws:iam::aws:policy/AdministratorAccess";
  await iam.send(
    new DetachGroupPolicyCommand({
      GroupName: facts.iam.breakGlass.group,
      PolicyArn: facts.iam.breakGlass.policyArn
    })
  );
  for (const u2 of facts.iam.users) {
    if (u2.userName === facts.iam.leaver.userName) continue;
    for (const arn2 of u2.attachedPolicies) {
      await iam.send(new DetachUserPolicyCommand({ UserName: u2.userName, PolicyArn: arn2 }));
      if (arn2 === ADMIN2) continue;
      const group2 = `acme-${arn2.split("/").pop().toLowerCase()}`;
      await iam.send(new CreateGroupCommand2({ GroupName: group2 })).catch(() => void 0);
      await iam.send(new AttachGroupPolicyCommand2({ GroupName: group2, PolicyArn: arn2 }));
      await iam.send(new AddUserToGroupCommand2({ GroupName: group2, UserName: u2.userName }));
    }
    if (u2.console && !u2.mfa) {
      const device = await iam.send(new CreateVirtualMFADeviceCommand2({ VirtualMFADeviceName: u2.userName }));
      await iam.send(
        new EnableMFADeviceCommand2({
          UserName: u2.userName,
          SerialNumber: device.VirtualMFADevice.SerialNumber,
          AuthenticationCode1: "123456",
          AuthenticationCode2: "654321"
        })
      );
    }
  }
  const leaver = facts.iam.users.find((u2) => u2.userName === facts.iam.leaver.userName);
  for (const arn2 of leaver.attachedPolicies)
    await iam.send(new DetachUserPolicyCommand({ UserName: leaver.userName, PolicyArn: arn2 }));
  for (const g of leaver.groups)
    await iam.send(new RemoveUserFromGroupCommand({ UserName: leaver.userName, GroupName: g }));
  if (leaver.console) await iam.send(new DeleteLoginProfileCommand({ UserName: leaver.userName }));
  await iam.send(new DeleteUserCommand({ UserName: leaver.userName }));
}
async function network(client, facts) {
  for (const g of facts.ec2.securityGroups.filter((x) => x.posture !== "restricted")) {
    const ec2 = client(EC2Client6, g.region);
    const sg = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [g.groupId] }))).SecurityGroups[0];
    if (sg.IpPermissions?.length)
      await ec2.send(
        new RevokeSecurityGroupIngressCommand2({ GroupId: g.groupId, IpPermissions: sg.IpPermissions })
      );
  }
  for (const d of facts.rds.instances.filter((x) => x.posture === "bad"))
    await client(RDSClient3, d.region).send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: d.id, SkipFinalSnapshot: true })
    );
}
var init_readiness_access = __esm({
  "shared/demo/readiness-access.ts"() {
    "use strict";
  }
});

// shared/demo/readiness.ts
import { CreateBackupPlanCommand, BackupClient as BackupClient2, CreateBackupVaultCommand } from "@aws-sdk/client-backup";
import {
  CloudTrailClient as CloudTrailClient3,
  CreateTrailCommand as CreateTrailCommand2,
  PutEventSelectorsCommand,
  StartLoggingCommand as StartLoggingCommand2,
  UpdateTrailCommand
} from "@aws-sdk/client-cloudtrail";
import { EC2Client as EC2Client7, EnableEbsEncryptionByDefaultCommand as EnableEbsEncryptionByDefaultCommand2 } from "@aws-sdk/client-ec2";
import { IAMClient as IAMClient9, UpdateAccountPasswordPolicyCommand as UpdateAccountPasswordPolicyCommand2 } from "@aws-sdk/client-iam";
import { CreateKeyCommand as CreateKeyCommand2, EnableKeyRotationCommand as EnableKeyRotationCommand2, KMSClient as KMSClient4 } from "@aws-sdk/client-kms";
import {
  CreateBucketCommand as CreateBucketCommand3,
  PutBucketEncryptionCommand as PutBucketEncryptionCommand2,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand as PutBucketPolicyCommand3,
  PutPublicAccessBlockCommand as PutPublicAccessBlockCommand2,
  S3Client as S3Client9
} from "@aws-sdk/client-s3";
function tlsOnlyPolicy(bucket) {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } }
      }
    ]
  });
}
function accessLogPolicy(bucket, account) {
  const tls = JSON.parse(tlsOnlyPolicy(bucket));
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      // { AWS: '*' } rather than '*' (the same principals): moto's logging permission check crashes on a string.
      ...tls.Statement.map((st) => ({ ...st, Principal: { AWS: "*" } })),
      {
        Sid: "S3ServerAccessLogsPolicy",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `arn:aws:s3:::${bucket}/*`,
        Condition: { StringEquals: { "aws:SourceAccount": account } }
      }
    ]
  });
}
async function createLogBucket(s3, account, region2, logs = accessLogBucket(account, region2)) {
  await s3.send(
    new CreateBucketCommand3({
      Bucket: logs,
      ...region2 === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: region2 } }
    })
  );
  await s3.send(new PutPublicAccessBlockCommand2({ Bucket: logs, PublicAccessBlockConfiguration: PAB }));
  await s3.send(
    new PutBucketEncryptionCommand2({
      Bucket: logs,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }]
      }
    })
  );
  await s3.send(new PutBucketPolicyCommand3({ Bucket: logs, Policy: accessLogPolicy(logs, account) }));
  return logs;
}
async function applyReadiness(endpoint, facts) {
  const pool = createClientPool({ endpoint });
  const done = [];
  try {
    await Promise.all(
      Object.values(facts.accounts).map(async ({ id: account }) => {
        const client = pool.forAccount(account);
        await step(`account ${account} baseline`, () => accountBaseline(client, account, facts));
        await step(`account ${account} buckets`, () => buckets(client, account, facts));
      })
    );
    const mgmt = pool.forAccount(facts.accounts.management.id);
    await step("identities", () => identities(mgmt, facts));
    await step("network", () => network(mgmt, facts));
    done.push(
      "password policy 14 characters, 24 remembered, in every account",
      "multi-region CloudTrail with log file validation and KMS in every account",
      "AWS Config, GuardDuty, Security Hub and AWS Backup (35 days) in every account",
      "every bucket: Block Public Access, default encryption, TLS-only policy, access logging",
      "administrator policies removed, policies through groups only, MFA for every console user, leaver removed",
      "world-open SSH and RDP rules revoked; the public unencrypted reporting database decommissioned"
    );
  } finally {
    pool.destroy();
  }
  return done;
}
async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    throw new Error(`demo readiness (${name}): ${e.message}`, { cause: e });
  }
}
async function accountBaseline(client, account, facts) {
  const R = DEMO_REGION;
  await client(IAMClient9).send(
    new UpdateAccountPasswordPolicyCommand2({
      MinimumPasswordLength: 14,
      PasswordReusePrevention: 24,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      MaxPasswordAge: 90,
      AllowUsersToChangePassword: true
    })
  );
  const s3 = client(S3Client9);
  const logs = await createLogBucket(s3, account, DEMO_REGION);
  const trailBucket = await createLogBucket(s3, account, DEMO_REGION, `acme-trail-${account}`);
  await s3.send(
    new PutBucketLoggingCommand({
      Bucket: trailBucket,
      BucketLoggingStatus: { LoggingEnabled: { TargetBucket: logs, TargetPrefix: `${trailBucket}/` } }
    })
  );
  if (!(facts.config.account === account && facts.config.region === R))
    await seedConfigRecorder(client, account, R, trailBucket);
  if (!facts.guardDuty.detectors.some((d) => d.account === account && d.region === R))
    await seedGuardDuty(client, account, R);
  if (!facts.securityHub.enabled.some((h) => h.account === account && h.region === R))
    await seedSecurityHub(client, account, R);
  const backup = client(BackupClient2, R);
  await backup.send(new CreateBackupVaultCommand({ BackupVaultName: "acme-vault" }));
  await backup.send(
    new CreateBackupPlanCommand({
      BackupPlan: {
        BackupPlanName: "acme-daily-35d",
        Rules: [
          {
            RuleName: "daily",
            TargetBackupVaultName: "acme-vault",
            ScheduleExpression: "cron(0 3 * * ? *)",
            Lifecycle: { DeleteAfterDays: 35 }
          }
        ]
      }
    })
  );
  await client(EC2Client7, R).send(new EnableEbsEncryptionByDefaultCommand2({}));
  for (const k of facts.kms.keys.filter((x) => x.account === account && !x.rotation))
    await client(KMSClient4, k.region).send(new EnableKeyRotationCommand2({ KeyId: k.keyId }));
  const ct = client(CloudTrailClient3, R);
  const existing = facts.cloudTrail.trails.find((t) => t.account === account);
  const keyId = existing?.kmsKeyId ?? facts.kms.keys.find((k) => k.account === account && k.region === R)?.arn ?? await trailKey(client(KMSClient4, R));
  const name = existing?.name ?? `acme-${account}-trail`;
  const settings = {
    Name: name,
    IsMultiRegionTrail: true,
    IncludeGlobalServiceEvents: true,
    EnableLogFileValidation: true,
    KmsKeyId: keyId
  };
  if (existing) await ct.send(new UpdateTrailCommand(settings));
  else await ct.send(new CreateTrailCommand2({ ...settings, S3BucketName: trailBucket }));
  await ct.send(new StartLoggingCommand2({ Name: name }));
  await ct.send(
    new PutEventSelectorsCommand({
      TrailName: name,
      EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }]
    })
  );
}
async function trailKey(kms) {
  const key2 = await kms.send(
    new CreateKeyCommand2({
      Description: "CloudTrail logs",
      KeyUsage: "ENCRYPT_DECRYPT",
      KeySpec: "SYMMETRIC_DEFAULT"
    })
  );
  await kms.send(new EnableKeyRotationCommand2({ KeyId: key2.KeyMetadata.KeyId }));
  return key2.KeyMetadata.Arn;
}
async function buckets(client, account, facts) {
  const s3 = client(S3Client9);
  const logTargets = /* @__PURE__ */ new Map([[DEMO_REGION, accessLogBucket(account)]]);
  for (const b of facts.s3.buckets.filter((x) => x.account === account)) {
    if (!logTargets.has(b.region)) logTargets.set(b.region, await createLogBucket(s3, account, b.region));
    await s3.send(new PutPublicAccessBlockCommand2({ Bucket: b.name, PublicAccessBlockConfiguration: PAB }));
    if (!b.defaultEncryption)
      await s3.send(
        new PutBucketEncryptionCommand2({
          Bucket: b.name,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }]
          }
        })
      );
    if (b.policy !== "tls-only")
      await s3.send(new PutBucketPolicyCommand3({ Bucket: b.name, Policy: tlsOnlyPolicy(b.name) }));
    await s3.send(
      new PutBucketLoggingCommand({
        Bucket: b.name,
        BucketLoggingStatus: {
          LoggingEnabled: { TargetBucket: logTargets.get(b.region), TargetPrefix: `${b.name}/` }
        }
      })
    );
  }
}
var DEMO_REGION, PAB, accessLogBucket;
var init_readiness = __esm({
  "shared/demo/readiness.ts"() {
    "use strict";
    init_readiness_access();
    init_clients2();
    init_detection();
    init_logging();
    DEMO_REGION = "us-east-1";
    PAB = {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true
    };
    accessLogBucket = (account, region2 = DEMO_REGION) => region2 === DEMO_REGION ? `acme-access-logs-${account}` : `acme-access-logs-${account}-${region2}`;
  }
});

// shared/demo/sources.ts
function readySources(github, okta) {
  github.twoFactorRequirementEnabled = true;
  github.members = github.members.filter((m) => m.login !== LEAVER_LOGIN);
  for (const m of github.members) m.twoFactor = true;
  for (const c of github.outsideCollaborators) c.twoFactor = true;
  for (const r of github.repos) {
    r.visibility = "private";
    r.archived = false;
    r.protection = { ...GOOD_PROTECTION };
    r.rules = [];
    r.securityAndAnalysis = {
      secret_scanning: { status: "enabled" },
      secret_scanning_push_protection: { status: "enabled" },
      dependabot_security_updates: { status: "enabled" }
    };
  }
  for (const r of github.repos) {
    github.setPulls(
      r.name,
      github.pulls(r).map((p) => {
        const reviewer = github.members.find((m) => m.login !== p.author && m.login !== LEAVER_LOGIN).login;
        const before = p.mergedAt ?? p.updatedAt;
        const at = new Date(Date.parse(before) - 30 * 6e4).toISOString().replace(".000Z", "Z");
        return {
          ...p,
          reviews: p.mergedAt ? [{ user: reviewer, state: "APPROVED", submittedAt: at }] : [],
          checks: p.checks.map((c) => ({ ...c, conclusion: "success" }))
        };
      })
    );
  }
  github.dependabotAlerts = [];
  github.codeScanningAlerts = [];
  const factors = okta.factors;
  const template = [...okta.factors.values()].flat().find((f) => f.status === "ACTIVE");
  for (const u2 of okta.users) {
    if (u2.status !== "ACTIVE") continue;
    const own = okta.factors.get(u2.id) ?? [];
    if (!own.some((f) => f.status === "ACTIVE") && template)
      factors.set(u2.id, [...own, { ...template, id: `mfa${u2.id.slice(-17)}` }]);
  }
}
var LEAVER_LOGIN, GOOD_PROTECTION;
var init_sources2 = __esm({
  "shared/demo/sources.ts"() {
    "use strict";
    LEAVER_LOGIN = "erin";
    GOOD_PROTECTION = {
      requiredReviews: 1,
      dismissStale: true,
      codeOwners: true,
      requiredChecks: ["build"],
      strict: true,
      enforceAdmins: true,
      allowForcePushes: false,
      allowDeletions: false
    };
  }
});

// shared/demo/summary.ts
import { relative } from "node:path";
function automatedEffectiveness(reports, controls) {
  const automated = reports.filter(
    (r) => controls.find((c) => c.id === r.controlId)?.automation === "automated"
  );
  const effective = automated.filter(
    (r) => r.verdict === "effective" || r.verdict === "effective_with_exceptions"
  );
  return {
    automated: automated.length,
    effective: effective.length,
    share: automated.length ? effective.length / automated.length : 0
  };
}
function summaryLines(s) {
  const rel = (p) => relative(process.cwd(), p) || ".";
  const eff = automatedEffectiveness(s.reports, s.controls);
  const weak = s.reports.filter(
    (r) => r.verdict === "not_effective" || r.verdict === "insufficient_evidence"
  );
  const title = (id) => s.controls.find((c) => c.id === id)?.title ?? id;
  const cut3 = (t, n) => t.length > n ? `${t.slice(0, n - 1)}\u2026` : t;
  const lines = [
    "",
    `${s.company}: SOC 2 Type II window ${s.window.start} .. ${s.window.end} (${s.window.days} days, ended yesterday)`,
    `  automated controls effective: ${eff.effective} of ${eff.automated} (${Math.round(eff.share * 100)}%)`,
    `  controls: ${count2(s.reports.map((r) => r.verdict))}`,
    `  requirements: ${count2(s.requirements.map((r) => r.status))}`,
    `  alerts: ${s.alerts.length} (${count2(s.alerts.map((a) => a.kind))})`,
    "Stories:",
    ...s.stories.map(
      (x) => `  ${x.story.padEnd(27)} ${x.controlId} ${x.verdict.replace(/_/g, " ")}: ${x.detail}`
    ),
    `Not effective or insufficient evidence (${weak.length}):`,
    ...weak.slice(0, 6).map(
      (r) => `  ${r.controlId.padEnd(7)} ${cut3(title(r.controlId), 48).padEnd(48)} ${r.verdict.replace(/_/g, " ")}`
    ),
    ...weak.length > 6 ? [`  ... and ${weak.length - 6} more (in the report)`] : [],
    `Snapshot ${rel(s.zip)}: ${s.verified.ok ? `all ${s.verified.checks} checks hold` : "DOES NOT VERIFY"}`,
    `Signing key fingerprint: ${s.fingerprint}`,
    "",
    "Next steps:",
    `  open ${rel(s.reportHtml)}`,
    `  ./bin/flux-evidence.js verify ${rel(s.zip)} --key ${s.fingerprint}`,
    `  ./bin/flux-evidence.js -c ${rel(s.configFile)} status`,
    `  ./bin/flux-evidence.js -c ${rel(s.configFile)} window --framework soc2-2017`,
    `Done in ${s.seconds.toFixed(0)} s.`
  ];
  return lines;
}
var count2;
var init_summary = __esm({
  "shared/demo/summary.ts"() {
    "use strict";
    count2 = (xs) => {
      const m = /* @__PURE__ */ new Map();
      for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
      return [...m].map(([k, v]) => `${v} ${k.replace(/_/g, " ")}`).join(", ");
    };
  }
});

// shared/demo/outcomes.ts
import { mkdir as mkdir4, rm as rm5, writeFile } from "node:fs/promises";
import { dirname as dirname3, resolve as resolve3, sep } from "node:path";
function storyOutcomes(reports, transitions, facts, days, simDays) {
  const d = storyDays(days);
  const date2 = (day3) => simDays[day3].toISOString().slice(0, 10);
  const verdict2 = (id) => reports.find((r) => r.controlId === id)?.verdict ?? "not assessed";
  const gap3 = transitions.filter((x) => x.kind === "unknown" && x.day >= d.outageFrom && x.day <= d.outageTo);
  const gapControl = gap3[0]?.controlId ?? "IAM-02";
  return [
    {
      story: "drift fixed within its SLA",
      controlId: "NET-04",
      verdict: verdict2("NET-04"),
      detail: `SSH open to the world ${date2(d.driftDay)} .. ${date2(d.fixDay)}`
    },
    {
      story: "drift left open",
      controlId: "DAT-01",
      verdict: verdict2("DAT-01"),
      detail: `bucket ${driftBucket(facts).name} public since ${date2(d.openDriftDay)}`
    },
    {
      story: "collector outage",
      controlId: gapControl,
      verdict: verdict2(gapControl),
      detail: `okta-users refused ${date2(d.outageFrom)} .. ${date2(d.outageTo)}; ${gap3.length} gap alert(s); those days UNKNOWN`
    }
  ];
}
async function extractZip(zip, dir) {
  await rm5(dir, { recursive: true, force: true });
  const files = [];
  await readZip(
    zip,
    () => true,
    (f) => {
      if (f.bytes) files.push({ path: f.path, bytes: f.bytes });
    }
  );
  for (const f of files) {
    const target = resolve3(dir, f.path);
    if (!target.startsWith(dir + sep)) throw new Error(`snapshot entry outside the archive: ${f.path}`);
    await mkdir4(dirname3(target), { recursive: true });
    await writeFile(target, f.bytes);
  }
}
var init_outcomes = __esm({
  "shared/demo/outcomes.ts"() {
    "use strict";
    init_zip_read();
    init_events();
  }
});

// shared/emulator/moto-server.ts
import { spawn, spawnSync } from "node:child_process";
import { existsSync as existsSync2, readFileSync as readFileSync6 } from "node:fs";
import { createServer } from "node:net";
import { join as join10 } from "node:path";
function pinnedMotoVersion(root) {
  const text3 = readFileSync6(join10(root, "requirements-moto.txt"), "utf8");
  const match = /^moto(?:\[[^\]]*\])?==([\w.]+)/m.exec(text3);
  if (!match?.[1]) throw new DependencyError("requirements-moto.txt", "has no pinned moto==<version> line");
  return match[1];
}
function motoVersionOf(python) {
  const r = spawnSync(python, ["-c", "import moto, flask, flask_cors; print(moto.__version__)"], {
    encoding: "utf8",
    timeout: 3e4
  });
  return r.status === 0 ? r.stdout.trim() : void 0;
}
function resolveMotoPython(root, log = () => {
}) {
  const pin = pinnedMotoVersion(root);
  const venvPython = join10(root, VENV_DIR, "bin", "python");
  const candidates = [venvPython, process.env.FLUX_PYTHON, "python3", "python"].filter(
    (p) => !!p && (!p.includes("/") || existsSync2(p))
  );
  for (const python of candidates) {
    if (motoVersionOf(python) === pin) return python;
  }
  const systemPython = ["python3", "python"].find((p) => spawnSync(p, ["--version"]).status === 0);
  if (!systemPython) {
    throw new DependencyError(
      "python",
      "Python 3 is needed to run the AWS emulator (moto); install python3 and retry"
    );
  }
  log(`installing moto ${pin} into ${VENV_DIR} (one time)...`);
  const mk = spawnSync(systemPython, ["-m", "venv", join10(root, VENV_DIR)], { encoding: "utf8" });
  if (mk.status !== 0)
    throw new DependencyError("python venv", `cannot create ${VENV_DIR}: ${mk.stderr.trim()}`);
  const pip = spawnSync(
    venvPython,
    ["-m", "pip", "install", "-q", "-r", join10(root, "requirements-moto.txt")],
    {
      encoding: "utf8",
      timeout: 6e5
    }
  );
  if (pip.status !== 0) {
    throw new DependencyError("moto", `pip could not install moto ${pin}: ${pip.stderr.trim().slice(-2e3)}`);
  }
  if (motoVersionOf(venvPython) !== pin)
    throw new DependencyError("moto", `moto ${pin} did not import after install`);
  return venvPython;
}
function freePort() {
  return new Promise((resolve7, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port2 = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve7(port2));
    });
  });
}
async function waitReady(endpoint, child, stderr) {
  const deadline = Date.now() + 6e4;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new DependencyError(
        "moto_server",
        `exited with code ${child.exitCode}: ${stderr().slice(-1e3)}`
      );
    }
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) return;
    } catch {
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new DependencyError("moto_server", `did not answer on ${endpoint} within 60 s`);
}
async function startMoto(options) {
  const python = resolveMotoPython(options.root, options.log);
  const port2 = await freePort();
  const endpoint = `http://127.0.0.1:${port2}`;
  const child = spawn(python, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port2)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true", ...options.env },
    stdio: ["ignore", "ignore", "pipe"]
  });
  let err = "";
  child.stderr?.on("data", (d) => {
    err = (err + d.toString()).slice(-4e3);
  });
  await waitReady(endpoint, child, () => err);
  return {
    endpoint,
    port: port2,
    pid: child.pid ?? -1,
    stop: () => new Promise((resolve7) => {
      if (child.exitCode !== null) return resolve7();
      child.once("exit", () => resolve7());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 3e3).unref();
    })
  };
}
async function resetMoto(endpoint) {
  const res = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
  if (!res.ok) throw new DependencyError("moto_server", `reset failed with HTTP ${res.status}`);
}
var VENV_DIR;
var init_moto_server = __esm({
  "shared/emulator/moto-server.ts"() {
    "use strict";
    init_errors();
    VENV_DIR = ".moto-venv";
  }
});

// shared/demo/emulator-gaps.ts
import { createServer as createServer2, request } from "node:http";
function emulatorGapAnswer(req, body) {
  const target = String(req.headers["x-amz-target"] ?? "");
  const json5 = (value, type = "application/x-amz-json-1.1") => ({
    status: 200,
    contentType: type,
    body: JSON.stringify(value)
  });
  if (/(^|&)Action=GetEbsDefaultKmsKeyId(&|$)/.test(body))
    return {
      status: 200,
      contentType: "text/xml",
      body: `<GetEbsDefaultKmsKeyIdResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>demo-emulator-gap</requestId><kmsKeyId>alias/aws/ebs</kmsKeyId></GetEbsDefaultKmsKeyIdResponse>`
    };
  if (target === "StarlingDoveService.DescribeDeliveryChannelStatus") {
    const ok2 = { lastStatus: "SUCCESS" };
    return json5({
      DeliveryChannelsStatus: [
        { name: "default", configSnapshotDeliveryInfo: ok2, configHistoryDeliveryInfo: ok2 }
      ]
    });
  }
  const selections = /^\/backup\/plans\/([^/]+)\/selections\/?(\?|$)/.exec(req.url ?? "");
  if (req.method === "GET" && selections)
    return json5(
      {
        BackupSelectionsList: [
          {
            SelectionId: `sel-${selections[1]}`,
            SelectionName: "all-tagged-resources",
            BackupPlanId: selections[1]
          }
        ]
      },
      "application/json"
    );
  if (req.method === "POST" && (req.url ?? "").startsWith("/standards/get")) {
    const region2 = regionOf(req);
    const std = "aws-foundational-security-best-practices/v/1.0.0";
    return json5(
      {
        StandardsSubscriptions: [
          {
            StandardsSubscriptionArn: `arn:aws:securityhub:${region2}:demo-emulator-gap:subscription/${std}`,
            StandardsArn: `arn:aws:securityhub:${region2}::standards/${std}`,
            StandardsInput: {},
            StandardsStatus: "READY"
          }
        ]
      },
      "application/json"
    );
  }
  return void 0;
}
function withRootRow(xml, knownAccount) {
  const m = /<Content>([^<]*)<\/Content>/.exec(xml);
  const generated = /<GeneratedTime>([^<]+)<\/GeneratedTime>/.exec(xml)?.[1];
  if (!m || !generated) return xml;
  const csv = Buffer.from(m[1], "base64").toString("utf8");
  const lines = csv.split("\n");
  if (lines.some((l) => l.startsWith("<root_account>,"))) return xml;
  const header = lines[0].split(",");
  const account = /arn:aws:iam::(\d{12}):/.exec(lines[1]?.split(",")[1] ?? "")?.[1] ?? knownAccount;
  if (!account) return xml;
  const value = {
    user: "<root_account>",
    arn: `arn:aws:iam::${account}:root`,
    user_creation_time: generated,
    password_enabled: "not_supported",
    password_last_used: "no_information",
    password_last_changed: "not_supported",
    password_next_rotation: "not_supported",
    mfa_active: "true"
  };
  const row = header.map((h) => value[h] ?? (h.endsWith("_active") ? "false" : "N/A")).join(",");
  const content = Buffer.from([lines[0], row, ...lines.slice(1)].join("\n")).toString("base64");
  return xml.replace(m[0], `<Content>${content}</Content>`);
}
async function startEmulatorGapProxy(target) {
  const upstream = new URL(target);
  const accountOfKey = /* @__PURE__ */ new Map();
  const server = createServer2((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const answer = emulatorGapAnswer(req, body.toString());
      if (answer) {
        res.writeHead(answer.status, {
          "content-type": answer.contentType,
          "x-amzn-requestid": "demo-emulator-gap"
        });
        res.end(answer.body);
        return;
      }
      const fwd = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers
        },
        (up) => {
          const action = /(^|&)Action=(GetCredentialReport|AssumeRole)(&|$)/.exec(body.toString())?.[2];
          if (!action) {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
            return;
          }
          const parts = [];
          up.on("data", (c) => parts.push(c));
          up.on("end", () => {
            const text3 = Buffer.concat(parts).toString("utf8");
            const key2 = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1];
            if (action === "AssumeRole") {
              const id = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(text3)?.[1];
              const acct = /<Arn>arn:aws:sts::(\d{12}):assumed-role/.exec(text3)?.[1];
              if (id && acct) accountOfKey.set(id, acct);
            }
            const out = action === "AssumeRole" ? text3 : withRootRow(text3, key2 ? accountOfKey.get(key2) : void 0);
            const headers = { ...up.headers, "content-length": String(Buffer.byteLength(out)) };
            delete headers["transfer-encoding"];
            res.writeHead(up.statusCode ?? 502, headers);
            res.end(out);
          });
        }
      );
      fwd.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      fwd.end(body);
    });
  });
  await new Promise((resolve7) => server.listen(0, "127.0.0.1", resolve7));
  const { port: port2 } = server.address();
  return {
    endpoint: `http://127.0.0.1:${port2}`,
    close: () => new Promise((resolve7) => {
      server.closeAllConnections();
      server.close(() => resolve7());
    })
  };
}
var regionOf;
var init_emulator_gaps = __esm({
  "shared/demo/emulator-gaps.ts"() {
    "use strict";
    regionOf = (req) => /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(String(req.headers.authorization ?? ""))?.[1] ?? "us-east-1";
  }
});

// shared/demo/github/bodies.ts
function idOf(text3) {
  let h = 7;
  for (const c of text3) h = (h * 31 + c.charCodeAt(0)) % 2e9;
  return h + 1;
}
function simpleUser(login2, type = "User") {
  const url4 = `${API}/users/${login2}`;
  return {
    login: login2,
    id: idOf(login2),
    node_id: `U_${idOf(login2)}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${idOf(login2)}?v=4`,
    gravatar_id: "",
    url: url4,
    html_url: `${WEB}/${login2}`,
    followers_url: `${url4}/followers`,
    following_url: `${url4}/following{/other_user}`,
    gists_url: `${url4}/gists{/gist_id}`,
    starred_url: `${url4}/starred{/owner}{/repo}`,
    subscriptions_url: `${url4}/subscriptions`,
    organizations_url: `${url4}/orgs`,
    repos_url: `${url4}/repos`,
    events_url: `${url4}/events{/privacy}`,
    received_events_url: `${url4}/received_events`,
    type,
    site_admin: false
  };
}
function repoUrls(full2) {
  const url4 = `${API}/repos/${full2}`;
  return {
    url: url4,
    html_url: `${WEB}/${full2}`,
    archive_url: `${url4}/{archive_format}{/ref}`,
    assignees_url: `${url4}/assignees{/user}`,
    blobs_url: `${url4}/git/blobs{/sha}`,
    branches_url: `${url4}/branches{/branch}`,
    collaborators_url: `${url4}/collaborators{/collaborator}`,
    comments_url: `${url4}/comments{/number}`,
    commits_url: `${url4}/commits{/sha}`,
    compare_url: `${url4}/compare/{base}...{head}`,
    contents_url: `${url4}/contents/{+path}`,
    contributors_url: `${url4}/contributors`,
    deployments_url: `${url4}/deployments`,
    downloads_url: `${url4}/downloads`,
    events_url: `${url4}/events`,
    forks_url: `${url4}/forks`,
    git_commits_url: `${url4}/git/commits{/sha}`,
    git_refs_url: `${url4}/git/refs{/sha}`,
    git_tags_url: `${url4}/git/tags{/sha}`,
    issue_comment_url: `${url4}/issues/comments{/number}`,
    issue_events_url: `${url4}/issues/events{/number}`,
    issues_url: `${url4}/issues{/number}`,
    keys_url: `${url4}/keys{/key_id}`,
    labels_url: `${url4}/labels{/name}`,
    languages_url: `${url4}/languages`,
    merges_url: `${url4}/merges`,
    milestones_url: `${url4}/milestones{/number}`,
    notifications_url: `${url4}/notifications{?since,all,participating}`,
    pulls_url: `${url4}/pulls{/number}`,
    releases_url: `${url4}/releases{/id}`,
    stargazers_url: `${url4}/stargazers`,
    statuses_url: `${url4}/statuses/{sha}`,
    subscribers_url: `${url4}/subscribers`,
    subscription_url: `${url4}/subscription`,
    tags_url: `${url4}/tags`,
    teams_url: `${url4}/teams`,
    trees_url: `${url4}/git/trees{/sha}`,
    hooks_url: `${url4}/hooks`
  };
}
function simpleRepository(org, name, isPrivate) {
  const full2 = `${org}/${name}`;
  return {
    id: idOf(full2),
    node_id: `R_${idOf(full2)}`,
    name,
    full_name: full2,
    owner: simpleUser(org, "Organization"),
    private: isPrivate,
    description: null,
    fork: false,
    ...repoUrls(full2)
  };
}
function minimalRepository(org, name, f) {
  return {
    ...simpleRepository(org, name, f.visibility !== "public"),
    description: f.description,
    visibility: f.visibility,
    archived: f.archived,
    disabled: false,
    default_branch: f.defaultBranch,
    created_at: f.createdAt,
    updated_at: f.createdAt,
    pushed_at: f.createdAt,
    ...f.securityAndAnalysis !== void 0 ? { security_and_analysis: f.securityAndAnalysis } : {}
  };
}
function repository(org, name, defaultBranch) {
  const full2 = `${org}/${name}`;
  return {
    ...simpleRepository(org, name, true),
    license: null,
    forks: 0,
    git_url: `git://github.com/${full2}.git`,
    ssh_url: `git@github.com:${full2}.git`,
    clone_url: `${WEB}/${full2}.git`,
    svn_url: `${WEB}/${full2}`,
    mirror_url: null,
    homepage: null,
    language: "TypeScript",
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 100,
    default_branch: defaultBranch,
    open_issues_count: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    archived: false,
    disabled: false,
    pushed_at: null,
    created_at: null,
    updated_at: null,
    open_issues: 0,
    watchers: 0
  };
}
function organizationFull(org, twoFactor) {
  const url4 = `${API}/orgs/${org}`;
  return {
    login: org,
    id: idOf(org),
    node_id: `O_${idOf(org)}`,
    url: url4,
    repos_url: `${url4}/repos`,
    events_url: `${url4}/events`,
    hooks_url: `${url4}/hooks`,
    issues_url: `${url4}/issues`,
    members_url: `${url4}/members{/member}`,
    public_members_url: `${url4}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${idOf(org)}?v=4`,
    description: null,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    html_url: `${WEB}/${org}`,
    type: "Organization",
    created_at: "2020-01-01T00:00:00Z",
    updated_at: "2020-01-01T00:00:00Z",
    archived_at: null,
    default_repository_permission: "read",
    members_can_create_public_repositories: false,
    ...twoFactor !== void 0 ? { two_factor_requirement_enabled: twoFactor } : {}
  };
}
var API, WEB;
var init_bodies = __esm({
  "shared/demo/github/bodies.ts"() {
    "use strict";
    API = "https://api.github.com";
    WEB = "https://github.com";
  }
});

// shared/demo/github/scenario-generate.ts
function hashOf(s) {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}
function repoSpec(i, now) {
  const kind = i % 4;
  return {
    name: `repo-${String(i).padStart(3, "0")}`,
    visibility: ["private", "public", "internal"][i % 3],
    archived: i % 10 === 9,
    defaultBranch: i % 2 === 0 ? "main" : "master",
    createdAt: iso25(now.getTime() - (400 + i) * 864e5),
    protection: kind === 0 ? {
      requiredReviews: 1,
      dismissStale: true,
      codeOwners: false,
      requiredChecks: ["build"],
      strict: true,
      enforceAdmins: true,
      allowForcePushes: false,
      allowDeletions: false
    } : kind === 3 ? {
      requiredReviews: null,
      dismissStale: false,
      codeOwners: false,
      requiredChecks: [],
      strict: false,
      enforceAdmins: false,
      allowForcePushes: true,
      allowDeletions: false
    } : null,
    rules: kind === 1 ? [
      {
        type: "pull_request",
        ruleset_id: 42,
        ruleset_source_type: "Organization",
        ruleset_source: "acme",
        parameters: {
          required_approving_review_count: 2,
          dismiss_stale_reviews_on_push: true,
          require_code_owner_review: true,
          require_last_push_approval: false,
          required_review_thread_resolution: false
        }
      },
      {
        type: "required_status_checks",
        ruleset_id: 42,
        ruleset_source_type: "Organization",
        ruleset_source: "acme",
        parameters: {
          strict_required_status_checks_policy: false,
          required_status_checks: [{ context: "build" }]
        }
      },
      {
        type: "non_fast_forward",
        ruleset_id: 42,
        ruleset_source_type: "Organization",
        ruleset_source: "acme"
      },
      { type: "deletion", ruleset_id: 42, ruleset_source_type: "Organization", ruleset_source: "acme" }
    ] : [],
    securityAndAnalysis: i % 5 === 3 ? void 0 : {
      secret_scanning: { status: i % 2 === 0 ? "enabled" : "disabled" },
      secret_scanning_push_protection: { status: i % 4 === 0 ? "enabled" : "disabled" },
      dependabot_security_updates: { status: i % 3 === 0 ? "enabled" : "disabled" }
    },
    legacyStatuses: i % 5 === 4
  };
}
function reviewsFor(k, author, mergedAt) {
  const other = AUTHORS[(AUTHORS.indexOf(author) + 1) % AUTHORS.length];
  const at = (deltaMin) => iso25(mergedAt + deltaMin * 6e4);
  switch (k % 6) {
    case 0:
      return [{ user: other, state: "APPROVED", submittedAt: at(-30) }];
    case 1:
      return [];
    case 2:
      return [{ user: author, state: "APPROVED", submittedAt: at(-10) }];
    case 3:
      return [
        { user: other, state: "APPROVED", submittedAt: at(-40) },
        { user: other, state: "CHANGES_REQUESTED", submittedAt: at(-20) }
      ];
    case 4:
      return [{ user: other, state: "APPROVED", submittedAt: at(15) }];
    default:
      return [
        { user: other, state: "APPROVED", submittedAt: at(-50) },
        { user: other, state: "COMMENTED", submittedAt: at(-5) }
      ];
  }
}
function generatePulls(repo, repoIndex, o, now) {
  const windowMs = o.windowDays * 864e5;
  const step2 = windowMs / (o.mergedPrsPerRepo + 1);
  const out = [];
  let number25 = o.mergedPrsPerRepo + o.olderPrsPerRepo + (o.noisePrs ? 2 : 0);
  const push = (updatedMs, mergedMs, base3, k) => {
    const author = AUTHORS[(repoIndex + k) % AUTHORS.length];
    const n = number25--;
    out.push({
      number: n,
      author,
      base: base3,
      createdAt: iso25(updatedMs - 3 * 36e5),
      updatedAt: iso25(updatedMs),
      closedAt: iso25(mergedMs ?? updatedMs),
      mergedAt: mergedMs === null ? null : iso25(mergedMs),
      headSha: sha2(`${repo.name}#${n}:head`),
      mergeCommitSha: sha2(`${repo.name}#${n}:merge`),
      reviews: mergedMs === null ? [] : reviewsFor(k, author, mergedMs),
      checks: [
        {
          name: repo.legacyStatuses ? "ci/jenkins" : "build",
          conclusion: k % 10 === 7 ? "failure" : "success"
        },
        { name: "lint", conclusion: "success" }
      ]
    });
  };
  if (o.noisePrs) {
    push(now.getTime() - step2 / 3, null, repo.defaultBranch, 1);
    push(now.getTime() - step2 / 2, now.getTime() - step2 / 2 - 6e4, "release", 0);
  }
  for (let k = 0; k < o.mergedPrsPerRepo; k++) {
    const merged = now.getTime() - (k + 1) * step2;
    push(merged + 6e4, merged, repo.defaultBranch, k);
  }
  for (let j = 0; j < o.olderPrsPerRepo; j++) {
    const merged = now.getTime() - windowMs - (j + 1) * 864e5;
    push(merged + 6e4, merged, repo.defaultBranch, j);
  }
  return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}
var iso25, sha2, AUTHORS;
var init_scenario_generate = __esm({
  "shared/demo/github/scenario-generate.ts"() {
    "use strict";
    iso25 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
    sha2 = (seed) => {
      let h = "";
      for (let i = 0; h.length < 40; i++)
        h += ((Math.imul(seed.length + i, 2654435761) ^ hashOf(seed + i)) >>> 0).toString(16);
      return h.slice(0, 40);
    };
    AUTHORS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace"];
  }
});

// shared/demo/github/scenario.ts
function buildScenario(options = {}) {
  const o = {
    org: "acme",
    now: /* @__PURE__ */ new Date("2026-03-01T12:00:00Z"),
    repos: 3,
    mergedPrsPerRepo: 6,
    olderPrsPerRepo: 0,
    noisePrs: false,
    windowDays: 30,
    alerts: 6,
    ...options
  };
  const now = o.now;
  const repos = Array.from({ length: o.repos }, (_, i) => repoSpec(i, now));
  const cache = /* @__PURE__ */ new Map();
  const severities = ["critical", "high", "medium", "low"];
  const alerts = (offset) => Array.from({ length: o.alerts }, (_, i) => ({
    number: i + 1,
    repo: repos[i % repos.length].name,
    severity: severities[(i + offset) % 4],
    createdAt: iso25(now.getTime() - (i * 7 + 1) * 864e5 - 36e5)
  }));
  return {
    org: o.org,
    now,
    since: iso25(now.getTime() - o.windowDays * 864e5),
    twoFactorRequirementEnabled: true,
    members: [
      { login: "owner-olivia", role: "admin", twoFactor: true },
      ...AUTHORS.map((login2, i) => ({ login: login2, role: "member", twoFactor: i !== 3 }))
    ],
    outsideCollaborators: [{ login: "contractor-carl", twoFactor: false }],
    repos,
    pulls(repo) {
      let list2 = cache.get(repo.name);
      if (!list2) {
        list2 = generatePulls(repo, repos.indexOf(repo), o, now);
        cache.set(repo.name, list2);
      }
      return list2;
    },
    setPulls(name, pulls) {
      cache.set(
        name,
        [...pulls].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      );
    },
    dependabotAlerts: alerts(0),
    codeScanningAlerts: alerts(1)
  };
}
var PLANTED_TOKEN;
var init_scenario = __esm({
  "shared/demo/github/scenario.ts"() {
    "use strict";
    init_scenario_generate();
    PLANTED_TOKEN = "ghp_PLANTEDplantedPLANTED0123456789abcdef";
  }
});

// shared/demo/github/bodies-alerts.ts
function dependabotAlert(org, a) {
  const pkg = { ecosystem: "npm", name: `pkg-${a.number}` };
  const vulnerability = {
    package: pkg,
    severity: a.severity,
    vulnerable_version_range: "< 1.2.3",
    first_patched_version: { identifier: "1.2.3" }
  };
  return {
    number: a.number,
    state: "open",
    dependency: {
      package: pkg,
      manifest_path: "package-lock.json",
      scope: "runtime",
      relationship: "direct"
    },
    security_advisory: {
      ghsa_id: `GHSA-${String(a.number).padStart(4, "0")}-abcd-efgh`,
      cve_id: `CVE-2025-${1e3 + a.number}`,
      summary: `Prototype pollution in pkg-${a.number}`,
      description: "Details.",
      vulnerabilities: [vulnerability],
      severity: a.severity,
      cvss: { score: 7.5, vector_string: null },
      cwes: [],
      identifiers: [{ type: "GHSA", value: `GHSA-${String(a.number).padStart(4, "0")}-abcd-efgh` }],
      references: [],
      published_at: a.createdAt,
      updated_at: a.createdAt,
      withdrawn_at: null
    },
    security_vulnerability: vulnerability,
    url: `${API2}/repos/${org}/${a.repo}/dependabot/alerts/${a.number}`,
    html_url: `https://github.com/${org}/${a.repo}/security/dependabot/${a.number}`,
    created_at: a.createdAt,
    updated_at: a.createdAt,
    dismissed_at: null,
    dismissed_by: null,
    dismissed_reason: null,
    dismissed_comment: `leaked ${PLANTED_TOKEN}`,
    fixed_at: null,
    repository: simpleRepository(org, a.repo, true)
  };
}
function codeScanningAlert(org, a) {
  const url4 = `${API2}/repos/${org}/${a.repo}/code-scanning/alerts/${a.number}`;
  return {
    number: a.number,
    created_at: a.createdAt,
    updated_at: a.createdAt,
    url: url4,
    html_url: `https://github.com/${org}/${a.repo}/security/code-scanning/${a.number}`,
    instances_url: `${url4}/instances`,
    state: "open",
    dismissed_by: null,
    dismissed_at: null,
    dismissed_reason: null,
    rule: {
      id: `js/rule-${a.number}`,
      name: `rule-${a.number}`,
      severity: "error",
      security_severity_level: a.severity,
      description: "Hard-coded credentials"
    },
    tool: { name: "CodeQL", version: "2.20.0", guid: null },
    most_recent_instance: {
      ref: "refs/heads/main",
      state: "open",
      commit_sha: "a".repeat(40),
      message: { text: `Hard-coded credential ${PLANTED_TOKEN}` },
      location: { path: "src/config.ts", start_line: 3, end_line: 3 }
    },
    repository: simpleRepository(org, a.repo, true)
  };
}
var API2;
var init_bodies_alerts = __esm({
  "shared/demo/github/bodies-alerts.ts"() {
    "use strict";
    init_bodies();
    init_scenario();
    API2 = "https://api.github.com";
  }
});

// shared/demo/github/bodies-commits.ts
function commitBody(org, repo, c) {
  const url4 = `${API3}/repos/${org}/${repo}/commits/${c.sha}`;
  const who = { name: c.author, email: `${c.author}@users.noreply.github.com`, date: c.committedAt };
  return {
    url: url4,
    sha: c.sha,
    node_id: `C_${c.sha.slice(0, 12)}`,
    html_url: `https://github.com/${org}/${repo}/commit/${c.sha}`,
    comments_url: `${url4}/comments`,
    commit: {
      url: `${API3}/repos/${org}/${repo}/git/commits/${c.sha}`,
      author: who,
      committer: who,
      message: `Change by ${c.author}`,
      comment_count: 0,
      tree: {
        sha: c.sha.split("").reverse().join(""),
        url: `${API3}/repos/${org}/${repo}/git/trees/${c.sha}`
      }
    },
    author: simpleUser(c.author),
    committer: simpleUser(c.author),
    parents: c.parents.map((sha3) => ({
      sha: sha3,
      url: `${API3}/repos/${org}/${repo}/commits/${sha3}`,
      html_url: `https://github.com/${org}/${repo}/commit/${sha3}`
    }))
  };
}
var API3;
var init_bodies_commits = __esm({
  "shared/demo/github/bodies-commits.ts"() {
    "use strict";
    init_bodies();
    API3 = "https://api.github.com";
  }
});

// shared/demo/github/bodies-pulls.ts
function pullRequestSimple(org, repo, p) {
  const full2 = `${org}/${repo.name}`;
  const url4 = `${API4}/repos/${full2}/pulls/${p.number}`;
  const ghRepo = repository(org, repo.name, repo.defaultBranch);
  const user3 = simpleUser(p.author);
  const link3 = (href) => ({ href });
  return {
    url: url4,
    id: idOf(`${full2}#${p.number}`),
    node_id: `PR_${idOf(`${full2}#${p.number}`)}`,
    html_url: `https://github.com/${full2}/pull/${p.number}`,
    diff_url: `https://github.com/${full2}/pull/${p.number}.diff`,
    patch_url: `https://github.com/${full2}/pull/${p.number}.patch`,
    issue_url: `${API4}/repos/${full2}/issues/${p.number}`,
    commits_url: `${url4}/commits`,
    review_comments_url: `${url4}/comments`,
    review_comment_url: `${API4}/repos/${full2}/pulls/comments{/number}`,
    comments_url: `${API4}/repos/${full2}/issues/${p.number}/comments`,
    statuses_url: `${API4}/repos/${full2}/statuses/${p.headSha}`,
    number: p.number,
    state: p.closedAt ? "closed" : "open",
    locked: false,
    title: `Change ${p.number} (oops, pasted ${PLANTED_TOKEN})`,
    user: user3,
    body: `Deploy with GITHUB_TOKEN=${PLANTED_TOKEN}`,
    labels: [],
    milestone: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    closed_at: p.closedAt,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommitSha,
    assignee: null,
    head: {
      label: `${org}:feature-${p.number}`,
      ref: `feature-${p.number}`,
      repo: ghRepo,
      sha: p.headSha,
      user: user3
    },
    base: {
      label: `${org}:${p.base}`,
      ref: p.base,
      repo: ghRepo,
      sha: p.headSha.split("").reverse().join(""),
      user: simpleUser(org, "Organization")
    },
    _links: {
      comments: link3(`${API4}/repos/${full2}/issues/${p.number}/comments`),
      commits: link3(`${url4}/commits`),
      statuses: link3(`${API4}/repos/${full2}/statuses/${p.headSha}`),
      html: link3(`https://github.com/${full2}/pull/${p.number}`),
      issue: link3(`${API4}/repos/${full2}/issues/${p.number}`),
      review_comments: link3(`${url4}/comments`),
      review_comment: link3(`${API4}/repos/${full2}/pulls/comments{/number}`),
      self: link3(url4)
    },
    author_association: "MEMBER",
    auto_merge: null,
    draft: false
  };
}
function pullRequestReview(org, repo, p, r, i) {
  const full2 = `${org}/${repo.name}`;
  const html = `https://github.com/${full2}/pull/${p.number}`;
  return {
    id: idOf(`${full2}#${p.number}/r${i}`),
    node_id: `PRR_${idOf(`${full2}#${p.number}/r${i}`)}`,
    user: simpleUser(r.user),
    body: r.state === "COMMENTED" ? `nit; also the token is ${PLANTED_TOKEN}` : "",
    state: r.state,
    html_url: `${html}#pullrequestreview-${i}`,
    pull_request_url: `${API4}/repos/${full2}/pulls/${p.number}`,
    _links: {
      html: { href: `${html}#pullrequestreview-${i}` },
      pull_request: { href: `${API4}/repos/${full2}/pulls/${p.number}` }
    },
    submitted_at: r.submittedAt,
    commit_id: r.commitId ?? p.headSha,
    author_association: "MEMBER"
  };
}
function checkRun(org, repo, p, c, i) {
  const id = idOf(`${org}/${repo.name}#${p.number}/c${i}`);
  return {
    id,
    head_sha: p.mergeCommitSha ?? p.headSha,
    node_id: `CR_${id}`,
    external_id: null,
    url: `${API4}/repos/${org}/${repo.name}/check-runs/${id}`,
    html_url: `https://github.com/${org}/${repo.name}/runs/${id}`,
    details_url: null,
    status: "completed",
    conclusion: c.conclusion,
    started_at: p.mergedAt,
    completed_at: p.mergedAt,
    output: {
      title: c.name,
      summary: `env dump: token=${PLANTED_TOKEN}`,
      text: null,
      annotations_count: 0,
      annotations_url: `${API4}/repos/${org}/${repo.name}/check-runs/${id}/annotations`
    },
    name: c.name,
    check_suite: { id: id + 1 },
    app: null,
    pull_requests: []
  };
}
function combinedStatus(org, repo, p, shaValue) {
  const contexts = repo.legacyStatuses ? p.checks : [];
  const statuses = contexts.map((c, i) => ({
    description: `see logs; TOKEN=${PLANTED_TOKEN}`,
    id: idOf(`${repo.name}#${p.number}/s${i}`),
    node_id: `S_${i}`,
    state: c.conclusion,
    context: c.name,
    target_url: null,
    avatar_url: null,
    url: `${API4}/repos/${org}/${repo.name}/statuses/${shaValue}`,
    created_at: p.mergedAt ?? p.updatedAt,
    updated_at: p.mergedAt ?? p.updatedAt
  }));
  const state = statuses.length === 0 ? "pending" : statuses.some((s) => s.state === "failure") ? "failure" : "success";
  return {
    state,
    statuses,
    sha: shaValue,
    total_count: statuses.length,
    repository: {
      ...repository(org, repo.name, repo.defaultBranch)
    },
    commit_url: `${API4}/repos/${org}/${repo.name}/commits/${shaValue}`,
    url: `${API4}/repos/${org}/${repo.name}/commits/${shaValue}/status`
  };
}
function branchProtection(org, repo, p) {
  const url4 = `${API4}/repos/${org}/${repo.name}/branches/${repo.defaultBranch}/protection`;
  return {
    url: url4,
    required_status_checks: {
      url: `${url4}/required_status_checks`,
      strict: p.strict,
      contexts: p.requiredChecks,
      checks: p.requiredChecks.map((context) => ({ context, app_id: null }))
    },
    enforce_admins: { url: `${url4}/enforce_admins`, enabled: p.enforceAdmins },
    ...p.requiredReviews === null ? {} : {
      required_pull_request_reviews: {
        url: `${url4}/required_pull_request_reviews`,
        dismiss_stale_reviews: p.dismissStale,
        require_code_owner_reviews: p.codeOwners,
        required_approving_review_count: p.requiredReviews,
        require_last_push_approval: false
      }
    },
    required_linear_history: { enabled: false },
    allow_force_pushes: { enabled: p.allowForcePushes },
    allow_deletions: { enabled: p.allowDeletions },
    block_creations: { enabled: false },
    required_conversation_resolution: { enabled: false }
  };
}
var API4;
var init_bodies_pulls = __esm({
  "shared/demo/github/bodies-pulls.ts"() {
    "use strict";
    init_bodies();
    init_scenario();
    API4 = "https://api.github.com";
  }
});

// shared/demo/github/paging.ts
function linkHeader(rels) {
  return rels.length ? rels.map(([rel, u2]) => `<${u2.toString()}>; rel="${rel}"`).join(", ") : void 0;
}
function perPage(url4) {
  const n = Number(url4.searchParams.get("per_page") ?? 30);
  return Math.min(100, Math.max(1, Number.isFinite(n) ? Math.trunc(n) : 30));
}
function pageOf(all, url4) {
  const size = perPage(url4);
  const last = Math.max(1, Math.ceil(all.length / size));
  const page3 = Math.max(1, Math.trunc(Number(url4.searchParams.get("page") ?? 1)) || 1);
  const at = (p) => {
    const u2 = new URL(url4);
    u2.searchParams.set("page", String(p));
    return u2;
  };
  const rels = [];
  if (page3 > 1) rels.push(["prev", at(page3 - 1)], ["first", at(1)]);
  if (page3 < last) rels.push(["next", at(page3 + 1)], ["last", at(last)]);
  const link3 = linkHeader(rels);
  return { items: all.slice((page3 - 1) * size, page3 * size), ...link3 ? { link: link3 } : {} };
}
function cursorPageOf(all, url4) {
  const size = perPage(url4);
  const after = url4.searchParams.get("after");
  const start = after ? Number(
    Buffer.from(after, "base64url").toString("utf8").replace(/^offset:/, "")
  ) : 0;
  const items = all.slice(start, start + size);
  if (start + size >= all.length) return { items };
  const next = new URL(url4);
  next.searchParams.delete("page");
  next.searchParams.set("after", Buffer.from(`offset:${start + size}`).toString("base64url"));
  return { items, link: linkHeader([["next", next]]) };
}
var init_paging2 = __esm({
  "shared/demo/github/paging.ts"() {
    "use strict";
  }
});

// shared/demo/github/routes.ts
function page2(all, url4, cursor = false) {
  const p = cursor ? cursorPageOf(all, url4) : pageOf(all, url4);
  return { status: 200, body: p.items, ...p.link ? { link: p.link } : {} };
}
function repoOf(s, owner, name) {
  return owner === s.org ? s.repos.find((r) => r.name === name) : void 0;
}
function pullBySha(s, repo, sha3) {
  const pulls = s.pulls(repo);
  let idx = shaIndex.get(pulls);
  if (!idx) {
    idx = /* @__PURE__ */ new Map();
    for (const p of pulls) {
      if (p.mergeCommitSha) idx.set(p.mergeCommitSha, p);
      idx.set(p.headSha, p);
    }
    shaIndex.set(pulls, idx);
  }
  return idx.get(sha3);
}
function defaultBranchCommits(s, repo) {
  const merged = s.pulls(repo).filter((p) => p.mergedAt && p.mergeCommitSha && p.base === repo.defaultBranch).map((p) => ({
    sha: p.mergeCommitSha,
    author: p.author,
    committedAt: p.mergedAt,
    parents: ["0".repeat(40)]
  }));
  const direct = (repo.directCommits ?? []).map((c) => ({ ...c, parents: ["0".repeat(40)] }));
  return [...merged, ...direct].sort((a, b) => b.committedAt.localeCompare(a.committedAt));
}
var notFound, shaIndex, withRepo, ROUTES2;
var init_routes = __esm({
  "shared/demo/github/routes.ts"() {
    "use strict";
    init_bodies();
    init_bodies_alerts();
    init_bodies_commits();
    init_bodies_pulls();
    init_paging2();
    init_scenario();
    notFound = (message2 = "Not Found") => ({
      status: 404,
      body: { message: message2, documentation_url: "https://docs.github.com/rest", status: "404" }
    });
    shaIndex = /* @__PURE__ */ new WeakMap();
    withRepo = (fn) => (m, url4, s) => {
      const repo = repoOf(s, m[1], m[2]);
      return repo ? fn(repo, m, url4, s) : notFound();
    };
    ROUTES2 = [
      [
        /^\/orgs\/([^/]+)$/,
        (m, _u, s) => m[1] !== s.org ? notFound() : (
          // Undocumented extra field with a secret: the collector must drop it.
          {
            status: 200,
            body: {
              ...organizationFull(s.org, s.twoFactorRequirementEnabled),
              webhook_config: { url: "https://hooks.example", secret: PLANTED_TOKEN }
            }
          }
        )
      ],
      [
        /^\/orgs\/([^/]+)\/members$/,
        (m, url4, s) => {
          if (m[1] !== s.org) return notFound();
          const role2 = url4.searchParams.get("role") ?? "all";
          const no2fa = url4.searchParams.get("filter") === "2fa_disabled";
          const list2 = s.members.filter((u2) => (role2 === "all" || u2.role === role2) && (!no2fa || !u2.twoFactor));
          return page2(
            list2.map((u2) => simpleUser(u2.login)),
            url4
          );
        }
      ],
      [
        /^\/orgs\/([^/]+)\/outside_collaborators$/,
        (m, url4, s) => {
          if (m[1] !== s.org) return notFound();
          const no2fa = url4.searchParams.get("filter") === "2fa_disabled";
          return page2(
            s.outsideCollaborators.filter((u2) => !no2fa || !u2.twoFactor).map((u2) => simpleUser(u2.login)),
            url4
          );
        }
      ],
      [
        /^\/orgs\/([^/]+)\/repos$/,
        (m, url4, s) => m[1] !== s.org ? notFound() : page2(
          s.repos.map((r) => ({
            ...minimalRepository(s.org, r.name, { ...r, description: `deploy key: ${PLANTED_TOKEN}` }),
            deploy_keys: [{ key: `ssh-ed25519 AAAA${PLANTED_TOKEN}` }]
          })),
          url4
        )
      ],
      [
        /^\/repos\/([^/]+)\/([^/]+)\/branches\/(.+)\/protection$/,
        withRepo((repo, m, _u, s) => {
          if (m[3] !== repo.defaultBranch) return notFound("Branch not found");
          return repo.protection ? { status: 200, body: branchProtection(s.org, repo, repo.protection) } : notFound("Branch not protected");
        })
      ],
      [
        /^\/repos\/([^/]+)\/([^/]+)\/rules\/branches\/(.+)$/,
        withRepo((repo, m, url4) => page2(m[3] === repo.defaultBranch ? repo.rules : [], url4))
      ],
      [
        /^\/repos\/([^/]+)\/([^/]+)\/pulls$/,
        withRepo((repo, _m, url4, s) => {
          const state = url4.searchParams.get("state") ?? "open";
          const base3 = url4.searchParams.get("base");
          let list2 = s.pulls(repo).filter(
            (p) => (state === "all" || state === "closed" === (p.closedAt !== null)) && (!base3 || p.base === base3)
          );
          if (url4.searchParams.get("sort") !== "updated")
            list2 = [...list2].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
          if (url4.searchParams.get("direction") === "asc") list2 = [...list2].reverse();
          return page2(
            list2.map((p) => pullRequestSimple(s.org, repo, p)),
            url4
          );
        })
      ],
      [
        /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/,
        withRepo((repo, m, url4, s) => {
          const pull = s.pulls(repo).find((p) => p.number === Number(m[3]));
          if (!pull) return notFound();
          const reviews = [...pull.reviews].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
          return page2(
            reviews.map((r, i) => pullRequestReview(s.org, repo, pull, r, i)),
            url4
          );
        })
      ],
      [
        /^\/repos\/([^/]+)\/([^/]+)\/commits$/,
        withRepo((repo, _m, url4, s) => {
          const ref = url4.searchParams.get("sha") ?? repo.defaultBranch;
          if (ref !== repo.defaultBranch) return notFound("No commit found for SHA");
          const since = url4.searchParams.get("since");
          const until = url4.searchParams.get("until");
          const list2 = defaultBranchCommits(s, repo).filter(
            (c) => (!since || c.committedAt >= since) && (!until || c.committedAt <= until)
          );
          return page2(
            list2.map((c) => commitBody(s.org, repo.name, c)),
            url4
          );
        })
      ],
      [
        /^\/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-f]{40})\/pulls$/,
        withRepo((repo, m, url4, s) => {
          const pull = pullBySha(s, repo, m[3]);
          return page2(pull ? [pullRequestSimple(s.org, repo, pull)] : [], url4);
        })
      ],
      [
        /^\/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-f]{40})\/check-runs$/,
        withRepo((repo, m, url4, s) => {
          const pull = pullBySha(s, repo, m[3]);
          if (!pull) return notFound("No commit found for SHA");
          const runs = repo.legacyStatuses ? [] : pull.checks.map((c, i) => checkRun(s.org, repo, pull, c, i));
          const p = pageOf(runs, url4);
          return {
            status: 200,
            body: { total_count: runs.length, check_runs: p.items },
            ...p.link ? { link: p.link } : {}
          };
        })
      ],
      [
        /^\/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-f]{40})\/status$/,
        withRepo((repo, m, _u, s) => {
          const pull = pullBySha(s, repo, m[3]);
          return pull ? { status: 200, body: combinedStatus(s.org, repo, pull, m[3]) } : notFound("No commit found for SHA");
        })
      ],
      [
        /^\/orgs\/([^/]+)\/dependabot\/alerts$/,
        (m, url4, s) => m[1] !== s.org ? notFound() : page2(
          s.dependabotAlerts.map((a) => dependabotAlert(s.org, a)),
          url4,
          true
        )
      ],
      [
        /^\/orgs\/([^/]+)\/code-scanning\/alerts$/,
        (m, url4, s) => m[1] !== s.org ? notFound() : page2(
          s.codeScanningAlerts.map((a) => codeScanningAlert(s.org, a)),
          url4
        )
      ]
    ];
  }
});

// shared/demo/github/server.ts
import { createPublicKey as createPublicKey5, randomBytes, verify as verify2 } from "node:crypto";
import { createServer as createServer3 } from "node:http";
function faultResult(kind) {
  const reset = String(Math.floor(Date.now() / 1e3) + 1);
  switch (kind) {
    case "forbidden":
      return { result: json4(403, "Resource not accessible by integration"), headers: {} };
    case "not-found":
      return { result: json4(404, "Not Found"), headers: {} };
    case "rate-limit-429":
      return { result: json4(429, "Too Many Requests"), headers: { "retry-after": "1" } };
    case "secondary-rate-limit":
      return {
        result: json4(
          403,
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
        ),
        headers: { "retry-after": "1" }
      };
    case "primary-rate-limit":
      return {
        result: json4(403, "API rate limit exceeded for installation ID 1."),
        headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }
      };
    case "server-error":
      return { result: json4(502, "Server Error"), headers: {} };
    case "malformed":
      return { result: { status: 200, body: '[{"login": "trunc' }, headers: {} };
  }
}
function verifyJwt(token, app) {
  const [h, p, sig] = token.split(".");
  if (!h || !p || !sig) return false;
  const ok2 = verify2(
    "RSA-SHA256",
    Buffer.from(`${h}.${p}`),
    createPublicKey5(app.publicKeyPem),
    Buffer.from(sig, "base64url")
  );
  const claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
  return ok2 && String(claims.iss) === String(app.appId) && (claims.exp ?? 0) * 1e3 > Date.now();
}
async function startGitHubFixture(scenario, options = {}) {
  const prefix = options.pathPrefix ?? "";
  const token = options.token ?? FIXTURE_TOKEN;
  const faults = [];
  const requests = [];
  const issuedTokens = [];
  let counter = 0;
  const handle = (req, res) => {
    const url4 = new URL(req.url ?? "/", `http://${req.headers.host}`);
    if (prefix && !url4.pathname.startsWith(`${prefix}/`)) {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html>not the API</html>");
      return;
    }
    const pathname = url4.pathname.slice(prefix.length);
    const method = req.method ?? "GET";
    const [scheme, credential] = String(req.headers.authorization ?? "").split(/\s+/, 2);
    const auth = !credential ? "none" : issuedTokens.includes(credential) ? "installation" : credential.split(".").length === 3 && /^bearer$/i.test(scheme ?? "") ? "jwt" : "token";
    const headers = {
      "content-type": "application/json; charset=utf-8",
      "x-github-request-id": `FIXT:${String(++counter).padStart(6, "0")}`,
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": String(Math.max(1, 5e3 - counter)),
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1e3) + 3600),
      "x-ratelimit-resource": "core"
    };
    let result;
    const fault = faults.find(
      (f) => (!f.method || f.method === method) && f.match.test(pathname + url4.search) && (f.times ?? 1) > 0
    );
    const install = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(pathname);
    if (fault) {
      if (fault.times !== void 0) fault.times -= 1;
      const f = faultResult(fault.kind);
      result = f.result;
      Object.assign(headers, f.headers);
    } else if (install && method === "POST") {
      const app = scenario.app;
      if (!app || auth !== "jwt" || !verifyJwt(credential, app))
        result = json4(401, "A JSON web token could not be decoded");
      else if (Number(install[1]) !== app.installationId) result = json4(404, "Not Found");
      else {
        const issued = `ghs_${randomBytes(18).toString("hex")}`;
        issuedTokens.push(issued);
        const body = {
          token: issued,
          expires_at: new Date(Date.now() + 36e5).toISOString(),
          permissions: { members: "read", pull_requests: "read" },
          repository_selection: "all"
        };
        result = { status: 201, body };
      }
    } else if (auth !== "installation" && !(auth === "token" && credential === token)) {
      result = json4(401, "Bad credentials");
    } else {
      const path = decodeURIComponent(pathname);
      const route = method === "GET" ? ROUTES2.map(([re, h]) => [re.exec(path), h]).find(([m]) => m) : void 0;
      result = route ? route[1](route[0], url4, scenario) : json4(404, "Not Found");
    }
    if (result.link) headers.link = result.link;
    requests.push({
      method,
      path: pathname,
      search: url4.search,
      status: result.status,
      at: Date.now(),
      auth
    });
    res.writeHead(result.status, headers);
    res.end(typeof result.body === "string" ? result.body : JSON.stringify(result.body));
  };
  const server = createServer3((req, res) => {
    req.resume();
    req.on("end", () => handle(req, res));
  });
  await new Promise((resolve7) => server.listen(0, "127.0.0.1", resolve7));
  const { port: port2 } = server.address();
  return {
    baseUrl: `http://127.0.0.1:${port2}${prefix}`,
    scenario,
    faults,
    requests,
    issuedTokens,
    close: () => new Promise((resolve7, reject) => {
      server.closeAllConnections();
      server.close((err) => err ? reject(err) : resolve7());
    })
  };
}
var FIXTURE_TOKEN, json4;
var init_server = __esm({
  "shared/demo/github/server.ts"() {
    "use strict";
    init_routes();
    init_scenario();
    FIXTURE_TOKEN = "ghp_fixtureTokenForTests000000000000000000";
    json4 = (status2, message2, extra = {}) => ({
      status: status2,
      body: { message: message2, documentation_url: "https://docs.github.com/rest", status: String(status2), ...extra }
    });
  }
});

// shared/demo/idp/server.ts
import { createServer as createServer4 } from "node:http";
async function startFixtureServer(handler, notFound2) {
  const faults = [];
  const requests = [];
  let baseUrl = "";
  const server = createServer4((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const url4 = new URL(req.url ?? "/", baseUrl);
      const fr = {
        method: req.method ?? "GET",
        path: url4.pathname,
        query: url4.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8")
      };
      requests.push(fr);
      const fault = faults.find((f) => matches(f, fr));
      if (fault) fault.times = (fault.times ?? 1) - 1;
      let out = fault?.respond ?? handler(fr, baseUrl) ?? notFound2;
      if (fault?.transform && out.body !== void 0)
        out = { ...out, body: fault.transform(structuredClone(out.body)) };
      const text3 = out.raw ?? (out.body === void 0 ? "" : JSON.stringify(out.body));
      res.writeHead(out.status, { "content-type": "application/json", ...out.headers });
      res.end(text3);
    });
  });
  await new Promise((resolve7) => server.listen(0, "127.0.0.1", resolve7));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
  return {
    url: baseUrl,
    requests,
    fault: (f) => faults.push(f),
    close: () => new Promise((resolve7, reject) => server.close((e) => e ? reject(e) : resolve7()))
  };
}
function matches(f, req) {
  if ((f.times ?? 1) <= 0) return false;
  if (f.method && f.method !== req.method) return false;
  const pathOk = typeof f.path === "string" ? f.path === req.path : f.path.test(req.path);
  return pathOk && (!f.when || f.when(req));
}
function slicePage(all, cursor, size) {
  const offset = cursor ? Number.parseInt(Buffer.from(cursor, "base64url").toString("utf8"), 10) || 0 : 0;
  const items = all.slice(offset, offset + size);
  const end = offset + size;
  return end < all.length ? { items, next: Buffer.from(String(end), "utf8").toString("base64url") } : { items };
}
var init_server2 = __esm({
  "shared/demo/idp/server.ts"() {
    "use strict";
  }
});

// shared/demo/idp/okta-server.ts
function oktaError(errorCode, errorSummary2) {
  return {
    errorCode,
    errorSummary: errorSummary2,
    errorLink: errorCode,
    errorId: `oae${fixtureId(errorCode, 19)}`,
    errorCauses: []
  };
}
function user2(base3, email3, first, last, status2, p = {}) {
  const id = `00u${fixtureId(email3, 17)}`;
  return {
    id,
    status: status2,
    created: "2024-03-01T09:00:00.000Z",
    activated: status2 === "STAGED" ? null : "2024-03-01T09:05:00.000Z",
    statusChanged: "2024-03-01T09:05:00.000Z",
    lastLogin: null,
    lastUpdated: "2026-02-27T08:15:00.000Z",
    passwordChanged: "2024-03-01T09:05:00.000Z",
    type: { id: "oty1fixture" },
    profile: {
      firstName: first,
      lastName: last,
      mobilePhone: "+1 555 0100",
      secondEmail: null,
      login: email3,
      email: email3
    },
    credentials: { provider: { type: "OKTA", name: "OKTA" } },
    _links: { self: { href: `${base3}/api/v1/users/${id}` } },
    ...p
  };
}
function factor(userId, factorType, provider, status2) {
  return {
    id: `${factorType === "push" ? "opf" : "mfa"}${fixtureId(userId + factorType, 17)}`,
    factorType,
    provider,
    status: status2,
    created: "2024-03-02T09:00:00.000Z",
    lastUpdated: "2024-03-02T09:00:00.000Z"
  };
}
function buildDirectory(base3, scale) {
  const users = [];
  const factors = /* @__PURE__ */ new Map();
  for (const p of ACME_PEOPLE) {
    const email3 = p.key === "bob" ? "Bob@Acme.Example" : p.email;
    const u2 = user2(base3, email3, p.firstName, p.lastName, p.leaver ? "DEPROVISIONED" : "ACTIVE", {
      created: p.created,
      lastLogin: p.lastLogin,
      ...p.leaver ? { statusChanged: LEAVER_DEPROVISIONED_AT } : {}
    });
    users.push(u2);
    const f = [];
    if (p.key === "alice")
      f.push(factor(u2.id, "push", "OKTA", "ACTIVE"), factor(u2.id, "webauthn", "FIDO", "ACTIVE"));
    if (p.key === "bob") f.push(factor(u2.id, "token:software:totp", "GOOGLE", "ACTIVE"));
    if (p.key === "dave") f.push(factor(u2.id, "sms", "OKTA", "PENDING_ACTIVATION"));
    if (p.key === "erin") f.push(factor(u2.id, "push", "OKTA", "ACTIVE"));
    factors.set(u2.id, f);
  }
  for (let i = 1; i <= scale; i++) {
    const s = scaledPerson(i);
    const u2 = user2(base3, s.email, s.firstName, s.lastName, STATUS_CYCLE[i % STATUS_CYCLE.length], {
      lastLogin: "2026-02-01T10:00:00.000Z"
    });
    users.push(u2);
    factors.set(
      u2.id,
      i % 4 === 0 ? [] : [factor(u2.id, "push", "OKTA", FACTOR_CYCLE[i % FACTOR_CYCLE.length])]
    );
  }
  return { users, factors };
}
async function startOktaFixture(options = {}) {
  const token = options.token ?? OKTA_FIXTURE_TOKEN;
  let dir;
  let seq = 0;
  const server = await startFixtureServer(
    (req, base3) => {
      dir ??= buildDirectory(base3, options.scale ?? 0);
      const headers = {
        "x-okta-request-id": `req-okta-${++seq}`,
        "x-rate-limit-limit": "600",
        "x-rate-limit-remaining": "599"
      };
      if (req.headers.authorization !== `SSWS ${token}`) {
        return { status: 401, headers, body: oktaError("E0000011", "Invalid token provided") };
      }
      if (req.path === "/api/v1/users") {
        const filter = req.query.get("filter");
        const status2 = filter ? /^status eq "([A-Z_]+)"$/.exec(filter)?.[1] : void 0;
        if (filter && !status2)
          return { status: 400, headers, body: oktaError("E0000031", "Invalid search criteria.") };
        const listed = dir.users.filter((u2) => status2 ? u2.status === status2 : u2.status !== "DEPROVISIONED");
        const size = Math.min(Number(req.query.get("limit") ?? 200), options.maxPageSize ?? 200);
        const page3 = slicePage(listed, req.query.get("after"), size);
        const self = `${base3}/api/v1/users?${req.query.toString()}`;
        const links = [`<${self}>; rel="self"`];
        if (page3.next) {
          const next = new URLSearchParams(req.query);
          next.set("after", page3.next);
          links.push(`<${base3}/api/v1/users?${next.toString()}>; rel="next"`);
        }
        return { status: 200, headers: { ...headers, link: links.join(", ") }, body: page3.items };
      }
      const m = /^\/api\/v1\/users\/([^/]+)\/factors$/.exec(req.path);
      if (m) {
        const f = dir.factors.get(decodeURIComponent(m[1]));
        if (!f) return { status: 404, headers, body: oktaError("E0000007", "Not found: Resource not found") };
        return { status: 200, headers, body: f };
      }
      return void 0;
    },
    { status: 404, body: oktaError("E0000022", "The endpoint does not support the provided HTTP method") }
  );
  dir = buildDirectory(server.url, options.scale ?? 0);
  return { ...server, users: dir.users, factors: dir.factors };
}
var OKTA_FIXTURE_TOKEN, STATUS_CYCLE, FACTOR_CYCLE, oktaForbidden;
var init_okta_server = __esm({
  "shared/demo/idp/okta-server.ts"() {
    "use strict";
    init_acme();
    init_server2();
    OKTA_FIXTURE_TOKEN = "00oktaFixtureTokenAbcdefghij0123456789XYZ";
    STATUS_CYCLE = [
      "ACTIVE",
      "ACTIVE",
      "SUSPENDED",
      "STAGED",
      "PROVISIONED",
      "LOCKED_OUT",
      "PASSWORD_EXPIRED",
      "RECOVERY",
      "DEPROVISIONED"
    ];
    FACTOR_CYCLE = [
      "ACTIVE",
      "PENDING_ACTIVATION",
      "ENROLLED",
      "NOT_SETUP",
      "INACTIVE",
      "EXPIRED",
      "DISABLED"
    ];
    oktaForbidden = {
      status: 403,
      body: oktaError("E0000006", "You do not have permission to perform the requested action")
    };
  }
});

// shared/demo/servers.ts
async function startDemoServers(opts) {
  const started = [];
  const stopAll = async () => {
    for (const s of started.splice(0).reverse()) await s.stop().catch(() => void 0);
  };
  try {
    let endpoint = opts.motoEndpoint;
    if (endpoint) await resetMoto(endpoint);
    else {
      const moto = await startMoto({ root: opts.root, log: opts.log });
      started.push(moto);
      endpoint = moto.endpoint;
      opts.log(`moto (AWS emulator) on ${endpoint}, pid ${moto.pid}`);
    }
    const gaps2 = await startEmulatorGapProxy(endpoint);
    started.push({ stop: () => gaps2.close() });
    const github = await startGitHubFixture(
      buildScenario({ org: "acme-analytics", now: opts.githubNow, repos: 4, mergedPrsPerRepo: 3, alerts: 2 })
    );
    started.push({ stop: () => github.close() });
    const okta = await startOktaFixture();
    started.push({ stop: () => okta.close() });
    opts.log(`GitHub fixture on ${github.baseUrl}, Okta fixture on ${okta.url}`);
    let stopped;
    return {
      awsEndpoint: endpoint,
      collectEndpoint: gaps2.endpoint,
      github,
      okta,
      secretEnv: { GITHUB_TOKEN: FIXTURE_TOKEN, OKTA_API_TOKEN: OKTA_FIXTURE_TOKEN },
      stop: () => stopped ??= stopAll()
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
var init_servers = __esm({
  "shared/demo/servers.ts"() {
    "use strict";
    init_moto_server();
    init_emulator_gaps();
    init_server();
    init_okta_server();
  }
});

// shared/ingest/ingest-prowler.ts
var ingest_prowler_exports = {};
__export(ingest_prowler_exports, {
  PROWLER_DROP_PREFIX: () => PROWLER_DROP_PREFIX,
  ingestProwler: () => ingestProwler
});
async function ingestProwler(chunks, deps, what = "Prowler OCSF file") {
  const scan = await readProwlerScan(chunks, {
    accounts: deps.accounts,
    now: deps.now(),
    maxAgeHours: collector26.meta.ttlHours,
    what
  });
  const connection = {};
  return runCollector(
    collector26,
    { account: scan.account, region: "global" },
    {
      store: deps.store,
      ledger: deps.ledger,
      ...deps.index ? { index: deps.index } : {},
      connection,
      now: deps.now,
      extras: { prowlerScan: scan },
      identity: `prowler ${scan.version}`,
      ...deps.notes ? { notes: deps.notes } : {}
    }
  );
}
var PROWLER_DROP_PREFIX;
var init_ingest_prowler = __esm({
  "shared/ingest/ingest-prowler.ts"() {
    "use strict";
    init_collector26();
    init_runner();
    init_prowler_ocsf();
    PROWLER_DROP_PREFIX = "ingest/prowler/";
  }
});

// shared/demo/prowler/scan.ts
import { readFile as readFile6 } from "node:fs/promises";
import { fileURLToPath as fileURLToPath3 } from "node:url";
async function ingestDemoProwlerScan(backend, o) {
  const records = JSON.parse(await readFile6(DEMO_PROWLER_SCAN, "utf8"));
  const times = records.map((r) => Number(r.time) * 1e3);
  const recorded = Math.min(...times);
  const shift = o.scanAt.getTime() - recorded;
  const redated = records.map((r) => {
    const t = Number(r.time) * 1e3 + shift;
    return { ...r, time: Math.floor(t / 1e3), time_dt: new Date(t).toISOString() };
  });
  const text3 = JSON.stringify(redated);
  return ingestProwler(
    (async function* () {
      yield text3;
    })(),
    {
      ...backend,
      now: () => o.now,
      accounts: o.accounts,
      notes: [
        `recordedAt ${new Date(recorded).toISOString()}: a recorded Prowler scan, re-dated by the demo to its simulated clock (finding times shifted by ${Math.round(shift / 36e5)} h)`
      ]
    },
    "demo Prowler scan (shared/demo/prowler/management.ocsf.json)"
  );
}
var DEMO_PROWLER_SCAN;
var init_scan = __esm({
  "shared/demo/prowler/scan.ts"() {
    "use strict";
    init_ingest_prowler();
    DEMO_PROWLER_SCAN = fileURLToPath3(new URL("./management.ocsf.json", import.meta.url));
  }
});

// shared/demo/run-demo.ts
var run_demo_exports = {};
__export(run_demo_exports, {
  runDemo: () => runDemo
});
import { mkdir as mkdir5, rm as rm6, writeFile as writeFile2, readdir as readdir4 } from "node:fs/promises";
import { join as join11, resolve as resolve4 } from "node:path";
async function runDemo(opts) {
  const log = opts.log ?? ((l) => process.stdout.write(`${l}
`));
  const days = opts.days ?? 90;
  const outDir = resolve4(opts.outDir ?? join11(opts.root, "demo-output"));
  const t0 = Date.now();
  const timings = {};
  const mark = (k, since) => timings[k] = Date.now() - since;
  await mkdir5(outDir, { recursive: true });
  for (const f of await readdir4(outDir)) {
    if (OUTPUTS.has(f) || /^snapshot-.*\.zip$/.test(f))
      await rm6(join11(outDir, f), { recursive: true, force: true });
  }
  const simDays = simulatedDays(new Date(Date.now() - DAY_MS12), days);
  const window = {
    start: simDays[0].toISOString().slice(0, 10),
    end: simDays[days - 1].toISOString().slice(0, 10),
    timeZone: "UTC"
  };
  let servers;
  const onSignal = (sig) => {
    log(`
${sig}: stopping the emulator and fixture servers...`);
    void (servers?.stop() ?? Promise.resolve()).finally(() => process.exit(sig === "SIGINT" ? 130 : 143));
  };
  if (opts.handleSignals) for (const s of ["SIGINT", "SIGTERM"]) process.once(s, onSignal);
  let t = Date.now();
  try {
    servers = await startDemoServers({
      root: opts.root,
      ...opts.motoEndpoint ? { motoEndpoint: opts.motoEndpoint } : {},
      githubNow: simDays[days - 1],
      log
    });
    mark("servers", t);
    t = Date.now();
    const facts = await seedDemoCompany({ endpoint: servers.awsEndpoint }, { now: /* @__PURE__ */ new Date() });
    await applyReadiness(servers.awsEndpoint, facts);
    readySources(servers.github.scenario, servers.okta);
    mark("seed", t);
    log(
      `seeded ${facts.company} (accounts ${Object.values(facts.accounts).map((a) => a.id).join(", ")}) with its SOC 2 readiness fixes; window ${window.start} .. ${window.end}`
    );
    const configInput = {
      origin: "acme-analytics/demo",
      locker: { path: "locker" },
      aws: {
        accounts: { mode: "list", ids: Object.values(facts.accounts).map((a) => a.id) },
        regions: [DEMO_REGION],
        concurrency: 8,
        perAccountConcurrency: 4
      },
      // Findings of a Prowler scan are ingested (shared/demo/prowler/scan.ts) and judged.
      collectors: { [DEMO_PROWLER_COLLECTOR]: { enabled: true } },
      github: {
        org: servers.github.scenario.org,
        baseUrl: servers.github.baseUrl,
        auth: { type: "token", tokenSecret: "demo/github-token" }
      },
      identityProviders: { okta: { baseUrl: servers.okta.url, tokenSecret: "demo/okta-token" } },
      // IAM user names and GitHub logins carry no email: link them so reconciliation matches people.
      accessReconciliation: {
        identityLinks: Object.fromEntries([
          ...facts.iam.users.map((u2) => [`iam:${u2.userName}`, u2.email]),
          ...ACME_PEOPLE.map((p) => [`github:${p.key}`, p.email])
        ])
      },
      window
    };
    const configFile = join11(outDir, "flux.config.json");
    const config = FluxConfigSchema.parse({ ...configInput, locker: { path: join11(outDir, "locker") } });
    let clock = new Date(simDays[0].getTime() - DAY_MS12);
    const backend = await openBackend(config, { clock: () => clock });
    try {
      const catalog = loadCatalog();
      t = Date.now();
      const { events, outages } = demoStories(facts, days);
      const manualDeps = {
        ledger: backend.ledger,
        blobs: backend.blobs,
        frameworks: catalog.frameworks,
        controls: catalog.controls,
        clock: () => clock
      };
      const seeded = await seedManualDemo(manualDeps, {
        at: new Date(simDays[0].getTime() - DAY_MS12),
        window
      });
      const tick = (day3, date2) => {
        const text3 = `back-filling day ${String(day3 + 1).padStart(String(days).length)}/${days} (${date2})`;
        if (opts.progress) opts.progress(text3);
        else if (day3 === days - 1 || (day3 + 1) % 15 === 0) log(text3);
      };
      const history = await backfill({
        config,
        backend,
        catalog,
        connection: {
          endpoint: servers.collectEndpoint.replace("127.0.0.1", "localhost"),
          forcePathStyle: true,
          maxAttempts: 3,
          credentials: { accessKeyId: "demo", secretAccessKey: "demo" }
        },
        awsEndpoint: servers.awsEndpoint,
        secretEnv: servers.secretEnv,
        baseline: new Date(simDays[0].getTime() - DAY_MS12),
        days: simDays,
        events,
        outages,
        fullEvery: opts.fullEvery ?? 45,
        setClock: (d) => clock = d,
        // The weekly Prowler scan of the management account, taken at dawn of the window's last day.
        ingest: async (day3, at) => {
          if (day3 !== days - 1) return [];
          const r = await ingestDemoProwlerScan(backend, {
            scanAt: new Date(at.getTime() - 6 * 36e5),
            now: at,
            accounts: config.aws.accounts.mode === "list" ? config.aws.accounts.ids : []
          });
          const scan = r.envelope.data;
          return [
            `Prowler ${scan.version} scan of ${MANAGEMENT_ACCOUNT_ID} (${scan.findings} findings, ${scan.scanStartedAt}) ${r.outcome}`
          ];
        },
        onDay: (rec) => {
          if (rec.day >= 0) tick(rec.day, rec.date);
          for (const e of rec.events) {
            opts.progress?.("");
            log(`  day ${rec.day + 1} ${rec.date}: ${e}`);
          }
        }
      });
      opts.progress?.("");
      mark("backfill", t);
      t = Date.now();
      const view = manualView(await loadStatements(backend.ledger, backend.blobs));
      const manualAlerts = /* @__PURE__ */ new Map();
      for (const d of simDays)
        for (const x of manualTransitions(view, d))
          manualAlerts.set(`${x.kind}/${x.id}`, { kind: x.kind, subject: x.subject, at: x.at });
      const soc2 = catalog.frameworks.find((f) => f.id === "soc2-2017");
      const w = await evaluateFrameworkWindow({
        framework: soc2,
        controls: catalog.controls,
        results: backend.results,
        ledger: backend.ledger,
        window,
        manual: view
      });
      mark("window", t);
      t = Date.now();
      const zip = join11(outDir, `snapshot-soc2-2017-${window.start}-${window.end}.zip`);
      const built = await buildSnapshotToFile(
        windowSnapshotRequest(w, {
          toolVersion: opts.toolVersion ?? "0.0.0-demo",
          title: `${facts.company}: SOC 2 Type II evidence, ${window.start} to ${window.end}`
        }),
        {
          store: backend.store,
          ledger: backend.ledger,
          signer: backend.signer,
          now: () => clock,
          // Statement leaves (the re-observations, any manual evidence) are archived from the locker's store.
          manual: {
            blobs: backend.blobs,
            ledger: backend.ledger,
            framework: soc2,
            controls: catalog.controls
          }
        },
        zip
      );
      mark("snapshot", t);
      t = Date.now();
      const pem = await backend.signer.publicKeyPem();
      const verified = await verifySnapshot(zip, { pinnedKey: pem });
      mark("verify", t);
      const reportDir = join11(outDir, "report");
      await extractZip(zip, reportDir);
      const indexHtml = join11(reportDir, "index.html");
      await writeFile2(configFile, JSON.stringify(configInput, null, 2) + "\n");
      const status2 = await statusReport(catalog.frameworks, catalog.controls, backend.results);
      const alertCatalog = createControlCatalog(catalog.controls, catalog.frameworks);
      const alerts = history.transitions.map((x) => ({
        day: x.day,
        kind: x.kind,
        controlId: x.controlId,
        from: x.from ?? null,
        to: x.to,
        subject: buildAlertMessage(x, { catalog: alertCatalog }).subject
      }));
      const stories = storyOutcomes(w.controls, history.transitions, facts, days, simDays);
      const verdicts = {};
      for (const c of w.controls) verdicts[c.verdict] = (verdicts[c.verdict] ?? 0) + 1;
      const fingerprint = pinnedFingerprint(pem);
      timings.total = Date.now() - t0;
      const summary2 = {
        company: facts.company,
        window: { start: window.start, end: window.end, days },
        timingsMs: timings,
        outputs: {
          snapshot: zip,
          indexHtml,
          summary: join11(outDir, "summary.json"),
          locker: config.locker.path,
          config: configFile
        },
        automatedControls: automatedEffectiveness(w.controls, catalog.controls),
        stories,
        manual: {
          documents: seeded.documents.length,
          metWithManualEvidence: w.requirements.filter((r) => r.status === "effective" && r.manual && r.manual.state === "current").map((r) => r.requirementId),
          alerts: [...manualAlerts.values()]
        },
        snapshot: {
          manifestSha256: built.manifestSha256,
          artifacts: built.artifacts,
          verified: verified.ok,
          checks: verified.checks.length,
          keyFingerprint: fingerprint
        },
        alerts,
        status: status2.map((s) => ({ framework: s.framework, ...s.counts })),
        window_verdicts: verdicts,
        days: history.days,
        notes: [...NOTES, `Management account ${MANAGEMENT_ACCOUNT_ID}.`]
      };
      await writeFile2(summary2.outputs.summary, JSON.stringify(summary2, null, 2) + "\n");
      for (const line of summaryLines({
        company: facts.company,
        window: summary2.window,
        reports: w.controls,
        requirements: w.requirements,
        controls: catalog.controls,
        stories,
        alerts,
        zip,
        reportHtml: indexHtml,
        configFile,
        verified: { ok: verified.ok, checks: verified.checks.length },
        fingerprint,
        seconds: timings.total / 1e3
      }))
        log(line);
      return summary2;
    } finally {
      await backend.close();
    }
  } finally {
    await servers?.stop();
    if (opts.handleSignals)
      for (const s of ["SIGINT", "SIGTERM"]) process.removeListener(s, onSignal);
  }
}
var DEMO_PROWLER_COLLECTOR, NOTES, DAY_MS12, OUTPUTS;
var init_run_demo = __esm({
  "shared/demo/run-demo.ts"() {
    "use strict";
    init_catalog();
    init_message();
    init_backend();
    init_catalog2();
    init_status();
    init_framework_window();
    init_window_snapshot();
    init_schema();
    init_demo_seed();
    init_expiry();
    init_log();
    init_state();
    init_builder();
    init_verify();
    init_company();
    init_acme();
    init_backfill();
    init_events();
    init_readiness();
    init_sources2();
    init_summary();
    init_outcomes();
    init_servers();
    init_scan();
    DEMO_PROWLER_COLLECTOR = "prowler-ocsf-findings";
    NOTES = [
      "Real dates: the window ends yesterday. Sources are seeded today, so the demo sets each simulated day's clock and the emulator's resources carry today's creation dates; rules judge ages with the simulated clock.",
      "moto's IAM credential report carries a GeneratedTime fixed in 2015. Each collection that finds the identical report records a re-observation (content index confirmedAt), so the IAM controls are judged from the report as re-read each day; the raw 2015 report alone would be UNKNOWN (stale), never PASS or FAIL.",
      "Readiness: the company is seeded with the findings of a first assessment (the fixture the rule tests use) and fixes them before the window with the same API calls an operator would make (shared/demo/readiness.ts, sources.ts).",
      "Back-fill: every collector runs on the baseline day, every fullEvery days and on the last day; on event days the changed sources are re-collected; during the outage the affected collector runs and records the refusal; on other days the demo (the only writer to the sources) records the scheduled run as a re-observation of the unchanged latest artifact.",
      "Emulator gaps: Security Hub standards and AWS Config rule compliance are not implemented in moto, so the controls that need them stay insufficient evidence; controls without an automated rule yet are insufficient evidence too, never effective.",
      "Emulator gaps are filled by a proxy in AWS's wire shape (shared/demo/emulator-gaps.ts), never by a weaker rule: EBS default KMS key, Config delivery status, Backup selections, Security Hub standards, and the credential report's <root_account> row, which moto omits (the demo company's root has MFA on and no keys; its creation time is the report's GeneratedTime).",
      "Member accounts are reached by assuming FluxEvidenceReadOnly in each account (moto addresses an assumed role to its account).",
      "Ingested findings: a Prowler 5.46.0 scan of the management account, recorded once by the pinned Prowler on this company's emulator state (shared/demo/prowler/), is ingested on the last day and judges CFG-01 (rule prowler-check-findings-passed). The demo re-dates the recorded scan to its simulated clock (the artifact's provenance keeps the recorded time as recordedAt)."
    ];
    DAY_MS12 = 864e5;
    OUTPUTS = /* @__PURE__ */ new Set(["locker", "report", "index.html", "summary.json", "flux.config.json"]);
  }
});

// shared/access/api-client.ts
import { createHash as createHash8, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
async function signedFetch(endpoint, credentials, method, pathAndQuery, body, region2 = "us-east-1") {
  const base3 = new URL(endpoint);
  const url4 = new URL(`${base3.pathname.replace(/\/$/, "")}${pathAndQuery}`, base3);
  const text3 = body === void 0 ? "" : typeof body === "string" ? body : JSON.stringify(body);
  const signer = new SignatureV4({ service: "execute-api", region: region2, sha256: Sha2562, credentials });
  const signed = await signer.sign({
    method,
    protocol: url4.protocol,
    hostname: url4.hostname,
    ...url4.port ? { port: Number(url4.port) } : {},
    path: url4.pathname,
    query: Object.fromEntries(url4.searchParams),
    headers: { host: url4.host, ...text3 ? { "content-type": "application/json" } : {} },
    body: text3
  });
  let res;
  try {
    res = await fetch(url4, { method, headers: signed.headers, ...text3 ? { body: text3 } : {} });
  } catch (e) {
    throw new DependencyError("HTTP API", `${url4.origin}: ${e.message}`, { cause: e });
  }
  const answer = await res.text();
  try {
    return { status: res.status, body: JSON.parse(answer) };
  } catch {
    return { status: res.status, body: { message: answer.slice(0, 200) } };
  }
}
var Sha2562;
var init_api_client = __esm({
  "shared/access/api-client.ts"() {
    "use strict";
    init_errors();
    Sha2562 = class {
      h;
      constructor(secret) {
        this.h = secret ? createHmac("sha256", Buffer.from(secret)) : createHash8("sha256");
      }
      update(data) {
        this.h.update(data);
      }
      digest() {
        return Promise.resolve(new Uint8Array(this.h.digest()));
      }
      reset() {
        throw new Error("not supported");
      }
    };
  }
});

// shared/manual/remote.ts
var remote_exports = {};
__export(remote_exports, {
  approveRemote: () => approveRemote,
  exceptionRemote: () => exceptionRemote,
  manualApi: () => manualApi,
  uploadEvidence: () => uploadEvidence
});
import { readFile as readFile7, stat as stat3 } from "node:fs/promises";
import { basename as basename2 } from "node:path";
function manualApi(endpoint, credentials, region2) {
  return (path, body) => signedFetch(endpoint, credentials, "POST", path, body, region2);
}
function answerOf(what, a) {
  const error = a.body.error;
  if (a.status === 400) throw new ValidationError(what, error?.issues?.length ? error.issues : ["refused"]);
  if (a.status === 403)
    throw new AccessDeniedError(
      error?.reason ?? "forbidden",
      `${what}: ${error?.message ?? String(a.body.message ?? "forbidden (IAM authorization)")}`
    );
  if (a.status !== 201)
    throw new DependencyError(what, `HTTP ${a.status}: ${error?.message ?? JSON.stringify(a.body)}`);
  const b = a.body;
  return {
    id: b.id,
    key: b.key,
    statement: b.statement,
    ...b.index === void 0 ? {} : { index: b.index }
  };
}
async function uploadEvidence(api, deps, input) {
  checkDocument(deps, input);
  const fileName = basename2(input.file);
  mediaTypeOf(fileName);
  const info = await stat3(input.file).catch((e) => {
    throw new ValidationError("evidence file", [`${input.file}: no such file`], { cause: e });
  });
  if (!info.isFile()) throw new ValidationError("evidence file", [`${input.file}: not a regular file`]);
  checkFileSize(fileName, info.size);
  const bytes = await readFile7(input.file);
  const declared = { fileName, size: bytes.length, sha256: sha256Hex(bytes) };
  const presigned = await api("/manual/uploads", declared);
  if (presigned.status !== 201) answerOf("evidence upload", presigned);
  const { url: url4, headers } = presigned.body;
  const put = await fetch(url4, { method: "PUT", body: bytes, headers });
  if (!put.ok && put.status !== 412)
    throw new DependencyError("evidence upload", `PUT of ${fileName} answered HTTP ${put.status}`);
  const { file: _file, addedBy: _by, ...doc } = input;
  return answerOf("evidence add", await api("/manual/evidence", { ...declared, ...doc }));
}
async function approveRemote(api, input) {
  return answerOf("evidence approve", await api("/manual/approvals", input));
}
async function exceptionRemote(api, input) {
  return answerOf("exception add", await api("/manual/exceptions", input));
}
var init_remote = __esm({
  "shared/manual/remote.ts"() {
    "use strict";
    init_api_client();
    init_errors();
    init_canonical();
    init_add();
    init_files();
  }
});

// shared/cli/manual-context.ts
var manual_context_exports = {};
__export(manual_context_exports, {
  envNow: () => envNow,
  withManual: () => withManual
});
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
function envNow(io, name) {
  const now = io.env.FLUX_NOW ? new Date(io.env.FLUX_NOW) : void 0;
  if (now && Number.isNaN(now.getTime())) {
    io.err(`flux-evidence ${name}: FLUX_NOW is not an ISO instant: ${io.env.FLUX_NOW}
`);
    throw new CliExit(CODES.USAGE, "bad FLUX_NOW");
  }
  return now;
}
function deployedApi(config) {
  const d = config.deployment;
  if (!d.snapshotApiUrl) {
    return () => Promise.reject(
      new ValidationError("deployment", [
        "deployment.snapshotApiUrl is not set: manual evidence is added through the deployment's HTTP API (flux-evidence deployment import <cdk-outputs.json> sets it)"
      ])
    );
  }
  return manualApi(d.snapshotApiUrl, fromNodeProviderChain(), d.region);
}
async function withManual(input, io, name, body) {
  const now = envNow(io, name);
  const clock = () => now ?? /* @__PURE__ */ new Date();
  return withBackend(
    input,
    io,
    async (config, backend) => {
      const catalog = loadCatalog();
      const deps = {
        ledger: backend.ledger,
        blobs: backend.blobs,
        frameworks: catalog.frameworks,
        controls: catalog.controls,
        clock
      };
      try {
        return await body(deps, backend, backend.kind === "deployed" ? deployedApi(config) : void 0);
      } catch (e) {
        if (e instanceof ValidationError) {
          io.err(`flux-evidence ${name}: ${e.issues.join("\n  ")}
`);
          throw new CliExit(CODES.USAGE, e.message);
        }
        if (e instanceof NotFoundError && e.details.what === "manual evidence") {
          io.err(`flux-evidence ${name}: ${e.message}
`);
          throw new CliExit(CODES.USAGE, e.message);
        }
        throw e;
      }
    },
    { clock }
  );
}
var init_manual_context = __esm({
  "shared/cli/manual-context.ts"() {
    "use strict";
    init_errors();
    init_remote();
    init_catalog2();
    init_common();
    init_context();
  }
});

// shared/manual/requests.ts
var requests_exports = {};
__export(requests_exports, {
  evidenceRequests: () => evidenceRequests,
  requestsCsv: () => requestsCsv
});
function evidenceRequests(framework, controls, view, at, options) {
  const out = [];
  for (const r of framework.requirements.filter((x) => x.assessable)) {
    const mapped2 = controlsForRequirement(controls, framework.id, r.id);
    const manualControls = mapped2.filter((c) => c.automation !== "automated");
    const needed = [
      ...r.manualEvidence ? [r.manualEvidence] : [],
      ...manualControls.map((c) => `${c.id}: ${c.manualEvidence ?? c.title}`)
    ];
    if (needed.length === 0) continue;
    const key2 = `${framework.id}:${r.id}`;
    const v = requirementManualState(
      view,
      key2,
      { ownHint: r.manualEvidence !== void 0, manualControls: manualControls.map((c) => c.id) },
      at,
      options.expiringDays
    );
    if (options.outstanding && v.state === "current") continue;
    out.push({
      requirement: key2,
      title: r.title,
      needed,
      controls: manualControls.map((c) => c.id),
      state: v.state,
      ...v.document?.statement.validUntil ? { validUntil: v.document.statement.validUntil } : {},
      pending: v.pending
    });
  }
  return out;
}
function csvCell2(raw) {
  const s = /^[=+\-@]/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
function requestsCsv(rows) {
  const head = [
    "requirement",
    "title",
    "evidence needed",
    "controls",
    "state",
    "valid until",
    "pending approval"
  ];
  const lines = rows.map(
    (r) => [
      r.requirement,
      r.title,
      r.needed.join("; "),
      r.controls.join(" "),
      r.state,
      r.validUntil ?? "",
      String(r.pending)
    ].map(csvCell2).join(",")
  );
  return [head.join(","), ...lines].join("\r\n") + "\r\n";
}
var init_requests = __esm({
  "shared/manual/requests.ts"() {
    "use strict";
    init_frameworks();
    init_state();
  }
});

// shared/cli/ops/explain.ts
var explain_exports = {};
__export(explain_exports, {
  explainControl: () => explainControl
});
async function explainControl(control, rules2, results) {
  const title = control.title ?? control.id;
  const state = await results.getState(control.id);
  if (!state) {
    return {
      controlId: control.id,
      title,
      status: "NOT_EVALUATED",
      reason: "no result is stored yet: run `flux-evidence evaluate`",
      failing: [],
      rules: []
    };
  }
  let latest;
  for await (const r of results.results(control.id, state.observedAt, state.observedAt)) latest = r;
  const byId = new Map(rules2.map((r) => [r.id, r]));
  const explained = (latest?.rules ?? []).map((j) => {
    const rule44 = byId.get(j.rule);
    return {
      ...j,
      title: rule44?.title ?? (j.rule === "-" ? "no rule" : j.rule),
      ...rule44?.benchmarks ? { benchmarks: rule44.benchmarks } : {}
    };
  });
  return {
    controlId: control.id,
    title,
    status: latest?.status ?? state.status,
    reason: latest?.reason ?? "the stored result could not be found",
    observedAt: state.observedAt,
    evaluatedAt: state.evaluatedAt,
    failing: latest?.failing ?? [],
    rules: explained
  };
}
var init_explain = __esm({
  "shared/cli/ops/explain.ts"() {
    "use strict";
  }
});

// shared/cli/commands/explain.ts
var explain_exports2 = {};
__export(explain_exports2, {
  registerExplain: () => registerExplain,
  renderExplanation: () => renderExplanation,
  runExplain: () => runExplain
});
function renderExplanation(e, color) {
  let s = `${e.controlId} ${e.title}: ${paint(e.status, color)}
`;
  if (e.observedAt) s += `observed ${e.observedAt}, evaluated ${e.evaluatedAt}
`;
  if (e.rules.length === 0) return `${s}${e.reason}
`;
  const cis = (r) => r.benchmarks?.cis?.length ? `CIS ${r.benchmarks.cis.join(", ")}` : "";
  s += renderTable(
    ["rule", "scope", "status", "failing", "reason", "benchmark"],
    e.rules.map((r) => [r.rule, r.scope, paint(r.status, color), r.failing.length, r.reason, cis(r)]),
    color
  );
  for (const r of e.rules.filter((x) => x.failing.length > 0)) {
    s += `
${r.rule} @ ${r.scope} fails on:
`;
    s += renderTable(
      ["resource", "reason"],
      r.failing.map((f) => [f.resource, f.reason ?? ""]),
      color
    );
  }
  return s;
}
async function runExplain(input, controlId2, io) {
  const { loadCatalog: loadCatalog2 } = await Promise.resolve().then(() => (init_catalog2(), catalog_exports));
  const catalog = loadCatalog2();
  const control = catalog.controls.find((c) => c.id === controlId2.toUpperCase());
  if (!control) usage(io, "explain", `unknown control ${controlId2} (controls look like IAM-01)`);
  const { withBackend: withBackend2 } = await Promise.resolve().then(() => (init_context(), context_exports));
  const { explainControl: explainControl2 } = await Promise.resolve().then(() => (init_explain(), explain_exports));
  return withBackend2(input, io, async (_config, backend) => {
    const e = await explainControl2(control, catalog.rules, backend.results);
    if (input.json) writeJson(io, e);
    else io.out(renderExplanation(e, useColor(io)));
    return e.status === "FAIL" ? CODES.FAILED : CODES.OK;
  });
}
function registerExplain(program) {
  return program.command("explain").argument("<control>", "common control id, e.g. IAM-05").description("why a control has its status: each rule's verdict, reason and failing resources").option("--json", "machine-readable output (every rule-level result)").addHelpText(
    "after",
    "\nExit codes: 0 not failing, 1 failing, 2 unknown control or bad configuration, 3 runtime error."
  ).action(async (control, _opts, cmd) => {
    const io = processIo();
    await runAction(io, "explain", () => runExplain(commandInput(cmd), control, io));
  });
}
var init_explain2 = __esm({
  "shared/cli/commands/explain.ts"() {
    "use strict";
    init_common();
    init_output();
  }
});

// shared/ledger/sqs-append-queue.ts
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageCommand
} from "@aws-sdk/client-sqs";
var SQS_BATCH, PARALLEL, SqsAppendQueue;
var init_sqs_append_queue = __esm({
  "shared/ledger/sqs-append-queue.ts"() {
    "use strict";
    init_errors();
    SQS_BATCH = 10;
    PARALLEL = 8;
    SqsAppendQueue = class {
      constructor(sqs, queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
      }
      sqs;
      queueUrl;
      async enqueue(request2) {
        await this.sqs.send(
          new SendMessageCommand({
            QueueUrl: this.queueUrl,
            MessageBody: JSON.stringify(request2),
            MessageGroupId: request2.sha256.slice(0, 2),
            MessageDeduplicationId: request2.sha256
          })
        );
      }
      /** Receives with several ReceiveMessage calls in flight (each returns at most 10). */
      async receive(max) {
        const out = [];
        while (out.length < max) {
          const wanted2 = Math.min(PARALLEL * SQS_BATCH, max - out.length);
          const sizes = Array.from(
            { length: Math.ceil(wanted2 / SQS_BATCH) },
            (_, i) => Math.min(SQS_BATCH, wanted2 - i * SQS_BATCH)
          );
          const rounds = await Promise.all(
            sizes.map(
              (n) => this.sqs.send(
                new ReceiveMessageCommand({
                  QueueUrl: this.queueUrl,
                  MaxNumberOfMessages: n,
                  WaitTimeSeconds: 0
                })
              )
            )
          );
          const got = rounds.flatMap((r) => r.Messages ?? []);
          for (const m of got) out.push({ handle: m.ReceiptHandle, body: m.Body ?? "" });
          if (got.length === 0) break;
        }
        return out;
      }
      async ack(handles) {
        const chunks = [];
        for (let i = 0; i < handles.length; i += SQS_BATCH) chunks.push(handles.slice(i, i + SQS_BATCH));
        for (let i = 0; i < chunks.length; i += PARALLEL) {
          const results = await Promise.all(
            chunks.slice(i, i + PARALLEL).map(
              (chunk) => this.sqs.send(
                new DeleteMessageBatchCommand({
                  QueueUrl: this.queueUrl,
                  Entries: chunk.map((h, j) => ({ Id: String(j), ReceiptHandle: h }))
                })
              )
            )
          );
          const failed = results.reduce((n, r) => n + (r.Failed?.length ?? 0), 0);
          if (failed > 0) {
            throw new DependencyError("SQS DeleteMessageBatch", `${failed} append requests stayed queued`);
          }
        }
      }
    };
  }
});

// shared/access/presign.ts
import { GetObjectCommand as GetObjectCommand3, S3Client as S3Client10 } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
function createPresignClient(config) {
  return new S3Client10({ ...config, requestChecksumCalculation: "WHEN_REQUIRED" });
}
function checkExpiry(expiresIn) {
  const s = expiresIn ?? DEFAULT_URL_EXPIRY_SECONDS;
  if (!Number.isInteger(s) || s < 1 || s > MAX_URL_EXPIRY_SECONDS) {
    throw new ValidationError("URL request", [
      `expiresIn: ${s} must be an integer number of seconds from 1 to ${MAX_URL_EXPIRY_SECONDS} (7 days)`
    ]);
  }
  return s;
}
async function presignGet(input) {
  const requested = checkExpiry(input.expiresIn);
  if (await input.s3.config.requestChecksumCalculation() !== "WHEN_REQUIRED") {
    throw new ConfigError([
      "presign client: requestChecksumCalculation must be 'WHEN_REQUIRED' (use createPresignClient)"
    ]);
  }
  const nowS = Math.floor(input.now.getTime() / 1e3);
  const creds = await input.s3.config.credentials();
  const caps = [
    { by: "credentials", at: creds.expiration },
    { by: "engagement", at: input.notAfter }
  ];
  let expiresIn = requested;
  const cappedBy = [];
  for (const { by, at } of caps) {
    if (!at) continue;
    const left = Math.floor(at.getTime() / 1e3) - nowS;
    if (left < expiresIn) {
      expiresIn = left;
      cappedBy.push(by);
    }
  }
  if (expiresIn < 1) {
    throw new ValidationError("URL request", [
      `expiresIn: no lifetime left (${cappedBy.join(", ")} already expired)`
    ]);
  }
  const url4 = await getSignedUrl(input.s3, new GetObjectCommand3({ Bucket: input.bucket, Key: input.key }), {
    expiresIn,
    signingDate: new Date(nowS * 1e3)
  });
  return {
    url: url4,
    issuedAt: new Date(nowS * 1e3).toISOString(),
    expiresAt: new Date((nowS + expiresIn) * 1e3).toISOString(),
    expiresIn,
    requestedExpiresIn: requested,
    ...cappedBy.length ? { cappedBy } : {}
  };
}
var DEFAULT_URL_EXPIRY_SECONDS, MAX_URL_EXPIRY_SECONDS;
var init_presign = __esm({
  "shared/access/presign.ts"() {
    "use strict";
    init_errors();
    DEFAULT_URL_EXPIRY_SECONDS = 3600;
    MAX_URL_EXPIRY_SECONDS = 604800;
  }
});

// shared/access/deployment.ts
var deployment_exports = {};
__export(deployment_exports, {
  buildDeploymentDeps: () => buildDeploymentDeps
});
import { DynamoDBClient as DynamoDBClient3 } from "@aws-sdk/client-dynamodb";
import { KMSClient as KMSClient5 } from "@aws-sdk/client-kms";
import { S3Client as S3Client11 } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient as DynamoDBDocumentClient3 } from "@aws-sdk/lib-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
function buildDeploymentDeps(s) {
  const conn = {
    region: s.region,
    ...s.endpoint ? { endpoint: s.endpoint } : {},
    ...s.credentials ? { credentials: s.credentials } : {}
  };
  const s3 = new S3Client11({ ...conn, forcePathStyle: !!s.endpoint });
  const doc = DynamoDBDocumentClient3.from(new DynamoDBClient3(conn));
  const ledger = new DynamoLedger({ client: doc, tableName: s.table, origin: s.origin });
  const blobs = new S3BlobStore({ s3, bucket: s.bucket });
  return {
    s3,
    presignS3: createPresignClient({ ...conn, forcePathStyle: !!s.endpoint }),
    bucket: s.bucket,
    store: new S3EvidenceStore({
      s3,
      bucket: s.bucket,
      retention: s.retention,
      ...s.evidenceKeyArn ? { kmsKeyId: s.evidenceKeyArn } : {}
    }),
    statements: blobs,
    // Manual evidence, approvals and exceptions are judged in the window and archived (the CLI and the API alike).
    manual: blobs,
    ...s.exclusions ? { exclusions: s.exclusions } : {},
    ledger,
    signer: new KmsSigner(new KMSClient5(conn), s.signingKeyArn),
    results: new DynamoResultsStore(doc, s.table),
    controls: s.controls,
    auditors: s.auditors,
    ...s.operators ? { operators: s.operators } : {},
    retention: s.retention,
    toolVersion: s.toolVersion,
    accessEvidence: {
      appender: s.appendQueueUrl ? queueAppender(new SqsAppendQueue(new SQSClient(conn), s.appendQueueUrl)) : ledger,
      scope: { account: s.accountId, region: s.region },
      connection: {
        ...s.endpoint ? { endpoint: s.endpoint, forcePathStyle: true } : {},
        ...s.credentials ? { credentials: s.credentials } : {}
      }
    },
    now: s.now ?? (() => /* @__PURE__ */ new Date())
  };
}
var init_deployment = __esm({
  "shared/access/deployment.ts"() {
    "use strict";
    init_append_request();
    init_dynamo_ledger();
    init_sqs_append_queue();
    init_signer();
    init_results_store();
    init_blob_store();
    init_s3_store();
    init_presign();
  }
});

// shared/snapshot/s3-upload.ts
import { PassThrough } from "node:stream";
import { Upload } from "@aws-sdk/lib-storage";
async function uploadSnapshot(request2, deps, target) {
  const plan = await planSnapshot(request2, deps);
  const body = new PassThrough();
  const upload = new Upload({
    client: target.client,
    params: {
      Bucket: target.bucket,
      Key: target.key,
      Body: body,
      ContentType: "application/zip",
      ...target.objectLock ? {
        ObjectLockMode: target.objectLock.mode,
        ObjectLockRetainUntilDate: target.objectLock.retainUntil,
        ChecksumAlgorithm: "SHA256"
      } : {}
    },
    partSize: target.partSize ?? 8 * 1024 * 1024,
    queueSize: 2,
    leavePartsOnError: false
  });
  const uploaded = upload.done();
  uploaded.catch(() => void 0);
  try {
    const summary2 = await writeSnapshot(plan, deps, body);
    const out = await uploaded;
    return { ...summary2, key: target.key, ...out.ETag ? { etag: out.ETag } : {} };
  } catch (err) {
    body.destroy();
    await upload.abort().catch(() => void 0);
    throw err;
  }
}
var init_s3_upload = __esm({
  "shared/snapshot/s3-upload.ts"() {
    "use strict";
    init_plan2();
    init_builder();
  }
});

// shared/access/access-evidence.ts
async function recordIssuance(issuance, deps) {
  const run = await runCollector(collector27, deps.scope, {
    store: deps.store,
    ledger: deps.appender,
    connection: deps.connection,
    now: deps.now,
    extras: { snapshotAccess: { issuances: [issuance] } },
    identity: deps.identity ?? "snapshot-api"
  });
  if (run.envelope.errors.length > 0) {
    throw new DependencyError("snapshot-access-log", run.envelope.errors.map((e) => e.message).join("; "));
  }
  return run;
}
var init_access_evidence = __esm({
  "shared/access/access-evidence.ts"() {
    "use strict";
    init_errors();
    init_runner();
    init_collector27();
  }
});

// shared/access/snapshots.ts
var snapshots_exports = {};
__export(snapshots_exports, {
  SNAPSHOT_ID: () => SNAPSHOT_ID,
  createSnapshot: () => createSnapshot,
  issueSnapshotUrl: () => issueSnapshotUrl,
  listSnapshots: () => listSnapshots,
  newSnapshotId: () => newSnapshotId,
  prepareSnapshot: () => prepareSnapshot,
  snapshotInfoOf: () => snapshotInfoOf
});
import { randomBytes as randomBytes2 } from "node:crypto";
import { paginateListObjectsV2 as paginateListObjectsV24 } from "@aws-sdk/client-s3";
function snapshotKey2(engagement2, framework, window, id) {
  return `${engagementPrefix(engagement2)}${framework}/${window.start}_${window.end}/${id}.zip`;
}
function parseSnapshotKey(key2) {
  const m = KEY3.exec(key2);
  return m ? { key: key2, engagement: m[1], framework: m[2], window: { start: m[3], end: m[4] }, id: m[5] } : void 0;
}
function requireAccess(caller, engagement2, deps, framework) {
  const now = deps.now();
  const decision = caller.kind === "auditor" ? authorize(caller.principal, engagement2, deps.auditors, now, framework) : authorizeOperator(engagement2, deps.auditors, now, framework);
  if (!decision.allowed)
    throw new AccessDeniedError(decision.reason, decision.message, {
      engagement: engagement2,
      ...framework ? { framework } : {}
    });
  return decision;
}
function authorizeOperator(engagement2, auditors, now, framework) {
  const a = auditors.find((x) => x.engagement === engagement2);
  if (!a)
    return {
      allowed: false,
      reason: "other-engagement",
      message: `no engagement ${engagement2} is configured`
    };
  return authorize(a.principalArn, engagement2, auditors, now, framework);
}
function newSnapshotId(now) {
  return `${now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")}-${randomBytes2(4).toString("hex")}`;
}
function snapshotInfoOf(ask, id) {
  return parseSnapshotKey(snapshotKey2(ask.engagement, ask.framework, ask.window, id));
}
async function prepareSnapshot(caller, ask, deps) {
  requireAccess(caller, ask.engagement, deps, ask.framework);
  const framework = getFramework(ask.framework);
  const evaluation = await evaluateFrameworkWindow({
    framework,
    controls: deps.controls,
    results: deps.results,
    ledger: deps.ledger,
    window: ask.window,
    ...deps.manual ? { manual: manualView(await loadStatements(deps.ledger, deps.manual)) } : {},
    ...ask.auditorNonce !== void 0 ? { auditorNonce: ask.auditorNonce } : {},
    ...deps.exclusions ? { exclusions: deps.exclusions } : {}
  });
  const request2 = windowSnapshotRequest(evaluation, {
    toolVersion: deps.toolVersion,
    ...ask.controls ? { controls: ask.controls } : {},
    ...ask.sinceTreeSize !== void 0 ? { sinceTreeSize: ask.sinceTreeSize } : {}
  });
  const cited = new Set(request2.results.flatMap((r) => r.artifacts)).size;
  if (deps.maxArtifacts !== void 0 && cited > deps.maxArtifacts)
    throw new SnapshotTooLargeError(
      cited,
      deps.maxArtifacts,
      "ask for a shorter window or a subset of controls (several snapshots), or build it with `flux-evidence snapshot create`, which has no time limit"
    );
  return { request: request2, framework, cited };
}
async function createSnapshot(caller, ask, deps, id) {
  const { request: request2, framework } = await prepareSnapshot(caller, ask, deps);
  const now = deps.now();
  const key2 = snapshotKey2(ask.engagement, ask.framework, ask.window, id ?? newSnapshotId(now));
  const out = await uploadSnapshot(
    request2,
    {
      store: deps.store,
      ledger: deps.ledger,
      signer: deps.signer,
      now: () => now,
      ...deps.statements ? { statements: deps.statements } : {},
      ...deps.manual ? { manual: { blobs: deps.manual, ledger: deps.ledger, framework, controls: deps.controls } } : {}
    },
    {
      client: deps.s3,
      bucket: deps.bucket,
      key: key2,
      ...deps.partSize ? { partSize: deps.partSize } : {},
      ...deps.retention ? {
        objectLock: {
          mode: deps.retention.mode,
          retainUntil: new Date(now.getTime() + deps.retention.days * DAY_MS13)
        }
      } : {}
    }
  );
  return { ...parseSnapshotKey(key2), artifacts: out.artifacts, manifestSha256: out.manifestSha256 };
}
async function listSnapshots(caller, engagement2, deps) {
  const { auditor } = requireAccess(caller, engagement2, deps);
  const out = [];
  for await (const page3 of paginateListObjectsV24(
    { client: deps.s3 },
    { Bucket: deps.bucket, Prefix: engagementPrefix(engagement2) }
  )) {
    for (const o of page3.Contents ?? []) {
      const info = o.Key ? parseSnapshotKey(o.Key) : void 0;
      if (!info || info.engagement !== engagement2 || !auditor.frameworks.includes(info.framework))
        continue;
      out.push({
        ...info,
        ...o.Size !== void 0 ? { size: o.Size } : {},
        ...o.LastModified ? { lastModified: o.LastModified.toISOString() } : {}
      });
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
async function issueSnapshotUrl(caller, ask, deps) {
  const { endsAt } = requireAccess(caller, ask.engagement, deps);
  const snapshot = (await listSnapshots(caller, ask.engagement, deps)).find((s) => s.id === ask.id);
  if (!snapshot) throw new NotFoundError("snapshot", `${ask.engagement}/${ask.id}`);
  requireAccess(caller, ask.engagement, deps, snapshot.framework);
  const url4 = await presignGet({
    s3: deps.presignS3,
    bucket: deps.bucket,
    key: snapshot.key,
    now: deps.now(),
    notAfter: endsAt,
    ...ask.expiresIn !== void 0 ? { expiresIn: ask.expiresIn } : {}
  });
  const id = urlId(url4.url);
  const stored = await recordIssuance(
    {
      snapshotKey: snapshot.key,
      principal: caller.principal,
      engagement: ask.engagement,
      issuedAt: url4.issuedAt,
      expiresAt: url4.expiresAt,
      expiresIn: url4.expiresIn,
      requestedExpiresIn: url4.requestedExpiresIn,
      ...url4.cappedBy ? { cappedBy: [...url4.cappedBy] } : {},
      ...id ? { urlId: id } : {}
    },
    { ...deps.accessEvidence, store: deps.store, now: deps.now }
  );
  return { ...url4, snapshotKey: snapshot.key, evidence: { sha256: stored.sha256, key: stored.key } };
}
var DAY_MS13, SNAPSHOT_ID, KEY3;
var init_snapshots = __esm({
  "shared/access/snapshots.ts"() {
    "use strict";
    init_frameworks();
    init_errors();
    init_s3_upload();
    init_log();
    init_state();
    init_framework_window();
    init_window_snapshot();
    init_access_evidence();
    init_access_log();
    init_presign();
    init_scope();
    DAY_MS13 = 864e5;
    SNAPSHOT_ID = /^\d{8}T\d{6}Z-[0-9a-f]{8}$/;
    KEY3 = /^snapshots\/([a-z0-9-]{3,64})\/([a-z0-9-]+)\/(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})\/(\d{8}T\d{6}Z-[0-9a-f]{8})\.zip$/;
  }
});

// shared/access/requests.ts
var requests_exports2 = {};
__export(requests_exports2, {
  CreateBodySchema: () => CreateBodySchema,
  ListQuerySchema: () => ListQuerySchema,
  UrlBodySchema: () => UrlBodySchema,
  UrlPathSchema: () => UrlPathSchema,
  parseWith: () => parseWith
});
import * as z49 from "zod";
function parseWith(what, schema27, value) {
  const r = schema27.safeParse(value);
  if (!r.success) throw new ValidationError(what, formatIssues(r.error.issues));
  return r.data;
}
var DAY2, EngagementSchema, ControlId, date, CreateBodySchema, ListQuerySchema, UrlPathSchema, UrlBodySchema;
var init_requests2 = __esm({
  "shared/access/requests.ts"() {
    "use strict";
    init_errors();
    init_schema29();
    init_presign();
    init_snapshots();
    init_request();
    DAY2 = 864e5;
    EngagementSchema = z49.string().regex(/^[a-z0-9-]{3,64}$/, "must be a kebab-case engagement id");
    ControlId = z49.string().regex(/^[A-Z]{2,8}-\d{2,3}$/, "must be a common control id such as IAM-01");
    date = z49.iso.date({ message: "must be a date (YYYY-MM-DD)" });
    CreateBodySchema = z49.strictObject({
      engagement: EngagementSchema,
      framework: z49.enum(FRAMEWORK_IDS, { message: `unknown framework (known: ${FRAMEWORK_IDS.join(", ")})` }),
      window: z49.strictObject({ start: date, end: date, timeZone: z49.string().min(1).max(64).optional() }).refine((w) => w.end >= w.start, { message: "window.end is before window.start", path: ["end"] }).refine((w) => (Date.parse(w.end) - Date.parse(w.start)) / DAY2 + 1 <= MAX_WINDOW_DAYS, {
        message: `window is longer than ${MAX_WINDOW_DAYS} days`
      }),
      controls: z49.array(ControlId).min(1).max(200).optional(),
      /** A tree size the auditor kept: the snapshot carries the consistency proof from it (verify --since). */
      sinceTreeSize: z49.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
      /** The auditor's nonce, given after the closing checkpoint was signed: it joins the sampling seed. */
      auditorNonce: z49.string().regex(AUDITOR_NONCE, "16 to 128 characters from A-Z a-z 0-9 . _ -").optional()
    });
    ListQuerySchema = z49.strictObject({ engagement: EngagementSchema });
    UrlPathSchema = z49.strictObject({
      id: z49.string().regex(SNAPSHOT_ID, "must be a snapshot id such as 20260201T000000Z-1a2b3c4d")
    });
    UrlBodySchema = z49.strictObject({
      engagement: EngagementSchema,
      expiresIn: z49.number().int().min(1).max(MAX_URL_EXPIRY_SECONDS, `must be at most ${MAX_URL_EXPIRY_SECONDS} seconds (7 days)`).optional()
    });
  }
});

// shared/access/access-report.ts
var access_report_exports = {};
__export(access_report_exports, {
  accessReport: () => accessReport,
  formatAccessReport: () => formatAccessReport
});
async function accessReport(engagement2, deps) {
  const { treeSize } = await deps.ledger.head();
  const issuances = [];
  const downloads = /* @__PURE__ */ new Map();
  let accessLogObjects = 0;
  for await (const e of deps.ledger.entries(0, treeSize)) {
    if (e.collector !== SNAPSHOT_ACCESS_LOG_ID || e.leafHash !== void 0) continue;
    const data = schema26.parse((await deps.store.get(e.key, e.sha256)).envelope.data);
    const evidence = { sha256: e.sha256, index: e.index };
    accessLogObjects += data.accessLogs?.objects ?? 0;
    for (const i of data.issuances) if (i.engagement === engagement2) issuances.push({ ...i, evidence });
    for (const d of data.downloads)
      if (d.engagement === engagement2 && !downloads.has(d.requestId))
        downloads.set(d.requestId, { ...d, evidence });
  }
  const issuedTo = new Map(issuances.flatMap((i) => i.urlId ? [[i.urlId, i.principal]] : []));
  return {
    engagement: engagement2,
    treeSize,
    issuances: issuances.sort(byTime((i) => i.issuedAt)),
    downloads: [...downloads.values()].map((d) => {
      const who = d.urlId ? issuedTo.get(d.urlId) : void 0;
      return who ? { ...d, issuedTo: who } : d;
    }).sort(byTime((d) => d.time)),
    accessLogObjects
  };
}
function formatAccessReport(r) {
  const lines = [`Engagement ${r.engagement}: access to snapshots (log tree size ${r.treeSize})`, ""];
  lines.push(`URLs issued: ${r.issuances.length}`);
  for (const i of r.issuances)
    lines.push(
      `  ${i.issuedAt}  ${i.principal}  ${i.snapshotKey}  expires ${i.expiresAt} (${i.expiresIn} s${i.cappedBy ? `, asked ${i.requestedExpiresIn} s, capped by ${i.cappedBy.join(", ")}` : ""})${i.urlId ? `  url ${i.urlId}` : ""}`
    );
  lines.push(
    "",
    `Downloads: ${r.downloads.length} (from ${r.accessLogObjects} S3 server access log objects)`
  );
  for (const d of r.downloads)
    lines.push(
      `  ${d.time}  ${d.issuedTo ?? d.requester ?? "unknown requester"}  ${d.remoteIp ?? "-"}  ${d.snapshotKey}  HTTP ${d.httpStatus ?? "-"}  ${d.bytesSent ?? 0}/${d.objectSize ?? "?"} bytes${d.complete ? "" : " (incomplete)"}${d.urlId ? `  url ${d.urlId}` : ""}`
    );
  if (r.accessLogObjects === 0)
    lines.push(
      "  (no access-log object read yet: the snapshot-access-log collector reads them hourly, S3 delivers them within hours)"
    );
  return lines.join("\n") + "\n";
}
var byTime;
var init_access_report = __esm({
  "shared/access/access-report.ts"() {
    "use strict";
    init_meta27();
    init_schema28();
    byTime = (at) => {
      return (a, b) => at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : a.evidence.index - b.evidence.index;
    };
  }
});

// shared/cli/main.ts
init_common();
import { Command, CommanderError as CommanderError4, Help } from "commander";

// shared/cli/version.ts
import { readFileSync } from "node:fs";
function toolVersion() {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return pkg.version;
}

// shared/cli/commands/audit.ts
init_common();
init_output();
async function runAudit(input, io) {
  const { withBackend: withBackend2 } = await Promise.resolve().then(() => (init_context(), context_exports));
  const { auditLocker: auditLocker2 } = await Promise.resolve().then(() => (init_log_audit(), log_audit_exports));
  return withBackend2(input, io, async (config, backend) => {
    const checkpoints = backend.locker ? backend.locker.ledger.checkpoints() : await allCheckpoints(backend.ledger);
    const report2 = await auditLocker2({
      store: backend.store,
      ledger: backend.ledger,
      origin: backend.locker ? backend.locker.ledger.origin : config.origin,
      publicKeyPem: await backend.signer.publicKeyPem(),
      checkpoints,
      blobs: backend.blobs,
      ...backend.locker ? { lockerRoot: backend.locker.root } : {}
    });
    if (input.json)
      writeJson(io, { target: backend.description, clean: report2.problems.length === 0, ...report2 });
    else io.out(renderAudit(backend.description, report2));
    return report2.problems.length === 0 ? CODES.OK : CODES.FAILED;
  });
}
async function allCheckpoints(ledger) {
  const lister = ledger;
  if (typeof lister.checkpoints !== "function") {
    const latest = await ledger.latestCheckpoint();
    return latest ? [latest] : [];
  }
  const out = [];
  for await (const cp of lister.checkpoints()) out.push(cp);
  return out;
}
function renderAudit(target, report2) {
  const lines = [
    `audit of ${target}: ${report2.treeSize} log entries, ${report2.artifacts} evidence objects, ${report2.checkpoints} checkpoint(s)`
  ];
  if (report2.problems.length === 0) {
    lines.push("clean: every object is logged, indexes are contiguous, every checkpoint verifies");
  } else {
    lines.push(`${report2.problems.length} problem(s):`);
    for (const p of report2.problems) lines.push(`  ${p.kind}: ${p.message}`);
  }
  return lines.join("\n") + "\n";
}
function registerAudit(program) {
  return program.command("audit").description(
    "check the locker or deployment: orphaned objects, missing objects, temporary files, index gaps, checkpoints"
  ).option("--json", "machine-readable output").addHelpText(
    "after",
    "\nExamples:\n  $ flux-evidence audit\n  $ flux-evidence audit --json | jq '.problems'\n\nExit codes: 0 clean, 1 a problem was found, 2 bad option or configuration, 3 runtime error."
  ).action(async (_opts, cmd) => {
    const io = processIo();
    await runAction(io, "audit", () => runAudit(commandInput(cmd), io));
  });
}

// shared/cli/commands/auditor.ts
init_common();
init_output();
async function runAuditorPolicy(input, opts, io) {
  const { loadConfigFile: loadConfigFile2 } = await Promise.resolve().then(() => (init_load(), load_exports));
  const { auditorAccess: auditorAccess2 } = await Promise.resolve().then(() => (init_auditor_policy(), auditor_policy_exports));
  const config = loadConfigFile2(input.configPath);
  const d = config.deployment;
  if (!d?.snapshotApiId)
    usage(
      io,
      "auditor policy",
      `${input.configPath}: deployment.snapshotApiId is not set: run \`flux-evidence deployment import cdk-outputs.json\` first`
    );
  const [, partition, , , account] = d.signingKeyArn.split(":");
  if (!/^arn:[\w-]+:(iam|sts)::\d{12}:/.test(opts.trusted))
    usage(io, "auditor policy", `--trusted: must be an IAM ARN, got ${opts.trusted}`);
  const { ValidationError: ValidationError2 } = await Promise.resolve().then(() => (init_errors(), errors_exports));
  let access;
  try {
    access = auditorAccess2(
      config.auditors,
      opts.engagement,
      { partition, region: d.region, account, apiId: d.snapshotApiId },
      opts.trusted
    );
  } catch (e) {
    if (e instanceof ValidationError2) usage(io, "auditor policy", e.message);
    throw e;
  }
  if (input.json) {
    writeJson(io, access);
    return CODES.OK;
  }
  io.out(
    `# Engagement ${access.engagement}: access ends ${access.endsAt}
# Identity policy: attach to ${access.principal}
${JSON.stringify(access.identityPolicy, null, 2)}
# Trust statement: add to the Statement list of ${access.principal}'s trust policy
${JSON.stringify(access.trustStatement, null, 2)}
`
  );
  return CODES.OK;
}
function registerAuditor(program) {
  const auditor = program.command("auditor").description("an audit engagement's access to snapshots");
  const policy = auditor.command("policy").description("print the IAM policy and trust statement for an engagement's auditor principal").requiredOption("--engagement <id>", "engagement (auditors[].engagement)").requiredOption(
    "--trusted <arn>",
    "who may assume the auditor role: the audit firm's account root or role ARN"
  ).option("--json", "machine-readable output");
  policy.action(async (o) => {
    const io = processIo();
    await runAction(io, "auditor policy", () => runAuditorPolicy(commandInput(policy), o, io));
  });
  return auditor;
}

// shared/cli/commands/collect.ts
init_errors();
init_common();
init_output();
async function runCollect(input, opts, io) {
  const at = instantOption(io, "collect", "--at", opts.at);
  const realNow = /* @__PURE__ */ new Date();
  if (at && at.getTime() > realNow.getTime() + 6e4)
    usage(
      io,
      "collect",
      `--at: ${opts.at} is in the future (now ${realNow.toISOString()}); only back-fills are allowed`
    );
  const now = at ? () => at : () => /* @__PURE__ */ new Date();
  const notes = at ? [
    `backfill: recorded with collect --at ${at.toISOString()} on ${realNow.toISOString()}, not at the time of collection`
  ] : [];
  const { withBackend: withBackend2 } = await Promise.resolve().then(() => (init_context(), context_exports));
  const { runCollection: runCollection2 } = await Promise.resolve().then(() => (init_collect(), collect_exports));
  const { scopeKey: scopeKey2 } = await Promise.resolve().then(() => (init_runner(), runner_exports));
  const { coverageLine: coverageLine2, summarizeCoverage: summarizeCoverage2 } = await Promise.resolve().then(() => (init_coverage2(), coverage_exports));
  const { startProgress: startProgress2 } = await Promise.resolve().then(() => (init_progress(), progress_exports));
  return withBackend2(input, io, async (config, backend) => {
    const env = io.env;
    const endpoint = env.AWS_ENDPOINT_URL;
    const progress = startProgress2(io, "collecting evidence...", input.json);
    let summary2;
    try {
      summary2 = await runCollection2(config, backend, {
        ...opts.collectors?.length ? { only: opts.collectors } : {},
        now,
        notes,
        connection: endpoint ? { endpoint, forcePathStyle: true } : {},
        homeRegion: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? config.deployment?.region ?? "us-east-1",
        secretEnv: env,
        onResult: (r, done, total) => progress.update(`collecting ${done}/${total}: ${r.collector}`)
      });
    } catch (e) {
      progress.fail("collection did not run");
      if (e instanceof ValidationError) usage(io, "collect", e.issues.join("; "));
      throw e;
    }
    const checkpoint = backend.kind === "local" ? await backend.ledger.checkpoint(backend.signer, /* @__PURE__ */ new Date()) : void 0;
    progress.succeed(
      `collected ${summary2.units} unit(s): ${summary2.stored} stored, ${summary2.unchanged} unchanged`
    );
    const rows = [...summary2.results].sort(
      (a, b) => `${a.collector} ${scopeKey2(a.scope)}`.localeCompare(`${b.collector} ${scopeKey2(b.scope)}`)
    ).map((r) => ({
      collector: r.collector,
      scope: scopeKey2(r.scope),
      outcome: r.outcome,
      sha256: r.sha256,
      key: r.key,
      errors: r.envelope.errors.map((e) => `${e.code}${e.operation ? `:${e.operation}` : ""}`)
    }));
    if (input.json) {
      writeJson(io, {
        backend: backend.description,
        units: summary2.units,
        stored: summary2.stored,
        unchanged: summary2.unchanged,
        withErrors: summary2.withErrors,
        failures: summary2.failures,
        ...summary2.recovered ? { recovered: summary2.recovered } : {},
        ...checkpoint ? { checkpoint: checkpoint.checkpoint } : {},
        ...summary2.coverage ? { coverage: { key: summary2.coverage.key, ...summarizeCoverage2(summary2.coverage.statement) } } : {},
        results: rows
      });
    } else {
      const color = useColor(io);
      io.out(`Evidence stored in ${backend.description}
`);
      for (const key2 of summary2.recovered ?? [])
        io.out(`recovered ${key2}: stored by an interrupted run, now appended to the log
`);
      io.out(
        renderTable(
          ["collector", "scope", "outcome", "errors"],
          rows.map((r) => [r.collector, r.scope, r.outcome, r.errors.join(", ") || "-"]),
          color,
          columnsOf(io)
        )
      );
      for (const f of summary2.failures)
        io.out(`NOT STORED ${f.collector} ${scopeKey2(f.scope)}: ${f.code} ${f.message}
`);
      if (summary2.coverage)
        io.out(`coverage (logged): ${coverageLine2(summarizeCoverage2(summary2.coverage.statement))}
`);
    }
    return summary2.failures.length ? CODES.ERROR : CODES.OK;
  });
}
function registerCollect(program) {
  return program.command("collect").description("collect evidence from the configured AWS accounts, GitHub org and identity providers").option("--collector <ids>", "only these collectors (comma-separated; repeatable)", commaList).option("--at <instant>", "back-fill: collection time to record, in the past (ISO-8601; default now)").option("--json", "machine-readable output").addHelpText(
    "after",
    "\nExamples:\n  $ flux-evidence collect\n  $ flux-evidence collect --collector aws-s3-buckets,aws-iam-password-policy\n  $ flux-evidence --endpoint http://127.0.0.1:5000 collect      # an emulator\n  $ flux-evidence collect --at 2026-06-30T12:00:00Z            # a back-fill, labelled as such\n\nExit codes: 0 evidence stored, 2 bad option or configuration, 3 evidence could not be stored.\nAWS credentials come from the default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, SSO, instance role);\nAWS_REGION and AWS_ENDPOINT_URL are honoured."
  ).action(async (opts, cmd) => {
    const io = processIo();
    await runAction(
      io,
      "collect",
      () => runCollect(
        commandInput(cmd),
        { ...opts.collector ? { collectors: opts.collector } : {}, ...opts.at ? { at: opts.at } : {} },
        io
      )
    );
  });
}

// shared/cli/commands/deployment.ts
init_common();
init_output();
async function runDeploymentImport(input, outputsPath, io) {
  const { readFileSync: readFileSync8, writeFileSync, existsSync: existsSync6 } = await import("node:fs");
  const { deploymentFromOutputs: deploymentFromOutputs2, withDeployment: withDeployment2 } = await Promise.resolve().then(() => (init_deployment_import(), deployment_import_exports));
  if (!existsSync6(outputsPath)) usage(io, "deployment import", `${outputsPath}: no such file`);
  if (!existsSync6(input.configPath))
    usage(io, "deployment import", `${input.configPath}: no such file (write the configuration first)`);
  let outputs;
  try {
    outputs = JSON.parse(readFileSync8(outputsPath, "utf8"));
  } catch {
    usage(io, "deployment import", `${outputsPath}: not valid JSON`);
  }
  const { ValidationError: ValidationError2 } = await Promise.resolve().then(() => (init_errors(), errors_exports));
  let deployment;
  let text3;
  try {
    deployment = deploymentFromOutputs2(outputs);
    text3 = withDeployment2(readFileSync8(input.configPath, "utf8"), deployment);
  } catch (e) {
    if (e instanceof ValidationError2) usage(io, "deployment import", e.message);
    throw e;
  }
  writeFileSync(input.configPath, text3);
  if (input.json) writeJson(io, { config: input.configPath, deployment });
  else
    io.out(
      `${input.configPath}: deployment set (region ${deployment.region}, bucket ${deployment.evidenceBucket}, table ${deployment.ledgerTable}${deployment.snapshotApiUrl ? `, API ${deployment.snapshotApiUrl}` : ""})
`
    );
  return CODES.OK;
}
function registerDeployment(program) {
  const deployment = program.command("deployment").description("connect the CLI to a deployed platform");
  const imp = deployment.command("import").description("fill the configuration's deployment block from `cdk deploy --outputs-file` output").argument("<cdk-outputs.json>", "the outputs file").option("--json", "machine-readable output");
  imp.action(async (file) => {
    const io = processIo();
    await runAction(io, "deployment import", () => runDeploymentImport(commandInput(imp), file, io));
  });
  return deployment;
}

// shared/cli/commands/doctor.ts
init_common();
init_output();
async function runDoctorCommand(input, opts, io) {
  const { loadConfigFile: loadConfigFile2 } = await Promise.resolve().then(() => (init_load(), load_exports));
  const { ValidationError: ValidationError2 } = await Promise.resolve().then(() => (init_errors(), errors_exports));
  let config;
  try {
    config = loadConfigFile2(input.configPath);
  } catch (e) {
    if (e instanceof ValidationError2) usage(io, "doctor", `${input.configPath}: ${e.message}`);
    throw e;
  }
  const d = config.deployment;
  if (!d)
    usage(
      io,
      "doctor",
      `${input.configPath}: no deployment block: run \`flux-evidence deployment import cdk-outputs.json\``
    );
  const { buildDoctorDeps: buildDoctorDeps2, runDoctor: runDoctor2 } = await Promise.resolve().then(() => (init_run(), run_exports));
  const checks = [
    { check: "configuration", status: "ok", detail: `${input.configPath} is valid` },
    ...await runDoctor2(buildDoctorDeps2({ ...config, deployment: d }, input.configPath, opts.endpoint))
  ];
  const failed = checks.filter((c) => c.status === "fail").length;
  if (input.json) writeJson(io, { ok: failed === 0, checks });
  else {
    const color = useColor(io);
    io.out(
      renderTable(
        ["status", "check", "detail"],
        checks.map((c) => [c.status, c.check, c.detail]),
        color
      )
    );
    const fixes = checks.filter((c) => "fix" in c && c.fix);
    for (const c of fixes) io.out(`fix ${c.check}: ${c.fix}
`);
    io.out(failed ? `${failed} check(s) failed
` : "deployment healthy\n");
  }
  return failed ? CODES.FAILED : CODES.OK;
}
function registerDoctor(program) {
  const doctor = program.command("doctor").description("check a deployment and print what is wrong and how to fix it").option("--endpoint <url>", "AWS endpoint (the emulator) for local runs").option("--json", "machine-readable output");
  doctor.action(async (o) => {
    const io = processIo();
    await runAction(io, "doctor", () => runDoctorCommand(commandInput(doctor), o, io));
  });
  return doctor;
}

// shared/cli/commands/demo.ts
init_common();
init_output();
import { fileURLToPath as fileURLToPath4 } from "node:url";
async function runDemoCommand(opts, io, root = fileURLToPath4(new URL("../../../", import.meta.url))) {
  const days = opts.days === void 0 ? 90 : Number(opts.days);
  if (!Number.isInteger(days) || days < 2 || days > 366)
    usage(io, "demo", `--days: must be an integer 2..366, got ${opts.days}`);
  const { runDemo: runDemo2 } = await Promise.resolve().then(() => (init_run_demo(), run_demo_exports));
  const summary2 = await runDemo2({
    root,
    days,
    handleSignals: true,
    ...opts.out ? { outDir: opts.out } : {},
    log: opts.json ? () => {
    } : (l) => io.out(`${l}
`),
    ...io.isTty && !opts.json ? { progress: (t) => io.out(`\r${t}\x1B[K`) } : {}
  });
  if (opts.json) writeJson(io, summary2);
  return summary2.snapshot.verified ? CODES.OK : CODES.FAILED;
}
function registerDemo(program) {
  return program.command("demo").description("run the end-to-end demo on the AWS emulator and fixture servers (outputs in demo-output/)").option("--days <n>", "simulated days in the review window (default 90)").option("--out <dir>", "output directory (default demo-output)").option("--json", "print the summary as JSON").addHelpText(
    "after",
    "\nExit codes: 0 snapshot verified, 1 snapshot did not verify, 2 bad option, 3 runtime error."
  ).action(async (opts) => {
    const io = processIo();
    await runAction(io, "demo", () => runDemoCommand(opts, io));
  });
}

// shared/cli/commands/evaluate.ts
init_common();
init_output();
async function runEvaluate(input, opts, io) {
  const at = instantOption(io, "evaluate", "--at", opts.at);
  const { withBackend: withBackend2 } = await Promise.resolve().then(() => (init_context(), context_exports));
  const { loadCatalog: loadCatalog2 } = await Promise.resolve().then(() => (init_catalog2(), catalog_exports));
  const { evaluateAllControls: evaluateAllControls2 } = await Promise.resolve().then(() => (init_evaluate2(), evaluate_exports));
  const { rulesForConfig: rulesForConfig2 } = await Promise.resolve().then(() => (init_collect(), collect_exports));
  const { startProgress: startProgress2 } = await Promise.resolve().then(() => (init_progress(), progress_exports));
  return withBackend2(input, io, async (config, backend) => {
    const catalog = loadCatalog2();
    const progress = startProgress2(io, "evaluating controls...", input.json);
    const out = await evaluateAllControls2({
      controls: catalog.controls,
      rules: rulesForConfig2(catalog.rules, config),
      ttlHoursOf: catalog.ttlHoursOf,
      evidence: backend.evidence,
      results: backend.results,
      now: () => at ?? /* @__PURE__ */ new Date(),
      thresholds: config.rules
    });
    const counts2 = { PASS: 0, FAIL: 0, UNKNOWN: 0, NOT_APPLICABLE: 0 };
    for (const r of out.results) counts2[r.status]++;
    progress.succeed(
      `evaluated ${out.results.length} controls: ${counts2.PASS} PASS, ${counts2.FAIL} FAIL, ${counts2.UNKNOWN} UNKNOWN`
    );
    if (input.json) {
      writeJson(io, {
        evaluated: out.results.length,
        counts: counts2,
        manual: out.manual,
        transitions: out.transitions,
        results: out.results.map((r) => ({
          controlId: r.controlId,
          status: r.status,
          reason: r.reason,
          failing: r.failing,
          observedAt: r.observedAt,
          rules: r.rules ?? []
        }))
      });
      return CODES.OK;
    }
    const color = useColor(io);
    io.out(
      renderTable(
        ["control", "status", "failing", "reason"],
        out.results.map((r) => [
          r.controlId,
          paint(r.status, color),
          r.failing.length,
          r.reason.slice(0, 100)
        ]),
        color,
        columnsOf(io)
      )
    );
    io.out(out.transitions.length ? `Transitions (${out.transitions.length}):
` : "No transitions.\n");
    for (const t of out.transitions)
      io.out(
        `  ${t.kind.toUpperCase()} ${t.controlId}: ${t.from ?? "NEW"} -> ${paint(t.to, color)} at ${t.at}
`
      );
    return CODES.OK;
  });
}
function registerEvaluate(program) {
  return program.command("evaluate").description("map stored evidence to controls: evaluate every control, store results, print transitions").option("--at <instant>", "evaluate as of this instant (ISO-8601; default now)").option("--json", "machine-readable output").addHelpText("after", "\nExit codes: 0 evaluated, 2 bad option or configuration, 3 runtime error.").action(async (opts, cmd) => {
    const io = processIo();
    await runAction(io, "evaluate", () => runEvaluate(commandInput(cmd), opts, io));
  });
}

// shared/cli/commands/evidence.ts
init_common();
init_output();
function addInput(io, o) {
  const missing = ["file", "title", "owner"].filter((k) => !o[k]).map((k) => `--${k}`);
  if (!o.requirement?.length && !o.control?.length) missing.unshift("--requirement or --control");
  if (missing.length) usage(io, "evidence add", `required: ${missing.join(", ")}`);
  return {
    requirements: o.requirement ?? [],
    controls: o.control ?? [],
    file: o.file,
    title: o.title,
    owner: o.owner,
    ...o.by ? { addedBy: o.by } : {},
    ...o.validUntil ? { validUntil: o.validUntil } : {},
    ...o.periodStart ? { periodStart: o.periodStart } : {},
    ...o.periodEnd ? { periodEnd: o.periodEnd } : {}
  };
}
var placed = (index) => index === void 0 ? "queued for the log (the sequencer appends it within 5 minutes)" : `log index ${index}`;
async function runEvidenceAdd(input, o, io) {
  const add = addInput(io, o);
  const { withManual: withManual2 } = await Promise.resolve().then(() => (init_manual_context(), manual_context_exports));
  const { addEvidence: addEvidence2 } = await Promise.resolve().then(() => (init_add(), add_exports));
  const { uploadEvidence: uploadEvidence2 } = await Promise.resolve().then(() => (init_remote(), remote_exports));
  return withManual2(input, io, "evidence add", async (deps, _backend, api) => {
    if (api && add.addedBy)
      io.err("note: in a deployment the uploader logged is your IAM identity, not --by\n");
    const logged = api ? await uploadEvidence2(api, deps, add) : await addEvidence2(deps, add);
    if (input.json) writeJson(io, logged);
    else
      io.out(
        `added ${logged.statement.fileName} as evidence ${logged.id}
  ${placed(logged.index)}, statement ${logged.key}
  awaiting approval: flux-evidence evidence approve ${logged.id.slice(0, 12)} --by <reviewer>
`
      );
    return CODES.OK;
  });
}
async function runEvidenceApprove(input, id, o, io) {
  const { withManual: withManual2 } = await Promise.resolve().then(() => (init_manual_context(), manual_context_exports));
  const { approveEvidence: approveEvidence2 } = await Promise.resolve().then(() => (init_add(), add_exports));
  const { approveRemote: approveRemote2 } = await Promise.resolve().then(() => (init_remote(), remote_exports));
  return withManual2(input, io, "evidence approve", async (deps, _backend, api) => {
    if (!api && !o.by) usage(io, "evidence approve", "required: --by <name>");
    const note = o.note ? { note: o.note } : {};
    const logged = api ? await approveRemote2(api, { id, ...note }) : await approveEvidence2(deps, { id, by: o.by, ...note });
    if (input.json) writeJson(io, logged);
    else
      io.out(
        `approved evidence ${logged.statement.evidence} by ${logged.statement.by} (approval ${logged.id}, ${placed(logged.index)})
`
      );
    return CODES.OK;
  });
}
var docRow = (d) => [
  d.id.slice(0, 12),
  d.statement.title,
  [...d.statement.requirements, ...d.statement.controls].join(" "),
  d.statement.owner,
  d.statement.validUntil ?? "-",
  d.approvals.length ? d.approvals.map((a) => a.statement.by).join(", ") : "pending"
];
async function runEvidenceList(input, io, id) {
  const { withManual: withManual2 } = await Promise.resolve().then(() => (init_manual_context(), manual_context_exports));
  const { loadStatements: loadStatements2 } = await Promise.resolve().then(() => (init_log(), log_exports));
  const { manualView: manualView2 } = await Promise.resolve().then(() => (init_state(), state_exports));
  const { findEvidence: findEvidence2 } = await Promise.resolve().then(() => (init_add(), add_exports));
  return withManual2(input, io, id ? "evidence show" : "evidence list", async (deps) => {
    const all = await loadStatements2(deps.ledger, deps.blobs);
    const view = manualView2(all);
    if (id === void 0) {
      if (input.json) writeJson(io, { documents: view.documents });
      else
        io.out(
          renderTable(
            ["id", "title", "serves", "owner", "valid until", "approved by"],
            view.documents.map(docRow),
            useColor(io)
          )
        );
      return CODES.OK;
    }
    const doc = view.documents.find((d) => d.id === findEvidence2(all, id).id);
    await deps.blobs.get(doc.statement.key, doc.statement.fileSha256);
    if (input.json) writeJson(io, { ...doc, fileVerified: true });
    else {
      const s = doc.statement;
      io.out(
        `${s.title}
  id ${doc.id} (log index ${doc.index})
  file ${s.fileName} (${s.mediaType}, ${s.size} bytes) sha256 ${s.fileSha256}, verified
  serves ${[...s.requirements, ...s.controls].join(", ")}
  owner ${s.owner}; added ${s.addedAt} by ${s.addedBy}
  valid until ${s.validUntil ?? "(no end date)"}${s.periodStart ? `; period ${s.periodStart} .. ${s.periodEnd ?? ""}` : ""}
` + (doc.approvals.length ? doc.approvals.map((a) => `  approved by ${a.statement.by} at ${a.statement.at} (${a.id})
`).join("") : "  not approved yet\n")
      );
    }
    return CODES.OK;
  });
}
function registerEvidence(program) {
  const evidence = program.command("evidence").description("manual evidence: add documents, list and show them, approve them");
  evidence.command("add").description("store a document (PDF, DOCX, XLSX, PNG, CSV, TXT, MD; up to 100 MiB) and log it").option(
    "--requirement <framework:id>",
    "requirement it serves, e.g. soc2-2017:CC1.1 (repeatable)",
    commaList
  ).option("--control <ID>", "common control it serves, e.g. GOV-01 (repeatable)", commaList).option("--file <path>", "the document").option("--title <text>", "title shown to auditors").option("--owner <name>", "who owns the document").option("--by <name>", "who adds it (default: the owner)").option("--valid-until <date>", "last day the document is valid, YYYY-MM-DD").option("--period-start <date>", "first day the document covers, YYYY-MM-DD").option("--period-end <date>", "last day the document covers, YYYY-MM-DD").option("--json", "machine-readable output").addHelpText("after", "\nExit codes: 0 stored and logged, 2 bad input (nothing stored), 3 runtime error.").action(async (opts, cmd) => {
    const io = processIo();
    await runAction(io, "evidence add", () => runEvidenceAdd(commandInput(cmd), opts, io));
  });
  evidence.command("approve <id>").description("approve a document (id or a unique prefix of 8+ characters); the approver is logged").option("--by <name>", "the reviewer (not the person who added it); a deployment logs your IAM identity").option("--note <text>", "review note").option("--json", "machine-readable output").action(async (id, opts, cmd) => {
    const io = processIo();
    await runAction(io, "evidence approve", () => runEvidenceApprove(commandInput(cmd), id, opts, io));
  });
  evidence.command("list").description("the logged documents with their approvals").option("--json", "machine-readable output").action(async (_o, cmd) => {
    const io = processIo();
    await runAction(io, "evidence list", () => runEvidenceList(commandInput(cmd), io));
  });
  evidence.command("show <id>").description("one document: metadata, approvals, and its stored file checked against the log").option("--json", "machine-readable output").action(async (id, _o, cmd) => {
    const io = processIo();
    await runAction(io, "evidence show", () => runEvidenceList(commandInput(cmd), io, id));
  });
  return evidence;
}

// shared/cli/commands/exception.ts
init_ids();
init_common();
init_output();
async function runExceptionAdd(input, o, io) {
  const missing = ["control", "reason", "owner", "expires"].filter((k) => !o[k]).map((k) => `--${k}`);
  if (missing.length) usage(io, "exception add", `required: ${missing.join(", ")}`);
  const { withManual: withManual2 } = await Promise.resolve().then(() => (init_manual_context(), manual_context_exports));
  const { addException: addException2 } = await Promise.resolve().then(() => (init_add(), add_exports));
  const { exceptionRemote: exceptionRemote2 } = await Promise.resolve().then(() => (init_remote(), remote_exports));
  return withManual2(input, io, "exception add", async (deps, _backend, api) => {
    const exception = {
      control: o.control,
      reason: o.reason,
      owner: o.owner,
      expires: o.expires,
      ...o.resource ? { resource: o.resource } : {}
    };
    const logged = api ? await exceptionRemote2(api, exception) : await addException2(deps, exception);
    if (input.json) writeJson(io, logged);
    else
      io.out(
        `exception ${logged.id} ${logged.index === void 0 ? "queued for the log" : `logged (index ${logged.index})`}: ${logged.statement.control}${logged.statement.resource ? ` ${logged.statement.resource}` : ""} accepted by ${logged.statement.owner} until ${logged.statement.expires}
`
      );
    return CODES.OK;
  });
}
async function runRequests(input, o, io) {
  if (!o.framework || !FRAMEWORK_IDS.includes(o.framework))
    usage(io, "requests", `--framework: one of ${FRAMEWORK_IDS.join(", ")}`);
  const days = Number(o.expiringDays ?? 30);
  if (!Number.isInteger(days) || days < 0)
    usage(io, "requests", `--expiring-days: not a whole number of days`);
  const { withManual: withManual2 } = await Promise.resolve().then(() => (init_manual_context(), manual_context_exports));
  const { loadStatements: loadStatements2 } = await Promise.resolve().then(() => (init_log(), log_exports));
  const { manualView: manualView2 } = await Promise.resolve().then(() => (init_state(), state_exports));
  const { evidenceRequests: evidenceRequests2, requestsCsv: requestsCsv2 } = await Promise.resolve().then(() => (init_requests(), requests_exports));
  return withManual2(input, io, "requests", async (deps) => {
    const view = manualView2(await loadStatements2(deps.ledger, deps.blobs));
    const framework = deps.frameworks.find((f) => f.id === o.framework);
    const rows = evidenceRequests2(framework, deps.controls, view, deps.clock(), {
      expiringDays: days,
      outstanding: !o.all
    });
    if (o.csv) io.out(requestsCsv2(rows));
    else if (input.json) writeJson(io, { framework: framework.id, requests: rows });
    else
      io.out(
        renderTable(
          ["requirement", "evidence needed", "state", "valid until"],
          rows.map((r) => [
            r.requirement,
            r.needed.map((n) => wrap(n, 80)).join("\n"),
            r.state,
            r.validUntil ?? "-"
          ]),
          useColor(io)
        ) + `${rows.length} requirement(s) ${o.all ? "need" : "still need"} manual evidence
`
      );
    return CODES.OK;
  });
}
function wrap(text3, width) {
  const lines = [];
  let line = "";
  for (const word of text3.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join("\n");
}
function registerException(program) {
  program.command("exception").description("risk acceptances for failing controls").command("add").description(
    "accept a control failure (optionally for one resource) until a date; the failure stays visible"
  ).option("--control <ID>", "common control, e.g. IAM-01").option("--resource <r>", "one failing resource (default: the whole control)").option("--reason <text>", "why the risk is accepted").option("--owner <name>", "who accepts the risk").option("--expires <date>", "last day the acceptance holds, YYYY-MM-DD (in the future)").option("--json", "machine-readable output").addHelpText("after", "\nExit codes: 0 logged, 2 bad input (nothing stored), 3 runtime error.").action(async (opts, cmd) => {
    const io = processIo();
    await runAction(io, "exception add", () => runExceptionAdd(commandInput(cmd), opts, io));
  });
  return program.command("requests").description(
    "the PBC list: manual evidence still needed per requirement, from the catalogs' evidence hints"
  ).option("--framework <id>", `framework (${FRAMEWORK_IDS.join(", ")})`).option("--csv", "CSV for a spreadsheet or the auditor's request tracker").option("--all", "include requirements whose manual evidence is current").option("--expiring-days <n>", "list evidence expiring within n days as still needed (default 30)").option("--json", "machine-readable output").action(
    async (opts, cmd) => {
      const io = processIo();
      await runAction(io, "requests", () => runRequests(commandInput(cmd), opts, io));
    }
  );
}

// shared/cli/commands/key.ts
init_common();
init_output();
import { existsSync as existsSync3 } from "node:fs";
import { dirname as dirname4, resolve as resolve5 } from "node:path";
async function runKeyFingerprint(input, opts, io) {
  const { loadCliConfig: loadCliConfig2, withBackend: withBackend2 } = await Promise.resolve().then(() => (init_context(), context_exports));
  const { keyFingerprint: keyFingerprint2 } = await Promise.resolve().then(() => (init_fingerprint(), fingerprint_exports));
  const config = loadCliConfig2(input.configPath, io, input.explicitConfig);
  if (!config.deployment) {
    const path = resolve5(dirname4(resolve5(input.configPath)), config.locker.path);
    if (!existsSync3(path))
      usage(io, "key fingerprint", `no locker at ${path}: collect first, or fix locker.path`);
  }
  return withBackend2(input, io, async (_config, backend) => {
    const pem = await backend.signer.publicKeyPem();
    const fingerprint = keyFingerprint2(pem);
    if (input.json) writeJson(io, { fingerprint, keyId: backend.signer.keyId, publicKeyPem: pem });
    else io.out(opts.pem ? pem : `${fingerprint}
`);
    return CODES.OK;
  });
}
function registerKey(program) {
  const key2 = program.command("key").description("the signing key auditors pin");
  key2.command("fingerprint").description("print the signing key's SHA-256 fingerprint, to give auditors out of band for verify --key").option("--pem", "print the public key PEM instead").option("--json", "machine-readable output: fingerprint, key id, PEM").addHelpText("after", "\nExit codes: 0 printed, 2 bad configuration, 3 runtime error.").action(async (opts, cmd) => {
    const io = processIo();
    await runAction(io, "key fingerprint", () => runKeyFingerprint(commandInput(cmd), opts, io));
  });
  return key2;
}

// shared/cli/commands/index.ts
init_explain2();

// shared/cli/commands/ingest.ts
init_errors();
init_common();
init_output();
import { createReadStream } from "node:fs";
async function runIngestProwler(input, file, io) {
  const { withBackend: withBackend2 } = await Promise.resolve().then(() => (init_context(), context_exports));
  const { ingestProwler: ingestProwler2 } = await Promise.resolve().then(() => (init_ingest_prowler(), ingest_prowler_exports));
  const { resolveAccounts: resolveAccounts2 } = await Promise.resolve().then(() => (init_plan(), plan_exports));
  return withBackend2(input, io, async (config, backend) => {
    const env = io.env;
    const connection = env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL, forcePathStyle: true } : {};
    const accounts = config.aws.accounts.mode === "list" ? config.aws.accounts.ids : (await resolveAccounts2(config.aws, connection, env.AWS_REGION ?? "us-east-1")).map(
      (a) => a.account
    );
    let r;
    try {
      r = await ingestProwler2(createReadStream(file), { ...backend, now: () => /* @__PURE__ */ new Date(), accounts }, file);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      io.err(`flux-evidence ingest prowler: ${file} refused, nothing stored:
`);
      for (const issue of e.issues) io.err(`  - ${issue}
`);
      return CODES.USAGE;
    }
    if (backend.kind === "local") await backend.ledger.checkpoint(backend.signer, /* @__PURE__ */ new Date());
    const scan = r.envelope.data;
    const row = {
      account: scan.account,
      tool: `prowler ${scan.version}`,
      scanStartedAt: scan.scanStartedAt,
      findings: scan.findings,
      checks: scan.checks.length,
      outcome: r.outcome,
      sha256: r.sha256
    };
    if (input.json) writeJson(io, row);
    else
      io.out(
        renderTable(
          ["account", "tool", "scan started", "findings", "checks", "outcome", "sha256"],
          [
            [
              row.account,
              row.tool,
              row.scanStartedAt,
              String(row.findings),
              String(row.checks),
              row.outcome,
              row.sha256
            ]
          ],
          useColor(io)
        )
      );
    return CODES.OK;
  });
}
function registerIngest(program) {
  const ingest = program.command("ingest").description("store another tool's scan results as signed evidence");
  ingest.command("prowler <file>").description(
    "validate a Prowler OCSF JSON file (prowler aws -M json-ocsf) and store it as one signed artifact"
  ).option("--json", "machine-readable output").addHelpText(
    "after",
    "\nExit codes: 0 stored, 2 file refused (nothing stored: invalid or truncated OCSF, an account outside\nthe configuration, a scan older than 8 days), 3 evidence could not be stored."
  ).action(async (file, _opts, cmd) => {
    const io = processIo();
    await runAction(io, "ingest prowler", () => runIngestProwler(commandInput(cmd), file, io));
  });
  return program;
}

// shared/cli/commands/status.ts
init_ids();
init_common();
init_output();
var MAX_RESOURCES = 8;
var cut2 = (s, n) => s.length > n ? `${s.slice(0, n - 1)}\u2026` : s;
function renderStatus(report2, color, width) {
  let s = "";
  for (const f of report2) {
    s += `
${f.title} (${f.framework})
`;
    s += renderTable(
      ["met", "failing", "unknown", "manual"],
      [[f.counts.met, f.counts.failing, f.counts.unknown, f.counts.manual]],
      color,
      width
    );
    if (f.failingControls.length) {
      const rows = f.failingControls.flatMap((c) => {
        const shown = (c.resources.length ? c.resources : [{ resource: "-", reason: "" }]).slice(
          0,
          MAX_RESOURCES
        );
        const more = c.resources.length - shown.length;
        return [
          ...shown,
          ...more > 0 ? [{ resource: `... and ${more} more (--json lists all)`, reason: "" }] : []
        ].map((r, i) => [
          i === 0 ? `${c.controlId} ${cut2(c.title, 40)}` : "",
          i === 0 ? c.since.slice(0, 10) : "",
          r.resource,
          r.reason
        ]);
      });
      s += `Failing controls:
${renderTable(["control", "failing since", "resource", "reason"], rows, color, width)}`;
    }
    if (f.unknownControls.length) {
      s += `Unknown controls (why the state is not known):
${renderTable(
        ["control", "reason"],
        f.unknownControls.map((c) => [`${c.controlId} ${cut2(c.title, 40)}`, c.reason]),
        color,
        width
      )}`;
    }
    s += renderManualHalf(f, color, width);
  }
  return s;
}
function renderManualHalf(f, color, width) {
  const halves = f.requirements.filter((r) => r.manual);
  if (!halves.length) return "";
  const n = (st) => halves.filter((r) => r.manual.state === st).length;
  let s = `Manual evidence: ${n("current")} current, ${n("expiring")} expiring, ${n("expired")} expired, ${n("missing")} missing
  (list what is needed: flux-evidence requests --framework ${f.framework})
`;
  const notable = halves.filter((r) => r.manual.state === "expiring" || r.manual.state === "expired");
  if (notable.length)
    s += renderTable(
      ["requirement", "manual", "document", "valid until"],
      notable.map((r) => [
        r.id,
        r.manual.state,
        r.manual.document?.title ?? "-",
        r.manual.document?.validUntil ?? "-"
      ]),
      color,
      width
    );
  const accepted = f.failingControls.flatMap(
    (c) => (c.exceptions ?? []).map((e) => [
      c.controlId,
      e.resource ?? "(all)",
      e.owner,
      e.expires,
      cut2(e.reason, 60)
    ])
  );
  if (accepted.length)
    s += `Accepted exceptions (still failing):
${renderTable(["control", "resource", "owner", "expires", "reason"], accepted, color, width)}`;
  return s;
}
async function runStatus(input, opts, io) {
  if (opts.control) {
    const { runExplain: runExplain2 } = await Promise.resolve().then(() => (init_explain2(), explain_exports2));
    return runExplain2(input, opts.control, io);
  }
  if (opts.framework && !FRAMEWORK_IDS.includes(opts.framework)) {
    usage(
      io,
      "status",
      `--framework: unknown framework ${opts.framework} (known: ${FRAMEWORK_IDS.join(", ")})`
    );
  }
  const { withBackend: withBackend2 } = await Promise.resolve().then(() => (init_context(), context_exports));
  const { frameworksInScope: frameworksInScope2, loadCatalog: loadCatalog2 } = await Promise.resolve().then(() => (init_catalog2(), catalog_exports));
  const { statusReport: statusReport2 } = await Promise.resolve().then(() => (init_status(), status_exports));
  const { loadStatements: loadStatements2 } = await Promise.resolve().then(() => (init_log(), log_exports));
  const { manualView: manualView2, DEFAULT_EXPIRING_DAYS: DEFAULT_EXPIRING_DAYS2 } = await Promise.resolve().then(() => (init_state(), state_exports));
  const { envNow: envNow2 } = await Promise.resolve().then(() => (init_manual_context(), manual_context_exports));
  const { coverageLine: coverageLine2, latestCoverage: latestCoverage2, summarizeCoverage: summarizeCoverage2 } = await Promise.resolve().then(() => (init_coverage2(), coverage_exports));
  return withBackend2(input, io, async (config, backend) => {
    const catalog = loadCatalog2();
    const view = manualView2(await loadStatements2(backend.ledger, backend.blobs));
    const at = envNow2(io, "status") ?? /* @__PURE__ */ new Date();
    const report2 = await statusReport2(
      frameworksInScope2(catalog, config, opts.framework),
      catalog.controls,
      backend.results,
      { view, at, expiringDays: DEFAULT_EXPIRING_DAYS2 }
    );
    const latest = await latestCoverage2(backend.ledger, backend.blobs);
    const coverage = latest ? summarizeCoverage2(latest) : void 0;
    if (input.json) writeJson(io, { frameworks: report2, ...coverage ? { coverage } : {} });
    else {
      io.out(renderStatus(report2, useColor(io), columnsOf(io)));
      if (coverage) io.out(`
Latest collection run: ${coverageLine2(coverage)}
`);
    }
    return report2.some((f) => f.counts.failing > 0) ? CODES.FAILED : CODES.OK;
  });
}
function registerStatus(program) {
  return program.command("status").description(
    "requirements met / failing / unknown / manual per framework, and the failing controls with their resources"
  ).option("--framework <id>", `one framework (${FRAMEWORK_IDS.join(", ")}); default: the configured ones`).option("--control <id>", "one control: each rule's verdict, reason and resources (as `explain <id>`)").option("--json", "machine-readable output").addHelpText(
    "after",
    "\nExamples:\n  $ flux-evidence status\n  $ flux-evidence -c demo-output/flux.config.json status --framework soc2-2017\n  $ flux-evidence status --json | jq '.frameworks[].unknownControls'\n\nExit codes: 0 nothing failing, 1 a requirement (or the --control) is failing, 2 bad option or configuration, 3 runtime error."
  ).action(async (opts, cmd) => {
    const io = processIo();
    await runAction(io, "status", () => runStatus(commandInput(cmd), opts, io));
  });
}

// shared/cli/commands/window.ts
init_ids();
init_errors();
init_periods();
init_common();
import { existsSync as existsSync4, renameSync, statSync as statSync2 } from "node:fs";
import { dirname as dirname5, resolve as resolve6 } from "node:path";
init_output();
function checkSnapshotPath(io, path, force) {
  const dir = dirname5(resolve6(path));
  if (!existsSync4(dir) || !statSync2(dir).isDirectory())
    usage(io, "window", `--snapshot: directory ${dir} does not exist (create it first)`);
  if (existsSync4(path)) {
    if (statSync2(path).isDirectory()) usage(io, "window", `--snapshot: ${path} is a directory, not a file`);
    if (!force) usage(io, "window", `--snapshot: ${path} already exists (add --force to replace it)`);
  }
}
function renderWindow(w, color, width) {
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  let s = `${w.framework} window ${w.window.start} .. ${w.window.end} (${w.window.timeZone ?? "UTC"})
`;
  s += renderTable(
    ["control", "frequency", "coverage", "pass rate", "exceptions", "verdict"],
    w.controls.map((c) => [
      c.controlId,
      c.frequency,
      pct(c.coverage),
      pct(c.passRate),
      c.exceptions.length,
      paint(c.verdict, color)
    ]),
    color,
    width
  );
  const exceptions = w.controls.flatMap(
    (c) => c.exceptions.map((e) => [
      c.controlId,
      e.firstFailAt,
      e.lastFailAt,
      e.failPeriods,
      e.open ? "open" : `${(e.remediationHours ?? 0).toFixed(1)} h`
    ])
  );
  if (exceptions.length)
    s += `Exceptions:
${renderTable(["control", "first fail", "last fail", "periods", "remediation"], exceptions, color, width)}`;
  const accepted = (w.acceptedExceptions ?? []).map((e) => [
    e.controlId,
    e.resource ?? "(all)",
    e.owner,
    e.expires,
    e.reason.length > 60 ? `${e.reason.slice(0, 59)}\u2026` : e.reason
  ]);
  if (accepted.length)
    s += `Accepted exceptions (risk acceptances; verdicts unchanged):
${renderTable(["control", "resource", "owner", "expires", "reason"], accepted, color, width)}`;
  const halves = w.requirements.filter((r) => r.manual && r.manual.state !== "current");
  if (halves.length)
    s += `Manual evidence not current at the window's end:
${renderTable(
      ["requirement", "manual", "document", "valid until"],
      halves.map((r) => [
        r.requirementId,
        r.manual.state,
        r.manual.document?.title ?? "-",
        r.manual.document?.validUntil ?? "-"
      ]),
      color,
      width
    )}`;
  const counts2 = /* @__PURE__ */ new Map();
  for (const r of w.requirements) counts2.set(r.status, (counts2.get(r.status) ?? 0) + 1);
  s += `Requirements: ${[...counts2].map(([k, v]) => `${v} ${k}`).join(", ")}
`;
  if (w.checkpoint) {
    const who = w.auditorNonce ? "and the auditor nonce" : "; no auditor nonce: operator-chosen";
    s += `Samples (seed from checkpoint treeSize ${w.checkpoint.checkpoint.treeSize} at ${w.checkpoint.checkpoint.timestamp} ${who}):
`;
    for (const x of w.samples)
      s += `  ${x.controlId}: ${x.periods.map((p) => p.start.slice(0, 10)).join(" ")}
`;
  } else s += "No signed checkpoint closes this window yet: no samples drawn.\n";
  return s;
}
function windowSpec(io, opts, configured) {
  const start = opts.from ?? configured?.start;
  const end = opts.to ?? configured?.end;
  const timeZone = opts.timeZone ?? configured?.timeZone ?? "UTC";
  const issues = [];
  if (!start) issues.push("--from: required (or configure window.start)");
  if (!end) issues.push("--to: required (or configure window.end)");
  if (issues.length === 0) {
    try {
      buildPeriods({ start, end, timeZone }, "daily");
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      issues.push(...e.issues);
    }
  }
  if (issues.length) usage(io, "window", issues.join("; "));
  return { start, end, timeZone };
}
async function runWindow(input, opts, io) {
  if (!opts.framework) usage(io, "window", "--framework: required");
  if (!FRAMEWORK_IDS.includes(opts.framework)) {
    usage(
      io,
      "window",
      `--framework: unknown framework ${opts.framework} (known: ${FRAMEWORK_IDS.join(", ")})`
    );
  }
  if (opts.snapshot) checkSnapshotPath(io, opts.snapshot, opts.force === true);
  const { withBackend: withBackend2 } = await Promise.resolve().then(() => (init_context(), context_exports));
  const { loadCatalog: loadCatalog2 } = await Promise.resolve().then(() => (init_catalog2(), catalog_exports));
  const { evaluateFrameworkWindow: evaluateFrameworkWindow2 } = await Promise.resolve().then(() => (init_framework_window(), framework_window_exports));
  const { windowSnapshotRequest: windowSnapshotRequest2 } = await Promise.resolve().then(() => (init_window_snapshot(), window_snapshot_exports));
  const { buildSnapshotToFile: buildSnapshotToFile2 } = await Promise.resolve().then(() => (init_builder(), builder_exports));
  const { loadStatements: loadStatements2 } = await Promise.resolve().then(() => (init_log(), log_exports));
  const { manualView: manualView2 } = await Promise.resolve().then(() => (init_state(), state_exports));
  const { AUDITOR_NONCE: AUDITOR_NONCE2 } = await Promise.resolve().then(() => (init_request(), request_exports));
  const since = opts.sinceSize === void 0 ? void 0 : Number(opts.sinceSize);
  if (since !== void 0 && (!Number.isSafeInteger(since) || since < 1))
    usage(io, "window", `--since-size: ${opts.sinceSize} is not a positive whole tree size`);
  if (since !== void 0 && !opts.snapshot)
    usage(io, "window", "--since-size shapes a snapshot: give --snapshot <file.zip> too");
  if (opts.auditorNonce !== void 0 && !AUDITOR_NONCE2.test(opts.auditorNonce))
    usage(io, "window", "--auditor-nonce: 16 to 128 characters from A-Z a-z 0-9 . _ -");
  return withBackend2(input, io, async (config, backend) => {
    const window = windowSpec(io, opts, config.window);
    const catalog = loadCatalog2();
    const framework = catalog.frameworks.find((f) => f.id === opts.framework);
    const w = await evaluateFrameworkWindow2({
      framework,
      controls: catalog.controls,
      results: backend.results,
      ledger: backend.ledger,
      window,
      manual: manualView2(await loadStatements2(backend.ledger, backend.blobs)),
      ...opts.auditorNonce ? { auditorNonce: opts.auditorNonce } : {},
      exclusions: config.exclusions
    });
    const snapshot = opts.snapshot ? await buildSnapshotToFile2(
      windowSnapshotRequest2(w, {
        toolVersion: toolVersion(),
        ...since !== void 0 ? { sinceTreeSize: since } : {}
      }),
      {
        store: backend.store,
        ledger: backend.ledger,
        signer: backend.signer,
        manual: { blobs: backend.blobs, ledger: backend.ledger, framework, controls: catalog.controls }
      },
      // --force: built next to the old file and renamed over it, so a failed build leaves the old one intact.
      `${opts.snapshot}.partial-${process.pid}`
    ).then((s) => {
      renameSync(`${opts.snapshot}.partial-${process.pid}`, opts.snapshot);
      return { path: opts.snapshot, artifacts: s.artifacts, manifestSha256: s.manifestSha256 };
    }) : void 0;
    if (input.json) {
      const { results: _results, ...rest } = w;
      writeJson(io, { ...rest, ...snapshot ? { snapshot } : {} });
    } else {
      io.out(renderWindow(w, useColor(io), columnsOf(io)));
      if (snapshot)
        io.out(
          `
snapshot ${snapshot.path}: ${snapshot.artifacts} artifacts, manifest ${snapshot.manifestSha256}
`
        );
    }
    return w.requirements.some((r) => r.status === "not_effective") ? CODES.FAILED : CODES.OK;
  });
}
function registerWindow(program) {
  return program.command("window").description("Type II evaluation of a framework over a review window, with exceptions and samples").option("--framework <id>", `framework (${FRAMEWORK_IDS.join(", ")})`).option("--from <date>", "first day of the window, YYYY-MM-DD (default: window.start)").option("--to <date>", "last day of the window, YYYY-MM-DD, inclusive (default: window.end)").option("--time-zone <tz>", "IANA time zone of the dates (default: window.timeZone or UTC)").option(
    "--snapshot <file.zip>",
    "also write the signed evidence snapshot of this window (check it with verify)"
  ).option(
    "--since-size <n>",
    "with --snapshot: include a consistency proof from this tree size (the auditor's kept checkpoint)"
  ).option(
    "--auditor-nonce <nonce>",
    "with --snapshot: the auditor's nonce (given after the closing checkpoint) seeding the samples"
  ).option("--force", "replace an existing --snapshot file").option("--json", "machine-readable output").addHelpText(
    "after",
    "\nExamples:\n  $ flux-evidence window --framework soc2-2017 --from 2026-01-01 --to 2026-03-31\n  $ flux-evidence window --framework soc2-2017 --snapshot q1.zip --force\n\nExit codes: 0 no requirement not effective, 1 a requirement is not effective, 2 bad option or configuration, 3 runtime error."
  ).action(async (opts, cmd) => {
    const io = processIo();
    await runAction(io, "window", () => runWindow(commandInput(cmd), opts, io));
  });
}

// shared/cli/commands/index.ts
function registerAll(program) {
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

// shared/cli/commands/snapshot.ts
init_errors();
import { CommanderError as CommanderError2 } from "commander";
var deploymentBacking = async ({ config: path, endpoint }) => {
  const { loadConfigFile: loadConfigFile2 } = await Promise.resolve().then(() => (init_load(), load_exports));
  const config = loadConfigFile2(path);
  const d = config.deployment;
  if (!d) {
    throw new DependencyError(
      "snapshot",
      "snapshot create, list and url work on the deployed platform (presigned S3 URLs): configure `deployment`"
    );
  }
  const { GetCallerIdentityCommand: GetCallerIdentityCommand4, STSClient: STSClient4 } = await import("@aws-sdk/client-sts");
  const { loadControls: loadControls2 } = await Promise.resolve().then(() => (init_frameworks(), frameworks_exports));
  const { buildDeploymentDeps: buildDeploymentDeps2 } = await Promise.resolve().then(() => (init_deployment(), deployment_exports));
  const who = await new STSClient4({ region: d.region, ...endpoint ? { endpoint } : {} }).send(
    new GetCallerIdentityCommand4({})
  );
  const service = buildDeploymentDeps2({
    region: d.region,
    ...endpoint ? { endpoint } : {},
    accountId: who.Account,
    bucket: d.evidenceBucket,
    table: d.ledgerTable,
    signingKeyArn: d.signingKeyArn,
    ...d.evidenceKeyArn ? { evidenceKeyArn: d.evidenceKeyArn } : {},
    origin: config.origin,
    auditors: config.auditors,
    retention: config.retention,
    controls: loadControls2(),
    exclusions: config.exclusions,
    toolVersion: "0.1.0"
  });
  return { service, caller: { kind: "operator", principal: who.Arn } };
};
var EXIT_USAGE = 2;
function registerSnapshot(program, deps = {}) {
  const backing = deps.backing ?? deploymentBacking;
  const out = deps.out ?? ((s) => process.stdout.write(s));
  const err = deps.err ?? ((s) => process.stderr.write(s));
  const run = (cmd, fn) => async () => {
    const g = cmd.optsWithGlobals();
    try {
      out(
        await fn(
          await backing({
            config: g.config ?? "flux.config.json",
            // The program's --endpoint (main.ts) or AWS_ENDPOINT_URL: one emulator switch for every command.
            ...g.endpoint ?? process.env.AWS_ENDPOINT_URL ? { endpoint: g.endpoint ?? process.env.AWS_ENDPOINT_URL } : {}
          }),
          Boolean(g.json)
        )
      );
    } catch (e) {
      if (!(e instanceof ValidationError || e instanceof AccessDeniedError)) throw e;
      err(
        `flux-evidence snapshot: ${e instanceof ValidationError ? e.issues.join("\n  ") : `${e.reason}: ${e.message}`}
`
      );
      throw new CommanderError2(EXIT_USAGE, "flux-evidence.exit", e.message);
    }
  };
  const snapshot = program.command("snapshot").description("build, list and share signed evidence snapshots for an audit engagement").option("--json", "machine-readable output");
  const create = snapshot.command("create").description("build a snapshot of one framework and window into the evidence bucket").requiredOption("--engagement <id>", "engagement (auditors[].engagement)").requiredOption("--framework <id>", "framework id, e.g. soc2-2017").requiredOption("--from <date>", "window start (YYYY-MM-DD)").requiredOption("--to <date>", "window end, included (YYYY-MM-DD)").option("--controls <ids>", "comma-separated control subset, e.g. IAM-01,LOG-01").option("--time-zone <tz>", "IANA time zone of the window days").option(
    "--since-size <n>",
    "include a consistency proof from this tree size (the auditor's kept checkpoint)"
  ).option(
    "--auditor-nonce <nonce>",
    "the auditor's nonce, given after the closing checkpoint, seeding the samples"
  ).option("--json", "machine-readable output");
  create.action(
    run(create, async (b, json5) => {
      const { CreateBodySchema: CreateBodySchema2, parseWith: parseWith2 } = await Promise.resolve().then(() => (init_requests2(), requests_exports2));
      const { createSnapshot: createSnapshot2 } = await Promise.resolve().then(() => (init_snapshots(), snapshots_exports));
      const o = create.opts();
      const ask = parseWith2("snapshot request", CreateBodySchema2, {
        engagement: o.engagement,
        framework: o.framework,
        window: { start: o.from, end: o.to, ...o.timeZone ? { timeZone: o.timeZone } : {} },
        ...o.controls ? { controls: o.controls.split(",").map((c) => c.trim()) } : {},
        ...o.sinceSize !== void 0 ? { sinceTreeSize: Number(o.sinceSize) } : {},
        ...o.auditorNonce !== void 0 ? { auditorNonce: o.auditorNonce } : {}
      });
      const s = await createSnapshot2(b.caller, ask, b.service);
      return json5 ? JSON.stringify(s, null, 2) + "\n" : `created ${s.key} (${s.artifacts} artifacts, manifest sha256 ${s.manifestSha256})
`;
    })
  );
  const list2 = snapshot.command("list").description("list an engagement's snapshots").requiredOption("--engagement <id>", "engagement").option("--json", "machine-readable output");
  list2.action(
    run(list2, async (b, json5) => {
      const { ListQuerySchema: ListQuerySchema2, parseWith: parseWith2 } = await Promise.resolve().then(() => (init_requests2(), requests_exports2));
      const { listSnapshots: listSnapshots2 } = await Promise.resolve().then(() => (init_snapshots(), snapshots_exports));
      const { engagement: engagement2 } = parseWith2("list request", ListQuerySchema2, {
        engagement: list2.opts().engagement
      });
      const all = await listSnapshots2(b.caller, engagement2, b.service);
      if (json5) return JSON.stringify(all, null, 2) + "\n";
      return all.map((s) => `${s.id}  ${s.framework}  ${s.window.start}..${s.window.end}  ${s.size ?? "?"} bytes`).join("\n") + (all.length ? "\n" : "");
    })
  );
  const url4 = snapshot.command("url").description("issue a presigned download URL (recorded as evidence)").argument("<id>", "snapshot id").requiredOption("--engagement <id>", "engagement").option("--expires-in <seconds>", "URL lifetime in seconds (default 3600, at most 604800)").option("--json", "machine-readable output");
  url4.action(
    run(url4, async (b, json5) => {
      const { UrlBodySchema: UrlBodySchema2, UrlPathSchema: UrlPathSchema2, parseWith: parseWith2 } = await Promise.resolve().then(() => (init_requests2(), requests_exports2));
      const { issueSnapshotUrl: issueSnapshotUrl2 } = await Promise.resolve().then(() => (init_snapshots(), snapshots_exports));
      const o = url4.opts();
      const { id } = parseWith2("snapshot id", UrlPathSchema2, { id: url4.args[0] });
      const expiresIn = o.expiresIn === void 0 ? void 0 : /^\d+$/.test(o.expiresIn) ? Number(o.expiresIn) : Number.NaN;
      const body = parseWith2("URL request", UrlBodySchema2, {
        engagement: o.engagement,
        ...expiresIn !== void 0 ? { expiresIn } : {}
      });
      const u2 = await issueSnapshotUrl2(b.caller, { ...body, id }, b.service);
      const note = u2.cappedBy ? ` (shortened by: ${u2.cappedBy.join(", ")})` : "";
      return json5 ? JSON.stringify(u2, null, 2) + "\n" : `${u2.url}
expires ${u2.expiresAt}${note}
`;
    })
  );
  const access = snapshot.command("access").description(
    "list every URL issued for an engagement's snapshots and every download (from the log's evidence)"
  ).requiredOption("--engagement <id>", "engagement").option("--json", "machine-readable output");
  access.action(
    run(access, async (b, json5) => {
      const { ListQuerySchema: ListQuerySchema2, parseWith: parseWith2 } = await Promise.resolve().then(() => (init_requests2(), requests_exports2));
      const { accessReport: accessReport2, formatAccessReport: formatAccessReport2 } = await Promise.resolve().then(() => (init_access_report(), access_report_exports));
      const { engagement: engagement2 } = parseWith2("access request", ListQuerySchema2, {
        engagement: access.opts().engagement
      });
      if (!b.service.auditors.some((a) => a.engagement === engagement2))
        throw new ValidationError("access request", [
          `engagement: no engagement ${engagement2} is configured`
        ]);
      const r = await accessReport2(engagement2, b.service);
      return json5 ? JSON.stringify(r, null, 2) + "\n" : formatAccessReport2(r);
    })
  );
  return snapshot;
}

// shared/cli/commands/verify.ts
init_errors();
import { existsSync as existsSync5, readFileSync as readFileSync7, statSync as statSync3 } from "node:fs";
import { CommanderError as CommanderError3 } from "commander";
var VERIFY_EXIT = { OK: 0, FAILED: 1, USAGE: 2 };
var NO_ANCHOR = `a trust anchor is required: --key <sha256 fingerprint|key.pem> or --trust <file>.
  Anyone can build a snapshot that passes every integrity check with a key of their own; only a key you
  received from the organisation out of band (e.g. in the engagement letter) proves who signed it.
  The operator prints it with \`flux-evidence key fingerprint\`. Use --insecure-unpinned to check integrity only.`;
var UNPINNED = "UNPINNED: integrity only, origin unproven (no --key or --trust given)";
async function runVerify(zipPath, opts, out = (s) => process.stdout.write(s), err = (s) => process.stderr.write(s)) {
  const fail = (m) => {
    err(`flux-evidence verify: ${m}
`);
    return VERIFY_EXIT.USAGE;
  };
  if (!existsSync5(zipPath)) return fail(`no such file: ${zipPath}`);
  if (statSync3(zipPath).isDirectory())
    return fail(`${zipPath} is a directory; give the snapshot .zip file itself (verify reads the archive)`);
  if (!statSync3(zipPath).isFile()) return fail(`${zipPath} is not a regular file`);
  if (opts.key === void 0 && opts.trust === void 0 && !opts.insecureUnpinned) return fail(NO_ANCHOR);
  const { pinnedFingerprint: pinnedFingerprint2, verifySnapshot: verifySnapshot2 } = await Promise.resolve().then(() => (init_verify(), verify_exports));
  const options = {};
  try {
    if (opts.key !== void 0) {
      options.pinnedKey = existsSync5(opts.key) ? readFileSync7(opts.key, "utf8") : opts.key;
      pinnedFingerprint2(options.pinnedKey);
    }
  } catch (e) {
    return fail(`--key: ${e instanceof ValidationError ? e.issues.join("; ") : "unreadable"}`);
  }
  try {
    if (opts.trust !== void 0) options.trustedKeys = readTrustFile(opts.trust, pinnedFingerprint2);
  } catch (e) {
    return fail(`--trust: ${e.message}`);
  }
  if (opts.since !== void 0) {
    try {
      options.since = JSON.parse(readFileSync7(opts.since, "utf8"));
    } catch {
      return fail(`--since: ${opts.since} is not a readable checkpoint JSON file`);
    }
  }
  if (opts.auditorNonce !== void 0) options.auditorNonce = opts.auditorNonce;
  const result = await verifySnapshot2(zipPath, options);
  out(opts.json ? JSON.stringify({ file: zipPath, ...result }, null, 2) + "\n" : report(zipPath, result));
  return result.ok ? VERIFY_EXIT.OK : VERIFY_EXIT.FAILED;
}
function readTrustFile(path, fingerprint) {
  if (!existsSync5(path) || !statSync3(path).isFile()) throw new Error(`no such file: ${path}`);
  const text3 = readFileSync7(path, "utf8");
  const keys = [];
  for (const m of text3.matchAll(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g))
    keys.push(m[0]);
  const rest = text3.replace(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g, "");
  for (const line of rest.split("\n")) {
    const l = line.replace(/#.*/, "").trim();
    if (l) keys.push(l);
  }
  if (keys.length === 0) throw new Error(`${path} lists no key`);
  return keys.map((k, i) => {
    try {
      return fingerprint(k);
    } catch (e) {
      throw new Error(
        `${path}: entry ${i + 1}: ${e instanceof ValidationError ? e.issues.join("; ") : "unreadable"}`
      );
    }
  });
}
function report(path, r) {
  const lines = r.origin === "unpinned" ? [UNPINNED] : [];
  lines.push(...r.checks.map((c) => `${c.ok ? "PASS" : "FAIL"}  ${c.name}: ${c.detail}`));
  if (r.population) {
    const ex = Object.entries(r.population.excluded).map(([reason, n]) => `${n} excluded (${reason})`);
    lines.push(
      `log leaves in the window: ${r.population.leaves}, included ${r.population.included}${ex.length ? `, ${ex.join(", ")}` : ""}`
    );
  }
  if (r.samplesOperatorChosen) lines.push("samples: operator-chosen (no auditor nonce was supplied)");
  const failed = r.checks.filter((c) => !c.ok).map((c) => c.name);
  lines.push("");
  if (!r.ok) lines.push(`${path}: ${failed.length} check(s) failed: ${failed.join(", ")}`);
  else if (r.origin === "unpinned") lines.push(`${path}: integrity holds (${r.checks.length} checks)`);
  else lines.push(`${path}: all ${r.checks.length} checks hold`);
  if (r.origin === "unpinned") lines.push(UNPINNED);
  return lines.join("\n") + "\n";
}
function registerVerify(program) {
  return program.command("verify").description("check a snapshot zip offline against the key you were given: hashes, signatures, proofs").argument("<snapshot.zip>", "the snapshot to check").option(
    "--key <sha256-fingerprint|pem-file>",
    "the organisation's key fingerprint (or PEM), received out of band"
  ).option("--trust <file>", "accepted keys: PEM blocks or fingerprints, one a line").option("--insecure-unpinned", "check integrity only; the origin stays unproven").option("--since <checkpoint.json>", "a checkpoint you kept: the log must extend it append-only").option("--auditor-nonce <nonce>", "the nonce you supplied: the samples must be drawn with it").option("--json", "machine-readable output").addHelpText("after", "\nExit codes: 0 every check holds, 1 a check failed, 2 usage error.").action(async (zipPath, opts, cmd) => {
    const json5 = Boolean(opts.json ?? cmd.optsWithGlobals().json);
    const code = await runVerify(zipPath, { ...opts, json: json5 });
    if (code !== 0) throw new CommanderError3(code, "flux-evidence.exit", `verify exited with ${code}`);
  });
}

// shared/cli/main.ts
var WORKFLOW_ORDER = [
  "demo",
  "doctor",
  "collect",
  "ingest",
  "evaluate",
  "status",
  "explain",
  "manual",
  "approval",
  "exception",
  "requests",
  "window",
  "audit",
  "snapshot",
  "verify",
  "key",
  "auditor",
  "deployment"
];
var EXAMPLES = `
Examples:
  $ npm run demo                                   # seeded company on the local emulator, report in demo-output/
  $ flux-evidence -c demo-output/flux.config.json status
  $ flux-evidence collect                          # AWS credentials from the default chain
  $ flux-evidence --endpoint http://127.0.0.1:5000 collect   # against an emulator (or set AWS_ENDPOINT_URL)
  $ flux-evidence window --framework soc2-2017 --from 2026-01-01 --to 2026-03-31 --snapshot q1.zip
  $ flux-evidence verify q1.zip --key <sha256-fingerprint>

Exit codes: 0 ok, 1 a check failed, 2 bad option or configuration, 3 runtime error.
Add --debug to any command to see the stack trace of a failure.`;
var GENERIC_EXIT_CODES = "\nExit codes: 0 ok, 1 a check failed, 2 bad option or configuration, 3 runtime error.";
var rank = (name) => {
  const i = WORKFLOW_ORDER.indexOf(name);
  return i < 0 ? WORKFLOW_ORDER.length : i;
};
function buildProgram() {
  const program = new Command("flux-evidence").description("Tamper-evident evidence collection for ISO 27001, SOC 2 Type II, NIS2 and GDPR").version(toolVersion(), "-V, --version", "print the version").option("-c, --config <file>", "configuration file", "flux.config.json").option(
    "--endpoint <url>",
    "AWS endpoint for every AWS call, e.g. a local emulator (or AWS_ENDPOINT_URL)"
  ).option("--debug", "print the stack trace of a failure").configureHelp({
    visibleCommands: (cmd) => new Help().visibleCommands(cmd).sort((a, b) => rank(a.name()) - rank(b.name()) || a.name().localeCompare(b.name()))
  }).addHelpText("after", EXAMPLES).showHelpAfterError().exitOverride();
  registerSnapshot(program);
  registerVerify(program);
  registerAll(program);
  addMissingExitCodes(program);
  program.hook("preAction", (_root, action) => {
    const g = action.optsWithGlobals();
    setDebug(g.debug === true);
    if (g.endpoint !== void 0) {
      if (!/^https?:\/\/[^\s/]+/.test(g.endpoint))
        throw new CommanderError4(
          CODES.USAGE,
          "flux-evidence.usage",
          `--endpoint: not an http(s) URL: ${g.endpoint}`
        );
      process.env.AWS_ENDPOINT_URL = g.endpoint;
    }
  });
  return program;
}
function addMissingExitCodes(cmd) {
  for (const c of cmd.commands) {
    let text3 = "";
    const own = { ...c.configureOutput() };
    c.configureOutput({ writeOut: (s) => text3 += s, writeErr: (s) => text3 += s });
    c.outputHelp();
    c.configureOutput(own);
    if (!/Exit codes:/i.test(text3)) c.addHelpText("after", GENERIC_EXIT_CODES);
    addMissingExitCodes(c);
  }
}
async function main(argv) {
  const program = buildProgram();
  setDebug(argv.includes("--debug"));
  if (argv.length <= 2) {
    program.outputHelp();
    return CODES.OK;
  }
  const endpointBefore = process.env.AWS_ENDPOINT_URL;
  try {
    await program.parseAsync(argv);
    return CODES.OK;
  } catch (err) {
    if (err instanceof CommanderError4) {
      if (err.code === "flux-evidence.exit") return err.exitCode;
      if (err.code === "flux-evidence.usage") {
        process.stderr.write(`flux-evidence: ${err.message}
`);
        return CODES.USAGE;
      }
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") {
        return CODES.OK;
      }
      return CODES.USAGE;
    }
    process.stderr.write(`flux-evidence: ${describeFailure(err)}
`);
    return CODES.ERROR;
  } finally {
    if (endpointBefore === void 0) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = endpointBefore;
  }
}
export {
  WORKFLOW_ORDER,
  buildProgram,
  main,
  toolVersion
};
