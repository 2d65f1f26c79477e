package io.switchboard.guardrails;

import io.switchboard.core.analysis.QueryAnalyzer;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Query contexts and golden-file reading for guard tests. */
public final class GuardTesting {
    private static final QueryAnalyzer ANALYZER = new QueryAnalyzer();

    private GuardTesting() {}

    public static QueryContext context(String sql, Dialect dialect) {
        return context(sql, dialect, FrontendProtocol.MCP, "agent");
    }

    public static QueryContext context(String sql, Dialect dialect, FrontendProtocol frontend, String user) {
        QueryRequest request = QueryRequest.of(sql, dialect, Session.builder(user, frontend).build());
        return QueryContext.of(request, ANALYZER.analyze(sql, dialect));
    }

    public static Dialect dialect(String name) {
        return Dialect.fromName(name).orElseThrow(() -> new IllegalArgumentException("unknown dialect " + name));
    }

    /** The lines of a test resource, without comments and blank lines. */
    public static List<String> resourceLines(String resource) {
        try (InputStream in = GuardTesting.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String resourceText(String resource) {
        try (InputStream in = GuardTesting.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Golden-file escapes: backslash-n, backslash-t, double backslash and backslash-u with four hex digits. */
    public static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case '\\' -> out.append('\\');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append('\\').append(next);
            }
        }
        return out.toString();
    }
}
