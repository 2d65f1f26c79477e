package io.switchboard.routing.rules;

import static io.switchboard.routing.rules.RoutingTables.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.RouteAnswer;
import io.switchboard.core.pipeline.RoutingTrace;
import io.switchboard.core.session.FrontendProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One GraalPy runtime for the class: starting one takes seconds. */
final class PythonScriptRouterTest {
    private static final String GROUPS = """
            clusters:
              duck: {engine: duckDb}
            clusterGroups:
              default: {members: [duck]}
              heavy: {members: [duck]}
              light: {members: [duck]}
              agents: {members: [duck]}
            routingFallback: default
            """;
    private static final String ROUTE_SCRIPT = """
            import re

            def route(query, ctx):
                if ctx["protocol"] == "mcp":
                    return "agents"
                if re.search(r"(?i)\\bjoin\\b", query) or "lineitem" in ctx["tables"]:
                    return "heavy"
                if ctx["extra"].get("application_name") == "dashboard":
                    return "light"
                if ctx["tags"].get("team") == "eng" and "engineers" in ctx.get("auth", {}).get("groups", []):
                    return "heavy"
                if ctx["hints"].get("engine") == "light" and ctx["statementKind"] == "SELECT":
                    return "light"
                if "raise" in query:
                    raise RuntimeError("no route for " + ctx["user"])
                if "number" in query:
                    return 42
                if "ghost" in query:
                    return "ghost"
                if "secret" in query:
                    return open("/etc/passwd").read()[:5]
                return None
            """;

    private static Path directory;
    private static Path scriptFile;
    private static SimpleMeterRegistry registry;
    private static RuleRouters rules;
    private static PythonScriptRouter inline;
    private static PythonScriptRouter fromFile;
    private static PythonScriptRouter replaceable;
    private static PythonScriptRouter spinner;

    @BeforeAll
    static void startPython() throws IOException {
        directory = Files.createTempDirectory("routing-scripts-");
        scriptFile = directory.resolve("route.py");
        Files.writeString(scriptFile, "def route(query, ctx):\n    return 'light'\n");
        registry = new SimpleMeterRegistry();
        String routers = """
                routers:
                  - type: protocolBased
                    postgresWire: default
                    name: never-postgres
                    mysqlWire: heavy
                  - type: pythonScript
                    name: inline
                    # Generous: on a loaded machine an interpreted call can take a while, and
                    # only the spinner below is meant to time out.
                    timeoutMs: 30000
                    script: |
                """ + ROUTE_SCRIPT.indent(6) + """
                  - type: pythonScript
                    name: from-file
                    script: ""
                    scriptFile: %s
                  - type: pythonScript
                    name: replaceable
                    script: "def route(query, ctx):\n    return None\n"
                  - type: pythonScript
                    name: spinner
                    timeoutMs: 300
                    script: |
                      def route(query, ctx):
                          while "spin" in query:
                              pass
                          return "agents"
                """.formatted(scriptFile);
        SwitchboardConfig config = RoutingTables.config(GROUPS + routers);
        rules = RuleRouters.create(config, registry);
        inline = rules.scripts().get(0);
        fromFile = rules.scripts().get(1);
        replaceable = rules.scripts().get(2);
        spinner = rules.scripts().get(3);
    }

