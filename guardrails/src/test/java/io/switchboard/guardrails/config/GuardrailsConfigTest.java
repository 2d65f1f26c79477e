package io.switchboard.guardrails.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.Guard;
import io.switchboard.core.pipeline.VerdictAction;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.sql.Dialect;
import io.switchboard.guardrails.GuardTesting;
import io.switchboard.guardrails.cost.CostEstimateGuard;
import io.switchboard.guardrails.cost.CostPolicy;
import io.switchboard.guardrails.cost.Pricing;
import io.switchboard.guardrails.pii.MaskingOperator;
import io.switchboard.guardrails.pii.PiiEntity;
import io.switchboard.guardrails.pii.PiiMaskGuard;
import io.switchboard.guardrails.pii.PiiPolicy;
import io.switchboard.guardrails.readonly.ReadOnlyGuard;
import io.switchboard.guardrails.readonly.ReadOnlyOptions;
import io.switchboard.guardrails.rowlimit.RowLimitGuard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Both configuration forms map every key; defaults are recorded; mistakes name their key and line. */
final class GuardrailsConfigTest {
    private static GuardrailsProvider parse(String guardrails) {
        return parse(guardrails, Map.of());
    }

    private static GuardrailsProvider parse(String guardrails, Map<String, String> environment) {
        String yaml = """
                clusters:
                  duck:
                    engine: duckDb
                clusterGroups:
                  analytics:
                    members: [duck]
                routingFallback: analytics
                guardrails:
                %s
                """.formatted(guardrails.indent(2).stripTrailing());
        SwitchboardConfig config = ConfigLoader.load(yaml, List.of(), environment::get);
        ConfigNode node = config.guardrails();
        return GuardrailsConfig.parse(node, config.clusterGroups().keySet());
    }

    private static List<Guard> guards(GuardrailsProvider provider, FrontendProtocol frontend, String user) {
        return provider.globalGuards(GuardTesting.context("SELECT 1", Dialect.POSTGRES, frontend, user));
    }

    @Test
    void queryFluxFormLoads() {
        GuardrailsProvider provider = parse("""
                global:
                  - {kind: built_in, name: read_only}
                  - {kind: built_in, name: row_limit, max_rows: 1000}
                groups:
                  analytics:
                    - kind: built_in
                      name: pii_mask
                      default_operator: hash
                      hash_key: 0123456789abcdef0123
                      sample_rows: 50
                      min_match_ratio: 0.9
                      ignore_columns: [notes]
                """);
        List<Guard> global = guards(provider, FrontendProtocol.POSTGRES_WIRE, "u");
        assertThat(global).hasSize(2);
        assertThat(global.get(0)).isInstanceOf(ReadOnlyGuard.class);
        assertThat(((RowLimitGuard) global.get(1)).maxRows()).isEqualTo(1000);
        List<Guard> group = provider.groupGuards("analytics", GuardTesting.context("SELECT 1", Dialect.POSTGRES));
        PiiPolicy policy = ((PiiMaskGuard) group.getFirst()).policy();
        assertThat(policy.defaultOperator()).isEqualTo(MaskingOperator.HASH);
        assertThat(policy.sampleRows()).isEqualTo(50);
        assertThat(policy.minMatchRatio()).isEqualTo(0.9);
        assertThat(policy.ignoredColumns()).containsExactly("notes");
        assertThat(provider.groupGuards("other", GuardTesting.context("SELECT 1", Dialect.POSTGRES))).isEmpty();
    }

