package io.switchboard.translation;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A translated statement with holes where the query's literals go, for one shape. Rendering it
 * with a query's literals gives, without sqlglot, the text a fresh translation gives.
 *
 * <p>Each literal of the shape is either <em>pinned</em> (the template holds only for that exact
 * spelling, because sqlglot folded, moved into a keyword, duplicated or interpreted it) or
 * <em>free</em>. A free literal re-binds only when its {@link SourceLiteral#signature signature}
 * is one the template has verified against a real translation; a new signature goes through
 * sqlglot once and is added when the template reproduces that translation exactly.
 *
 * <p>Immutable apart from the verified signatures, which only grow (bounded per literal).
 */
final class TranslationTemplate {
    /** Enough for the usual few classes of value per literal; past it new classes go to sqlglot. */
    private static final int MAX_SIGNATURES_PER_LITERAL = 64;

    private final String[] pieces;
    private final int[] holes;
    private final boolean[] holeIsStringContent;
    private final String[] pinned;
    private final boolean[] plainLetters;
    private final Set<String>[] verified;
    private final StringStyle style;

    @SuppressWarnings("unchecked")
    TranslationTemplate(List<String> pieces, List<Integer> holes, List<Boolean> holeIsStringContent, String[] pinned,
            boolean[] plainLetters, StringStyle style) {
        if (pieces.size() != holes.size() + 1 || holes.size() != holeIsStringContent.size()) {
            throw new IllegalArgumentException("a template has one more piece than holes");
        }
        this.pieces = pieces.toArray(String[]::new);
        this.holes = holes.stream().mapToInt(Integer::intValue).toArray();
        this.holeIsStringContent = new boolean[holeIsStringContent.size()];
        for (int i = 0; i < this.holeIsStringContent.length; i++) {
            this.holeIsStringContent[i] = holeIsStringContent.get(i);
        }
        this.pinned = pinned.clone();
        this.plainLetters = plainLetters.clone();
        this.verified = new Set[pinned.length];
        for (int i = 0; i < pinned.length; i++) {
            verified[i] = pinned[i] == null ? ConcurrentHashMap.newKeySet() : Set.of();
        }
        this.style = style;
    }

    /** A template that is the translation itself: every literal pinned. Always correct for its exact query. */
    static TranslationTemplate exact(String translated, List<SourceLiteral> literals) {
        String[] pinned = new String[literals.size()];
        for (int i = 0; i < pinned.length; i++) {
            pinned[i] = literals.get(i).text();
        }
        return new TranslationTemplate(List.of(translated), List.of(), List.of(), pinned, new boolean[pinned.length], null);
    }

    int literalCount() {
        return pinned.length;
    }

    int freeLiteralCount() {
        int free = 0;
        for (String text : pinned) {
            if (text == null) {
                free++;
            }
        }
        return free;
    }

    /** The rendering for these literals when every one is pinned to its text or verified; else null. */
    String render(List<SourceLiteral> literals) {
        if (!matchesPinned(literals)) {
            return null;
        }
        for (int i = 0; i < pinned.length; i++) {
            if (pinned[i] == null && !verified[i].contains(signatureOf(literals.get(i), i))) {
                return null;
            }
        }
        return fill(literals);
    }

    /** The rendering without checking signatures (pinned literals must still match), or null. */
    String renderUnverified(List<SourceLiteral> literals) {
        return matchesPinned(literals) ? fill(literals) : null;
    }

    /** Records the signatures of these literals as verified: their rendering equalled sqlglot's. */
    void verify(List<SourceLiteral> literals) {
        for (int i = 0; i < pinned.length; i++) {
            if (pinned[i] == null && verified[i].size() < MAX_SIGNATURES_PER_LITERAL) {
                String signature = signatureOf(literals.get(i), i);
                if (signature != null) {
                    verified[i].add(signature);
                }
            }
        }
    }

    boolean matchesPinned(List<SourceLiteral> literals) {
        if (literals.size() != pinned.length) {
            return false;
        }
        for (int i = 0; i < pinned.length; i++) {
            SourceLiteral literal = literals.get(i);
            if (pinned[i] != null ? !pinned[i].equals(literal.text()) : !literal.bindable()) {
                return false;
            }
        }
        return true;
    }

    /** True when both templates pin the same literals to the same texts. */
    boolean samePins(TranslationTemplate other) {
        return Arrays.equals(pinned, other.pinned);
    }

    private String signatureOf(SourceLiteral literal, int index) {
        return literal.signature(plainLetters[index]);
    }

    private String fill(List<SourceLiteral> literals) {
        int length = pieces[0].length();
        for (int i = 0; i < holes.length; i++) {
            length += pieces[i + 1].length() + literals.get(holes[i]).text().length() + 4;
        }
        StringBuilder out = new StringBuilder(length);
        out.append(pieces[0]);
        for (int i = 0; i < holes.length; i++) {
            SourceLiteral literal = literals.get(holes[i]);
            if (holeIsStringContent[i] && literal.kind() == SourceLiteral.Kind.STRING) {
                if (!style.appendEscaped(out, literal.value())) {
                    return null;
                }
            } else {
                out.append(literal.value());
            }
            out.append(pieces[i + 1]);
        }
        return out.toString();
    }
}
