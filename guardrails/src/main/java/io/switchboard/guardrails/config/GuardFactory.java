package io.switchboard.guardrails.config;

import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.pipeline.Guard;
import io.switchboard.guardrails.approval.ApprovalPolicy;
import io.switchboard.guardrails.approval.HumanApprovalGuard;
import io.switchboard.guardrails.pii.MaskingOperator;
import io.switchboard.guardrails.pii.PiiEntity;
import io.switchboard.guardrails.pii.PiiMaskGuard;
import io.switchboard.guardrails.pii.PiiPolicy;
import io.switchboard.guardrails.readonly.ReadOnlyGuard;
import io.switchboard.guardrails.readonly.ReadOnlyOptions;
import io.switchboard.guardrails.readonly.ReadOnlyVocabulary;
import io.switchboard.guardrails.rowlimit.RowLimitGuard;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds one guard from its configuration entry, in either naming form. */
final class GuardFactory {
    private static final Logger log = LoggerFactory.getLogger(GuardFactory.class);
    public static final int DEFAULT_MAX_ROWS = 1000;

    private GuardFactory() {}

    static Guard create(String type, GuardOptions options) {
        String compact = type.replace("_", "").toLowerCase(Locale.ROOT);
        ConfigNode node = options.node();
        String typeKey = options.snakeCase() ? "name" : "type";
        return switch (compact) {
            case "readonly" -> readOnly(options);
            case "rowlimit" -> new RowLimitGuard(node.longValue(options.key("maxRows"), DEFAULT_MAX_ROWS, 1, 1_000_000_000));
            case "piimask" -> piiMask(options);
            case "costestimate" -> CostEstimateOptions.create(options);
            case "humanapproval" -> humanApproval(options);
            default -> throw node.valueError(typeKey, "unknown guard '" + type + "'; available: "
                    + (options.snakeCase() ? "read_only, row_limit, cost_estimate, pii_mask, human_approval"
                            : "readOnly, rowLimit, costEstimate, piiMask, humanApproval"));
        };
    }

    private static Guard readOnly(GuardOptions options) {
        ConfigNode node = options.node();
        Set<String> denied = new HashSet<>(ReadOnlyVocabulary.DEFAULT_DENIED_FUNCTIONS);
        for (String name : node.stringList(options.key("denyFunctions"))) {
            denied.add(name.toLowerCase(Locale.ROOT));
        }
        for (String name : node.stringList(options.key("allowFunctions"))) {
            if (!denied.remove(name.toLowerCase(Locale.ROOT))) {
                throw node.valueError(options.key("allowFunctions"), "'" + name + "' is not a denied function (families such "
                        + "as read_* are allowed by their exact entry, e.g. read_*)");
            }
        }
        Set<String> settings = node.has(options.key("allowedSettings"))
                ? Set.copyOf(node.stringList(options.key("allowedSettings")))
                : ReadOnlyVocabulary.DEFAULT_ALLOWED_SETTINGS;
        try {
            return new ReadOnlyGuard(new ReadOnlyOptions(denied, settings,
                    node.bool(options.key("allowTransactionControl"), true), node.bool(options.key("requireParse"), false)));
        } catch (IllegalArgumentException e) {
            throw node.valueError(options.key("allowedSettings"), e.getMessage());
        }
    }