    @Test
    void ownFormMapsEveryKeyWithConditions() {
        GuardrailsProvider provider = parse("""
                global:
                  - type: readOnly
                    denyFunctions: [my_side_effect]
                    allowFunctions: [set_config]
                    allowedSettings: [application_name]
                    allowTransactionControl: false
                    requireParse: true
                    unless: {users: [admin]}
                frontends:
                  mcp:
                    - {type: rowLimit, maxRows: 50}
                users:
                  analyst:
                    - type: piiMask
                      operators: {email: keep, credit_card: redact}
                      replacements: {phone: "+00"}
                      redactedText: "***"
                      hashKey: ${PII_KEY}
                      columns: {contact: email}
                      when: {userGroups: [agents]}
                """, Map.of("PII_KEY", "a-key-from-the-environment"));
        List<Guard> admin = guards(provider, FrontendProtocol.MCP, "admin");
        assertThat(admin).singleElement().isInstanceOf(RowLimitGuard.class);
        List<Guard> agent = guards(provider, FrontendProtocol.MCP, "agent");
        assertThat(agent).hasSize(2);
        ReadOnlyOptions options = ((ReadOnlyGuard) agent.get(0)).options();
        assertThat(options.deniedFunctions()).contains("my_side_effect", "pg_read_*").doesNotContain("set_config");
        assertThat(options.allowedSettings()).containsExactly("application_name");
        assertThat(options.allowTransactionControl()).isFalse();
        assertThat(options.requireParse()).isTrue();
        assertThat(((RowLimitGuard) agent.get(1)).maxRows()).isEqualTo(50);
        assertThat(guards(provider, FrontendProtocol.POSTGRES_WIRE, "agent")).singleElement().isInstanceOf(ReadOnlyGuard.class);
        // The analyst's PIIMask applies only to sessions in the agents group.
        assertThat(guards(provider, FrontendProtocol.POSTGRES_WIRE, "analyst")).hasSize(1);
        io.switchboard.core.session.Session session = io.switchboard.core.session.Session.builder("analyst", FrontendProtocol.POSTGRES_WIRE)
                .groups(Set.of("agents")).build();
        List<Guard> analyst = provider.globalGuards(io.switchboard.core.pipeline.QueryContext.of(
                io.switchboard.core.session.QueryRequest.of("SELECT 1", Dialect.POSTGRES, session),
                new io.switchboard.core.analysis.QueryAnalyzer().analyze("SELECT 1", Dialect.POSTGRES)));
        PiiPolicy policy = ((PiiMaskGuard) analyst.get(1)).policy();
        assertThat(policy.operatorFor(PiiEntity.EMAIL)).isEqualTo(MaskingOperator.KEEP);
        assertThat(policy.operatorFor(PiiEntity.CREDIT_CARD)).isEqualTo(MaskingOperator.REDACT);
        assertThat(policy.replacementFor(PiiEntity.PHONE)).isEqualTo("+00");
        assertThat(policy.redactedText()).isEqualTo("***");
        assertThat(new String(policy.hashKey(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("a-key-from-the-environment");
        assertThat(policy.configuredColumn("CONTACT")).contains(PiiEntity.EMAIL);
    }

    @Test
    void defaultsAreRecorded() {
        GuardrailsProvider provider = parse("""
                global:
                  - type: readOnly
                  - type: rowLimit
                  - type: piiMask
                """);
        List<Guard> guards = guards(provider, FrontendProtocol.MCP, "u");
        assertThat(((ReadOnlyGuard) guards.get(0)).options()).isEqualTo(ReadOnlyOptions.DEFAULTS);
        assertThat(((RowLimitGuard) guards.get(1)).maxRows()).isEqualTo(1000);
        PiiPolicy policy = ((PiiMaskGuard) guards.get(2)).policy();
        assertThat(policy.defaultOperator()).isEqualTo(MaskingOperator.MASK);
        assertThat(policy.operators()).isEmpty();
        assertThat(policy.sampleRows()).isEqualTo(PiiPolicy.DEFAULT_SAMPLE_ROWS);
        assertThat(policy.minMatchRatio()).isEqualTo(PiiPolicy.DEFAULT_MIN_MATCH_RATIO);
        assertThat(policy.redactedText()).isEqualTo("[REDACTED]");
        assertThat(policy.columns()).isEmpty();
        assertThat(policy.ignoredColumns()).isEmpty();
        assertThat(policy.hashKey()).hasSize(32);
        assertThat(parse("{}").globalEntries()).isEmpty();
    }

    @Test
    void mistakesNameTheirKeyAndLine() {
        assertThatThrownBy(() -> parse("""
                global:
                  - type: rowLimit
                    maxRow: 10
                """)).isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("guardrails.global[0].maxRow (line 11)").hasMessageContaining("did you mean 'maxRows'");
        assertThatThrownBy(() -> parse("globals: []")).hasMessageContaining("unknown key 'globals'");
        assertThatThrownBy(() -> parse("global: [{type: readOnly, when: {frontends: [telnet]}}]"))
                .hasMessageContaining("unknown frontend 'telnet'");
        assertThatThrownBy(() -> parse("global: [{type: costEstimate, onNoEstimate: maybe}]"))
                .hasMessageContaining("guardrails.global[0].onNoEstimate (line 9)").hasMessageContaining("must be one of");
        assertThatThrownBy(() -> parse("global: [{type: costEstimate, denyAboveDollars: -1}]"))
                .hasMessageContaining("guardrails.global[0].denyAboveDollars (line 9)").hasMessageContaining("zero or more");
        assertThatThrownBy(() -> parse("global: [{type: costEstimate, warnAboveDollar: 1}]"))
                .hasMessageContaining("guardrails.global[0].warnAboveDollar (line 9)").hasMessageContaining("unknown key 'warnAboveDollar'");
        assertThatThrownBy(() -> parse("""
                global:
                  - type: costEstimate
                    pricing:
                      model: scan
                      engines: {bigQuery: {dollarsPerTb: 6}}
                """)).hasMessageContaining("guardrails.global[0].pricing.engines.bigQuery (line 13)")
                .hasMessageContaining("unknown engine type 'bigQuery'");
        assertThatThrownBy(() -> parse("global: [{type: costEstimate, pricing: {model: compute}}]"))
                .hasMessageContaining("guardrails.global[0].pricing.model (line 9)").hasMessageContaining("needs dollarsPerCpuSecond");
        assertThatThrownBy(() -> parse("global: [{type: costEstimate, pricing: {model: scan, dollarsPerCpuSecond: 1}}]"))
                .hasMessageContaining("pricing.dollarsPerCpuSecond").hasMessageContaining("model: compute");
        assertThatThrownBy(() -> parse("global: [{type: costEstimate, pricing: {model: bytes}}]"))
                .hasMessageContaining("pricing.model").hasMessageContaining("must be one of");
        assertThatThrownBy(() -> parse("global: [{type: costEstimate, timeout: 2}]")).hasMessageContaining("guardrails.global[0].timeout")
                .hasMessageContaining("a duration");
        assertThatThrownBy(() -> parse("global: [{kind: built_in, name: human_approval}]"))
                .hasMessageContaining("guardrails.global[0] (line").hasMessageContaining("the policy holds nothing");
        assertThatThrownBy(() -> parse("global: [{type: sqlFirewall}]")).hasMessageContaining("unknown guard 'sqlFirewall'");
        assertThatThrownBy(() -> parse("global: [{kind: custom, name: x}]")).hasMessageContaining("only built_in guards");
        assertThatThrownBy(() -> parse("global: [{maxRows: 5}]")).hasMessageContaining("each guard needs 'type'");
        assertThatThrownBy(() -> parse("groups: {nowhere: [{type: readOnly}]}")).hasMessageContaining("unknown cluster group 'nowhere'");
        assertThatThrownBy(() -> parse("global: [{type: piiMask, operators: {email: scramble}}]")).hasMessageContaining("unknown operator 'scramble'");
        assertThatThrownBy(() -> parse("global: [{type: piiMask, hashKey: short}]")).hasMessageContaining("at least 16 bytes");
        assertThatThrownBy(() -> parse("global: [{type: readOnly, allowedSettings: [role]}]")).hasMessageContaining("cannot be allowed");
        assertThatThrownBy(() -> parse("global: [{type: rowLimit, maxRows: 0}]")).hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> parse("global: [{type: readOnly, allowFunctions: [pg_read_file]}]"))
                .hasMessageContaining("'pg_read_file' is not a denied function");
    }

    @Test
    void costEstimateMapsEveryKeyInBothForms() {
        GuardrailsProvider provider = parse("""
                global:
                  - type: costEstimate
                    pricing:
                      model: scan
                      dollarsPerTb: 6.25
                      rowsPerCpuSecond: 5000000
                      engines:
                        trino: {model: compute, dollarsPerCpuSecond: 0.0001}
                      clusters:
                        duck: {dollarsPerTb: 1}
                    warnAboveDollars: 0.5
                    holdAboveDollars: 5
                    denyAboveDollars: 50
                    warnAboveRows: 1000
                    holdAboveRows: 2000
                    denyAboveRows: 3000
                    warnAboveBytes: 10
                    holdAboveBytes: 20
                    denyAboveBytes: 30
                    onNoEstimate: deny
                    timeout: 500ms
                  - {kind: built_in, name: cost_estimate, pricing: {model: compute, dollars_per_cpu_second: 0.002}, deny_above_dollars: 7,
                     on_no_estimate: hold}
                """);
        CostPolicy policy = ((CostEstimateGuard) provider.globalEntries().get(0).guard()).policy();
        assertThat(policy.defaultPricing()).isEqualTo(new Pricing(Pricing.Model.SCAN, 6.25, 0, 5_000_000));
        assertThat(policy.pricingFor("elsewhere", EngineType.TRINO)).isEqualTo(new Pricing(Pricing.Model.COMPUTE, 6.25, 0.0001, 5_000_000));
        assertThat(policy.pricingFor("duck", EngineType.TRINO)).isEqualTo(new Pricing(Pricing.Model.SCAN, 1, 0, 5_000_000));
        assertThat(policy.pricingFor("elsewhere", EngineType.POSTGRES)).isEqualTo(policy.defaultPricing());
        assertThat(policy.warnAbove()).isEqualTo(new CostPolicy.Limits(0.5, 1000, 10));
        assertThat(policy.holdAbove()).isEqualTo(new CostPolicy.Limits(5, 2000, 20));
        assertThat(policy.denyAbove()).isEqualTo(new CostPolicy.Limits(50, 3000, 30));
        assertThat(policy.onNoEstimate()).isEqualTo(VerdictAction.DENY);
        assertThat(policy.timeout()).isEqualTo(Duration.ofMillis(500));
        CostEstimateGuard snake = (CostEstimateGuard) provider.globalEntries().get(1).guard();
        assertThat(snake.policy().defaultPricing()).isEqualTo(new Pricing(Pricing.Model.COMPUTE, Pricing.DEFAULT_DOLLARS_PER_TB, 0.002,
                Pricing.DEFAULT_ROWS_PER_CPU_SECOND));
        assertThat(snake.policy().denyAbove().dollars()).isEqualTo(7);
        assertThat(snake.policy().onNoEstimate()).isEqualTo(VerdictAction.HOLD);
        assertThat(snake.needsRoute()).isTrue();
    }

    @Test
    void costEstimateDefaultsAreRecorded() {
        CostPolicy policy = ((CostEstimateGuard) parse("global: [{type: costEstimate}]").globalEntries().get(0).guard()).policy();
        assertThat(policy.defaultPricing()).isEqualTo(new Pricing(Pricing.Model.SCAN, 5, 0, 10_000_000));
        assertThat(policy.enginePricing()).isEmpty();
        assertThat(policy.clusterPricing()).isEmpty();
        assertThat(policy.warnAbove()).isEqualTo(CostPolicy.Limits.NONE);
        assertThat(policy.holdAbove()).isEqualTo(CostPolicy.Limits.NONE);
        assertThat(policy.denyAbove()).isEqualTo(CostPolicy.Limits.NONE);
        assertThat(policy.onNoEstimate()).isEqualTo(VerdictAction.WARN);
        assertThat(policy.timeout()).isEqualTo(Duration.ofSeconds(2));
    }
}
