package io.switchboard.guardrails.readonly;

import java.text.Normalizer;
import java.util.Map;

/**
 * Finds characters that imitate ASCII in the code part of a SQL text (outside literals, quoted
 * names and comments): compatibility forms that NFKC folds to ASCII (fullwidth {@code ＤＥＬＥＴＥ},
 * the Kelvin sign, ligatures, the Greek question mark that is a semicolon), letters of other
 * scripts that look like Latin ones (Cyrillic {@code е}, Greek {@code Ο}, dotless {@code ı}), and
 * invisible format characters (zero-width joiners, bidirectional overrides).
 *
 * <p>Engines treat such characters differently (PostgreSQL takes any non-ASCII byte as part of an
 * identifier, others normalize), so a text that relies on them can mean one thing to the guard and
 * another to the engine. Genuine non-Latin identifiers ({@code café}, {@code таблица}) have letters
 * without an ASCII look-alike and pass.
 */
final class LookalikeCharacters {
    /**
     * Letters of other scripts that render like ASCII letters, a curated subset of Unicode's
     * confusables covering the scripts commonly used for homoglyph tricks.
     */
    private static final Map<Character, Character> CONFUSABLES = Map.ofEntries(
            // Cyrillic
            Map.entry('\u0430', 'a'), Map.entry('\u0435', 'e'), Map.entry('\u043E', 'o'), Map.entry('\u0440', 'p'),
            Map.entry('\u0441', 'c'), Map.entry('\u0443', 'y'), Map.entry('\u0445', 'x'), Map.entry('\u0456', 'i'),
            Map.entry('\u0458', 'j'), Map.entry('\u0455', 's'), Map.entry('\u0501', 'd'), Map.entry('\u051B', 'q'),
            Map.entry('\u051D', 'w'), Map.entry('\u04BB', 'h'), Map.entry('\u0410', 'A'), Map.entry('\u0412', 'B'),
            Map.entry('\u0415', 'E'), Map.entry('\u041A', 'K'), Map.entry('\u041C', 'M'), Map.entry('\u041D', 'H'),
            Map.entry('\u041E', 'O'), Map.entry('\u0420', 'P'), Map.entry('\u0421', 'C'), Map.entry('\u0422', 'T'),
            Map.entry('\u0425', 'X'), Map.entry('\u0406', 'I'), Map.entry('\u0408', 'J'), Map.entry('\u0405', 'S'),
            Map.entry('\u04AE', 'Y'), Map.entry('\u0417', '3'), Map.entry('\u04C0', 'I'), Map.entry('\u050C', 'G'),
            // Greek
            Map.entry('\u0391', 'A'), Map.entry('\u0392', 'B'), Map.entry('\u0395', 'E'), Map.entry('\u0396', 'Z'),
            Map.entry('\u0397', 'H'), Map.entry('\u0399', 'I'), Map.entry('\u039A', 'K'), Map.entry('\u039C', 'M'),
            Map.entry('\u039D', 'N'), Map.entry('\u039F', 'O'), Map.entry('\u03A1', 'P'), Map.entry('\u03A4', 'T'),
            Map.entry('\u03A5', 'Y'), Map.entry('\u03A7', 'X'), Map.entry('\u03BF', 'o'), Map.entry('\u03BD', 'v'),
            Map.entry('\u03B1', 'a'), Map.entry('\u03B9', 'i'), Map.entry('\u03BA', 'k'), Map.entry('\u03C1', 'p'),
            Map.entry('\u03C5', 'u'), Map.entry('\u03F2', 'c'), Map.entry('\u03F3', 'j'),
            // Latin letters outside ASCII that read as ASCII ones
            Map.entry('\u0131', 'i'), Map.entry('\u0237', 'j'), Map.entry('\u0261', 'g'), Map.entry('\u01C0', 'l'),
            Map.entry('\u0251', 'a'), Map.entry('\u0269', 'i'), Map.entry('\u028F', 'y'), Map.entry('\u1D0F', 'o'),
            Map.entry('\u1D04', 'c'), Map.entry('\u1D05', 'd'), Map.entry('\u1D07', 'e'), Map.entry('\u0280', 'r'),
            Map.entry('\u0274', 'n'), Map.entry('\u029F', 'l'), Map.entry('\u1D1B', 't'), Map.entry('\u1D1C', 'u'),
            // Armenian and Cherokee capitals that pass for Latin ones
            Map.entry('\u0555', 'O'), Map.entry('\u054F', 'S'), Map.entry('\u0578', 'n'), Map.entry('\u057D', 'u'),
            Map.entry('\u13A0', 'D'), Map.entry('\u13A1', 'R'), Map.entry('\u13A2', 'T'), Map.entry('\u13AA', 'G'),
            Map.entry('\u13B3', 'W'), Map.entry('\u13BB', 'H'), Map.entry('\u13C3', 'Z'), Map.entry('\u13DA', 'S'),
            Map.entry('\u13DE', 'L'), Map.entry('\u13E2', 'P'), Map.entry('\u13E6', 'K'), Map.entry('\u13A9', 'Y'));

    private LookalikeCharacters() {}

    /**
     * Describes the first character of {@code code} that imitates ASCII or is invisible, or
     * returns null when there is none. Pure ASCII returns null at once (the common case).
     */
    static String firstProblem(String code) {
        if (isAscii(code)) {
            return null;
        }
        for (int i = 0; i < code.length(); ) {
            int codePoint = code.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint < 0x80) {
                continue;
            }
            if (Character.getType(codePoint) == Character.FORMAT) {
                return "an invisible format character U+" + hex(codePoint);
            }
            if (codePoint <= 0xFFFF && CONFUSABLES.containsKey((char) codePoint)) {
                return "'" + Character.toString(codePoint) + "' (U+" + hex(codePoint) + "), which looks like '"
                        + CONFUSABLES.get((char) codePoint) + "'";
            }
            String folded = Normalizer.normalize(Character.toString(codePoint), Normalizer.Form.NFKC);
            if (folded.chars().anyMatch(c -> c < 0x80)) {
                return "'" + Character.toString(codePoint) + "' (U+" + hex(codePoint) + "), a compatibility form of '" + folded + "'";
            }
            if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
                return "a non-ASCII space U+" + hex(codePoint);
            }
        }
        return null;
    }

    static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String hex(int codePoint) {
        return String.format("%04X", codePoint);
    }
}
