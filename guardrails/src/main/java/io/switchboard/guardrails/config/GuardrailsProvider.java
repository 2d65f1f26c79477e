package io.switchboard.guardrails.config;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.pipeline.Guard;
import io.switchboard.core.pipeline.GuardProvider;
import io.switchboard.core.pipeline.QueryContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The guard chains of a configuration: the global chain (run before routing, in file order:
 * {@code global}, then {@code frontends}, then {@code users}) and one chain per cluster group
 * (run after routing has chosen the group). Each entry keeps only the sessions it applies to.
 */
public final class GuardrailsProvider implements GuardProvider {
    private final List<GuardEntry> global;
    private final Map<String, List<GuardEntry>> groups;

    public GuardrailsProvider(List<GuardEntry> global, Map<String, List<GuardEntry>> groups) {
        this.global = List.copyOf(requireNonNull(global, "global is null"));
        Map<String, List<GuardEntry>> copy = new LinkedHashMap<>();
        requireNonNull(groups, "groups is null").forEach((group, entries) -> copy.put(group, List.copyOf(entries)));
        this.groups = Collections.unmodifiableMap(copy);
    }

    public List<GuardEntry> globalEntries() {
        return global;
    }

    public Map<String, List<GuardEntry>> groupEntries() {
        return groups;
    }

    @Override
    public List<Guard> globalGuards(QueryContext context) {
        return applicable(global, context);
    }

    @Override
    public List<Guard> groupGuards(String group, QueryContext context) {
        return applicable(groups.getOrDefault(group, List.of()), context);
    }

    private static List<Guard> applicable(List<GuardEntry> entries, QueryContext context) {
        if (entries.isEmpty()) {
            return List.of();
        }
        List<Guard> guards = new ArrayList<>(entries.size());
        for (GuardEntry entry : entries) {
            if (entry.appliesTo(context.session())) {
                guards.add(entry.guard());
            }
        }
        return guards;
    }
}