    private static Guard humanApproval(GuardOptions options) {
        ConfigNode node = options.node();
        Double cost = null;
        if (node.has(options.key("costAboveDollars"))) {
            cost = node.doubleValue(options.key("costAboveDollars"), 0);
            if (!(cost >= 0)) {
                throw node.valueError(options.key("costAboveDollars"), "must be zero or more but is " + cost);
            }
        }
        String unknown = node.string(options.key("whenCostUnknown"), "hold");
        if (!unknown.equals("hold") && !unknown.equals("allow")) {
            throw node.valueError(options.key("whenCostUnknown"), "must be 'hold' or 'allow', not '" + unknown + "'");
        }
        if (node.has(options.key("whenCostUnknown")) && cost == null) {
            throw node.valueError(options.key("whenCostUnknown"), "applies only together with " + options.key("costAboveDollars"));
        }
        List<TableReference> tables = new java.util.ArrayList<>();
        for (String table : node.stringList("tables")) {
            try {
                tables.add(TableReference.parse(table));
            } catch (IllegalArgumentException e) {
                throw node.valueError("tables", "'" + table + "' is not a table name: " + e.getMessage());
            }
        }
        long deadline = node.longValue(options.key("deadlineSecs"), ApprovalPolicy.DEFAULT_DEADLINE.toSeconds(), 1, 7 * 24 * 3600);
        try {
            return new HumanApprovalGuard(new ApprovalPolicy(cost, unknown.equals("hold"), tables,
                    Set.copyOf(node.stringList("agents")), Set.copyOf(node.stringList("users")),
                    node.bool("writes", false), java.time.Duration.ofSeconds(deadline)));
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static Guard piiMask(GuardOptions options) {
        ConfigNode node = options.node();
        MaskingOperator defaultOperator = operator(node, options.key("defaultOperator"),
                node.string(options.key("defaultOperator"), MaskingOperator.MASK.configName()));
        Map<PiiEntity, MaskingOperator> operators = new EnumMap<>(PiiEntity.class);
        for (Map.Entry<String, String> entry : node.stringMap("operators").entrySet()) {
            operators.put(entity(node, "operators", entry.getKey()), operator(node, "operators", entry.getValue()));
        }
        Map<PiiEntity, String> replacements = new EnumMap<>(PiiEntity.class);
        for (Map.Entry<String, String> entry : node.stringMap("replacements").entrySet()) {
            replacements.put(entity(node, "replacements", entry.getKey()), entry.getValue());
        }
        Map<String, PiiEntity> columns = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : node.stringMap("columns").entrySet()) {
            columns.put(entry.getKey(), entity(node, "columns", entry.getValue()));
        }
        List<String> ignored = node.stringList(options.key("ignoreColumns"));
        String hashKeyText = node.string(options.key("hashKey"), "");
        byte[] hashKey;
        if (hashKeyText.isEmpty()) {
            hashKey = new byte[32];
            new SecureRandom().nextBytes(hashKey);
            boolean hashes = defaultOperator == MaskingOperator.HASH || operators.containsValue(MaskingOperator.HASH);
            if (hashes) {
                log.warn("PIIMask hashes values but has no {}; a random key is used, so hashes change at every start "
                        + "(give one from the environment, e.g. {}: ${SWITCHBOARD_PII_KEY})", options.key("hashKey"), options.key("hashKey"));
            }
        } else {
            hashKey = hashKeyText.getBytes(StandardCharsets.UTF_8);
            if (hashKey.length < 16) {
                throw node.valueError(options.key("hashKey"), "must have at least 16 bytes (32 random characters are better)");
            }
        }
        int sampleRows = node.integer(options.key("sampleRows"), PiiPolicy.DEFAULT_SAMPLE_ROWS, 1, 100_000);
        double ratio = node.doubleValue(options.key("minMatchRatio"), PiiPolicy.DEFAULT_MIN_MATCH_RATIO);
        if (!(ratio > 0 && ratio <= 1)) {
            throw node.valueError(options.key("minMatchRatio"), "must be greater than 0 and at most 1 but is " + ratio);
        }
        String redacted = node.string(options.key("redactedText"), PiiPolicy.DEFAULT_REDACTED_TEXT);
        return new PiiMaskGuard(new PiiPolicy(operators, defaultOperator, replacements, redacted, hashKey, sampleRows, ratio,
                columns, Set.copyOf(ignored)));
    }

    private static PiiEntity entity(ConfigNode node, String key, String name) {
        return PiiEntity.fromConfigName(name).orElseThrow(() -> node.valueError(key, "unknown PII entity '" + name
                + "'; known entities are " + java.util.Arrays.stream(PiiEntity.values()).map(PiiEntity::configName).toList()));
    }

    private static MaskingOperator operator(ConfigNode node, String key, String name) {
        return MaskingOperator.fromConfigName(name).orElseThrow(() -> node.valueError(key, "unknown operator '" + name
                + "'; known operators are redact, mask, hash, replace, keep"));
    }
}
