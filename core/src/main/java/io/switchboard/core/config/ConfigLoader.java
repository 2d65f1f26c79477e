package io.switchboard.core.config;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a configuration file into {@link SwitchboardConfig}: YAML is composed into nodes (never
 * into arbitrary objects), {@code --set key.path=value} overrides are applied to the nodes, and
 * the result is validated with messages that name the key and the line.
 */
public final class ConfigLoader {
    /** Keys that live at the top level; any other override key belongs to the main block. */
    private static final Set<String> TOP_LEVEL_KEYS = Set.of(
            "switchboard", "queryflux", "clusters", "clusterGroups", "routers", "routingFallback", "auth", "translation", "guardrails");

    private ConfigLoader() {}

    public static SwitchboardConfig load(Path file, List<String> overrides) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION, "cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        return load(text, overrides, System::getenv);
    }

    public static SwitchboardConfig load(String yaml, List<String> overrides, Function<String, String> environment) {
        Node root = compose(yaml);
        for (String override : overrides) {
            root = applyOverride(root, override);
        }
        return SwitchboardConfig.parse(new ConfigNode(root, "", root == null ? 0 : ConfigNode.lineOf(root), environment));
    }

    /**
     * Reads a YAML (or JSON) document that holds some sections of a configuration, such as the
     * body of an admin API request replacing {@code clusterGroups:}, with the same errors a file
     * gets; see {@link SwitchboardConfig#withClusterGroups} and {@link SwitchboardConfig#withRouters}.
     */
    public static ConfigNode loadSections(String yaml, Function<String, String> environment) {
        Node root = compose(yaml);
        return new ConfigNode(root, "", root == null ? 0 : ConfigNode.lineOf(root), environment);
    }

    private static Node compose(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(10 * 1024 * 1024);
        try {
            Node node = new Yaml(new SafeConstructor(options)).compose(new StringReader(yaml));
            return node == null ? emptyMapping() : node;
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                    "configuration is not valid YAML at line " + line + ": " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION, "configuration is not valid YAML: " + e.getMessage(), e);
        }
    }

    /**
     * Applies {@code frontends.postgresWire.port=5433}. Keys other than the top-level ones
     * ({@code clusters}, {@code clusterGroups}, ...) are relative to the main block, as in
     * QueryFlux's names for ports. The value is read as YAML, so numbers and booleans keep their type.
     */
    static Node applyOverride(Node root, String override) {
        int equals = override.indexOf('=');
        if (equals <= 0) {
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                    "--set expects key.path=value but got '" + override + "'");
        }
        List<String> path = new ArrayList<>(List.of(override.substring(0, equals).strip().split("\\.")));
        if (path.stream().anyMatch(String::isEmpty)) {
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION, "--set key '" + override.substring(0, equals) + "' has an empty part");
        }
        MappingNode mapping = root instanceof MappingNode m ? m : emptyMapping();
        if (!TOP_LEVEL_KEYS.contains(path.get(0))) {
            path.add(0, hasKey(mapping, "queryflux") ? "queryflux" : "switchboard");
        }
        Node value = scalarValue(override.substring(equals + 1));
        MappingNode current = mapping;
        for (int i = 0; i < path.size(); i++) {
            String key = path.get(i);
            NodeTuple existing = find(current, key);
            if (i == path.size() - 1) {
                if (existing != null) {
                    current.getValue().remove(existing);
                }
                current.getValue().add(new NodeTuple(scalar(key), value));
                break;
            }
            if (existing == null || isNullNode(existing.getValueNode())) {
                MappingNode child = emptyMapping();
                if (existing != null) {
                    current.getValue().remove(existing);
                }
                current.getValue().add(new NodeTuple(scalar(key), child));
                current = child;
            } else if (existing.getValueNode() instanceof MappingNode child) {
                current = child;
            } else {
                throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                        "--set " + override + ": '" + String.join(".", path.subList(0, i + 1)) + "' is not a mapping");
            }
        }
        return mapping;
    }

    private static Node scalarValue(String text) {
        Node composed = compose(text.isEmpty() ? "''" : text);
        if (composed instanceof ScalarNode scalar) {
            return new ScalarNode(scalar.getTag(), scalar.getValue(), null, null, DumperOptions.ScalarStyle.PLAIN);
        }
        return composed;
    }

    private static boolean hasKey(MappingNode mapping, String key) {
        return find(mapping, key) != null;
    }

    private static NodeTuple find(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                return tuple;
            }
        }
        return null;
    }

    private static boolean isNullNode(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    private static ScalarNode scalar(String value) {
        return new ScalarNode(Tag.STR, value, null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    private static MappingNode emptyMapping() {
        return new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
    }
}