    @AfterAll
    static void stopPython() throws IOException {
        if (rules != null) {
            rules.close();
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    private static RouteAnswer answer(PythonScriptRouter router, RoutingTables.Query query) {
        return router.route(query.context());
    }

    @Test
    void theScriptSeesTheQueryAndItsContext() {
        assertThat(answer(inline, query("SELECT 1").from(FrontendProtocol.MCP))).isEqualTo(RouteAnswer.to("agents", 1.0, "route() returned agents"));
        assertThat(answer(inline, query("SELECT * FROM a JOIN b ON a.x = b.x")).group()).isEqualTo("heavy");
        assertThat(answer(inline, query("SELECT count(*) FROM lineitem")).group()).isEqualTo("heavy");
        assertThat(answer(inline, query("SELECT 1").property("application_name", "dashboard")).group()).isEqualTo("light");
        assertThat(answer(inline, query("SELECT 1").property("query_tags", "team:eng").as("bob", "engineers")).group()).isEqualTo("heavy");
        assertThat(answer(inline, query("SELECT 1").property("query_tags", "team:eng")).action())
                .as("auth is only there for an authenticated user").isEqualTo(RouteAnswer.Action.PASS);
        assertThat(answer(inline, query("SELECT 1").engineHint("light")).group()).isEqualTo("light");
        assertThat(answer(inline, query("SELECT 1"))).isEqualTo(RouteAnswer.pass("route() returned None"));
    }

    @Test
    void inTheChainTheScriptAnswersAfterTheRoutersBeforeIt() {
        RoutingTrace trace = rules.chain().route(query("SELECT 1").property("application_name", "dashboard").context());
        assertThat(trace.group()).isEqualTo("default");
        assertThat(trace.decidedBy()).isEqualTo("never-postgres");
        RoutingTrace mcp = rules.chain().route(query("SELECT 1").from(FrontendProtocol.MCP).context());
        assertThat(mcp.decidedBy()).isEqualTo("inline");
        assertThat(mcp.steps()).extracting(RoutingTrace.Step::router).containsExactly("never-postgres", "inline");
        assertThat(mcp.steps().get(1).answer().reason()).isEqualTo("route() returned agents");
    }

    @Test
    void aScriptThatFailsTimesOutOrAnswersNonsensePassesAndIsCounted() {
        RouteAnswer timedOut = answer(spinner, query("SELECT 'spin'"));
        assertThat(timedOut.action()).isEqualTo(RouteAnswer.Action.PASS);
        assertThat(timedOut.reason()).isEqualTo("script timed out: the script ran longer than 300 ms");
        assertThat(answer(inline, query("SELECT 1").from(FrontendProtocol.MCP)).group()).as("the runtime survives an interrupt").isEqualTo("agents");

        assertThat(answer(inline, query("SELECT 'raise'")).reason()).startsWith("script failed: RuntimeError: no route for alice");
        assertThat(answer(inline, query("SELECT 'number'")).reason())
                .isEqualTo("script failed: TypeError: route() must return a group name (str) or None, not int");
        assertThat(answer(inline, query("SELECT 'ghost'")).reason()).isEqualTo("route() returned unknown group 'ghost'");
        assertThat(answer(inline, query("SELECT 'secret'")).reason()).as("no file system in the sandbox").contains("script failed");

        assertThat(registry.get("switchboard.routing.script.errors").tags("router", "spinner", "kind", "timeout").counter().count()).isEqualTo(1);
        assertThat(registry.get("switchboard.routing.script.errors").tags("router", "inline", "kind", "error").counter().count()).isEqualTo(3);
        assertThat(registry.get("switchboard.routing.script.errors").tags("router", "inline", "kind", "unknown_group").counter().count()).isEqualTo(1);
        assertThat(inline.status().lastError()).isNotNull();
    }

    @Test
    void aChangedScriptFileIsReloadedAndABrokenOneKeepsTheLastGoodVersion() throws IOException {
        assertThat(answer(fromFile, query("SELECT 1")).group()).isEqualTo("light");

        write("def route(query, ctx):\n    return 'heavy'\n", 1);
        fromFile.reloadIfChanged();
        assertThat(answer(fromFile, query("SELECT 1")).group()).isEqualTo("heavy");
        Instant loaded = fromFile.status().loadedAt();

        write("def route(query, ctx)\n    return 'light'\n", 2);
        fromFile.reloadIfChanged();
        assertThat(answer(fromFile, query("SELECT 1")).group()).as("the last good version keeps routing").isEqualTo("heavy");
        assertThat(fromFile.status().lastError()).startsWith("load: SyntaxError");
        assertThat(fromFile.status().loadedAt()).isEqualTo(loaded);
        assertThat(registry.get("switchboard.routing.script.errors").tags("router", "from-file", "kind", "load").counter().count()).isEqualTo(1);

        write("def route(query, ctx):\n    return None\n", 3);
        fromFile.reloadIfChanged();
        assertThat(answer(fromFile, query("SELECT 1")).action()).isEqualTo(RouteAnswer.Action.PASS);
        assertThat(fromFile.status().lastError()).isNull();
    }

    @Test
    void replacingAScriptChecksItFirst() {
        PythonScriptRouter router = replaceable;
        assertThatThrownBy(() -> router.replaceScript("def other(query, ctx):\n    return 'light'\n"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("defines no function route(query, ctx)");
        router.replaceScript("def route(query, ctx):\n    return 'agents' if ctx['user'] == 'bot' else None\n");
        assertThat(answer(router, query("SELECT 1").as("bot")).group()).isEqualTo("agents");
    }

    @Test
    void aScriptThatDoesNotLoadAtStartIsAConfigurationError() {
        assertThatThrownBy(() -> RuleRouters.create(RoutingTables.config(GROUPS + """
                routers:
                  - type: pythonScript
                    script: |
                      def route(query, ctx):
                          return undefined_name(
                """), new SimpleMeterRegistry()))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("routers[0].script (line 11): the script does not load: SyntaxError");
        assertThatThrownBy(() -> RuleRouters.create(RoutingTables.config(GROUPS + """
                routers:
                  - {type: pythonScript, scriptFile: /nonexistent/route.py}
                """), new SimpleMeterRegistry()))
                .hasMessageContaining("routers[0].scriptFile (line 10): cannot read /nonexistent/route.py");
    }

    /** Writes the script file with a modification time that differs from the previous one, whatever the file system's clock resolution. */
    private static void write(String source, int version) throws IOException {
        Files.writeString(scriptFile, source);
        Files.setLastModifiedTime(scriptFile, FileTime.from(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(version)));
    }
}
