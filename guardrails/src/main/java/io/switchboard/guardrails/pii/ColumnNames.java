package io.switchboard.guardrails.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits column names into lower-case words: {@code customerEmail}, {@code c_phone}, {@code IP-Address}. */
final class ColumnNames {
    private ColumnNames() {}

    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(words, word);
                continue;
            }
            boolean boundary = Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1));
            if (boundary) {
                flush(words, word);
            }
            word.append(Character.toLowerCase(c));
        }
        flush(words, word);
        // Also the pairs of neighbouring words, so that ip_address and credit_card match their compact hints.
        int single = words.size();
        for (int i = 0; i + 1 < single; i++) {
            words.add(words.get(i) + words.get(i + 1));
        }
        return words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }

    private static void flush(List<String> words, StringBuilder word) {
        if (!word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
        }
    }
}
