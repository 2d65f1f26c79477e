// A scripted agent session against Switchboard's MCP frontend with the official TypeScript SDK
// client. Run by TypeScriptClientTest: node scripted-session.mjs <mcp-url>. Prints one line per
// check and "ALL CHECKS PASSED" at the end; exits non-zero on the first failure.
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const url = new URL(process.argv[2]);
const ENDLESS = "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b";
let checks = 0;
function check(name) {
  checks++;
  console.log(`ok ${checks} ${name}`);
}

const client = new Client({ name: "ts-scripted-session", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(url));
check("initialize");
assert.equal(client.getServerVersion().name, "switchboard");

const { tools } = await client.listTools();
assert.deepEqual(tools.map((t) => t.name).sort(), ["cancel_query", "describe_table", "execute_query", "explain_query",
  "fetch_rows", "get_query_status", "list_engines", "list_schemas", "list_tables"]);
assert.ok(tools.every((t) => t.outputSchema && t.outputSchema.type === "object"));
check("tools/list with output schemas");

const tables = await client.callTool({ name: "list_tables", arguments: { pattern: "%item%" } });
assert.equal(tables.isError, false);
assert.deepEqual(tables.structuredContent.tables.map((t) => t.name), ["lineitem"]);
check("list_tables");

const description = await client.callTool({ name: "describe_table", arguments: { table: "supplier", sample_rows: 2 } });
assert.equal(description.structuredContent.row_count_estimate, 100);
assert.equal(description.structuredContent.sample_rows.length, 2);
check("describe_table");

const first = await client.callTool({
  name: "execute_query",
  arguments: { sql: "SELECT s_suppkey, s_name FROM supplier ORDER BY s_suppkey", max_rows: 40, intent: "list suppliers",
    agent_id: "ts-agent", conversation_id: "ts-conversation", step_index: 1 },
});
assert.equal(first.isError, false);
assert.equal(first.structuredContent.row_count, 40);
assert.equal(first.structuredContent.has_more, true);
assert.match(first.content[0].text, /40 rows of 100/);
const keys = first.structuredContent.rows.map((row) => row[0]);
let page = first.structuredContent;
for (let i = 0; i < 10 && page.has_more; i++) {
  const next = await client.callTool({ name: "fetch_rows", arguments: { query_id: page.query_id, cursor: page.next_cursor, max_rows: 40 } });
  page = next.structuredContent;
  keys.push(...page.rows.map((row) => row[0]));
}
assert.equal(keys.length, 100);
assert.equal(new Set(keys).size, 100);
check("execute_query and fetch_rows paging");

const failed = await client.callTool({ name: "execute_query", arguments: { sql: "SELECT s_nope FROM supplier" } });
assert.equal(failed.isError, true);
assert.equal(failed.structuredContent.error.code, "COLUMN_NOT_FOUND");
check("failing query is a tool error with a code");

const plan = await client.callTool({ name: "explain_query", arguments: { sql: "SELECT count(*) FROM lineitem" } });
assert.equal(plan.structuredContent.route.group, "main");
check("explain_query");

const engines = await client.callTool({ name: "list_engines", arguments: {} });
assert.equal(engines.structuredContent.groups[0].clusters[0].engine, "duckDb");
check("list_engines");

const templates = await client.listResourceTemplates();
assert.equal(templates.resourceTemplates[0].uriTemplate, "switchboard://tables/{catalog}/{schema}/{table}");
const resource = await client.readResource({ uri: "switchboard://tables/demo/main/part" });
const columns = JSON.parse(resource.contents[0].text).columns.map((c) => c.name);
assert.ok(columns.includes("p_partkey") && columns.includes("p_retailprice"));
const { resources } = await client.listResources();
assert.ok(resources.some((r) => r.uri === "switchboard://schemas"));
check("resources and templates");

// Progress while a long query runs, then cancellation through the SDK's AbortSignal, which
// sends notifications/cancelled.
const abort = new AbortController();
let queryId;
const running = client.callTool({ name: "execute_query", arguments: { sql: ENDLESS } }, undefined, {
  signal: abort.signal,
  timeout: 60000,
  onprogress: (progress) => {
    if (!queryId) {
      queryId = /query (\S+) /.exec(progress.message)[1];
      abort.abort("the agent lost interest");
    }
  },
});
await assert.rejects(running);
assert.ok(queryId, "a progress notification named the query");
check("progress notifications");
let state;
for (let i = 0; i < 300; i++) {
  const status = await client.callTool({ name: "get_query_status", arguments: { query_id: queryId } });
  state = status.structuredContent.state;
  if (state !== "RUNNING") break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
assert.equal(state, "CANCELED");
check("notifications/cancelled stops the query");

await client.close();
console.log(`ALL CHECKS PASSED (${checks})`);
