package io.switchboard.guardrails.readonly;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.VerdictAction;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import io.switchboard.guardrails.GuardTesting;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Comments, case, whitespace and extra semicolons do not help: every write of the denied corpus,
 * rewritten in each of these ways (between its tokens, never inside one), is still denied.
 */
final class ReadOnlyObfuscationTest {
    private static final ReadOnlyGuard GUARD = new ReadOnlyGuard(ReadOnlyOptions.DEFAULTS);

    /** Rebuilds a text token by token; the function decides what each code token becomes. */
    private static String rebuild(SqlAttempt attempt, BiFunction<SqlToken, Integer, String> code) {
        StringBuilder text = new StringBuilder();
        int index = 0;
        for (SqlToken token : SqlLexer.tokenize(attempt.sql(), attempt.dialect())) {
            text.append(token.isTrivia() ? token.text() : code.apply(token, index++));
        }
        return text.toString();
    }

    @Test
    void obfuscatedWritesAreStillDenied() {
        Random random = new Random(7);
        List<String> bypasses = new ArrayList<>();
        int variants = 0;
        for (SqlAttempt attempt : SqlAttempt.denied()) {
            if (attempt.expected() != ErrorCode.READ_ONLY_VIOLATION) {
                continue;
            }
            List<String> texts = List.of(
                    rebuild(attempt, (token, i) -> token.type() == SqlToken.Type.WORD ? randomCase(token.text(), random) : token.text()),
                    rebuild(attempt, (token, i) -> (i == 0 ? "" : "/**/") + token.text()),
                    rebuild(attempt, (token, i) -> (i == 0 ? "/* a; comment */ " : "\n\t") + token.text()),
                    rebuild(attempt, (token, i) -> (i == 0 ? "" : " -- note\n") + token.text()),
                    ";; " + attempt.sql() + " ;;",
                    rebuild(attempt, (token, i) -> token.type() == SqlToken.Type.WORD ? token.text().toLowerCase(Locale.ROOT) : token.text()));
            for (String text : texts) {
                variants++;
                GuardVerdict verdict = GUARD.evaluate(GuardTesting.context(text, attempt.dialect()));
                if (verdict.action() != VerdictAction.DENY) {
                    bypasses.add(attempt.dialect() + ": " + text.replace("\n", "\\n"));
                }
            }
        }
        assertThat(variants).isGreaterThan(1_500);
        assertThat(bypasses).as("variants that got through").isEmpty();
    }

    private static String randomCase(String word, Random random) {
        StringBuilder mixed = new StringBuilder(word.length());
        for (char c : word.toCharArray()) {
            mixed.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return mixed.toString();
    }
}
