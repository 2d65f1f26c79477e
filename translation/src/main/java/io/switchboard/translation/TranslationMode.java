package io.switchboard.translation;

/** What happens to a query its translation fails for. */
public enum TranslationMode {
    /** The SQL goes to the engine as written; the record says FELL_BACK and why. */
    BEST_EFFORT("bestEffort"),
    /** The query fails with {@code TRANSLATION_FAILED} and sqlglot's message. */
    STRICT("strict");

    private final String configName;

    TranslationMode(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
