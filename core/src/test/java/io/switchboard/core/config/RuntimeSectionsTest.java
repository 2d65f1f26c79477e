package io.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sections the admin API replaces at run time are read with the file's rules and messages. */
final class RuntimeSectionsTest {
    private static final String FILE = """
            clusters:
              a: {engine: duckDb}
              b: {engine: duckDb, endpoint: "${HOST}"}
            clusterGroups:
              main: {members: [a]}
            routingFallback: main
            """;

    private static SwitchboardConfig file() {
        return ConfigLoader.load(FILE, List.of(), Map.of("HOST", "db.internal")::get);
    }

    @Test
    void replacingGroupsKeepsEverythingElseAndChecksReferences() {
        SwitchboardConfig replaced = file().withClusterGroups(ConfigLoader.loadSections("""
                clusterGroups:
                  main: {members: [a, b], maxRunningQueries: 3}
                  side: {members: [b], overflowGroup: main}
                """, name -> null).child("clusterGroups"));
        assertThat(replaced.clusterGroups().keySet()).containsExactly("main", "side");
        assertThat(replaced.clusterGroups().get("main").maxRunningQueries()).isEqualTo(3);
        assertThat(replaced.clusters().keySet()).containsExactly("a", "b");
        assertThat(replaced.routingFallbackGroup()).contains("main");

        assertThatThrownBy(() -> file().withClusterGroups(ConfigLoader.loadSections("""
                clusterGroups:
                  other: {members: [a]}
                """, name -> null).child("clusterGroups")))
                .hasMessage("routingFallback: unknown cluster group 'main'; defined groups are [other]");
        assertThatThrownBy(() -> file().withClusterGroups(ConfigLoader.loadSections("""
                clusterGroups:
                  main: {members: [a, c]}
                """, name -> null).child("clusterGroups")))
                .hasMessageStartingWith("clusterGroups.main.members (line 2): cluster group 'main' lists unknown cluster 'c'");
        assertThatThrownBy(() -> file().withClusterGroups(ConfigLoader.loadSections("""
                clusterGroups:
                  main:
                    engine: duckDb
                    clusters: [{name: fresh}]
                """, name -> null).child("clusterGroups")))
                .hasMessageContaining("clusters cannot be defined while Switchboard runs");
    }

    @Test
    void plainValuesKeepTypesOrderAndUnresolvedReferences() {
        ConfigNode cluster = file().clusters().get("b").options();
        assertThat(cluster.toPlainValue()).isEqualTo(Map.of("engine", "duckDb", "endpoint", "${HOST}"));
        Object plain = ConfigLoader.loadSections("""
                {"n": 3, "f": 1.5, "t": true, "z": null, "list": [1, "x"], "m": {"b": 1, "a": 2}}
                """, name -> null).toPlainValue();
        assertThat(plain).isEqualTo(new java.util.LinkedHashMap<>(Map.of("n", 3L, "f", 1.5, "t", true, "list", List.of(1L, "x"),
                "m", Map.of("b", 1L, "a", 2L))) {{ put("z", null); }});
        assertThat(List.copyOf(((Map<?, ?>) ((Map<?, ?>) plain).get("m")).keySet())).isEqualTo(List.of("b", "a"));
    }
}
