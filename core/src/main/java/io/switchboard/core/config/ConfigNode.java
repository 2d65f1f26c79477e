package io.switchboard.core.config;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A view of one YAML node that reads typed values and remembers which keys were read, so that
 * whatever nobody read can be reported as unknown — with its dotted path and line.
 *
 * <p>Modules read their own sections: the server hands a cluster's node to its engine factory,
 * which reads its engine-specific keys and then calls {@link #rejectUnknownKeys()}.
 *
 * <p>Scalars may reference environment variables as {@code ${NAME}} or {@code ${NAME:-default}},
 * so that secrets stay out of the file.
 */
public final class ConfigNode {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::-([^}]*))?}");

    private final Node node;
    private final String path;
    private final int line;
    private final Function<String, String> environment;
    private final Map<String, NodeTuple> entries;
    private final Set<String> consumed = Collections.synchronizedSet(new HashSet<>());

    ConfigNode(Node node, String path, int line, Function<String, String> environment) {
        this.node = node;
        this.path = path;
        this.line = line;
        this.environment = environment;
        this.entries = node instanceof MappingNode mapping ? entries(mapping, path) : Map.of();
        if (node != null && !(node instanceof MappingNode) && !isNull(node)) {
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                    where(path, line) + ": expected a mapping of keys to values but found " + describe(node));
        }
    }

    /** A node for a section that is absent: every read returns its default. */
    public static ConfigNode empty(String path) {
        return new ConfigNode(null, path, 0, System::getenv);
    }

    public String path() {
        return path;
    }

    /** The 1-based line of this node in the file, or 0 when it is absent. */
    public int line() {
        return line;
    }

    public boolean isPresent() {
        return node != null && !isNull(node);
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The keys present, in file order. Reading them marks nothing as consumed. */
    public List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    public ConfigNode child(String key) {
        consumed.add(key);
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return new ConfigNode(null, childPath(key), tuple == null ? 0 : lineOf(tuple.getKeyNode()), environment);
        }
        return new ConfigNode(tuple.getValueNode(), childPath(key), lineOf(tuple.getValueNode()), environment);
    }

    /** Every entry of a mapping whose values are mappings ({@code clusters:}, {@code clusterGroups:}). */
    public Map<String, ConfigNode> children() {
        Map<String, ConfigNode> result = new LinkedHashMap<>();
        for (String key : entries.keySet()) {
            result.put(key, child(key));
        }
        return result;
    }

    public Optional<String> optionalString(String key) {
        return scalar(key).map(this::substitute);
    }

    public String string(String key) {
        return optionalString(key).orElseThrow(() -> error("missing required key '" + key + "'"));
    }

    public String string(String key, String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue) {
        return (int) longValue(key, defaultValue, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    public int integer(String key, int defaultValue, int min, int max) {
        return (int) longValue(key, defaultValue, min, max);
    }

    public Optional<Integer> optionalInteger(String key, int min, int max) {
        if (scalar(key).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((int) longValue(key, 0, min, max));
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text.get().strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw typeError(key, "an integer", text.get());
        }
        if (value < min || value > max) {
            throw valueError(key, "must be between " + min + " and " + max + " but is " + value);
        }
        return value;
    }

    public double doubleValue(String key, double defaultValue) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(text.get().strip());
        } catch (NumberFormatException e) {
            throw typeError(key, "a number", text.get());
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return switch (text.get().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw typeError(key, "true or false", text.get());
        };
    }

    /**
     * A duration written as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h} or an ISO-8601
     * {@code PT30S}. A bare number is rejected: the unit is too easy to get wrong.
     */
    public Duration duration(String key, Duration defaultValue) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        String value = text.get().strip().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("pt") || value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            Matcher matcher = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)").matcher(value);
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
        } catch (RuntimeException e) {
            // fall through to the error below
        }
        throw typeError(key, "a duration such as 250ms, 30s, 5m or 2h", text.get());
    }

    public <E extends Enum<E>> E enumValue(String key, Map<String, E> byName, E defaultValue) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        E value = byName.get(text.get().strip());
        if (value == null) {
            throw valueError(key, "must be one of " + byName.keySet() + " but is '" + text.get() + "'");
        }
        return value;
    }

    public List<String> stringList(String key) {
        consumed.add(key);
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return List.of();
        }
        Node value = tuple.getValueNode();
        if (value instanceof ScalarNode scalar) {
            return List.of(substitute(scalar.getValue()));
        }
        if (!(value instanceof SequenceNode sequence)) {
            throw typeError(key, "a list of strings", describe(value));
        }
        List<String> result = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (!(item instanceof ScalarNode scalar)) {
                throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                        where(childPath(key), lineOf(item)) + ": expected a string but found " + describe(item));
            }
            result.add(substitute(scalar.getValue()));
        }
        return result;
    }

    /** A list whose items are mappings ({@code routers:}, inline {@code clusters:}). */
    public List<ConfigNode> list(String key) {
        consumed.add(key);
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return List.of();
        }
        if (!(tuple.getValueNode() instanceof SequenceNode sequence)) {
            throw typeError(key, "a list", describe(tuple.getValueNode()));
        }
        List<ConfigNode> result = new ArrayList<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            result.add(new ConfigNode(items.get(i), childPath(key) + "[" + i + "]", lineOf(items.get(i)), environment));
        }
        return result;
    }

    /** A mapping of string keys to string values ({@code headers:}, {@code weights:}). */
    public Map<String, String> stringMap(String key) {
        ConfigNode child = child(key);
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : child.entries.keySet()) {
            result.put(name, child.string(name));
        }
        return result;
    }

    /**
     * The node as plain values, for listings: mappings become ordered maps, sequences lists, and
     * scalars strings, numbers, booleans or null by their YAML type. Values are shown as written:
     * {@code ${NAME}} references are not resolved, so that a listing never shows a secret that the
     * file kept in the environment. An absent node is null.
     */
    public Object toPlainValue() {
        return plain(node);
    }

    private static Object plain(Node value) {
        if (value == null || isNull(value)) {
            return null;
        }
        if (value instanceof MappingNode mapping) {
            Map<String, Object> result = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : String.valueOf(plain(tuple.getKeyNode()));
                result.put(key, plain(tuple.getValueNode()));
            }
            return Collections.unmodifiableMap(result);
        }
        if (value instanceof SequenceNode sequence) {
            List<Object> result = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                result.add(plain(item));
            }
            return Collections.unmodifiableList(result);
        }
        ScalarNode scalar = (ScalarNode) value;
        String text = scalar.getValue();
        try {
            if (scalar.getTag().equals(Tag.INT)) {
                return Long.parseLong(text.replace("_", ""));
            }
            if (scalar.getTag().equals(Tag.FLOAT)) {
                return Double.parseDouble(text.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            return text;
        }
        if (scalar.getTag().equals(Tag.BOOL)) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "y" -> Boolean.TRUE;
                case "false", "no", "off", "n" -> Boolean.FALSE;
                default -> text;
            };
        }
        return text;
    }

    /** Reports the first key nobody read, with its path and line. */
    public void rejectUnknownKeys() {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (!consumed.contains(entry.getKey())) {
                throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                        where(childPath(entry.getKey()), lineOf(entry.getValue().getKeyNode()))
                                + ": unknown key '" + entry.getKey() + "'" + suggestion(entry.getKey()));
            }
        }
    }

    /** An error about this node, naming its path and line. */
    public SwitchboardException error(String message) {
        return new SwitchboardException(ErrorCode.INVALID_CONFIGURATION, where(path, line) + ": " + message);
    }

    /** An error about one key of this node. */
    public SwitchboardException valueError(String key, String message) {
        NodeTuple tuple = entries.get(key);
        int keyLine = tuple == null ? line : lineOf(tuple.getValueNode());
        return new SwitchboardException(ErrorCode.INVALID_CONFIGURATION, where(childPath(key), keyLine) + ": " + message);
    }

    private SwitchboardException typeError(String key, String expected, String found) {
        return valueError(key, "expected " + expected + " but found '" + found + "'");
    }

    private Optional<String> scalar(String key) {
        consumed.add(key);
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        Node value = tuple.getValueNode();
        if (!(value instanceof ScalarNode scalar)) {
            throw typeError(key, "a single value", describe(value));
        }
        return Optional.of(scalar.getValue());
    }

    private String substitute(String value) {
        if (value.indexOf("${") < 0) {
            return value;
        }
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement = environment.apply(matcher.group(1));
            if (replacement == null) {
                replacement = matcher.group(2);
            }
            if (replacement == null) {
                throw error("environment variable '" + matcher.group(1) + "' is not set (referenced as ${"
                        + matcher.group(1) + "}; write ${" + matcher.group(1) + ":-default} to give a default)");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String suggestion(String unknown) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : consumed) {
            if (entries.containsKey(known) && !known.equals(unknown)) {
                continue;
            }
            int distance = editDistance(unknown.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = known;
            }
        }
        return best != null && bestDistance <= 3 ? " (did you mean '" + best + "'?)" : "";
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Map<String, NodeTuple> entries(MappingNode mapping, String path) {
        Map<String, NodeTuple> result = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                        where(path, lineOf(tuple.getKeyNode())) + ": keys must be plain names");
            }
            if (result.put(key.getValue(), tuple) != null) {
                throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                        where(path.isEmpty() ? key.getValue() : path + "." + key.getValue(), lineOf(key))
                                + ": key '" + key.getValue() + "' appears twice");
            }
        }
        return result;
    }

    static int lineOf(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    static String where(String path, int line) {
        String name = path.isEmpty() ? "(top level)" : path;
        return line > 0 ? name + " (line " + line + ")" : name;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }
}
