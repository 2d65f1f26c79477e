package io.switchboard.routing.rules;

import io.switchboard.core.config.ConfigNode;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular expressions of routing rules: Java's syntax, which reads QueryFlux's (Rust) patterns the
 * same way for what routing rules use (inline flags such as {@code (?i)}, classes, anchors,
 * alternation). A rule matches when the pattern is found anywhere in the SQL text, unless it is
 * anchored. A pattern that does not compile is a configuration error with its line; QueryFlux
 * skips such a rule silently.
 */
final class Regexes {
    private Regexes() {}

    static RulePattern compile(ConfigNode node, String key) {
        String regex = node.string(key);
        try {
            return RulePattern.of(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw node.valueError(key, "is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
    }
}
