package io.switchboard.guardrails.approval;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.analysis.TableReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When a query needs a person's approval. Each condition that is configured can hold a query; a
 * query is held when any of them matches.
 *
 * @param costAboveDollars hold when the attached cost estimate is above this price; null for no cost condition
 * @param holdUnknownCost with a cost condition, whether a query without a priced estimate is held (fail closed) or allowed
 * @param tables sensitive tables; a query reading or writing one of them is held
 * @param agents agent ids (from the agent context) whose queries are held
 * @param users user names whose queries are held
 * @param writes hold every statement that changes data or schema
 * @param deadline how long a person has to decide
 */
public record ApprovalPolicy(
        Double costAboveDollars,
        boolean holdUnknownCost,
        List<TableReference> tables,
        Set<String> agents,
        Set<String> users,
        boolean writes,
        Duration deadline) {

    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);

    public ApprovalPolicy {
        tables = List.copyOf(requireNonNull(tables, "tables is null"));
        agents = Set.copyOf(requireNonNull(agents, "agents is null"));
        users = Set.copyOf(requireNonNull(users, "users is null"));
        requireNonNull(deadline, "deadline is null");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the deadline must be positive");
        }
        if (costAboveDollars != null && !(costAboveDollars >= 0)) {
            throw new IllegalArgumentException("costAboveDollars must be zero or more");
        }
        if (costAboveDollars == null && tables.isEmpty() && agents.isEmpty() && users.isEmpty() && !writes) {
            throw new IllegalArgumentException("the policy holds nothing: give costAboveDollars, tables, agents, users or writes: true");
        }
    }

    /**
     * Whether a table the query references is one of the sensitive ones. Parts are compared
     * without regard to case, from the name backwards, as far as both are qualified: {@code
     * customers} matches {@code sales.customers} and the other way round (an unqualified name may
     * be that table, depending on the search path, so it is held), {@code hr.customers} does not.
     */
    public List<String> sensitiveTablesIn(List<TableReference> references) {
        List<String> matched = new ArrayList<>();
        for (TableReference reference : references) {
            for (TableReference sensitive : tables) {
                if (matches(sensitive, reference)) {
                    matched.add(display(reference));
                    break;
                }
            }
        }
        return matched;
    }

    static boolean matches(TableReference sensitive, TableReference reference) {
        return same(sensitive.name(), reference.name())
                && (sensitive.schema() == null || reference.schema() == null || same(sensitive.schema(), reference.schema()))
                && (sensitive.catalog() == null || reference.catalog() == null || same(sensitive.catalog(), reference.catalog()));
    }

    private static boolean same(String a, String b) {
        return unquote(a).toLowerCase(Locale.ROOT).equals(unquote(b).toLowerCase(Locale.ROOT));
    }

    private static String unquote(String part) {
        if (part.length() >= 2) {
            char first = part.charAt(0);
            char last = part.charAt(part.length() - 1);
            if ((first == '"' && last == '"') || (first == '`' && last == '`') || (first == '[' && last == ']')) {
                return part.substring(1, part.length() - 1);
            }
        }
        return part;
    }

    private static String display(TableReference reference) {
        StringBuilder text = new StringBuilder();
        if (reference.catalog() != null) {
            text.append(reference.catalog()).append('.');
        }
        if (reference.schema() != null) {
            text.append(reference.schema()).append('.');
        }
        return text.append(reference.name()).toString();
    }
}
